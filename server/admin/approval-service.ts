// Four eyes (PCI DSS 7.2, 8.2; issue 21): creating an admin, or giving an admin
// a role that reads customer data, is requested by one admin and made by a
// second one's approval, before the request expires. The approver is never
// the requester, an account the requester created (his possible second
// account), or the account changed. Each request, approval and rejection is
// written with its audit record in one transaction; the approval's record is
// the change's own record, naming the requester and the approval.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit.ts';
import { containsPan, panFreeId } from '../../shared/pan.ts';
import type { AdminApproval, ApprovalRequest, ApprovedChange } from '../../shared/schemas/admin-approvals.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { AdminApprovalRecord, AdminRepo, AdminApprovalRepo, ApprovalOutcome } from '../storage/store.ts';
import type { PresenceService } from '../supervision/presence.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './one-time-password.ts';
import { iso, managedUser } from './people-service.ts';

/** Who decides: an admin's session, or the host's command line. */
export type Decider = GatewayAuditInput['actor'];

export interface AdminApprovals {
  list(): Promise<AdminApproval[]>;
  request(admin: Principal, request: ApprovalRequest): Promise<AdminApproval>;
  approve(admin: Principal, approvalId: string, reason: string): Promise<ApprovedChange>;
  /** The host's approval (npm run admin -- approve), recorded as `host`: a new account only, while no usable admin could approve it. */
  approveFromHost(host: Decider, approvalId: string, reason: string): Promise<ApprovedChange>;
  reject(admin: Principal, approvalId: string, reason: string): Promise<AdminApproval>;
}

type Refusal = Extract<ApprovalOutcome, { ok: false }>['refusal'];

const REFUSALS: Record<Refusal, () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No such request or account'),
  decided: () => new GatewayError('conflict', 'This request was already decided'),
  expired: () => new GatewayError('conflict', 'This request expired: ask for it again'),
  own_request: () => new GatewayError('forbidden', 'A second admin must approve your own request'),
  own_account: () => new GatewayError('forbidden', 'Another admin must approve a change to your own account'),
  created_by_requester: () => new GatewayError('forbidden', 'An account the requester created cannot approve the request: another admin must'),
  creator_of_requester: () => new GatewayError('forbidden', 'The admin who created the requester’s account cannot approve the request: another admin must'),
  requester_inactive: () => new GatewayError('conflict', 'The admin who asked for this is no longer an active admin'),
  actor_inactive: () => new GatewayError('forbidden', 'Your own account is no longer an active admin'),
  username_taken: () => new GatewayError('conflict', 'The username is taken'),
  pending_exists: () => new GatewayError('conflict', 'A request for this account is already waiting for a second admin'),
  approver_exists: () => new GatewayError('conflict', 'Another usable admin can approve this: ask them, in the app'),
  host_creates_only: () => new GatewayError('conflict', 'From the host, only a request to create an account can be approved'),
  last_admin: () => new GatewayError('conflict', 'This would leave no usable admin'),
  unchanged: () => new GatewayError('conflict', 'The account is already in that state'),
  approval_required: () => new GatewayError('conflict', 'This change needs a second admin'),
};

