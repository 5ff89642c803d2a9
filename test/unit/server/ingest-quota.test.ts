// The rolling ingest quota under generated request sequences: whatever arrives,
// no window ever holds more than its quota, a refusal's Retry-After is honest
// (the same request fits once it has passed), and a request that can never fit
// says so instead of naming a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestQuotas } from '../../../server/audit/ingest-quota.ts';
import type { IngestQuota } from '../../../server/config.ts';
import { assertProperty } from '../../support/property.ts';

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

describe('IngestQuotas', () => {
  it('never lets any window pass its quota, and a Retry-After is enough to get in', () => {
    assertProperty(
      fc.property(fc.array(request, { minLength: 1, maxLength: 20 }), (requests) => {
        const quotas = new IngestQuotas(QUOTAS);
        const admitted: { at: number; key: string; events: number; bytes: number }[] = [];
        let now = 0;
        for (const r of requests) {
          now += r.gapMs;
          const keys = [r.key, 'user:u'];
          const decision = quotas.charge(keys, now, r);
          const neverFits = QUOTAS.some((q) => r.events > q.maxEvents || r.bytes > q.maxBytes);
          if (decision.ok) {
            admitted.push({ at: now, ...r });
          } else if (decision.retryAfterMs === null) {
            expect(neverFits).toBe(true);
          } else {
            expect(decision.retryAfterMs).toBeGreaterThan(0);
            // A probe on a copy of the state: the same request, once Retry-After has passed, fits.
            const probe = new IngestQuotas(QUOTAS);
            for (const a of admitted) probe.charge([a.key, 'user:u'], a.at, a);
            expect(probe.charge(keys, now + decision.retryAfterMs, r).ok).toBe(true);
          }
          for (const q of QUOTAS) {
            for (const key of ['device:a', 'device:b', 'user:u']) {
              const inWindow = admitted.filter((a) => (key === 'user:u' || a.key === key) && a.at > now - q.windowSeconds * 1000);
              expect(inWindow.reduce((s, a) => s + a.events, 0)).toBeLessThanOrEqual(q.maxEvents);
              expect(inWindow.reduce((s, a) => s + a.bytes, 0)).toBeLessThanOrEqual(q.maxBytes);
            }
          }
        }
      }),
    );
  });
});
