// The store's atomic steps raced with Promise.all against the real engine. On
// PostgreSQL the callers are split over two stores on one database (two gateway
// instances, two connection pools), so nothing in one process can serialise
// them: only the database does. SQLite has one gateway per file. The steps that
// serialise on a key (PostgreSQL's advisory locks, through one function) race
// here too, and the live feed's commit hook is made to throw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import { accountRecord } from '../../harness/gateway/accounts.ts';
import { storeServices } from '../../harness/database/store-services.ts';
import { manualClock } from '../../harness/clock/clock.ts';
import type { GatewayStore, StoredEntry } from '../../../server/storage/store.ts';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';
import { dropTestDatabase, testDatabaseFor, TEST_ENGINE } from '../../harness/database/test-database.ts';

let dir: string;
let stores: GatewayStore[] = [];
/** The store the i-th caller uses: alternating instances on PostgreSQL. */
const via = (i: number): GatewayStore => {
  const store = stores[i % stores.length];
  if (store === undefined) throw new Error('no store open');
  return store;
};
const first = (): GatewayStore => via(0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-races-'));
  const database = await testDatabaseFor(dir);
  const a = await openStore({ dataDir: dir, database });
  stores = TEST_ENGINE === 'postgres' ? [a, await openStore({ dataDir: dir, database })] : [a];
  await a.identity.createUser(
    accountRecord({ userId: 'u-race', username: 'race.user', displayName: 'Race User', passwordHash: '$argon2id$unused', createdAt: Date.now() }),
  );
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

const race = <T>(n: number, run: (store: GatewayStore, i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => run(via(i), i)));
const fulfilled = <T>(results: PromiseSettledResult<T>[]): T[] => results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));

const presenceEvent = (n: number): SupervisorStreamEvent => ({
  type: 'presence',
  data: { userId: `u-${n}`, username: `user.${n}`, displayName: `User ${n}`, deviceId: `desk-${n}`, state: 'offline', captureProtection: null,
    queueDepth: 0, appVersion: null, lastSeenAt: null, stateSince: null, auditIntegrity: null },
});

