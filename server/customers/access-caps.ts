// Hard caps on customer access: card lookups and record reads per user, and
// extension days per subscription, each over a rolling window. The database
// counts and decides in one statement, so parallel requests cannot over-admit.
// A refusal is itself counted, audited (with the refusals so far in the window,
// streamed to supervisors) and alerted.
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import type { Alert } from '../../shared/schemas/supervision.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { AccessQuota, CustomerRepo, QuotaDecision } from '../storage/store.ts';
import { recordAccess } from './access-audit.ts';

export type UserCap = 'cardLookups' | 'recordReads';

/** What the audit trail says about the refused request; the cap's numbers are added to its details. */
export interface AccessAttempt {
  readonly type: AuditEventType;
  readonly target: AuditEvent['target'];
  readonly details: AuditEvent['details'];
}

const USER_CAPS: Record<UserCap, { quota: AccessQuota; alert: Alert['kind']; what: string }> = {
  cardLookups: { quota: 'card_lookup', alert: 'card_lookup_cap', what: 'card lookups' },
  recordReads: { quota: 'record_read', alert: 'record_read_cap', what: 'customer record reads' },
};
const DAY_MS = 86_400_000;

export interface AccessCaps {
  /** Counts one use of a per-user cap; past the cap it audits, alerts and throws 429. */
  admit(principal: Principal, cap: UserCap, attempt: AccessAttempt): Promise<void>;
  /** Reserves extension days on a subscription; past the cap it audits, alerts and throws 429. */
  reserveExtension(principal: Principal, subscriptionId: string, days: number, attempt: AccessAttempt): Promise<QuotaDecision>;
  /** Gives a reservation back when the change it allowed was not made. */
  release(decision: QuotaDecision): Promise<void>;
}

export function createAccessCaps(deps: {
  repo: CustomerRepo;
  audit: GatewayAudit;
  alerts: AlertService;
  clock: Clock;
  config: GatewayConfig['customerAccess'];
}): AccessCaps {
  const retryAfterSeconds = (decision: QuotaDecision, windowMs: number): number =>
    Math.max(1, Math.ceil(((decision.oldestAdmittedExpiresAt ?? deps.clock.now() + windowMs) - deps.clock.now()) / 1000));

  const refuse = async (
    principal: Principal,
    attempt: AccessAttempt,
    refusal: { reason: string; cap: Record<string, number>; decision: QuotaDecision; windowMs: number; alert: Alert['kind']; alertMessage: string; answer: string },
  ): Promise<never> => {
    await recordAccess(deps.audit, {
      type: attempt.type,
      outcome: 'failure',
      reason: refusal.reason,
      actor: principal,
      target: attempt.target,
      details: { ...attempt.details, ...refusal.cap, refusedInWindow: refusal.decision.refused },
    });
    // One open alert per cap and user: the alert service folds repeats into it; after an acknowledgement the next refusal raises a new one.
    await deps.alerts.raise({ kind: refusal.alert, severity: 'critical', userId: principal.userId, deviceId: null, message: refusal.alertMessage });
    throw new GatewayError('rate_limited', refusal.answer, { retryAfterSeconds: retryAfterSeconds(refusal.decision, refusal.windowMs) });
  };

  return {
    async admit(principal, cap, attempt) {
      const { max, windowMinutes } = deps.config[cap];
      const { quota, alert, what } = USER_CAPS[cap];
      const windowMs = windowMinutes * 60_000;
      const decision = await deps.repo.takeQuota({ quota, subject: principal.userId, amount: 1, limit: max, windowMs, at: deps.clock.now() });
      if (decision.admitted) return;
      await refuse(principal, attempt, {
        reason: 'rate_limited',
        cap: { capMax: max, capWindowMinutes: windowMinutes },
        decision,
        windowMs,
        alert,
        alertMessage: `${principal.username} reached the cap of ${max} ${what} per ${windowMinutes} minutes; each further one is refused and audited`,
        answer: `You have reached the limit of ${max} ${what} per ${windowMinutes} minutes. A supervisor has been alerted.`,
      });
    },

    async reserveExtension(principal, subscriptionId, days, attempt) {
      const { maxDays, windowDays } = deps.config.extensionDays;
      const windowMs = windowDays * DAY_MS;
      const decision = await deps.repo.takeQuota({
        quota: 'extension_days',
        subject: subscriptionId,
        amount: days,
        limit: maxDays,
        windowMs,
        at: deps.clock.now(),
      });
      if (decision.admitted) return decision;
      return refuse(principal, attempt, {
        reason: 'extension_cap',
        cap: { capMaxDays: maxDays, capWindowDays: windowDays, grantedDaysInWindow: decision.used },
        decision,
        windowMs,
        alert: 'extension_cap',
        alertMessage: `${principal.username} was refused more days on ${subscriptionId}: it has had ${decision.used} of at most ${maxDays} days of extensions in ${windowDays} days`,
        answer: `This subscription has already been extended by ${decision.used} days in the last ${windowDays} days; at most ${maxDays} are allowed. A supervisor has been alerted.`,
      });
    },

    release: (decision) => deps.repo.releaseQuota(decision.useId),
  };
}
