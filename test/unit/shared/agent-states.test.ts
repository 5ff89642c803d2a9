// Reading an agent's states back from the audit trail: segments that tile the
// range exactly, whatever order and duplication the events arrive in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_EVENT_TYPES, stateSegments, timeInState } from '../../../shared/agent-states.ts';
import type { AuditEventType } from '../../../shared/audit.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

const FROM = Date.parse('2026-11-30T08:00:00.000Z');
const TO = Date.parse('2026-11-30T18:00:00.000Z');
const range = { from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() };
const at = (minutes: number): string => new Date(FROM + minutes * 60_000).toISOString();
const ev = (type: AuditEventType, minutes: number, outcome: 'success' | 'failure' = 'success') => ({ type, at: at(minutes), outcome });

describe('stateSegments', () => {
  it('turns sign-in, lock, unlock and sign-out into states with durations, and ignores failures and other events', () => {
    const segments = stateSegments(
      [ev('session.unlock', 120), ev('auth.login', 30), ev('auth.login', 30), ev('session.lock', 90), ev('customer.lookup', 40), ev('session.lock', 100, 'failure'), ev('auth.logout', 300)],
      range,
    );
    expect(segments.map((s) => [s.state, s.ms / 60_000])).toEqual([
      ['unknown', 30],
      ['active', 60],
      ['locked', 30],
      ['active', 180],
      ['signed_out', 300],
    ]);
  });

  it('leaves out events outside the range and gives an empty range no segment', () => {
    expect(stateSegments([ev('auth.login', -10), ev('session.lock', 700)], range)).toEqual([{ state: 'unknown', from: range.from, to: range.to, ms: TO - FROM }]);
    expect(stateSegments([ev('auth.login', 0)], { from: range.from, to: range.from })).toEqual([]);
  });

  it('tiles the range exactly for any events in any order', () => {
    const event = fc.record({
      type: fc.constantFrom<AuditEventType>(...STATE_EVENT_TYPES, 'customer.lookup', 'audit.read'),
      at: fc.integer({ min: FROM - 3_600_000, max: TO + 3_600_000 }).map((ms) => new Date(ms).toISOString()),
      outcome: fc.constantFrom<'success' | 'failure'>('success', 'failure'),
    });
    assertProperty(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const segments = stateSegments(events, range);
        const totals = timeInState(segments);
        expect(totals.active + totals.locked + totals.signed_out + totals.unknown).toBe(TO - FROM);
        segments.forEach((s, i) => {
          expect(s.ms).toBeGreaterThan(0);
          if (i > 0) {
            expect(s.from).toBe(segments[i - 1]?.to);
            expect(s.state).not.toBe(segments[i - 1]?.state);
          }
        });
        expect(segments[0]?.from).toBe(range.from);
        expect(segments.at(-1)?.to).toBe(range.to);
      }),
    );
  });
});
