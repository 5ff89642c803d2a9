// An agent's sign-in states over a time range, read back from the audit trail:
// sign-in and unlock make a desk active, a lock (manual, idle, OS) locks it,
// sign-out and expiry sign it out. The supervisor's timeline and the gateway's
// time-in-state chart both use this one reading. Idle-but-unlocked time is
// not audited, so it counts as active here.
import type { AuditEvent, AuditEventType } from './audit.ts';

export const TIMELINE_STATES = ['active', 'locked', 'signed_out', 'unknown'] as const;
export type TimelineState = (typeof TIMELINE_STATES)[number];

/** The state a successful event of each type leaves the agent's desk in. */
const STATE_AFTER: Readonly<Partial<Record<AuditEventType, TimelineState>>> = {
  'auth.login': 'active',
  'auth.reauth': 'active',
  'session.unlock': 'active',
  'session.lock': 'locked',
  'auth.logout': 'signed_out',
  'session.expire': 'signed_out',
};
export const STATE_EVENT_TYPES = Object.keys(STATE_AFTER) as AuditEventType[];

export function stateAfter(event: Pick<AuditEvent, 'type' | 'outcome'>): TimelineState | null {
  return event.outcome === 'success' ? (STATE_AFTER[event.type] ?? null) : null;
}

export interface StateSegment {
  readonly state: TimelineState;
  readonly from: string;
  readonly to: string;
  readonly ms: number;
}

/**
 * Segments covering [from, to) in order. Before the first state event in the
 * range the state is `unknown` (the range may start mid-session); repeated
 * events of the same state (desk and gateway both audit a sign-in) merge.
 */
export function stateSegments(events: readonly Pick<AuditEvent, 'type' | 'outcome' | 'at'>[], range: { from: string; to: string }): StateSegment[] {
  const start = Date.parse(range.from);
  const end = Date.parse(range.to);
  const changes = events
    .map((e) => ({ state: stateAfter(e), at: Date.parse(e.at) }))
    .filter((c): c is { state: TimelineState; at: number } => c.state !== null && c.at >= start && c.at < end)
    .sort((a, b) => a.at - b.at);
  const segments: { state: TimelineState; from: number; to: number }[] = [];
  let current: { state: TimelineState; from: number } = { state: 'unknown', from: start };
  for (const change of changes) {
    if (change.state === current.state) continue;
    if (change.at > current.from) segments.push({ ...current, to: change.at });
    current = { state: change.state, from: change.at };
  }
  if (end > current.from) segments.push({ ...current, to: end });
  return segments.map((s) => ({ state: s.state, from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString(), ms: s.to - s.from }));
}

export function timeInState(segments: readonly StateSegment[]): Record<TimelineState, number> {
  const totals: Record<TimelineState, number> = { active: 0, locked: 0, signed_out: 0, unknown: 0 };
  for (const s of segments) totals[s.state] += s.ms;
  return totals;
}
