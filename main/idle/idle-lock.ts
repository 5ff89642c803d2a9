// Locks the session after policy's idle minutes, and at once on an OS lock
// screen or suspend. The idle source and the clock are passed in: in the app
// they are Electron's powerMonitor, in tests a function.
import type { LockReason } from '../session/session-service.ts';

export interface IdleLockOptions {
  readonly idleLockMinutes: number;
  /** Seconds since the last keyboard or mouse input on this machine. */
  readonly idleSeconds: () => number;
  readonly lock: (reason: LockReason) => void;
}

export interface IdleLock {
  /** Run on a timer (every 15 s in the app); locks when the machine has been idle long enough. */
  check(): void;
  osLocked(): void;
  suspended(): void;
}

export function createIdleLock(options: IdleLockOptions): IdleLock {
  const limitSeconds = options.idleLockMinutes * 60;
  return {
    check() {
      if (options.idleSeconds() >= limitSeconds) options.lock('idle');
    },
    osLocked() {
      options.lock('os_lock');
    },
    suspended() {
      options.lock('suspend');
    },
  };
}
