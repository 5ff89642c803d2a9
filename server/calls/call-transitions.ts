// What one contact event makes of a call. Platforms deliver events unordered and
// at least once (EventBridge, TaskRouter retries): the first and latest times are
// kept whatever the order, and an event older than the latest one applied fills
// in its times but never moves the state back.
import type { ContactEvent } from '../../shared/schemas/calls.ts';
import type { StoredCall } from '../storage/store.ts';

export interface CallFacts {
  readonly platform: StoredCall['platform'];
  readonly at: number;
  /** The desk user the event's agent maps to; null when it names none, or one its platform account's agent map does not name. */
  readonly agentUserId: string | null;
  readonly callerHmac: string | null;
  readonly callerMasked: string;
}

const earliest = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

type Move = Pick<StoredCall, 'state' | 'agentUserId'>;

function move(call: StoredCall, kind: ContactEvent['kind'], agentUserId: string | null): Move {
  switch (kind) {
    case 'offered':
      return agentUserId === null ? { state: 'waiting', agentUserId: null } : { state: 'ringing', agentUserId };
    case 'answered':
      return { state: 'on_call', agentUserId: agentUserId ?? call.agentUserId };
    case 'held':
      return { state: 'held', agentUserId: agentUserId ?? call.agentUserId };
    case 'transferred':
      return { state: 'waiting', agentUserId: null };
    case 'ended':
      return call.answeredAt === null ? { state: 'ended', agentUserId: call.agentUserId } : { state: 'wrap_up', agentUserId: call.agentUserId };
    case 'wrap_up':
      return { state: 'ended', agentUserId: call.agentUserId };
  }
}

export function nextCall(current: StoredCall | null, event: ContactEvent, facts: CallFacts, newCallId: () => string): StoredCall {
  const { at } = facts;
  const base: StoredCall = current ?? {
    callId: newCallId(),
    platform: facts.platform,
    platformCallId: event.callId,
    queue: null,
    callerHmac: null,
    callerMasked: facts.callerMasked,
    agentUserId: null,
    state: 'waiting',
    offeredAt: at,
    stateSince: at,
    answeredAt: null,
    endedAt: null,
    wrappedAt: null,
    abandoned: false,
    poppedTo: null,
    updatedAt: at,
  };
  const timed: StoredCall = {
    ...base,
    queue: event.queue ?? base.queue,
    callerHmac: base.callerHmac ?? facts.callerHmac,
    callerMasked: base.callerHmac === null ? facts.callerMasked : base.callerMasked,
    offeredAt: Math.min(base.offeredAt, at),
    answeredAt: event.kind === 'answered' ? earliest(base.answeredAt, at) : base.answeredAt,
    endedAt: event.kind === 'ended' ? earliest(base.endedAt, at) : base.endedAt,
    wrappedAt: event.kind === 'wrap_up' ? earliest(base.wrappedAt, at) : base.wrappedAt,
  };
  const late = current !== null && at < current.updatedAt;
  const moved = late ? { state: timed.state, agentUserId: timed.agentUserId } : move(timed, event.kind, facts.agentUserId);
  return {
    ...timed,
    ...moved,
    stateSince: moved.state === base.state && current !== null ? base.stateSince : at,
    // Abandoned: it ended before anyone answered (a late "answered" clears it).
    abandoned: timed.endedAt !== null && timed.answeredAt === null,
    updatedAt: Math.max(base.updatedAt, at),
  };
}
