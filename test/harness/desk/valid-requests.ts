// A valid request for every channel main forwards to the gateway, so a test
// that sends them decides by role, or by what it adds, alone.
import type { ForwardedChannelName } from '../../../shared/contract/channels.ts';

const REASON = 'Ticket HR-42: checking access';
const RANGE = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' };

export const VALID_REQUESTS: Readonly<Record<ForwardedChannelName, Readonly<Record<string, unknown>>>> = {
  'account.startMfa': { resetCode: 'ABCDE-FGHJK-MNPQR-STUVW' },
  'session.ssoProviders': {},
  'customers.lookup': { by: 'customerId', value: 'CUS-000001' },
  'customers.get': { customerId: 'CUS-000001' },
  'notes.add': { customerId: 'CUS-000001', text: 'Called about the parcel' },
  'subscriptions.extend': { customerId: 'CUS-000001', subscriptionId: 'SUB-000001-1', days: 30, reason: 'Goodwill for a late parcel' },
  'supervisor.agents': {},
  'supervisor.calls': { minutes: 60 },
  'supervisor.searchAudit': { userId: 'u-agent-ana', limit: 50 },
  'supervisor.alerts': { status: 'all' },
  'supervisor.ackAlert': { alertId: 'A-1', note: 'Talked to Ana' },
  'supervisor.report': { query: RANGE, format: 'csv' },
  'supervisor.floorReport': RANGE,
  'supervisor.storedReports': { period: 'daily', limit: 20 },
  'supervisor.storedReport': { reportId: 'rpt-daily-2026-03-01' },
  'supervisor.storedReportPdf': { reportId: 'rpt-daily-2026-03-01' },
  'admin.users': {},
  'admin.createUser': { username: 'agent.new', displayName: 'New Agent', roles: ['agent'], reason: REASON },
  'admin.setRoles': { userId: 'u-agent-ana', roles: ['admin'], reason: REASON },
  'admin.disableUser': { userId: 'u-agent-ana', reason: REASON },
  'admin.enableUser': { userId: 'u-agent-ana', reason: REASON },
  'admin.unlockUser': { userId: 'u-agent-ana', reason: REASON },
  'admin.resetMfa': { userId: 'u-agent-ana', reason: REASON },
  'admin.resetPassword': { userId: 'u-agent-ana', reason: REASON },
  'admin.devices': {},
  'admin.issueEnrolment': { kind: 'code', reason: REASON },
  'admin.revokeDevice': { deviceId: 'desk-abcdefgh', reason: REASON },
  'admin.accessReview': { format: 'csv' },
  'admin.signOffReview': { note: 'Reviewed every account', generatedAt: '2026-12-01T10:00:00.000Z', reviewHash: 'reviewed-rows-hash-'.padEnd(43, 'x') },
  'admin.evidencePack': { from: '2026-03-01', to: '2026-03-31' },
  'admin.alerts': {},
  'admin.ackAlert': { alertId: 'A-1', note: 'Unlocked after a call' },
};
