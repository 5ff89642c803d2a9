// Live presence of desks from their signed heartbeats. A heartbeat comes with
// the session's access token, or, from a locked desk that dropped its token,
// with the device key alone for the device's live session. Either way it is
// signed by the enrolled device key, fresh, and never replayed; a session may
// only speak for its own device. Every heartbeat moves lastSeenAt and is
// streamed; sign-out and silence turn a desk offline. Heartbeats also feed the
// alert rules: capture protection, sync lag, the desk's trail integrity and
// the audit head it promised (device-heads.ts).
//
// Presence, the device-to-session link and the replay guard live in the
// database, so a desk may heartbeat to any gateway instance and every
// instance's supervisors see it.
import { heartbeatSigningMessage, type Heartbeat } from '../../shared/api.ts';
import { redactPans } from '../../shared/pan.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { ControlMonitor } from './control-monitor.ts';
import type { AlertService } from '../core/alert-port.ts';
import { verifyDeviceSignature } from '../core/device-signature.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { IdentityRepo, PresenceRecord, PresenceReport, PresenceRepo } from '../storage/store.ts';
import type { DeviceHeads } from './device-heads.ts';
import type { EventBus } from './event-bus.ts';
import type { LiveFeed } from './live-feed.ts';

export type HeartbeatCredential = { readonly kind: 'session'; readonly principal: Principal } | { readonly kind: 'device' };

export interface PresenceService {
  heartbeat(credential: HeartbeatCredential, heartbeat: Heartbeat): Promise<void>;
  /** A session ended (sign-out, or revoked by a password change, a device revocation, a disabled account): its device shows offline and its open streams and watches close, at once, on every instance. */
  sessionEnded(session: { deviceId: string; familyId: string }): Promise<void>;
  /** Marks desks offline whose heartbeats stopped; every instance runs it on a timer, and each desk turns offline once. */
  sweep(): Promise<void>;
  agents(): Promise<AgentPresence[]>;
  /** What the last heartbeat of a device said, whoever signed in on it; null when no instance has heard it (presence lives in the database). */
  device(deviceId: string): Promise<AgentPresence | null>;
  /** Devices tracked (bounded by config.presence.maxDevices). */
  size(): Promise<number>;
}

