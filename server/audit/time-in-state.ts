// Two figures the floor report and the scheduled reports share: every stored
// event of one type in a range (read page by page, up to a cap), and each
// agent's time in state over the range, read from the state events.
import type { AuditEventType } from '../../shared/audit.ts';
import { STATE_EVENT_TYPES, stateSegments, timeInState } from '../../shared/agent-states.ts';
import type { AgentTimeInState } from '../../shared/schemas/floor.ts';
import type { StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import type { AuditRepo } from '../storage/store.ts';

/** Per event type and report: past this many the report says `truncated` rather than read on. */
export const REPORT_EVENTS_PER_TYPE = 20_000;

export interface Range {
  readonly from: string;
  readonly to: string;
}

/** Every unflagged event of one type in the range, newest first; `truncated` when the cap cut it short. */
export async function eventsInRange(repo: AuditRepo, type: AuditEventType, range: Range): Promise<{ events: StoredAuditEvent[]; truncated: boolean }> {
  const events: StoredAuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.search({ type, from: range.from, to: range.to, limit: 500, unflagged: true, ...(cursor === undefined ? {} : { cursor }) });
    events.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && events.length < REPORT_EVENTS_PER_TYPE);
  return { events, truncated: cursor !== undefined };
}

/** Each agent's milliseconds per timeline state over the range, by username. */
export async function agentTimeInState(repo: AuditRepo, range: Range): Promise<{ agents: AgentTimeInState[]; truncated: boolean }> {
  let truncated = false;
  const byAgent = new Map<string, { username: string; events: StoredAuditEvent['event'][] }>();
  for (const type of STATE_EVENT_TYPES) {
    const found = await eventsInRange(repo, type, range);
    truncated ||= found.truncated;
    for (const { event } of found.events) {
      const { userId, username, roles } = event.actor;
      if (userId === null || !roles.includes('agent')) continue;
      const entry = byAgent.get(userId) ?? { username: username ?? userId, events: [] };
      entry.events.push(event);
      byAgent.set(userId, entry);
    }
  }
  const agents = [...byAgent.entries()]
    .map(([userId, { username, events }]) => ({ userId, username: username.slice(0, 64), ms: timeInState(stateSegments(events, range)) }))
    .sort((a, b) => a.username.localeCompare(b.username));
  return { agents, truncated };
}