describe(`atomic steps under parallel callers (${TEST_ENGINE})`, () => {
  it('counts 40 parallel failed sign-ins exactly once each', async () => {
    const charges = fulfilled(await race(40, (store) => store.identity.chargeFailedAttempt('u-race', Date.now())));
    expect(charges.map((c) => c.failedAttempts).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await first().identity.findUserById('u-race'))?.failedAttempts).toBe(40);
  });

  it('spends a TOTP step once of 20 tries', async () => {
    const won = fulfilled(await race(20, (store) => store.identity.consumeTotpStep('u-race', 1_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('uses a refresh token and a login challenge once of 20 tries each', async () => {
    const now = Date.now();
    const user = await first().identity.findUserById('u-race');
    if (user === null) throw new Error('u-race is seeded above');
    expect(await first().identity.createSessionFamily({ familyId: 'f-race', userId: 'u-race', deviceId: 'desk-race', createdAt: now, expiresAt: now + 60_000 }, user)).toBe(true);
    await first().identity.insertRefreshToken({ tokenHash: 'h-race', familyId: 'f-race', userId: 'u-race', deviceId: 'desk-race', expiresAt: now + 60_000, usedAt: null });
    await first().identity.insertChallenge({ nonce: 'n-race', deviceId: 'desk-race', expiresAt: now + 60_000 }, now);
    const tokens = fulfilled(await race(20, (store) => store.identity.consumeRefreshToken('h-race', now)));
    const challenges = fulfilled(await race(20, (store) => store.identity.consumeChallenge('n-race', 'desk-race', now)));
    expect(tokens.filter(Boolean)).toHaveLength(1);
    expect(challenges.filter(Boolean)).toHaveLength(1);
  });

  it('stores a device chain sequence once when 10 appends of it race, and keeps the winner as the head', async () => {
    const entry = (i: number): StoredEntry => ({
      deviceId: 'desk-race',
      seq: 1,
      prevHash: GENESIS_HASH,
      hash: i.toString(16).padStart(64, '0'),
      event: sampleAuditEvent({ origin: { deviceId: 'desk-race', appVersion: '0.1.0', host: 'desk-race' } }),
      receivedAt: new Date().toISOString(),
    });
    const results = await race(10, (store, i) => store.audit.appendBatch([entry(i)], null));
    expect(fulfilled(results)).toHaveLength(1);
    const stored = await first().audit.entryHashes('desk-race', 1, 1);
    expect(stored.size).toBe(1);
    expect((await first().audit.head('desk-race'))?.hash).toBe(stored.get(1));
    // The next sequence races the same way from the stored head.
    const next = await race(10, (store, i) => store.audit.appendBatch([{ ...entry(i), seq: 2, prevHash: stored.get(1) ?? '' }], null));
    expect(fulfilled(next)).toHaveLength(1);
    expect((await first().audit.head('desk-race'))?.seq).toBe(2);
  });

  it('admits exactly the cap of 60 parallel quota uses', async () => {
    const at = Date.now();
    const decisions = fulfilled(await race(60, (store) => store.customers.takeQuota({ quota: 'card_lookup', subject: 'u-race', amount: 1, limit: 20, windowMs: 60_000, at })));
    expect(decisions).toHaveLength(60);
    expect(decisions.filter((d) => d.admitted)).toHaveLength(20);
    expect(Math.max(...decisions.map((d) => d.used))).toBe(20);
  });

  it('keeps every one of 15 parallel acks of one alert, numbered without a gap', async () => {
    const at = new Date().toISOString();
    await first().alerts.foldOrInsert({
      alertId: 'a-race',
      kind: 'sync_lag',
      severity: 'warning',
      raisedAt: at,
      userId: 'u-race',
      deviceId: 'desk-race',
      message: 'Audit sync is behind',
      status: 'open',
      occurrences: 1,
      lastOccurredAt: at,
      acks: [],
    });
    const results = await race(15, (store, i) => store.alerts.appendAck('a-race', { by: 'u-sup', at, note: `ack ${i}` }));
    expect(fulfilled(results)).toHaveLength(15);
    const acks = (await first().alerts.find('a-race'))?.acks ?? [];
    expect(acks.map((a) => a.note).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `ack ${i}`).sort());
  });

  it("keeps the gateway's own chain whole when every instance records at once (the loser of a sequence links to the winner)", async () => {
    const clock = manualClock(Date.now());
    const wired = stores.map((store) => ({ store, ...storeServices(store, clock, (error) => {
      throw error;
    }) }));
    const audits = new Map(wired.map((w) => [w.store, w.audit]));
    const before = (await first().audit.head(GATEWAY_DEVICE_ID))?.seq ?? 0;
    const actor = { userId: 'u-race', username: 'race.user', roles: ['agent' as const] };
    const recorded = await race(20, (store, i) => {
      const audit = audits.get(store);
      if (audit === undefined) throw new Error('no audit for the store');
      return audit.record({ type: 'customer.view', outcome: 'success', actor, target: { kind: 'customer', id: `CUS-${i}` } });
    });
    expect(fulfilled(recorded)).toHaveLength(20);
    const head = await first().audit.head(GATEWAY_DEVICE_ID);
    expect(head?.seq).toBe(before + 20);
    const hashes = await first().audit.entryHashes(GATEWAY_DEVICE_ID, 1, before + 20);
    expect(hashes.size).toBe(before + 20);
    await Promise.all(wired.map((w) => w.liveFeed.stop()));
  });
});

describe(`steps serialised on one key, raced across instances (${TEST_ENGINE})`, () => {
  it('counts 30 parallel hits of one window subject as 1..30, each once', async () => {
    const at = Date.now();
    const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => via(i).live.windows.hit('seams', 'subject-a', at, 60_000)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('admits exactly the quota of 20 parallel ingest charges sharing subjects', async () => {
    const now = Date.now();
    const quotas = [{ windowSeconds: 60, maxEvents: 7, maxBytes: 1_000_000 }];
    // Two subjects in both orders: the locks are taken sorted, so no two charges deadlock.
    const subjects = (i: number) => (i % 2 === 0 ? ['seams:x', 'seams:y'] : ['seams:y', 'seams:x']);
    const admitted = await Promise.all(Array.from({ length: 20 }, (_, i) => via(i).live.ingestCharges.charge(subjects(i), now, { events: 1, bytes: 1 }, quotas)));
    expect(admitted.filter(Boolean)).toHaveLength(7);
  });

  it('gives 20 parallel feed appends distinct ids, all readable in id order', async () => {
    const before = await via(0).live.feed.lastId();
    const ids = (await Promise.all(Array.from({ length: 20 }, (_, i) => via(i).live.feed.append([presenceEvent(i)], Date.now())))).flat();
    expect(new Set(ids).size).toBe(20);
    const read = await via(1).live.feed.after(before, 100);
    expect(read.map((e) => e.id)).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe.runIf(TEST_ENGINE === 'postgres')("the live feed's commit hook across instances (PostgreSQL)", () => {
  it('reports a hook that throws and keeps running it for later commits, until closed', async () => {
    const [listening, writing] = stores;
    if (listening === undefined || writing === undefined) throw new Error('two stores expected');
    let calls = 0;
    const errors: unknown[] = [];
    const subscription = await listening.onFeedCommit(() => {
      calls += 1;
      throw new Error(`hook failure ${calls}`);
    }, (error) => errors.push(error));
    // The hook runs once on connecting (whatever was committed while no one listened).
    await expect.poll(() => calls).toBe(1);
    await writing.live.feed.append([presenceEvent(1)], Date.now());
    await expect.poll(() => calls).toBe(2);
    await writing.live.feed.append([presenceEvent(2)], Date.now());
    await expect.poll(() => calls).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['hook failure 1', 'hook failure 2', 'hook failure 3']);
    await subscription.close();
    await writing.live.feed.append([presenceEvent(3)], Date.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(3);
  });
});

describe.runIf(TEST_ENGINE === 'sqlite')("the live feed's commit hook (SQLite)", () => {
  it('never runs: one gateway per file, whose feed wakes itself', async () => {
    const store = via(0);
    let calls = 0;
    const subscription = await store.onFeedCommit(() => {
      calls += 1;
    }, () => undefined);
    await store.live.feed.append([presenceEvent(1)], Date.now());
    await subscription.close();
    expect(calls).toBe(0);
  });
});
