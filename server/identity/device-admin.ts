// Device administration (PCI DSS 8.2, 10.2.1.5): admins issue the enrolment
// secrets that approve new desks, list the fleet, and revoke a desk, which ends
// its sessions at once. Every action is audited with the admin and the reason,
// in the same transaction as the change (no record, no change), and raises the admin alert.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit.ts';
import { panFreeId } from '../../shared/pan.ts';
import type { EnrolmentGrant, EnrolmentGrantView, ManagedDevice } from '../../shared/schemas/admin.ts';
import type { EnrolmentKind } from '../../shared/schemas/admin.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { DeviceHeadRepo } from '../storage/store.ts';
import type { DeviceRepo, EnrolmentGrantListing, ManagedDeviceRecord } from '../storage/store.ts';
import type { PresenceService } from '../supervision/presence.ts';
import { hashEnrolmentSecret, newEnrolmentSecret } from './enrolment-secrets.ts';

/** Who issues a grant: an admin's session, or (for the demo and the test harness) the gateway itself on behalf of a user. */
export type Issuer = Pick<Principal, 'userId' | 'username' | 'roles'>;

export interface DeviceAdmin {
  issue(by: Issuer, request: { kind: EnrolmentKind; reason: string; userId?: string | undefined }): Promise<EnrolmentGrant>;
  list(): Promise<ManagedDevice[]>;
  /** Every enrolment grant, without its secret: what is still usable, used, run out or revoked. */
  grants(): Promise<EnrolmentGrantView[]>;
  /** Revokes a grant (a code not used yet, or a policy token): no desk enrols with it any more; a second revoke is a conflict. */
  revokeGrant(by: Principal, grantId: string, reason: string): Promise<EnrolmentGrantView>;
  /** Revoking a revoked device is a conflict (409): the first revocation, its admin and reason stay as they were. */
  revoke(by: Principal, deviceId: string, reason: string): Promise<ManagedDevice>;
}

const REFUSALS = {
  actor_inactive: () => new GatewayError('forbidden', 'Your own account is no longer an active admin'),
  not_found: () => new GatewayError('not_found', 'No enrolled device has this ID'),
} as const;

