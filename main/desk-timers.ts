// The desk's clockwork, shared by the Electron shell and the browser preview:
// the idle check (its seconds left pushed as idle.countdown while the session
// is active: the renderer keeps no idle clock of its own), audit sync (its
// status pushed every tick, even while a sync is still retrying through an
// outage), the presence heartbeat and the audit queue's housekeeping
// (retention purge, key rotation), the call on an agent's desk, and the
// customer open on it.
import { can } from '../shared/roles.ts';
import type { DeskServices } from './desk-services.ts';
import { createIdleLock, type IdleLock } from './idle/idle-lock.ts';

const DEFAULT_CALL_POLL_MS = 2_000;
/** A change to the open customer shows within about this plus one read. */
const DEFAULT_CUSTOMER_POLL_MS = 1_000;

/** The periods the desk runs with (the Electron shell's): the heartbeat every 30 s, so only the session watch tells a desk at once that its session ended. */
export const DESK_PERIODS = { idleCheckMs: 1_000, syncMs: 10_000, heartbeatMs: 30_000, maintenanceMs: 3_600_000 } as const;

export interface DeskTimerOptions {
  readonly desk: DeskServices;
  /** Seconds since the last input on this machine (powerMonitor in the app). */
  readonly idleSeconds: () => number;
  readonly periods: {
    readonly idleCheckMs: number;
    readonly syncMs: number;
    readonly heartbeatMs: number;
    readonly maintenanceMs: number;
    /** How often an agent's desk asks for the call offered to it: the pop shows within this. */
    readonly callPollMs?: number;
    /** How often the open customer's revision is asked for while one is open. */
    readonly customerPollMs?: number;
  };
}

export interface DeskTimers {
  /** For the OS lock-screen and suspend signals. */
  readonly idle: IdleLock;
  stop(): void;
}

export function startDeskTimers(options: DeskTimerOptions): DeskTimers {
  const { desk, periods } = options;
  const status = desk.appStatus();
  const idle = createIdleLock({
    idleLockMinutes: status.policy.idleLockMinutes,
    idleSeconds: options.idleSeconds,
    lock: (reason) => desk.session.lock(reason),
  });
  const maintain = (): void => {
    void desk.maintenance.run().catch(() => undefined);
  };
  maintain();
  const timers = [
    setInterval(() => {
      const state = desk.session.state();
      // The wallboard holds nothing sensitive and must stay up on a display nobody touches; any lock still ends it.
      if (state.status !== 'active' || state.wallboard === true) return;
      desk.push('idle.countdown', { secondsLeft: idle.check() });
    }, periods.idleCheckMs),
    setInterval(maintain, periods.maintenanceMs),
    setInterval(() => {
      // syncNow is single-flight and may be retrying through an outage; the status bar hears every tick regardless.
      void desk.sync.syncNow();
      desk.push('sync.status', desk.sync.status());
    }, periods.syncMs),
    setInterval(() => {
      const state = desk.session.state().status;
      if (state === 'signed_out') return;
      void desk.sync
        .sendHeartbeat({ state: state === 'locked' ? 'locked' : 'active', captureProtection: status.captureProtection, appVersion: status.appVersion })
        .catch(() => undefined);
    }, periods.heartbeatMs),
    setInterval(() => {
      const state = desk.session.state();
      if (state.status !== 'active' || !can(state.user.roles, 'customers.lookup')) return;
      void desk.calls.poll();
    }, periods.callPollMs ?? DEFAULT_CALL_POLL_MS),
    setInterval(() => {
      const state = desk.session.state();
      if (state.status !== 'active' || !can(state.user.roles, 'customers.read')) return;
      void desk.openCustomer.poll();
    }, periods.customerPollMs ?? DEFAULT_CUSTOMER_POLL_MS),
  ];
  return {
    idle,
    stop: () => {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