export function createPresenceService(deps: {
  clock: Clock;
  live: Pick<LiveFeed, 'publish'>;
  alerts: AlertService;
  identity: IdentityRepo;
  repo: PresenceRepo;
  heads: DeviceHeads;
  bus: Pick<EventBus, 'sessionEnded'>;
  config: Pick<GatewayConfig, 'offlineAfterSeconds' | 'alerts' | 'presence'>;
  /** Where the heartbeat's control states go (10.7.2). */
  controls: Pick<ControlMonitor, 'deskReport'>;
}): PresenceService {
  const { maxDevices, heartbeatMaxSkewSeconds, maxLiveDesksPerUser } = deps.config.presence;

  const publish = (...records: PresenceRecord[]): Promise<void> =>
    // The board shows agents; a supervisor's own desk is tracked but not streamed to it.
    deps.live.publish(...records.filter((r) => r.roles.includes('agent')).map((r) => ({ type: 'presence' as const, data: r.presence })));

  /** Room for one more device: the stalest offline one goes; with none offline, the newcomer waits. */
  const makeRoom = async (): Promise<void> => {
    if ((await deps.repo.count()) < maxDevices) return;
    if (!(await deps.repo.evictStalestOffline())) {
      throw new GatewayError('rate_limited', 'The gateway tracks as many live desks as it may; try again shortly', { retryAfterSeconds: 30 });
    }
  };

  /** Signature, freshness and replay; the replay check and the record of the signing time are one statement. */
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
    if (!(await deps.repo.claimHeartbeat(hb.deviceId, sentAt))) throw new GatewayError('conflict', 'This heartbeat was already received (replay)');
  };

  const sessionOf = async (credential: HeartbeatCredential, hb: Heartbeat, before: PresenceRecord | null) => {
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
      // The presence read needs nothing from the checks: it goes beside them, one round trip off the heartbeat's path.
      const [, before] = await Promise.all([checkSigned(hb, now), deps.repo.find(hb.deviceId)]);
      const session = await sessionOf(credential, hb, before);
      // The desk's signed word that it is locked locks its session at the gateway too, until it unlocks (reauth).
      if (hb.state === 'locked') await deps.identity.lockSession(session.familyId, now, Date.parse(hb.sentAt));
      const subject = { userId: session.userId, deviceId: hb.deviceId };
      if (before === null) await makeRoom();
      const displayName =
        before?.presence.userId === session.userId ? before.presence.displayName : ((await deps.identity.findUserById(session.userId))?.displayName ?? session.username);
      const report: PresenceReport = {
        deviceId: hb.deviceId,
        userId: session.userId,
        username: session.username,
        displayName,
        roles: session.roles,
        state: hb.state,
        captureProtection: hb.captureProtection,
        queueDepth: hb.queueDepth,
        // Desk-reported text goes to disk now: a card-shaped number in it is masked first, as on the stream.
        appVersion: redactPans(hb.appVersion),
        auditIntegrity: hb.integrity.status,
        familyId: session.familyId,
        syncable: credential.kind === 'session',
      };
      // A desk already live for this user goes straight through; another one counts against the user's cap.
      const live = before?.presence.userId === session.userId && before.presence.state !== 'offline';
      const stored = live ? await deps.repo.record(report, now) : await deps.repo.recordWithinCap(report, now, maxLiveDesksPerUser);
      if (stored === null) {
        throw new GatewayError('rate_limited', `This account already has ${maxLiveDesksPerUser} live desks; sign out on one, or wait until one goes offline`, {
          retryAfterSeconds: deps.config.offlineAfterSeconds,
        });
      }
      await publish(stored);
      await deps.heads.checkHeartbeat(subject, hb, stored.syncableSince);
      await deps.controls.deskReport({ ...subject, username: session.username }, hb);
      if (hb.integrity.status === 'failed') {
        await deps.alerts.raise({
          kind: 'audit_chain_break',
          severity: 'critical',
          ...subject,
          message: `${hb.deviceId} (${session.username}) reports that its local audit trail failed verification: ${hb.integrity.reason}`,
        });
      }
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
    async sessionEnded({ deviceId, familyId }) {
      const offline = await deps.repo.signOut(deviceId, familyId, deps.clock.now());
      if (offline !== null) await publish(offline);
      // This instance's streams and watches end now; the notice in the feed ends those every other instance holds.
      deps.bus.sessionEnded(familyId);
      await deps.live.publish({ type: 'session_end', data: { familyId } });
    },
    async sweep() {
      const now = deps.clock.now();
      const offline = await deps.repo.sweep(now - deps.config.offlineAfterSeconds * 1000, now);
      await publish(...offline);
      // The freshness window refuses anything signed before this; its replay guard is no longer needed.
      await deps.repo.pruneHeartbeats(now - 2 * heartbeatMaxSkewSeconds * 1000);
    },
    async agents() {
      // Every live desk of an agent is on the board (a second desk cannot hide the first); an agent with none shows their latest.
      const latestByUser = new Map<string, AgentPresence>();
      const liveByUser = new Map<string, AgentPresence[]>();
      for (const { presence } of await deps.repo.all()) {
        latestByUser.set(presence.userId, presence);
        if (presence.state !== 'offline') liveByUser.set(presence.userId, [...(liveByUser.get(presence.userId) ?? []), presence]);
      }
      const users = (await deps.identity.listUsers()).filter((u) => u.roles.includes('agent'));
      return users.flatMap((u) => {
        const live = liveByUser.get(u.userId);
        if (live !== undefined) return live;
        return [
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
        ];
      });
    },
    device: async (deviceId) => (await deps.repo.find(deviceId))?.presence ?? null,
    size: () => deps.repo.count(),
  };
}
