// The session watch's costs on each engine (SQLite in a temp folder, then a
// throwaway PostgreSQL cluster when its binaries are here), in process:
// - the slow re-check: one read of which of 5,000 held sessions are still live
//   (every sessionWatch.recheckMs, 10 s by default, instead of 5,000 reads a
//   second), 20 times;
// - the end of one session among 5,000 held watches on this instance: from
//   presence.sessionEnded to its watch answered, 50 times.
// Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildGateway } from '../server/app.ts';
import { onEachEngine } from './each-engine.ts';
import { seedDemo } from '../server/seed/demo-seed.ts';

const SESSIONS = 5_000;
const RECHECKS = 20;
const ENDS = 50;

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(3));
  return { p50: at(50), p95: at(95), max: at(100) };
};

async function runOn(database: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-watch-bench-'));
  // Held far longer than the run, never re-checked on its own: only what the run does answers a watch.
  const gateway = await buildGateway({ dataDir, database, logLevel: 'silent', config: { sessionWatch: { holdMs: 600_000, recheckMs: 3_600_000, maxTotal: SESSIONS } } });
  try {
    await seedDemo(gateway.store, gateway.seal, gateway.pepper);
    const ana = await gateway.store.identity.findUserById('u-agent-ana');
    if (ana === null) throw new Error('the demo data has no agent.ana');
    const now = Date.now();
    const familyIds = Array.from({ length: SESSIONS }, (_, i) => `bench-family-${i}`);
    for (const familyId of familyIds) {
      const opened = await gateway.store.identity.createSessionFamily({ familyId, userId: ana.userId, deviceId: `bench-desk-${familyId}`, createdAt: now, expiresAt: now + 3_600_000 }, ana);
      if (!opened) throw new Error('a session could not be opened');
    }
    const recheck: number[] = [];
    for (let i = 0; i < RECHECKS; i++) {
      const started = performance.now();
      const live = await gateway.store.identity.liveFamilyIds(familyIds, Date.now());
      recheck.push(performance.now() - started);
      if (live.size !== SESSIONS) throw new Error(`${live.size} of ${SESSIONS} sessions read as live`);
    }
    const gone = new AbortController();
    const answers = familyIds.map((familyId) =>
      gateway.watches.hold({ userId: ana.userId, username: ana.username, roles: ana.roles, deviceId: `bench-desk-${familyId}`, familyId, pendingSetup: [] }, gone.signal),
    );
    const ends: number[] = [];
    for (let i = 0; i < ENDS; i++) {
      const familyId = familyIds[i] ?? '';
      const started = performance.now();
      await gateway.store.identity.revokeFamily(familyId, Date.now());
      await gateway.presence.sessionEnded({ deviceId: `bench-desk-${familyId}`, familyId });
      if ((await answers[i]) !== 'ended') throw new Error('a watch was not ended');
      ends.push(performance.now() - started);
    }
    gone.abort();
    await Promise.all(answers);
    return {
      engine: database === undefined ? 'sqlite' : 'postgres',
      heldSessions: SESSIONS,
      recheckReadMs: percentiles(recheck),
      sessionEndToWatchAnsweredMs: percentiles(ends),
    };
  } finally {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = await onEachEngine(runOn);
process.stdout.write(`${JSON.stringify({ bench: 'session-watch', results }, null, 2)}\n`);
