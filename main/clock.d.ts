export interface Clock {
    now(): number;
}
export declare const systemClock: Clock;
