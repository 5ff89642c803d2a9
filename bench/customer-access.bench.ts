// What one agent token can pull from the gateway's customer routes: card-number
// guesses per second (the BIN + last 4 oracle), full records per second, and
// how many of each the gateway lets through. Real gateway on 127.0.0.1. Prints JSON.
import { luhnValid } from '../shared/pan.ts';
import { startGateway } from '../test/harness/gateway/gateway.ts';

const GUESSES = 600;
const RECORDS = 300;
const PARALLEL = 8;

/** Candidate PANs as an attacker who knows BIN 411111 and last 4 1111 would try them. */
const guesses = Array.from({ length: GUESSES * 10 }, (_, i) => `411111${String(i).padStart(6, '0')}1111`)
  .filter(luhnValid)
  .slice(0, GUESSES);

const gw = await startGateway({ customers: RECORDS + 10, config: { authRateLimitPerMinute: 10_000 } });
try {
  const { token } = await gw.login('agent.ana');
  const run = async (paths: readonly (() => Promise<number>)[]) => {
    const statuses: number[] = [];
    const start = performance.now();
    for (let i = 0; i < paths.length; i += PARALLEL) {
      statuses.push(...(await Promise.all(paths.slice(i, i + PARALLEL).map((send) => send()))));
    }
    const seconds = (performance.now() - start) / 1000;
    const count = (status: number): number => statuses.filter((s) => s === status).length;
    return { requests: paths.length, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(paths.length / seconds), ok: count(200), refused429: count(429) };
  };
  const cardLookups = await run(
    guesses.map((value) => async () => (await gw.route('lookup', { token, body: { by: 'card', value } })).status),
  );
  const recordReads = await run(
    Array.from({ length: RECORDS }, (_, i) => async () => (await gw.call('GET', `/v1/customers/CUS-${String(i + 1).padStart(6, '0')}`, { token })).status),
  );
  let gatewayEvents = 0;
  for (const type of ['customer.lookup', 'customer.view'] as const) {
    let cursor: string | undefined;
    do {
      const page = await gw.gateway.store.audit.search({ userId: 'u-agent-ana', type, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
      gatewayEvents += page.events.filter((e) => e.deviceId === 'gateway').length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'customer-access',
        node: process.version,
        at: new Date().toISOString(),
        parallel: PARALLEL,
        config: gw.gateway.config.customerAccess,
        cardLookups,
        recordReads,
        gatewayAuditEventsForAgent: gatewayEvents,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await gw.close();
}
