// Live presence of desks from their signed heartbeats. A heartbeat comes with
// the session's access token, or, from a locked desk that dropped its token,
// with the device key alone for the device's live session. Either way it is
// signed by the enrolled device key, fresh, and never replayed; a session may
// only speak for its own device. Every heartbeat moves lastSeenAt and is
// streamed; sign-out and silence turn a desk offline. Heartbeats also feed the
// alert rules: capture protection, sync lag, the desk's trail integrity and
// the audit head it promised (device-heads.ts).
import { heartbeatSigningMessage, type Heartbeat } from '../../shared/api.ts';
import type { Role } from '../../shared/roles.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import { verifyDeviceSignature } from '../audit/device-signature.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { Principal } from '../identity/tokens.ts';
import type { IdentityRepo } from '../storage/store.ts';
import type { AlertService } from './alerts.ts';
import type { DeviceHeads } from './device-heads.ts';
import type { EventBus } from './event-bus.ts';

export type HeartbeatCredential = { readonly kind: 'session'; readonly principal: Principal } | { readonly kind: 'device' };

export interface PresenceService {
  heartbeat(credential: HeartbeatCredential, heartbeat: Heartbeat): Promise<void>;
  /** Sign-out of a session: its device shows offline at once. */
  signedOut(session: { deviceId: string; familyId: string }): void;
  /** Marks desks offline whose heartbeats stopped; the gateway runs it on a timer. */
  sweep(): void;
  agents(): Promise<AgentPresence[]>;
  /** What the last heartbeat of a device said, whoever signed in on it; null when it has not been heard since the gateway started. */
  device(deviceId: string): AgentPresence | null;
  /** Devices tracked (bounded by config.presence.maxDevices). */
  size(): number;
}

interface Tracked {
  readonly presence: AgentPresence;
  readonly roles: readonly Role[];
  readonly lastSeenMs: number;
  /** The session the device's heartbeats belong to; null once it signed out. */
  readonly familyId: string | null;
  /** Since when the desk has held an access token (could sync); null while locked. */
  readonly syncableSince: number | null;
}

