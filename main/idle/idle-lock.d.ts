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
export declare function createIdleLock(options: IdleLockOptions): IdleLock;
