// The rolling ingest quota under generated request sequences: whatever arrives,
// no window ever holds more than its quota, a refusal's Retry-After is honest
// (the same request fits once it has passed), and a request that can never fit
// says so instead of naming a time. The windows are real rows in a real
// SQLite database (in memory: 10,000 cases of writes) with the gateway's live-state
// tables; each case uses its own subjects.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestQuotas } from '../../../server/audit/ingest-quota.ts';
import type { IngestQuota } from '../../../server/config.ts';
import { liveStateStore } from '../../../server/storage/live/open.ts';
import { liveSchemaStatements } from '../../../server/storage/live/schema.ts';
import type { LiveTables } from '../../../server/storage/live/tables.ts';
import { assertAsyncProperty } from '../../harness/arbitraries/property.ts';

const QUOTAS: IngestQuota[] = [
  { windowSeconds: 10, maxEvents: 50, maxBytes: 5_000 },
  { windowSeconds: 60, maxEvents: 120, maxBytes: 12_000 },
];

const request = fc.record({
  gapMs: fc.integer({ min: 0, max: 4_000 }),
  key: fc.constantFrom('device:a', 'device:b'),
  events: fc.integer({ min: 0, max: 60 }),
  bytes: fc.integer({ min: 0, max: 6_000 }),
});

const db = new Kysely<LiveTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
for (const statement of liveSchemaStatements('sqlite')) await sql.raw(statement).execute(db);
const live = liveStateStore({ db, engine: 'sqlite' });
afterAll(async () => {
  await db.destroy();
});
let caseNumber = 0;

describe('IngestQuotas', () => {
  it('never lets any window pass its quota, and a Retry-After is enough to get in', { timeout: 600_000 }, async () => {
    await assertAsyncProperty(
      // Up to 12 requests: gaps of up to 4 s cross both windows, and a case's cost grows with its square (the probes replay it).
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (requests) => {
        caseNumber += 1;
        // Subjects of their own: this case's windows start empty, as on a fresh gateway.
        const subject = (key: string, copy = 'case'): string => `${copy}${caseNumber}:${key}`;
        const quotas = new IngestQuotas(live.ingestCharges, QUOTAS);
        const admitted: { at: number; key: string; events: number; bytes: number }[] = [];
        let now = 0;
        let probes = 0;
        for (const r of requests) {
          now += r.gapMs;
          const keys = [subject(r.key), subject('user:u')];
          const decision = await quotas.charge(keys, now, r);
          const neverFits = QUOTAS.some((q) => r.events > q.maxEvents || r.bytes > q.maxBytes);
          if (decision.ok) {
            admitted.push({ at: now, ...r });
          } else if (decision.retryAfterMs === null) {
            expect(neverFits).toBe(true);
          } else {
            expect(decision.retryAfterMs).toBeGreaterThan(0);
            // A probe on a copy of the state: the same request, once Retry-After has passed, fits.
            probes += 1;
            const copy = `probe${probes}-`;
            for (const a of admitted) await quotas.charge([subject(a.key, copy), subject('user:u', copy)], a.at, a);
            expect((await quotas.charge([subject(r.key, copy), subject('user:u', copy)], now + decision.retryAfterMs, r)).ok).toBe(true);
          }
          for (const q of QUOTAS) {
            for (const key of ['device:a', 'device:b', 'user:u']) {
              const inWindow = admitted.filter((a) => (key === 'user:u' || a.key === key) && a.at > now - q.windowSeconds * 1000);
              expect(inWindow.reduce((s, a) => s + a.events, 0)).toBeLessThanOrEqual(q.maxEvents);
              expect(inWindow.reduce((s, a) => s + a.bytes, 0)).toBeLessThanOrEqual(q.maxBytes);
            }
          }
        }
        const stored = await live.ingestCharges.recent([subject('device:a'), subject('device:b')], -1);
        expect(stored.length).toBe(admitted.length);
      }),
    );
  });

  it('admits parallel charges of one desk only up to the quota', async () => {
    const quotas = new IngestQuotas(live.ingestCharges, QUOTAS);
    const decisions = await Promise.all(Array.from({ length: 10 }, () => quotas.charge(['parallel:device', 'parallel:user'], 1_000, { events: 20, bytes: 0 })));
    expect(decisions.filter((d) => d.ok)).toHaveLength(2);
    const refusedRetryAfters = decisions.flatMap((d) => (d.ok ? [] : [d.retryAfterMs]));
    expect(refusedRetryAfters).toHaveLength(8);
    expect(refusedRetryAfters.every((ms) => ms !== null && ms > 0)).toBe(true);
  });
});
