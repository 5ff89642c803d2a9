// Alert rules and the alert lifecycle. A rule raises at most one open alert per
// kind and subject: repeats while it is open fold into its count, so a client
// that triggers alerts cannot multiply them. A supervisor's acknowledgement is
// audited before it is stored, and appended: a second one never erases the first.
import { randomUUID } from 'node:crypto';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import { ALERT_MAX_ACKS, type Alert } from '../../shared/schemas/supervision.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService, RaiseInput } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { canonicalAddress } from '../core/client-address.ts';
import { sha256Hex } from '../core/hashing.ts';
import { GatewayError } from '../errors.ts';
import { createSerialQueue } from '../serial-queue.ts';
import type { AlertRepo, WindowRepo } from '../storage/store.ts';
import type { LiveFeed } from './live-feed.ts';

export function createAlertService(deps: {
  repo: AlertRepo;
  clock: Clock;
  live: Pick<LiveFeed, 'publish'>;
  audit: GatewayAudit;
  /** The sliding windows behind the rules, shared by every instance. */
  windows: WindowRepo;
  rules: GatewayConfig['alerts'];
}): AlertService {
  // Raises and acks one at a time: two raises of one subject cannot both find no open alert, and an ack's count check cannot interleave with another ack.
  const writes = createSerialQueue();
  const failedLoginsMs = deps.rules.failedLogins.windowMinutes * 60_000;
  const hit = (window: string, subject: string, windowMs: number): Promise<number> => deps.windows.hit(window, subject, deps.clock.now(), windowMs);

  const candidateOf = (input: RaiseInput): Alert => {
    const now = new Date(deps.clock.now()).toISOString();
    return {
      alertId: panFreeId(randomUUID),
      kind: input.kind,
      severity: input.severity,
      raisedAt: now,
      userId: input.userId,
      deviceId: input.deviceId,
      // Rules quote what a desk reported (a cursor, a head, a reason): a number shaped like a card is masked before it is stored.
      message: redactPans(input.message),
      status: 'open',
      occurrences: input.occurrences ?? 1,
      lastOccurredAt: now,
      acks: [],
    };
  };
  // A repeat reaches the stream only when its count passes a power of two: a flood costs supervisors a few frames, not one per repeat.
  const announce = async (alert: Alert, previousOccurrences: number | null): Promise<Alert> => {
    if (previousOccurrences === null || Math.floor(Math.log2(alert.occurrences)) > Math.floor(Math.log2(previousOccurrences))) {
      await deps.live.publish({ type: 'alert', data: alert });
    }
    return alert;
  };
  const raise = (input: RaiseInput, source?: string): Promise<Alert> =>
    writes.run(async () => {
      // A critical condition reopens at once after an ack (a lookup oracle must never go quiet); a warning waits.
      const quietSince = input.severity === 'critical' ? undefined : new Date(deps.clock.now() - deps.rules.quietAfterAckMinutes * 60_000).toISOString();
      const { alert, previousOccurrences } = await deps.repo.foldOrInsert(
        candidateOf(input),
        source !== undefined ? { source } : quietSince !== undefined ? { quietSince } : {},
      );
      return announce(alert, previousOccurrences);
    });

  return {
    raise,
    async noteCardLookup(principal) {
      const { maxLookups, windowMinutes } = deps.rules.cardLookupBurst;
      const count = await hit('card_lookups', principal.userId, windowMinutes * 60_000);
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
    async noteFailedLogin({ username, userId, source: given }) {
      // One address is one subject however the socket or the proxy spelled it.
      const source = canonicalAddress(given);
      const { threshold, perSourceThreshold, globalThreshold, windowMinutes } = deps.rules.failedLogins;
      // Counted under a hash: a typed name is untrusted text (it may hold a card number in any encoding) and is never stored as typed.
      const count = await hit('failed_logins', sha256Hex(username.toLowerCase()), failedLoginsMs);
      if (count >= threshold) {
        await raise({
          kind: 'failed_logins',
          severity: 'warning',
          userId,
          deviceId: null,
          message: `${count} failed sign-ins for "${username.slice(0, 64)}" within ${windowMinutes} minutes`,
        });
      }
      const fromSource = await hit('failed_logins_source', source, failedLoginsMs);
      if (fromSource >= perSourceThreshold) {
        // An alert's subject is a user and a device, and a spraying address has neither: the address is its subject.
        await raise({
          kind: 'failed_logins_source',
          severity: 'critical',
          userId: null,
          deviceId: null,
          message: `${fromSource} failed sign-ins from ${source.slice(0, 64)} within ${windowMinutes} minutes, across any usernames`,
        }, source);
      }
      const everywhere = await hit('failed_logins_global', '*', failedLoginsMs);
      if (everywhere >= globalThreshold) {
        await raise({
          kind: 'failed_logins_global',
          severity: 'critical',
          userId: null,
          deviceId: null,
          message: `${everywhere} failed sign-ins across the gateway within ${windowMinutes} minutes`,
        });
      }
    },
    list: (status) => deps.repo.list(status),
    acknowledge: (principal, alertId, note) => writes.run(async () => {
      const alert = await deps.repo.find(alertId);
      if (alert === null) throw new GatewayError('not_found', 'No such alert');
      if (alert.acks.length >= ALERT_MAX_ACKS) {
        throw new GatewayError('conflict', `This alert already has ${ALERT_MAX_ACKS} acknowledgements; raise a new ticket instead`);
      }
      // Nothing is stored before its audit event is: without the event, no ack.
      await deps.audit.record({
        type: 'alert.ack',
        outcome: 'success',
        actor: principal,
        target: { kind: 'alert', id: alertId },
        details: { kind: alert.kind, ackNumber: alert.acks.length + 1 },
      });
      const acked = await deps.repo.appendAck(alertId, { by: principal.userId, at: new Date(deps.clock.now()).toISOString(), note });
      if (acked === null) throw new GatewayError('not_found', 'No such alert');
      // Another instance's ack filled the alert after the check above (this instance's queue does not order theirs).
      if (acked === 'full') throw new GatewayError('conflict', `This alert already has ${ALERT_MAX_ACKS} acknowledgements; raise a new ticket instead`);
      await deps.live.publish({ type: 'alert', data: acked });
      return acked;
    }),
  };
}
