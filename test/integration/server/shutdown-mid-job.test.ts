// Shutdown while a repeating background job (the presence sweep) is mid-run: the
// lifecycle closes the jobs before the store, so a run already under way must
// finish against an open store, not meet a destroyed one after close() resolved.
// The chain verifier, the inactivity sweep and retention already wait for their
// pass in progress (their stop()); this holds the repeating jobs to the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway } from '../../../server/app.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('close() while the presence sweep is mid-run', () => {
  it('waits for the run, whose store reads then succeed; nothing touches the store after close() resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-shutdown-job-'));
    folders.push(dir);
    const gateway = await buildGateway({ dataDir: dir, database: await testDatabaseFor(dir), logLevel: 'silent' });
    const outcome: { reads: number; failure: unknown; finishedAt: number | null } = { reads: 0, failure: null, finishedAt: null };
    let began: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      began = resolve;
    });
    // The sweep of this gateway, slowed: it keeps reading the store for 400 ms once it starts.
    gateway.presence.sweep = async () => {
      began();
      try {
        for (let i = 0; i < 8; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await gateway.store.identity.findUserByUsername('nobody');
          outcome.reads++;
        }
      } catch (error) {
        outcome.failure = error;
      } finally {
        outcome.finishedAt = Date.now();
      }
    };
    // The sweep runs every 5 s from the gateway's start.
    await running;
    await gateway.close();
    const closedAt = Date.now();
    // Long enough for a run that close() left behind to finish (or fail) after it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(outcome.failure).toBeNull();
    expect(outcome.reads).toBe(8);
    expect(outcome.finishedAt).not.toBeNull();
    expect(outcome.finishedAt ?? Infinity).toBeLessThanOrEqual(closedAt);
  }, 20_000);
});
