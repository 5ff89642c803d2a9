import type { PushEventName } from '../shared/contract/push-events.ts';
import type { DeskServices } from './desk-services.ts';
import { type IdleLock } from './idle/idle-lock.ts';
export interface DeskTimerOptions {
    readonly desk: DeskServices;
    /** Seconds since the last input on this machine (powerMonitor in the app). */
    readonly idleSeconds: () => number;
    readonly push: (event: PushEventName, payload: unknown) => void;
    readonly periods: {
        readonly idleCheckMs: number;
        readonly syncMs: number;
        readonly heartbeatMs: number;
    };
}
export interface DeskTimers {
    /** For the OS lock-screen and suspend signals. */
    readonly idle: IdleLock;
    stop(): void;
}
export declare function startDeskTimers(options: DeskTimerOptions): DeskTimers;
