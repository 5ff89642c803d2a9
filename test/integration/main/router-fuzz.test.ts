// Random and hostile payloads at every channel of a router wired to real
// services: it always answers a typed result, never throws, never crashes, and
// never lets a stack trace or a PAN through.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../shared/contract/channels.ts';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { findPans } from '../../../shared/pan.ts';
import { createHandlers } from '../../../main/ipc/handlers.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let desk: TestDesk;
beforeAll(async () => {
  gw = await startGateway({ customers: 3, config: { authRateLimitPerMinute: 100_000 } });
  desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
});
afterAll(async () => {
  await desk.close();
  await gw.close();
});

const names = Object.keys(channels);
const RUNS = 2500;
const AGENT = { username: 'agent.ana', password: 'desk-demo-ana-2026' };
const hostile = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.constantFrom(
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}') as unknown,
    { by: 'card', value: '4111 1111 1111 1111'.repeat(50) },
    { by: 'customerId', value: "CUS-1' OR '1'='1" },
    { username: 'a'.repeat(1_000_000), password: 'x' },
    { text: '\u0000\ud800', customerId: 'CUS-000001' },
    { url: 'javascript:alert(1)' },
    Number.NaN,
    -0,
    () => 1,
    Symbol('s'),
  ),
);

function expectTyped(result: unknown): void {
  expect(typeof result).toBe('object');
  const r = result as { ok: boolean; error?: { code: string; message: string } };
  // The envelope carries its fields and nothing else: no stack, no cause, no echo of the request.
  expect(Object.keys(r).sort()).toEqual(r.ok ? ['ok', 'value'] : ['error', 'ok']);
  if (r.ok) return;
  for (const key of Object.keys(r.error ?? {})) expect(['code', 'message', 'retryAfterSeconds']).toContain(key);
  expect(ERROR_CODES).toContain(r.error?.code);
  expect(typeof r.error?.message).toBe('string');
  expect(r.error?.message).not.toMatch(/\n\s+at /);
  expect(findPans(JSON.stringify(result))).toEqual([]);
}

describe('IPC router under fuzz', () => {
  it('has a handler for every contract channel', () => {
    const handlers = createHandlers({
      session: desk.session,
      companySignIn: desk.companySignIn,
      api: desk.api,
      syncStatus: () => desk.sync.status(),
      appStatus: () => desk.appStatus(),
      supervisorStreamState: () => desk.supervisorStream.state(),
      externalAllowlist: [],
      openExternal: () => Promise.resolve(),
      openCustomer: desk.openCustomer,
      wallboard: desk.wallboard,
    });
    expect(Object.keys(handlers).sort()).toEqual([...names].sort());
  });

  it(`answers ${RUNS} random payloads on every channel signed out, and ${RUNS} signed in, with typed results`, async () => {
    // A random call may lock or sign the session out; the signed-in half signs back in before each case, and counts them.
    const ensureSignedIn = async (): Promise<void> => {
      const status = desk.session.state().status;
      if (status === 'locked') await desk.router.handle('session.unlock', { password: AGENT.password });
      if (status === 'signed_out') await desk.router.handle('session.login', AGENT);
      expect(desk.session.state().status).toBe('active');
    };
    const cases = { signedOut: 0, signedIn: 0 };
    for (const signedIn of [false, true]) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constantFrom(...names), fc.string()), hostile, async (channel, payload) => {
          if (signedIn) await ensureSignedIn();
          else if (desk.session.state().status !== 'signed_out') await desk.session.logout();
          cases[signedIn ? 'signedIn' : 'signedOut'] += 1;
          expectTyped(await desk.router.handle(channel, payload));
        }),
        { numRuns: RUNS },
      );
    }
    expect(cases).toEqual({ signedOut: RUNS, signedIn: RUNS });
    expect((await desk.router.handle('app.status', {})).ok).toBe(true);
  }, 300_000);
});
