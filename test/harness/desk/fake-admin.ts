// The admin channels of the in-memory window.agent: a small directory of
// accounts and devices that the admin actions change, so renderer tests see
// the lists refresh after each action.
import { fail, ok, type Result } from '../../../shared/errors.ts';
import type { AccessReview, AccessReviewSignOff, EnrolmentGrantView, EnrolmentKind, ManagedDevice, ManagedUser } from '../../../shared/schemas/admin.ts';
import type { AdminApproval, ApprovalRequest } from '../../../shared/schemas/admin-approvals.ts';
import type { Role } from '../../../shared/roles.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';

/** The hash the fake's access review comes with (a sign-off must present it). */
const FAKE_REVIEW_HASH = 'fake-review-hash-of-rows-000000000000000000';

export const FAKE_ONE_TIME_PASSWORD = 'Tide-Lantern-7319';
export const FAKE_ENROLMENT_SECRET = 'ENROL-4F7K-9QX2';

const at = '2026-11-30T09:00:00.000Z';
const later = new Date(Date.now() + 3_600_000).toISOString();

export function managedUser(overrides: Partial<ManagedUser>): ManagedUser {
  return {
    userId: 'u-agent-kai', username: 'agent.kai', displayName: 'Kai Agent', roles: ['agent'], status: 'active', disabledReason: null,
    mfaEnrolled: true, mustChangePassword: false, lockedUntil: null, lastSignInAt: at, createdAt: at, ...overrides,
  };
}

export function managedDevice(overrides: Partial<ManagedDevice>): ManagedDevice {
  return {
    deviceId: 'desk-kai-0001', status: 'active', enrolledAt: at, enrolledBy: 'adm.ada', enrolledVia: 'code',
    lastUser: { userId: 'u-agent-kai', username: 'agent.kai' }, firstSeenAt: at, lastSeenAt: at, appVersion: '0.1.0',
    captureProtection: 'protected', queueHead: { seq: 42, hash: 'a3f09c1d2e4b5a6978c0d1e2f3a4b5c6' }, revokedAt: null, revokedBy: null, revokeReason: null, batchesAfterRevoke: 0,
    ...overrides,
  };
}

export function adminApproval(overrides: Partial<AdminApproval>): AdminApproval {
  return {
    approvalId: 'ap-0000000a-0000-4000-8000-000000000001', kind: 'create', userId: 'u-adm-new', username: 'adm.new', roles: ['admin'], reason: 'Ticket HR-9: second admin',
    requestedBy: 'adm.bo', requestedAt: at, expiresAt: later, status: 'pending', decidedBy: null, decidedAt: null, ...overrides,
  };
}

export function enrolmentGrant(overrides: Partial<EnrolmentGrantView>): EnrolmentGrantView {
  return {
    grantId: 'grant-kai-0001', kind: 'code', status: 'usable', reason: 'Desk for Kai', issuedBy: 'adm.ada', issuedAt: at, expiresAt: later,
    usedAt: null, usedByDevice: null, revokedAt: null, revokedBy: null, forUser: 'agent.kai', ...overrides,
  };
}

export interface FakeDirectory {
  users: ManagedUser[];
  devices: ManagedDevice[];
  approvals: AdminApproval[];
  grants: EnrolmentGrantView[];
  alerts: Alert[];
  lastSignOff: AccessReviewSignOff | null;
  /** Every channel whose name is listed fails as if the gateway had refused it. */
  failing: Set<string>;
}

export function fakeDirectory(): FakeDirectory {
  return {
    users: [
      managedUser({}),
      managedUser({ userId: 'u-agent-lia', username: 'agent.lia', displayName: 'Lia Agent', mfaEnrolled: false, lockedUntil: later, lastSignInAt: null }),
      managedUser({ userId: 'u-adm-ada', username: 'adm.ada', displayName: 'Ada Admin', roles: ['admin'] }),
    ],
    devices: [managedDevice({}), managedDevice({ deviceId: 'desk-lia-0002', lastUser: { userId: 'u-agent-lia', username: 'agent.lia' }, captureProtection: 'unsupported', queueHead: null })],
    approvals: [adminApproval({})],
    grants: [enrolmentGrant({}), enrolmentGrant({ grantId: 'grant-mdm-0002', kind: 'policy_token', reason: 'MDM build for floor 2', forUser: null, status: 'revoked', revokedAt: at, revokedBy: 'adm.ada' })],
    alerts: [
      { alertId: 'AL-1', kind: 'account_locked', severity: 'warning', raisedAt: at, userId: 'u-agent-lia', deviceId: 'desk-lia-0002', message: 'agent.lia was locked after 5 failed sign-ins', status: 'open', occurrences: 1, lastOccurredAt: at, acks: [] },
      { alertId: 'AL-2', kind: 'device_enrolled', severity: 'info', raisedAt: at, userId: 'u-agent-kai', deviceId: 'desk-kai-0001', message: 'desk-kai-0001 enrolled by agent.kai', status: 'open', occurrences: 1, lastOccurredAt: at, acks: [] },
    ],
    lastSignOff: null,
    failing: new Set(),
  };
}

