// The seams of the store's one abstraction, attacked on the run's engine: the
// steps that serialise on one key (through the one advisory-lock function on
// PostgreSQL) raced from two instances, and the live feed's commit hook when it
// throws. On PostgreSQL the callers are split over two stores on one database;
// SQLite has one gateway per file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import type { GatewayStore } from '../../../server/storage/store.ts';
import { dropTestDatabase, testDatabaseFor, TEST_ENGINE } from '../../support/test-database.ts';

let dir: string;
let stores: GatewayStore[] = [];
const via = (i: number): GatewayStore => {
  const store = stores[i % stores.length];
  if (store === undefined) throw new Error('no store open');
  return store;
};
const presenceEvent = (n: number): SupervisorStreamEvent => ({
  type: 'presence',
  data: { userId: `u-${n}`, username: `user.${n}`, displayName: `User ${n}`, deviceId: `desk-${n}`, state: 'offline', captureProtection: null,
    queueDepth: 0, appVersion: null, lastSeenAt: null, stateSince: null, auditIntegrity: null },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-seams-'));
  const database = await testDatabaseFor(dir);
  const a = await openStore({ dataDir: dir, database });
  stores = TEST_ENGINE === 'postgres' ? [a, await openStore({ dataDir: dir, database })] : [a];
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
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
