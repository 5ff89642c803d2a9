export interface ManualClock {
    now(): number;
    advance(ms: number): void;
    set(ms: number): void;
}
export declare function manualClock(start?: number): ManualClock;
