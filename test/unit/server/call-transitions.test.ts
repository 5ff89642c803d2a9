// What one contact event makes of a call, whatever order the platform delivers
// events in: times are the earliest reported, a late event never moves the
// state back, and "abandoned" means ended before anyone answered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_EVENT_KINDS, type CallEventKind, type ContactEvent } from '../../../shared/schemas/calls.ts';
import { nextCall, type CallFacts } from '../../../server/calls/call-transitions.ts';
import type { StoredCall } from '../../../server/storage/store.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');

function apply(steps: readonly { kind: CallEventKind; at: number; agent?: string | null }[]): StoredCall | null {
  let call: StoredCall | null = null;
  for (const step of steps) {
    const event: ContactEvent = { eventId: `e${step.at}`, callId: 'c1', kind: step.kind, at: new Date(step.at).toISOString(), callerNumber: null, queue: 'q', agent: step.agent ?? null };
    const facts: CallFacts = { platform: 'sentinel', at: step.at, agentUserId: step.agent ?? null, callerHmac: null, callerMasked: '•••' };
    call = nextCall(call, event, facts, () => 'call-0001');
  }
  return call;
}

describe('nextCall', () => {
  it('follows a handled call: ringing, on call, held, wrap-up, ended, with its times', () => {
    const call = apply([
      { kind: 'offered', at: T0 },
      { kind: 'offered', at: T0 + 1000, agent: 'u-ana' },
      { kind: 'answered', at: T0 + 2000, agent: 'u-ana' },
      { kind: 'held', at: T0 + 3000 },
      { kind: 'answered', at: T0 + 4000 },
      { kind: 'ended', at: T0 + 5000 },
    ]);
    expect(call).toMatchObject({ state: 'wrap_up', agentUserId: 'u-ana', answeredAt: T0 + 2000, endedAt: T0 + 5000, abandoned: false, stateSince: T0 + 5000 });
    expect(apply([{ kind: 'offered', at: T0 }, { kind: 'ended', at: T0 + 9000 }])).toMatchObject({ state: 'ended', abandoned: true, agentUserId: null });
  });

  it('a late event fills in its time but does not move the state back; a late answer clears "abandoned"', () => {
    const call = apply([
      { kind: 'offered', at: T0 },
      { kind: 'ended', at: T0 + 9000 },
      { kind: 'answered', at: T0 + 2000, agent: 'u-ana' },
    ]);
    expect(call).toMatchObject({ state: 'ended', answeredAt: T0 + 2000, abandoned: false, updatedAt: T0 + 9000 });
  });

  it('whatever the order, times are the earliest of their kind and updatedAt the latest event', () => {
    assertProperty(
      fc.property(fc.array(fc.record({ kind: fc.constantFrom(...CALL_EVENT_KINDS), at: fc.integer({ min: T0, max: T0 + 3_600_000 }) }), { minLength: 1, maxLength: 12 }), (steps) => {
        const call = apply(steps);
        const first = (kind: CallEventKind) => {
          const times = steps.filter((s) => s.kind === kind).map((s) => s.at);
          return times.length === 0 ? null : Math.min(...times);
        };
        expect(call?.answeredAt).toBe(first('answered'));
        expect(call?.endedAt).toBe(first('ended'));
        expect(call?.wrappedAt).toBe(first('wrap_up'));
        expect(call?.offeredAt).toBe(Math.min(...steps.map((s) => s.at)));
        expect(call?.updatedAt).toBe(Math.max(...steps.map((s) => s.at)));
        expect(call?.abandoned).toBe(call?.endedAt !== null && call?.answeredAt === null);
      }),
    );
  });
});
