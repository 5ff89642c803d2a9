// What each channel's audit event says about its target and details. Only
// identifiers and counts: card lookups are recorded by last 4, notes and
// reasons by reference, never by their text.
import type { AuditEvent } from '../../shared/audit.ts';
import type { ContractChannelName } from '../../shared/contract/channels.ts';

export interface AuditDescription {
  readonly target: AuditEvent['target'];
  readonly details: AuditEvent['details'];
}

type Loose = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

const rolesOf = (value: unknown): string | null => (Array.isArray(value) ? value.filter((r) => typeof r === 'string').join(',') : null);
const USER_ACTION = {
  'admin.disableUser': 'disable',
  'admin.enableUser': 'enable',
  'admin.unlockUser': 'unlock',
  'admin.resetMfa': 'mfa_reset',
  'admin.resetPassword': 'password_reset',
} as const;

export function describeForAudit(channel: ContractChannelName, request: unknown, response: unknown): AuditDescription {
  const req = (request ?? {}) as Loose;
  const res = (response ?? {}) as Loose;
  switch (channel) {
    case 'customers.lookup': {
      const by = str(req.by);
      const value = str(req.value) ?? '';
      const target: AuditEvent['target'] =
        by === 'card' ? { kind: 'card', id: `••••${value.slice(-4)}` } : { kind: by === 'order' ? 'order' : 'customer', id: value.slice(0, 64) };
      return { target, details: { by, results: count(res.results) } };
    }
    case 'customers.get':
      return { target: { kind: 'customer', id: str(req.customerId) }, details: { orders: count(res.orders) } };
    case 'notes.add':
      return { target: { kind: 'customer', id: str(req.customerId) }, details: { noteId: str(res.noteId) } };
    case 'subscriptions.extend':
      return { target: { kind: 'subscription', id: str(req.subscriptionId) }, details: { customerId: str(req.customerId), days: typeof req.days === 'number' ? req.days : null } };
    case 'supervisor.searchAudit':
      return { target: { kind: 'audit-log', id: str(req.customerId) ?? str(req.userId) }, details: { type: str(req.type), results: count(res.events) } };
    case 'supervisor.report':
      return { target: { kind: 'report', id: 'activity' }, details: { format: str(req.format) } };
    case 'supervisor.floorReport':
      return { target: { kind: 'report', id: 'floor' }, details: { from: str(req.from), to: str(req.to) } };
    case 'supervisor.ackAlert':
      return { target: { kind: 'alert', id: str(req.alertId) }, details: {} };
    case 'supervisor.agents':
    case 'supervisor.alerts':
      return { target: { kind: 'app', id: channel }, details: { results: Array.isArray(response) ? response.length : 0 } };
    // Admin actions: the account or device and what was done. The typed reason travels to the gateway, which
    // records it; one-time passwords and enrolment secrets are answers and never reach an event.
    case 'admin.createUser':
      return { target: { kind: 'account', id: str((res.user as Loose | undefined)?.userId) }, details: { action: 'create', roles: rolesOf(req.roles) } };
    case 'admin.setRoles':
      return { target: { kind: 'account', id: str(req.userId) }, details: { action: 'roles', roles: rolesOf(req.roles) } };
    case 'admin.disableUser':
    case 'admin.enableUser':
    case 'admin.unlockUser':
    case 'admin.resetMfa':
    case 'admin.resetPassword':
      return { target: { kind: 'account', id: str(req.userId) }, details: { action: USER_ACTION[channel] } };
    case 'admin.issueEnrolment':
      return { target: { kind: 'device', id: null }, details: { action: 'enrolment_issue', kind: str(req.kind) } };
    case 'admin.revokeDevice':
      return { target: { kind: 'device', id: str(req.deviceId) }, details: { action: 'device_revoke' } };
    case 'admin.accessReview':
      return { target: { kind: 'report', id: 'access-review' }, details: { format: str(req.format), accounts: count((res.review as Loose | undefined)?.rows) } };
    case 'admin.signOffReview':
      return { target: { kind: 'report', id: str(res.reviewId) }, details: { action: 'access_review_signoff' } };
    case 'admin.ackAlert':
      return { target: { kind: 'alert', id: str(req.alertId) }, details: {} };
    case 'admin.users':
    case 'admin.devices':
    case 'admin.alerts':
      return { target: { kind: 'app', id: channel }, details: { results: Array.isArray(response) ? response.length : 0 } };
    case 'app.openExternal': {
      const url = str(req.url);
      return { target: { kind: 'url', id: url === null ? null : URL.canParse(url) ? new URL(url).origin : null }, details: {} };
    }
    // The step only: never the password, the otpauth URI or its secret, nor the code.
    case 'account.changePassword':
      return { target: { kind: 'account', id: null }, details: { action: 'password_change' } };
    case 'account.startMfa':
      return { target: { kind: 'account', id: null }, details: { action: 'mfa_start' } };
    case 'account.confirmMfa':
      return { target: { kind: 'account', id: null }, details: { action: 'mfa_enrol' } };
    case 'session.login':
    case 'session.logout':
    case 'session.lock':
    case 'session.unlock':
    case 'session.state':
    case 'audit.status':
    case 'supervisor.streamState':
    case 'app.status':
      return { target: { kind: 'session', id: null }, details: {} };
  }
}
