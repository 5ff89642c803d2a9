// A simulated month for the daily log review (issue 26): agents on signed test
// desks working the gateway over real HTTP on a manual clock, one UTC day at a
// time, each desk enrolled once (so its sign-ins are not new enrolments).
import { createAccount } from '../gateway/accounts.ts';
import type { RunningGateway } from '../gateway/gateway.ts';
import { TestDevice } from '../device/device.ts';
import { STANDARD_TEST_PANS } from '../arbitraries/pan-arbitraries.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export interface Desk {
  readonly userId: string;
  readonly username: string;
  readonly device: TestDevice;
  /** Signs in now; throws unless the gateway let it. */
  signIn(): Promise<string>;
}

const PASSWORD = 'Quiet harbour lanterns drift 42';

/** An agent account (set up, no MFA) with its one desk. */
export async function agentDesk(gw: RunningGateway, n: number): Promise<Desk> {
  const userId = `u-month-${n}`;
  const username = `month.agent${n}`;
  await createAccount(gw.gateway, { userId, username, createdAt: gw.clock.now(), password: PASSWORD });
  const device = new TestDevice(`desk-month-${n}`);
  return {
    userId,
    username,
    device,
    async signIn() {
      const answer = await gw.attemptLogin(username, PASSWORD, { device });
      if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${answer.text}`);
      return answer.body.tokens.accessToken;
    },
  };
}

/** A demo account (its TOTP computed by the harness) with its one desk. */
export function demoDesk(gw: RunningGateway, username: string, userId: string): Desk {
  const device = new TestDevice();
  return { userId, username, device, signIn: async () => (await gw.login(username, { device })).token };
}

/** The standard test PAN at `i`, for a card lookup (the lookup's result does not matter to the review). */
export const testPan = (i: number): string => STANDARD_TEST_PANS[i % STANDARD_TEST_PANS.length] ?? '';

export const customerId = (n: number): string => `CUS-${String(n).padStart(6, '0')}`;

/** Midnight UTC of the day `days` after the one holding `ms`. */
export const midnightAfter = (ms: number, days: number): number => Math.floor(ms / DAY_MS) * DAY_MS + days * DAY_MS;

export const dayString = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Answers the call, or throws with what the gateway said. */
export async function ok<T extends { status: number; text: string }>(answer: Promise<T>, what: string): Promise<T> {
  const done = await answer;
  if (done.status !== 200) throw new Error(`${what}: ${done.status} ${done.text.slice(0, 300)}`);
  return done;
}
