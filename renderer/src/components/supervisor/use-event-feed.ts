// The feed's events: the last ones from the gateway's audit search when the
// view opens and each time the stream is live again after a drop (that search
// is itself audited), merged with the events the stream pushes.
import { useEffect, useRef, useState } from 'react';
import type { SupervisorStreamState } from '../../../../shared/schemas/floor.ts';
import type { StoredAuditEvent } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { mergeFeed } from './feed.ts';

export const BACKFILL_EVENTS = 500;

export interface EventFeedState {
  readonly events: StoredAuditEvent[];
  readonly backfillError: string | null;
  /** How many backfills have completed: one on open, one per reconnect. */
  readonly backfills: number;
}

export function useEventFeed(stream: SupervisorStreamState | null): EventFeedState {
  const agent = useAgent();
  const [events, setEvents] = useState<StoredAuditEvent[]>([]);
  const [backfillError, setBackfillError] = useState<string | null>(null);
  const [backfills, setBackfills] = useState(0);
  const [liveEpoch, setLiveEpoch] = useState(0);

  useEffect(() => agent.subscribe('supervisor.audit', (entry) => setEvents((list) => mergeFeed(list, [entry]))), [agent]);

  // The stream going live after this view saw it down (or still connecting) is a reconnect: events
  // may have passed in between, so backfill again. Already live on open needs only the open's backfill.
  const seen = useRef<SupervisorStreamState | null>(null);
  useEffect(() => {
    const before = seen.current;
    if (stream?.status === 'live' && before !== null && (before.status !== 'live' || before.since !== stream.since)) setLiveEpoch((n) => n + 1);
    if (stream !== null) seen.current = stream;
  }, [stream]);

  useEffect(() => {
    let current = true;
    void agent.supervisor.searchAudit({ limit: BACKFILL_EVENTS }).then((r) => {
      if (!current) return;
      if (r.ok) {
        setEvents((list) => mergeFeed(list, r.value.events));
        setBackfillError(null);
      } else setBackfillError(errorText(r.error));
      setBackfills((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [agent, liveEpoch]);

  return { events, backfillError, backfills };
}