export function createPresenceService(deps: {
  clock: Clock;
  bus: EventBus;
  alerts: AlertService;
  identity: IdentityRepo;
  heads: DeviceHeads;
  config: Pick<GatewayConfig, 'offlineAfterSeconds' | 'alerts' | 'presence'>;
}): PresenceService {
  const byDevice = new Map<string, Tracked>();
  /** The newest signing time accepted per device: an older or equal one is a replay. */
  const lastSentAt = new Map<string, number>();
  const { maxDevices, heartbeatMaxSkewSeconds } = deps.config.presence;
  const iso = (ms: number): string => new Date(ms).toISOString();

  const publish = (tracked: Tracked): void => {
    // The board shows agents; a supervisor's own desk is tracked but not streamed to it.
    if (tracked.roles.includes('agent')) deps.bus.publish({ type: 'presence', data: tracked.presence });
  };
  /** Re-inserting keeps the map in the order the desks were last heard, newest last. */
  const store = (deviceId: string, tracked: Tracked): void => {
    byDevice.delete(deviceId);
    byDevice.set(deviceId, tracked);
    publish(tracked);
  };

  const forget = (deviceId: string): void => {
    byDevice.delete(deviceId);
    lastSentAt.delete(deviceId);
  };

  /** Room for one more device: the stalest offline one goes; with none offline, the newcomer waits. */
  const makeRoom = (): void => {
    if (byDevice.size < maxDevices) return;
    const stalest = [...byDevice].filter(([, t]) => t.presence.state === 'offline').sort(([, a], [, b]) => a.lastSeenMs - b.lastSeenMs)[0];
    if (stalest === undefined) throw new GatewayError('rate_limited', 'The gateway tracks as many live desks as it may; try again shortly', { retryAfterSeconds: 30 });
    forget(stalest[0]);
  };

  /** Signature, freshness and replay; the check and the record of the signing time are one synchronous step. */
  const checkSigned = async (hb: Heartbeat, now: number): Promise<void> => {
    const device = await deps.identity.findDevice(hb.deviceId);
    if (device === null) throw new GatewayError('unauthenticated', 'This device is not enrolled; sign in from it first');
    const { signature, ...body } = hb;
    if (!verifyDeviceSignature(device.publicKey, heartbeatSigningMessage(body), signature)) {
      throw new GatewayError('unauthenticated', 'The heartbeat signature does not verify with the device key');
    }
    if (device.revokedAt !== null) throw new GatewayError('device_revoked', 'An administrator has revoked this desk');
    const sentAt = Date.parse(hb.sentAt);
    if (Math.abs(now - sentAt) > heartbeatMaxSkewSeconds * 1000) {
      throw new GatewayError('invalid_request', 'The heartbeat is stale or from the future; check the desk clock');
    }
    if (sentAt <= (lastSentAt.get(hb.deviceId) ?? -Infinity)) throw new GatewayError('conflict', 'This heartbeat was already received (replay)');
    lastSentAt.delete(hb.deviceId);
    lastSentAt.set(hb.deviceId, sentAt);
    // Bounded like the presence map; the freshness window still refuses anything older than the skew.
    if (lastSentAt.size > maxDevices) lastSentAt.delete(lastSentAt.keys().next().value ?? '');
  };

  const sessionOf = async (credential: HeartbeatCredential, hb: Heartbeat, before: Tracked | undefined) => {
    if (credential.kind === 'session') {
      const { principal } = credential;
      return { userId: principal.userId, username: principal.username, roles: principal.roles, familyId: principal.familyId };
    }
    if (hb.state !== 'locked') throw new GatewayError('unauthenticated', 'Without an access token only a locked desk reports presence; sign in');
    const noSession = new GatewayError('unauthenticated', 'No live session on this device; sign in');
    if (before?.familyId == null) throw noSession;
    const family = await deps.identity.findSessionFamily(before.familyId);
    if (family?.revokedAt !== null || family.expiresAt <= deps.clock.now()) throw noSession;
    return { userId: before.presence.userId, username: before.presence.username, roles: before.roles, familyId: family.familyId };
  };

  return {
    async heartbeat(credential, hb) {
      if (credential.kind === 'session' && credential.principal.deviceId !== hb.deviceId) {
        throw new GatewayError('forbidden', 'A session may only report the presence of its own device');
      }
      const now = deps.clock.now();
      await checkSigned(hb, now);
      const session = await sessionOf(credential, hb, byDevice.get(hb.deviceId));
      const subject = { userId: session.userId, deviceId: hb.deviceId };
      const before = byDevice.get(hb.deviceId);
      if (before === undefined) makeRoom();
      const syncableSince = credential.kind === 'session' ? (before?.syncableSince ?? now) : null;
      await deps.heads.checkHeartbeat(subject, hb, syncableSince);
      if (hb.integrity.status === 'failed') {
        await deps.alerts.raise({
          kind: 'audit_chain_break',
          severity: 'critical',
          ...subject,
          message: `${hb.deviceId} (${session.username}) reports that its local audit trail failed verification: ${hb.integrity.reason}`,
        });
      }
      const sameUser = before?.presence.userId === session.userId;
      const displayName = sameUser ? before.presence.displayName : ((await deps.identity.findUserById(session.userId))?.displayName ?? session.username);
      store(hb.deviceId, {
        presence: {
          userId: session.userId,
          username: session.username,
          displayName,
          deviceId: hb.deviceId,
          state: hb.state,
          captureProtection: hb.captureProtection,
          queueDepth: hb.queueDepth,
          appVersion: hb.appVersion,
          lastSeenAt: iso(now),
          stateSince: sameUser && before.presence.state === hb.state ? before.presence.stateSince : iso(now),
          auditIntegrity: hb.integrity.status,
        },
        roles: session.roles,
        lastSeenMs: now,
        familyId: session.familyId,
        syncableSince,
      });

      if (hb.captureProtection !== 'protected') {
        await deps.alerts.raise({
          kind: 'capture_unprotected',
          severity: 'warning',
          ...subject,
          message: `Screen-capture protection is ${hb.captureProtection} on ${hb.deviceId} (${session.username}); sensitive views carry a watermark`,
        });
      }
      const lagMs = deps.config.alerts.syncLagMinutes * 60_000;
      if (hb.oldestUnsyncedAgeMs !== null && hb.oldestUnsyncedAgeMs > lagMs) {
        await deps.alerts.raise({
          kind: 'sync_lag',
          severity: 'warning',
          ...subject,
          message: `Audit sync on ${hb.deviceId} is ${Math.round(hb.oldestUnsyncedAgeMs / 60_000)} minutes behind (${hb.queueDepth} events queued)`,
        });
      }
    },
    signedOut({ deviceId, familyId }) {
      const tracked = byDevice.get(deviceId);
      if (tracked?.familyId !== familyId) return;
      const now = deps.clock.now();
      store(deviceId, {
        ...tracked,
        presence: { ...tracked.presence, state: 'offline', stateSince: iso(now), lastSeenAt: iso(now) },
        lastSeenMs: now,
        familyId: null,
        syncableSince: null,
      });
    },
    sweep() {
      const now = deps.clock.now();
      const cutoff = now - deps.config.offlineAfterSeconds * 1000;
      for (const [deviceId, tracked] of [...byDevice]) {
        if (tracked.presence.state !== 'offline' && tracked.lastSeenMs < cutoff) {
          // In place, and lastSeenAt stays: silence is not being heard.
          const offline: Tracked = { ...tracked, presence: { ...tracked.presence, state: 'offline', stateSince: iso(now) }, syncableSince: null };
          byDevice.set(deviceId, offline);
          publish(offline);
        }
      }
    },
    async agents() {
      const latestByUser = new Map<string, AgentPresence>();
      for (const tracked of byDevice.values()) latestByUser.set(tracked.presence.userId, tracked.presence);
      const users = (await deps.identity.listUsers()).filter((u) => u.roles.includes('agent'));
      return users.map(
        (u) =>
          latestByUser.get(u.userId) ?? {
            userId: u.userId,
            username: u.username,
            displayName: u.displayName,
            deviceId: null,
            state: 'offline' as const,
            captureProtection: null,
            queueDepth: 0,
            appVersion: null,
            lastSeenAt: null,
            stateSince: null,
            auditIntegrity: null,
          },
      );
    },
    device: (deviceId) => byDevice.get(deviceId)?.presence ?? null,
    size: () => byDevice.size,
  };
}