export function createDeviceAdmin(deps: {
  devices: DeviceRepo;
  heads: DeviceHeadRepo;
  presence: PresenceService;
  audit: GatewayAudit;
  alerts: AlertService;
  clock: Clock;
  config: GatewayConfig['enrolment'];
}): DeviceAdmin {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const actor = (by: Issuer) => ({ userId: by.userId, username: by.username, roles: by.roles });

  /** The record of a grant's issue or revocation, appended with it; nothing for a refusal (it changed nothing). */
  const grantRecord =
    (by: Issuer, details: AuditEvent['details']) =>
    (decided: { ok: boolean }): AuditEvent | null =>
      decided.ok ? deps.audit.prepare({ type: 'device.enroll', outcome: 'success', actor: actor(by), target: { kind: 'device', id: null }, details }) : null;

  const grantView = (grant: EnrolmentGrantListing): EnrolmentGrantView => ({
    grantId: grant.grantId,
    kind: grant.kind,
    status: grant.revokedAt !== null ? 'revoked' : grant.usedAt !== null ? 'used' : grant.expiresAt <= deps.clock.now() ? 'expired' : 'usable',
    reason: grant.reason,
    issuedBy: grant.issuedByName,
    issuedAt: iso(grant.issuedAt),
    expiresAt: iso(grant.expiresAt),
    usedAt: grant.usedAt === null ? null : iso(grant.usedAt),
    usedByDevice: grant.usedByDevice,
    revokedAt: grant.revokedAt === null ? null : iso(grant.revokedAt),
    revokedBy: grant.revokedByName,
    forUser: grant.forUsername,
  });

  const view = async (device: ManagedDeviceRecord): Promise<ManagedDevice> => {
    const live = await deps.presence.device(device.deviceId);
    const head = await deps.heads.get(device.deviceId);
    const liveSeen = live?.lastSeenAt == null ? null : Date.parse(live.lastSeenAt);
    const lastSeen = Math.max(liveSeen ?? 0, device.lastSeenAt ?? 0);
    return {
      deviceId: device.deviceId,
      status: device.revokedAt === null ? 'active' : 'revoked',
      enrolledAt: iso(device.enrolledAt),
      enrolledBy: device.approvedBy,
      enrolledVia: device.enrolledVia,
      lastUser: device.lastUser,
      firstSeenAt: iso(device.enrolledAt),
      lastSeenAt: lastSeen === 0 ? null : iso(lastSeen),
      appVersion: live?.appVersion ?? device.appVersion,
      captureProtection: live?.captureProtection ?? null,
      queueHead: head === null ? null : { seq: head.seq, hash: head.hash },
      revokedAt: device.revokedAt === null ? null : iso(device.revokedAt),
      revokedBy: device.revokedBy,
      revokeReason: device.revokeReason,
      batchesAfterRevoke: device.batchesAfterRevoke,
    };
  };

  return {
    async issue(by, request) {
      const forUserId = request.userId ?? null;
      // A policy token is for every desk of a managed build: it names no account.
      if (forUserId !== null && request.kind !== 'code') throw new GatewayError('invalid_request', 'userId: only an enrolment code is issued for one account');
      const now = deps.clock.now();
      const secret = newEnrolmentSecret(request.kind);
      const expiresAt = now + (request.kind === 'code' ? deps.config.codeMinutes * 60_000 : deps.config.policyTokenDays * 86_400_000);
      const grantId = panFreeId(randomUUID);
      const grant = {
        grantId,
        kind: request.kind,
        secretHash: hashEnrolmentSecret(secret),
        reason: request.reason,
        issuedBy: by.userId,
        issuedAt: now,
        expiresAt,
        usedAt: null,
        usedByDevice: null,
        forUserId,
      };
      const outcome = await deps.audit.commit(() =>
        deps.devices.issueGrant(grant, grantRecord(by, { action: 'enrolment_issue', kind: request.kind, grantId, expiresAt: iso(expiresAt), reason: request.reason, forUserId })),
      );
      if (!outcome.ok) throw outcome.refusal === 'not_found' ? new GatewayError('not_found', 'No account has this ID') : REFUSALS[outcome.refusal]();
      return { kind: request.kind, secret, expiresAt: iso(expiresAt) };
    },

    async list() {
      return Promise.all((await deps.devices.list()).map(view));
    },

    async grants() {
      return (await deps.devices.listGrants()).map(grantView);
    },

    async revokeGrant(by, grantId, reason) {
      const outcome = await deps.audit.commit(() =>
        deps.devices.revokeGrant(grantId, { at: deps.clock.now(), byUserId: by.userId, reason }, grantRecord(by, { action: 'enrolment_revoke', grantId, reason })),
      );
      if (!outcome.ok) {
        if (outcome.refusal === 'unchanged') throw new GatewayError('conflict', 'This enrolment grant was already revoked');
        throw outcome.refusal === 'not_found' ? new GatewayError('not_found', 'No enrolment grant has this ID') : REFUSALS.actor_inactive();
      }
      const found = (await deps.devices.listGrants()).find((grant) => grant.grantId === grantId);
      if (found === undefined) throw new GatewayError('not_found', 'No enrolment grant has this ID');
      return grantView(found);
    },

    async revoke(by, deviceId, reason) {
      const now = deps.clock.now();
      const { outcome, familyIds } = await deps.audit.commit(() =>
        deps.devices.revoke(deviceId, { at: now, byUserId: by.userId, reason }, (revoked) =>
          revoked.outcome.ok
            ? deps.audit.prepare({
                type: 'admin.device.revoke',
                outcome: 'success',
                actor: actor(by),
                target: { kind: 'device', id: deviceId },
                details: { action: 'device_revoke', reason, sessionsEnded: revoked.familyIds.length },
              })
            : null,
        ),
      );
      if (!outcome.ok) {
        if (outcome.refusal !== 'unchanged') throw REFUSALS[outcome.refusal]();
        const existing = await deps.devices.find(deviceId);
        throw new GatewayError('conflict', `This device was already revoked at ${iso(existing?.revokedAt ?? now)}`);
      }
      // The sessions are revoked in the store already; this closes their open streams and shows the desk offline now.
      for (const familyId of familyIds) await deps.presence.sessionEnded({ deviceId, familyId });
      const device = await deps.devices.find(deviceId);
      if (device === null) throw new GatewayError('not_found', 'No enrolled device has this ID');
      await deps.alerts.raise({
        kind: 'device_revoked',
        severity: 'warning',
        userId: device.lastUser?.userId ?? null,
        deviceId,
        message: `Desk ${deviceId} was revoked by ${by.username}; ${familyIds.length} session(s) ended`,
      });
      return view(device);
    },
  };
}
