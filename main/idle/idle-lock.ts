// The desk's one idle clock. It locks the session after policy's idle minutes,
// and at once on an OS lock screen or suspend; the renderer's countdown only
// displays what check() returns (pushed as idle.countdown), so the countdown
// and the lock can never disagree. The idle source is passed in: in the app it
// is Electron's powerMonitor (system-wide input), in tests a function.
import type { LockReason } from '../session/session-service.ts';

export interface IdleLockOptions {
  readonly idleLockMinutes: number;
  /** Seconds since the last keyboard or mouse input on this machine. */
  readonly idleSeconds: () => number;
  readonly lock: (reason: LockReason) => void;
}

export interface IdleLock {
  /** Run on a timer; locks when the machine has been idle long enough. Returns the whole seconds left before the lock (0: it just locked). */
  check(): number;
  osLocked(): void;
  suspended(): void;
}

export function createIdleLock(options: IdleLockOptions): IdleLock {
  const limitSeconds = options.idleLockMinutes * 60;
  return {
    check() {
      const left = Math.max(0, Math.ceil(limitSeconds - options.idleSeconds()));
      if (left === 0) options.lock('idle');
      return left;
    },
    osLocked() {
      options.lock('os_lock');
    },
    suspended() {
      options.lock('suspend');
    },
  };
}
