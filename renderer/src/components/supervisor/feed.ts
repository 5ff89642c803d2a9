// The live feed's one merge rule, for backfilled pages and pushed events alike:
// one entry per event id (a reconnect replays what it missed, and a backfill
// overlaps the live stream), newest event time first, at most `limit` kept.
import type { StoredAuditEvent } from '../../../../shared/schemas/supervision.ts';

export const FEED_LIMIT = 1000;

const newestFirst = (a: StoredAuditEvent, b: StoredAuditEvent): number =>
  b.event.at.localeCompare(a.event.at) || b.receivedAt.localeCompare(a.receivedAt) || b.seq - a.seq;

export function mergeFeed(current: readonly StoredAuditEvent[], incoming: readonly StoredAuditEvent[], limit = FEED_LIMIT): StoredAuditEvent[] {
  const byId = new Map<string, StoredAuditEvent>();
  for (const entry of [...current, ...incoming]) if (!byId.has(entry.event.id)) byId.set(entry.event.id, entry);
  return [...byId.values()].sort(newestFirst).slice(0, limit);
}
