// Live presence of desks from their heartbeats. A desk whose heartbeats stop
// turns offline at the next sweep. Heartbeats also feed two alert rules:
// capture protection unavailable, and audit sync lagging.
import type { Heartbeat } from '../../shared/api.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { IdentityRepo } from '../storage/store.ts';
import type { AlertService } from './alerts.ts';
import type { EventBus } from './event-bus.ts';

export interface PresenceService {
  heartbeat(principal: Principal, heartbeat: Heartbeat): Promise<void>;
  /** Marks desks offline whose heartbeats stopped; the gateway runs it on a timer. */
  sweep(): void;
  agents(): Promise<AgentPresence[]>;
}

export function createPresenceService(deps: {
  clock: Clock;
  bus: EventBus;
  alerts: AlertService;
  identity: IdentityRepo;
  config: Pick<GatewayConfig, 'offlineAfterSeconds' | 'alerts'>;
}): PresenceService {
  const byDevice = new Map<string, AgentPresence & { lastSeenMs: number }>();
  const iso = (ms: number): string => new Date(ms).toISOString();

  const publish = (p: AgentPresence & { lastSeenMs: number }): void => {
    const { lastSeenMs: _omit, ...presence } = p;
    deps.bus.publish({ type: 'presence', data: presence });
  };

  return {
    async heartbeat(principal, hb) {
      const now = deps.clock.now();
      const user = await deps.identity.findUserById(principal.userId);
      const before = byDevice.get(hb.deviceId);
      const changed =
        before?.state !== hb.state ||
        before.userId !== principal.userId ||
        before.captureProtection !== hb.captureProtection ||
        before.queueDepth !== hb.queueDepth ||
        before.appVersion !== hb.appVersion;
      const next = {
        userId: principal.userId,
        username: principal.username,
        displayName: user?.displayName ?? principal.username,
        deviceId: hb.deviceId,
        state: hb.state,
        captureProtection: hb.captureProtection,
        queueDepth: hb.queueDepth,
        appVersion: hb.appVersion,
        lastSeenAt: iso(now),
        lastSeenMs: now,
        stateSince: before?.state === hb.state && before.userId === principal.userId ? before.stateSince : iso(now),
      };
      // Re-inserting keeps the map in heartbeat order, newest last.
      byDevice.delete(hb.deviceId);
      byDevice.set(hb.deviceId, next);
      // The board shows agents; a supervisor's own desk is tracked but not streamed to it.
      if (changed && principal.roles.includes('agent')) publish(next);

      if (hb.captureProtection !== 'protected') {
        await deps.alerts.raise({
          kind: 'capture_unprotected',
          severity: 'warning',
          userId: principal.userId,
          deviceId: hb.deviceId,
          message: `Screen-capture protection is ${hb.captureProtection} on ${hb.deviceId} (${principal.username}); sensitive views carry a watermark`,
        });
      }
      const lagMs = deps.config.alerts.syncLagMinutes * 60_000;
      if (hb.oldestUnsyncedAgeMs !== null && hb.oldestUnsyncedAgeMs > lagMs) {
        await deps.alerts.raise({
          kind: 'sync_lag',
          severity: 'warning',
          userId: principal.userId,
          deviceId: hb.deviceId,
          message: `Audit sync on ${hb.deviceId} is ${Math.round(hb.oldestUnsyncedAgeMs / 60_000)} minutes behind (${hb.queueDepth} events queued)`,
        });
      }
    },
    sweep() {
      const cutoff = deps.clock.now() - deps.config.offlineAfterSeconds * 1000;
      for (const p of byDevice.values()) {
        if (p.state !== 'offline' && p.lastSeenMs < cutoff) {
          const offline = { ...p, state: 'offline' as const, stateSince: iso(deps.clock.now()) };
          byDevice.set(p.deviceId ?? '', offline);
          publish(offline);
        }
      }
    },
    async agents() {
      const users = (await deps.identity.listUsers()).filter((u) => u.roles.includes('agent'));
      return users.map((u) => {
        const latest = [...byDevice.values()].filter((p) => p.userId === u.userId).at(-1);
        if (latest !== undefined) {
          const { lastSeenMs: _omit, ...presence } = latest;
          return presence;
        }
        return {
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
        };
      });
    },
  };
}
