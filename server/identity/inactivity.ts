// PCI DSS 8.2.6: an account unused for `days` (90 by default) is disabled, with
// reason 'inactivity', and its sessions end. An hourly job sweeps every
// account, and every sign-in checks its own account first, so a stale account
// never signs in even between two sweeps. Each disabling is audited (the
// system, not a person, did it) and raised as an alert for the admins. The
// last usable admin is never disabled: it is kept, and a critical alert says so.
import { SYSTEM_ACTOR } from '../../shared/audit.ts';
import type { Scheduler } from '../audit/chain-verifier.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { IdentityRepo, UserRecord } from '../storage/store.ts';

const DAY_MS = 86_400_000;
export const INACTIVITY_SWEEP_MS = 3_600_000;

export interface InactivityRule {
  /** Disables every account past the limit now; resolves with those it disabled. */
  sweep(): Promise<UserRecord[]>;
  /** The account as it stands after the rule was applied to it: disabled if it was past the limit. */
  checkAtSignIn(user: UserRecord): Promise<UserRecord>;
  /** Sweeps every hour on the scheduler; stop() ends the timer and waits for a sweep in progress. */
  start(): void;
  stop(): Promise<void>;
}

export function createInactivityRule(deps: {
  identity: IdentityRepo;
  audit: GatewayAudit;
  alerts: AlertService;
  clock: Clock;
  scheduler: Scheduler;
  days: number;
  onError: (error: unknown) => void;
}): InactivityRule {
  const { identity, clock, days } = deps;
  let timer: { cancel(): void } | null = null;
  let running: Promise<unknown> = Promise.resolve();

  const disable = async (userId?: string): Promise<UserRecord[]> => {
    const now = clock.now();
    const { disabled, keptLastAdmin } = await identity.disableInactive(now - days * DAY_MS, now, userId);
    if (keptLastAdmin !== null) {
      // Disabling it would leave nobody to administer the store: an admin must act (or use the break-glass command).
      await deps.alerts.raise({
        kind: 'last_admin_inactive',
        severity: 'critical',
        userId: keptLastAdmin.userId,
        deviceId: null,
        message: `${keptLastAdmin.username} is past ${days} days without a sign-in but was kept enabled: it is the last usable admin. Sign in, or give another account the admin role`,
      });
    }
    for (const user of disabled) {
      const lastActive = Math.max(user.lastSignInAt ?? 0, user.createdAt, user.enabledAt ?? 0);
      await deps.audit.record({
        type: 'admin.user.change',
        outcome: 'success',
        reason: 'inactivity',
        actor: SYSTEM_ACTOR,
        target: { kind: 'account', id: user.userId },
        details: { action: 'disabled_inactive', reason: 'inactivity', inactiveDays: days, lastActiveAt: new Date(lastActive).toISOString(), sessionsRevoked: true },
      });
      await deps.alerts.raise({
        kind: 'account_disabled_inactive',
        severity: 'warning',
        userId: user.userId,
        deviceId: null,
        message: `${user.username} was disabled after ${days} days without a sign-in (last active ${new Date(lastActive).toISOString()})`,
      });
    }
    return disabled;
  };

  const sweep = (): Promise<UserRecord[]> => {
    const pass = running.then(() => disable());
    running = pass.catch(() => undefined);
    return pass;
  };

  return {
    sweep,
    async checkAtSignIn(user) {
      if (user.disabledAt !== null) return user;
      const [disabled] = await disable(user.userId);
      if (disabled !== undefined) return disabled;
      // Nothing to disable now: maybe a racing sign-in or the sweep disabled it after `user` was read, so read it again.
      return (await identity.findUserById(user.userId)) ?? user;
    },
    start() {
      if (timer !== null) return;
      sweep().catch(deps.onError);
      timer = deps.scheduler.every(INACTIVITY_SWEEP_MS, () => {
        sweep().catch(deps.onError);
      });
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running;
    },
  };
}
