// TOTP (RFC 6238) through otplib. A code is accepted once: its time step must be
// later than the last accepted one (replay protection within the window).
import { generate, generateSecret, verify } from 'otplib';

/** One step either side of now, for clock drift between the desk and the gateway. */
const TOLERANCE_SECONDS = 30;

export type TotpCheck = { readonly valid: true; readonly timeStep: number } | { readonly valid: false };

export function newTotpSecret(): string {
  return generateSecret();
}

export async function checkTotp(secret: string, code: string, nowMs: number, lastTimeStep: number | null): Promise<TotpCheck> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastTimeStep === null ? {} : { afterTimeStep: lastTimeStep }),
  });
  // The TOTP strategy's result carries the matched time step; HOTP's would not.
  return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
}

/** The current code, for the demo printout and for tests acting as an authenticator app. */
export function currentTotp(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) });
}