/** Handlers for createFakeAgent's `handlers` option, over one directory. */
export function adminHandlers(dir: FakeDirectory): Record<string, (request: never) => Result<unknown>> {
  const refused = (channel: string): Result<never> | null => (dir.failing.has(channel) ? fail('conflict', `The gateway refused ${channel}`) : null);
  const change = (channel: string, userId: string, edit: (u: ManagedUser) => ManagedUser): Result<ManagedUser> => {
    const failure = refused(channel);
    if (failure !== null) return failure;
    const found = dir.users.find((u) => u.userId === userId);
    if (found === undefined) return fail('not_found', 'No such account');
    const next = edit(found);
    dir.users = dir.users.map((u) => (u.userId === userId ? next : u));
    return ok(next);
  };
  interface UserRequest { userId: string; reason: string }
  return {
    'admin.users': () => refused('admin.users') ?? ok(dir.users),
    'admin.createUser': (request: { username: string; displayName: string; roles: Role[] }) => {
      const failure = refused('admin.createUser');
      if (failure !== null) return failure;
      if (dir.users.some((u) => u.username === request.username)) return fail('conflict', 'That username is taken');
      const user = managedUser({ userId: `u-${request.username}`, username: request.username, displayName: request.displayName, roles: request.roles, mfaEnrolled: false, mustChangePassword: true, lastSignInAt: null });
      dir.users = [...dir.users, user];
      return ok({ user, oneTimePassword: FAKE_ONE_TIME_PASSWORD, expiresAt: later });
    },
    'admin.disableUser': (r: UserRequest) => change('admin.disableUser', r.userId, (u) => ({ ...u, status: 'disabled', disabledReason: 'admin' })),
    'admin.enableUser': (r: UserRequest) => change('admin.enableUser', r.userId, (u) => ({ ...u, status: 'active', disabledReason: null })),
    'admin.unlockUser': (r: UserRequest) => change('admin.unlockUser', r.userId, (u) => ({ ...u, lockedUntil: null })),
    'admin.resetMfa': (r: UserRequest) => {
      const changed = change('admin.resetMfa', r.userId, (u) => ({ ...u, mfaEnrolled: false }));
      return changed.ok ? ok({ user: changed.value, enrolmentCode: FAKE_ENROLMENT_SECRET, expiresAt: later }) : changed;
    },
    'admin.setRoles': (r: UserRequest & { roles: Role[] }) => change('admin.setRoles', r.userId, (u) => ({ ...u, roles: r.roles })),
    'admin.resetPassword': (r: UserRequest) => {
      const changed = change('admin.resetPassword', r.userId, (u) => ({ ...u, mustChangePassword: true }));
      return changed.ok ? ok({ user: changed.value, oneTimePassword: FAKE_ONE_TIME_PASSWORD, expiresAt: later }) : changed;
    },
    'admin.devices': () => refused('admin.devices') ?? ok(dir.devices),
    'admin.revokeDevice': (r: { deviceId: string; reason: string }) => {
      const failure = refused('admin.revokeDevice');
      if (failure !== null) return failure;
      const found = dir.devices.find((d) => d.deviceId === r.deviceId);
      if (found === undefined) return fail('not_found', 'No such device');
      const next = { ...found, status: 'revoked' as const, revokedAt: at, revokedBy: 'adm.ada', revokeReason: r.reason };
      dir.devices = dir.devices.map((d) => (d.deviceId === r.deviceId ? next : d));
      return ok(next);
    },
    'admin.issueEnrolment': (r: { kind: EnrolmentKind }) => refused('admin.issueEnrolment') ?? ok({ kind: r.kind, secret: FAKE_ENROLMENT_SECRET, expiresAt: later }),
    'admin.accessReview': (r: { format: 'json' | 'csv' }) => {
      const failure = refused('admin.accessReview');
      if (failure !== null) return failure;
      const review: AccessReview = {
        generatedAt: at,
        lastSignOff: dir.lastSignOff,
        rows: dir.users.map((u) => ({
          userId: u.userId, username: u.username, displayName: u.displayName, roles: u.roles, mfaEnrolled: u.mfaEnrolled, lastSignInAt: u.lastSignInAt, status: u.status, disabledReason: u.disabledReason,
          changesSinceLastReview: u.username === 'agent.kai' && dir.lastSignOff === null ? [{ at, by: 'adm.ada', action: 'account.role.change', reason: 'Ticket HR-7: moved to the card team' }] : [],
        })),
        reviewHash: FAKE_REVIEW_HASH,
      };
      return r.format === 'csv' ? ok({ format: 'csv', review, csv: 'username,roles\r\nagent.kai,agent\r\n' }) : ok({ format: 'json', review });
    },
    'admin.signOffReview': (r: { note: string }) => {
      const failure = refused('admin.signOffReview');
      if (failure !== null) return failure;
      dir.lastSignOff = { reviewId: 'R-1', at: '2026-12-01T10:00:00.000Z', by: 'adm.ada', note: r.note, accounts: dir.users.length, coversThrough: at };
      return ok(dir.lastSignOff);
    },
    'admin.alerts': () => refused('admin.alerts') ?? ok(dir.alerts),
    'admin.approvals': () => refused('admin.approvals') ?? ok(dir.approvals),
    'admin.requestApproval': (r: ApprovalRequest) => {
      const failure = refused('admin.requestApproval');
      if (failure !== null) return failure;
      const username = r.kind === 'create' ? r.username : (dir.users.find((u) => u.userId === r.userId)?.username ?? r.userId);
      const approval = adminApproval({ approvalId: `ap-0000000b-0000-4000-8000-00000000000${dir.approvals.length}`, kind: r.kind, username, roles: r.roles, reason: r.reason, requestedBy: 'adm.ada' });
      dir.approvals = [...dir.approvals, approval];
      return ok(approval);
    },
    'admin.approve': (r: { approvalId: string; reason: string }) => {
      const failure = refused('admin.approve');
      if (failure !== null) return failure;
      const found = dir.approvals.find((a) => a.approvalId === r.approvalId);
      if (found === undefined) return fail('not_found', 'No such request');
      const approval = { ...found, status: 'approved' as const, decidedBy: 'adm.ada', decidedAt: at };
      dir.approvals = dir.approvals.map((a) => (a.approvalId === r.approvalId ? approval : a));
      const user = managedUser({ userId: found.userId, username: found.username, displayName: found.username, roles: found.roles, mfaEnrolled: false, mustChangePassword: true });
      dir.users = [...dir.users.filter((u) => u.userId !== user.userId), user];
      return ok({ approval, user, oneTimePassword: found.kind === 'create' ? FAKE_ONE_TIME_PASSWORD : null, expiresAt: found.kind === 'create' ? later : null });
    },
    'admin.rejectApproval': (r: { approvalId: string; reason: string }) => {
      const failure = refused('admin.rejectApproval');
      if (failure !== null) return failure;
      dir.approvals = dir.approvals.map((a) => (a.approvalId === r.approvalId ? { ...a, status: 'rejected' as const, decidedBy: 'adm.ada', decidedAt: at } : a));
      return ok(dir.approvals.find((a) => a.approvalId === r.approvalId));
    },
    'admin.enrolmentGrants': () => refused('admin.enrolmentGrants') ?? ok(dir.grants),
    'admin.revokeEnrolment': (r: { grantId: string; reason: string }) => {
      const failure = refused('admin.revokeEnrolment');
      if (failure !== null) return failure;
      dir.grants = dir.grants.map((g) => (g.grantId === r.grantId ? { ...g, status: 'revoked' as const, revokedAt: at, revokedBy: 'adm.ada' } : g));
      return ok(dir.grants.find((g) => g.grantId === r.grantId));
    },
    'admin.ackAlert': (r: { alertId: string; note: string }) => {
      const failure = refused('admin.ackAlert');
      if (failure !== null) return failure;
      dir.alerts = dir.alerts.map((a) => (a.alertId === r.alertId ? { ...a, status: 'acknowledged' as const, acks: [{ by: 'u-adm-ada', at, note: r.note }] } : a));
      return ok(dir.alerts.find((a) => a.alertId === r.alertId));
    },
  };
}
