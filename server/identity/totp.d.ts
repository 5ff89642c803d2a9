export type TotpCheck = {
    readonly valid: true;
    readonly timeStep: number;
} | {
    readonly valid: false;
};
export declare function newTotpSecret(): string;
export declare function checkTotp(secret: string, code: string, nowMs: number, lastTimeStep: number | null): Promise<TotpCheck>;
/** The current code, for the demo printout and for tests acting as an authenticator app. */
export declare function currentTotp(secret: string, nowMs: number): Promise<string>;
