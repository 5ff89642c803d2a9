// The live feed's commit hook (PostgreSQL LISTEN/NOTIFY, store.onFeedCommit) under a
// failing dependency: its dedicated connection is ended by the server
// (pg_terminate_backend, as a failover or an idle-connection killer would) while a
// supervisor watches a stream on the other instance. The feed must keep
// delivering without waiting for the slow poll, which is set out of reach here.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';
import { postgresAdminUrl } from '../../harness/database/test-database.ts';

const LISTENERS = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN %'";
const opened: RunningGateway[] = [];
afterAll(async () => {
  for (const gw of opened.reverse()) await gw.close();
});

async function withAdmin<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** The number of LISTEN connections on the database once it reaches `want`, or when `withinMs` ran out. */
async function listenersWithin(database: string, want: number, withinMs: number): Promise<number | null> {
  const until = Date.now() + withinMs;
  for (;;) {
    const count = await withAdmin(async (admin) => (await admin.query(LISTENERS, [database])).rowCount);
    if (count === want || Date.now() > until) return count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the feed commit hook whose LISTEN connection is killed', () => {
  it('reconnects and still wakes the other instance: 5 kills, each followed by an event from A that a stream on B sees within 4 s', async () => {
    // The slow poll would hide a dead hook: it is pushed past the test's length.
    const a = await startGateway({ config: { authRateLimitPerMinute: 100_000, limits: { connectionsPerIp: 1_000 }, stream: { feedPollMs: 600_000 } }, customers: 2 });
    opened.push(a);
    if (a.database === undefined) throw new Error('PostgreSQL only');
    const b = await startSecondInstance(a);
    opened.push(b);
    const name = new URL(a.database).pathname.slice(1);
    const desk = new TestDevice();
    const { token } = await a.login('agent.ana', { device: desk });
    const { token: supervisor } = await b.login('sup.sara');
    const stream = await watchStream(`${b.url}/v1/supervisor/stream`, supervisor);
    try {
      for (let round = 0; round < 5; round++) {
        // Both hooks are back from the last round (each reconnects about a second after it lost its connection).
        expect(await listenersWithin(name, 2, 5_000), `round ${round}: LISTEN connections before the kill`).toBe(2);
        const killed = await withAdmin(async (admin) => (await admin.query(`SELECT pg_terminate_backend(pid) FROM (${LISTENERS}) l`, [name])).rowCount);
        expect(killed, `round ${round}: both instances had a LISTEN connection`).toBe(2);
        // Half the rounds commit while no one listens, half once both hooks are back (the state itself, not a pause).
        if (round % 2 === 1) expect(await listenersWithin(name, 2, 5_000), `round ${round}: LISTEN connections back before the commit`).toBe(2);
        const event = desk.event();
        expect((await a.route('auditBatches', { token, body: desk.batch(desk.append([event])) })).status).toBe(200);
        await stream.waitFor((e) => e.type === 'audit' && e.data.event.id === event.id);
      }
      // And the hooks are back: one LISTEN connection per instance, not zero and not leaked extras.
      expect(await listenersWithin(name, 2, 5_000)).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await withAdmin(async (admin) => (await admin.query(LISTENERS, [name])).rowCount)).toBe(2);
    } finally {
      stream.close();
    }
  });
});