export function createAdminApprovals(deps: {
  repo: AdminApprovalRepo;
  people: Pick<AdminRepo, 'findAccount'>;
  audit: GatewayAudit;
  clock: Clock;
  presence: Pick<PresenceService, 'sessionEnded'>;
  hours: number;
}): AdminApprovals {
  const { repo, audit, clock } = deps;

  const view = (record: AdminApprovalRecord): AdminApproval => ({
    approvalId: record.approvalId,
    kind: record.kind,
    userId: record.userId,
    username: record.username,
    roles: [...record.roles],
    reason: record.reason,
    requestedBy: record.requestedByUsername,
    requestedAt: new Date(record.requestedAt).toISOString(),
    expiresAt: new Date(record.expiresAt).toISOString(),
    status: record.decision ?? (record.expiresAt <= clock.now() ? 'expired' : 'pending'),
    decidedBy: record.decidedByUsername,
    decidedAt: iso(record.decidedAt),
  });

  /** The record of a request's step; a refusal names why. */
  const stepRecord = (admin: Decider, action: string, userId: string | null, details: AuditEvent['details'], outcome: ApprovalOutcome): AuditEvent =>
    audit.prepare({
      type: 'admin.user.change',
      outcome: outcome.ok ? 'success' : 'failure',
      ...(outcome.ok ? {} : { reason: outcome.refusal }),
      actor: admin,
      target: { kind: 'account', id: userId },
      details: { action, ...details },
    });

  /** The change an approval made, recorded as any account change is, with who asked and who approved. */
  const changeRecord = (admin: Decider, note: string, outcome: Extract<ApprovalOutcome, { ok: true }>): GatewayAuditInput => {
    const { approval, change } = outcome;
    const previous = change?.previous?.roles ?? null;
    return {
      type: approval.kind === 'create' ? 'account.create' : 'account.role.change',
      outcome: 'success',
      actor: admin,
      target: { kind: 'account', id: approval.userId },
      details: {
        action: approval.kind,
        reason: approval.reason,
        roles: approval.roles.join(','),
        ...(previous === null ? { username: approval.username } : { previousRoles: previous.join(',') }),
        approvalId: approval.approvalId,
        requestedBy: approval.requestedByUsername,
        approvalNote: note,
      },
    };
  };

  const settled = (outcome: ApprovalOutcome): Extract<ApprovalOutcome, { ok: true }> => {
    if (!outcome.ok) throw REFUSALS[outcome.refusal]();
    return outcome;
  };

  const approve = async (decider: Decider, actorId: string | null, approvalId: string, reason: string): Promise<ApprovedChange> => {
    const at = clock.now();
    // Made now and kept only as a hash; used only if the approval creates the account.
    const oneTimePassword = newOneTimePassword();
    const passwordExpiresAt = at + ONE_TIME_PASSWORD_LIFETIME_MS;
    const decision = { approvalId, actorId, at, passwordHash: await hashPassword(oneTimePassword), passwordExpiresAt };
    const outcome = settled(
      await audit.commit(() =>
        repo.approve(decision, (decided) =>
          decided.ok ? [audit.prepare(changeRecord(decider, reason, decided))] : [stepRecord(decider, 'approval_approve', null, { approvalId, reason }, decided)],
        ),
      ),
    );
    const change = outcome.change;
    if (change === null) throw new Error(`approval ${approvalId} approved without its change`);
    // A role change ends the account's sessions: their desks' watches and streams end on every instance.
    for (const session of change.endedSessions) await deps.presence.sessionEnded(session);
    const created = outcome.approval.kind === 'create';
    return {
      approval: view(outcome.approval),
      user: managedUser(change.account),
      oneTimePassword: created ? oneTimePassword : null,
      expiresAt: created ? new Date(passwordExpiresAt).toISOString() : null,
    };
  };

  return {
    list: async () => (await repo.list()).map(view),

    async request(admin, request) {
      const now = clock.now();
      const target =
        request.kind === 'create'
          ? { userId: panFreeId(() => `u-${randomUUID()}`), username: request.username.toLowerCase(), displayName: request.displayName }
          : await deps.people.findAccount(request.userId);
      if (target === null) throw REFUSALS.not_found();
      // A username shows in every audit event and report: it must not be a card number in disguise.
      if (containsPan(target.username)) throw new GatewayError('pan_in_text', 'A username must not contain a card number');
      const approval = {
        approvalId: panFreeId(() => `ap-${randomUUID()}`),
        kind: request.kind,
        userId: target.userId,
        username: target.username,
        displayName: target.displayName,
        roles: [...new Set(request.roles)],
        reason: request.reason,
        requestedBy: admin.userId,
        requestedAt: now,
        expiresAt: now + deps.hours * 3_600_000,
      };
      const details = { approvalId: approval.approvalId, kind: approval.kind, roles: approval.roles.join(','), reason: request.reason, username: approval.username };
      const outcome = await audit.commit(() => repo.request(approval, (decided) => stepRecord(admin, 'approval_request', approval.userId, details, decided)));
      return view(settled(outcome).approval);
    },

    approve: (admin, approvalId, reason) => approve(admin, admin.userId, approvalId, reason),
    approveFromHost: (host, approvalId, reason) => approve(host, null, approvalId, reason),

    async reject(admin, approvalId, reason) {
      const outcome = await audit.commit(() =>
        repo.reject({ approvalId, actorId: admin.userId, at: clock.now() }, (decided) =>
          stepRecord(admin, 'approval_reject', decided.ok ? decided.approval.userId : null, { approvalId, reason }, decided),
        ),
      );
      return view(settled(outcome).approval);
    },
  };
}
