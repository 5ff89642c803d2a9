// Alert rules and the alert lifecycle. A rule raises at most one open alert per
// kind and subject; a supervisor's acknowledgement is itself audited.
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../shared/schemas/supervision.ts';
import type { GatewayAudit } from '../audit/gateway-audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AlertRepo } from '../storage/store.ts';
import type { EventBus } from './event-bus.ts';

interface RaiseInput {
  readonly kind: Alert['kind'];
  readonly severity: Alert['severity'];
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly message: string;
}

/** Timestamps per key within a sliding window; old ones fall off as new ones arrive. */
class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private readonly windowMs: number;
  constructor(windowMinutes: number) {
    this.windowMs = windowMinutes * 60_000;
  }
  add(key: string, at: number): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > at - this.windowMs);
    recent.push(at);
    this.hits.set(key, recent);
    return recent.length;
  }
}

export interface AlertService {
  raise(input: RaiseInput): Promise<Alert | null>;
  noteCardLookup(principal: Principal): Promise<void>;
  noteFailedLogin(username: string, userId: string | null): Promise<void>;
  list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
  acknowledge(principal: Principal, alertId: string, note: string): Promise<Alert>;
}

export function createAlertService(deps: {
  repo: AlertRepo;
  clock: Clock;
  bus: EventBus;
  audit: GatewayAudit;
  rules: GatewayConfig['alerts'];
}): AlertService {
  const cardLookups = new SlidingWindow(deps.rules.cardLookupBurst.windowMinutes);
  const failedLogins = new SlidingWindow(deps.rules.failedLogins.windowMinutes);

  const raise = async (input: RaiseInput): Promise<Alert | null> => {
    if ((await deps.repo.findOpen(input.kind, { userId: input.userId, deviceId: input.deviceId })) !== null) return null;
    const alert: Alert = {
      alertId: randomUUID(),
      kind: input.kind,
      severity: input.severity,
      raisedAt: new Date(deps.clock.now()).toISOString(),
      userId: input.userId,
      deviceId: input.deviceId,
      message: input.message,
      status: 'open',
      ackedBy: null,
      ackedAt: null,
      ackNote: null,
    };
    await deps.repo.insert(alert);
    deps.bus.publish({ type: 'alert', data: alert });
    return alert;
  };

  return {
    raise,
    async noteCardLookup(principal) {
      const { maxLookups, windowMinutes } = deps.rules.cardLookupBurst;
      const count = cardLookups.add(principal.userId, deps.clock.now());
      if (count > maxLookups) {
        await raise({
          kind: 'card_lookup_burst',
          severity: 'warning',
          userId: principal.userId,
          deviceId: principal.deviceId,
          message: `${principal.username} made ${count} card lookups within ${windowMinutes} minutes (limit ${maxLookups})`,
        });
      }
    },
    async noteFailedLogin(username, userId) {
      const { threshold, windowMinutes } = deps.rules.failedLogins;
      const count = failedLogins.add(username.toLowerCase(), deps.clock.now());
      if (count >= threshold) {
        await raise({
          kind: 'failed_logins',
          severity: 'warning',
          userId,
          deviceId: null,
          message: `${count} failed sign-ins for "${username.slice(0, 64)}" within ${windowMinutes} minutes`,
        });
      }
    },
    list: (status) => deps.repo.list(status),
    async acknowledge(principal, alertId, note) {
      const acked = await deps.repo.acknowledge(alertId, {
        by: principal.userId,
        at: new Date(deps.clock.now()).toISOString(),
        note,
      });
      if (acked === null) throw new GatewayError('not_found', 'No such alert');
      await deps.audit.record({
        type: 'alert.ack',
        outcome: 'success',
        actor: principal,
        target: { kind: 'alert', id: alertId },
        details: { kind: acked.kind },
      });
      deps.bus.publish({ type: 'alert', data: acked });
      return acked;
    },
  };
}
