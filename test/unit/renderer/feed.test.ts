// The live feed's merge rule: whatever mix of backfilled pages, replays and
// live pushes arrives, each event shows once, newest first, within the limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFeed } from '../../../renderer/src/components/supervisor/feed.ts';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../../../shared/audit.ts';
import { isPlumbing, PLUMBING_EVENT_TYPES } from '../../../shared/plumbing-events.ts';
import type { StoredAuditEvent } from '../../../shared/schemas/supervision.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

const stored = (n: number, atMs: number): StoredAuditEvent => {
  const event = sampleAuditEvent({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, at: new Date(atMs).toISOString() });
  return { deviceId: 'desk-1', seq: n + 1, receivedAt: event.at, event };
};

describe('mergeFeed', () => {
  it('keeps each event once, newest event time first, at most the limit', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10_000_000 }));
    assertProperty(
      fc.property(fc.array(fc.array(entry, { maxLength: 30 }), { maxLength: 6 }), fc.integer({ min: 1, max: 80 }), (batches, limit) => {
        // An id always has one event time, as in the trail; a replay repeats it exactly.
        const timeOf = new Map<number, number>();
        let feed: StoredAuditEvent[] = [];
        for (const batch of batches) {
          feed = mergeFeed(feed, batch.map(([id, ms]) => stored(id, timeOf.get(id) ?? (timeOf.set(id, ms), ms))), limit);
        }
        const ids = feed.map((e) => e.event.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(feed.length).toBeLessThanOrEqual(limit);
        // Nothing is lost below the limit.
        if (feed.length < limit) expect(ids.length).toBe(timeOf.size);
        const times = feed.map((e) => e.event.at);
        expect(times).toEqual([...times].sort().reverse());
      }),
    );
  });
});

describe('plumbing events', () => {
  it('name only real event types and leave the actions on customer data visible', () => {
    for (const type of Object.keys(PLUMBING_EVENT_TYPES)) expect(Object.hasOwn(AUDIT_EVENT_TYPES, type)).toBe(true);
    const shown: AuditEventType[] = ['customer.lookup', 'customer.view', 'customer.note.add', 'subscription.extend', 'auth.login', 'access.denied', 'audit.sync.halted', 'audit.integrity.failure'];
    for (const type of shown) expect(isPlumbing({ type })).toBe(false);
    expect(isPlumbing({ type: 'audit.read' })).toBe(true);
  });
});
