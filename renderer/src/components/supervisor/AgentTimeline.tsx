// One agent's timeline over a chosen range, from the gateway's audit trail and
// alerts: their states with durations (shared/agent-states.ts), and what they
// did (lookups, records viewed, notes, extensions) beside the alerts raised.
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { stateSegments, timeInState, type StateSegment, type TimelineState } from '../../../../shared/agent-states.ts';
import type { AuditEvent } from '../../../../shared/audit.ts';
import type { AgentPresence, Alert } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { clockTime, dateTime, duration, fromLocalInput, localInputValue } from './format.ts';

const TIMELINE_EVENTS: Partial<Record<AuditEvent['type'], string>> = {
  'customer.lookup': 'Lookup',
  'customer.view': 'Viewed record',
  'customer.note.add': 'Note',
  'subscription.extend': 'Extension',
  'auth.login': 'Sign-in',
  'auth.logout': 'Sign-out',
  'session.lock': 'Locked',
  'session.unlock': 'Unlocked',
  'session.expire': 'Session expired',
  'access.denied': 'Access denied',
};
const STATE_LABEL: Record<TimelineState, string> = { active: 'Active', locked: 'Locked', signed_out: 'Signed out', unknown: 'No data' };
const PAGE = 500;

interface Entry {
  at: string;
  kind: string;
  text: string;
  failed: boolean;
}

const describe = (e: AuditEvent): string => {
  const by = typeof e.details.by === 'string' ? ` by ${e.details.by}` : '';
  return `${e.target.kind} ${e.target.id ?? ''}${by}${e.reason === null ? '' : ` (${e.reason})`} · ${e.origin.deviceId}`;
};

export function AgentTimeline({ person, onClose }: { person: AgentPresence; onClose: () => void }) {
  const agent = useAgent();
  const [fromInput, setFromInput] = useState(() => localInputValue(Date.now() - 8 * 3_600_000));
  const [toInput, setToInput] = useState(() => localInputValue(Date.now() + 60_000));
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (wanted: { from: string; to: string }, after: string | null) => {
      const [page, raised] = await Promise.all([
        agent.supervisor.searchAudit({ userId: person.userId, ...wanted, limit: PAGE, ...(after === null ? {} : { cursor: after }) }),
        after === null ? agent.supervisor.alerts({ status: 'all' }) : Promise.resolve(null),
      ]);
      if (!page.ok) {
        setError(errorText(page.error));
        return;
      }
      setError(null);
      setRange(wanted);
      // A flagged event (a revoked desk's upload) stays in the trail as evidence; it is no state or activity of the agent.
      setEvents((list) => [...(after === null ? [] : list), ...page.value.events.filter((e) => e.flag === undefined).map((e) => e.event)]);
      setCursor(page.value.nextCursor);
      if (raised?.ok === true) {
        setAlerts(raised.value.filter((a) => a.userId === person.userId && a.raisedAt >= wanted.from && a.raisedAt < wanted.to));
      }
    },
    [agent, person.userId],
  );

  const submit = (event?: SyntheticEvent) => {
    event?.preventDefault();
    const from = fromLocalInput(fromInput);
    const to = fromLocalInput(toInput);
    if (from === null || to === null || from >= to) {
      setError('Choose a start before the end');
      return;
    }
    void load({ from, to }, null);
  };
  // The first range loads when the timeline opens, and again for another agent.
  useEffect(submit, [person.userId]);

  const segments = range === null ? [] : stateSegments(events, range);
  const totals = timeInState(segments);
  const span = segments.reduce((sum, s) => sum + s.ms, 0) || 1;
  const entries: Entry[] = [
    ...events.flatMap((e) => {
      const kind = TIMELINE_EVENTS[e.type];
      return kind === undefined ? [] : [{ at: e.at, kind, text: describe(e), failed: e.outcome === 'failure' }];
    }),
    ...alerts.map((a) => ({ at: a.raisedAt, kind: `Alert: ${a.kind}`, text: a.message, failed: true })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <section className="card" aria-labelledby="timeline-title">
      <div className="section-head">
        <h2 id="timeline-title">Timeline: {person.displayName}</h2>
        <button type="button" onClick={onClose}>Close timeline</button>
      </div>
      <form className="filter-row" onSubmit={submit}>
        <div><label htmlFor="timeline-from">From</label><input id="timeline-from" type="datetime-local" value={fromInput} onChange={(e) => setFromInput(e.target.value)} /></div>
        <div><label htmlFor="timeline-to">To</label><input id="timeline-to" type="datetime-local" value={toInput} onChange={(e) => setToInput(e.target.value)} /></div>
        <div className="actions"><button className="primary" type="submit">Show range</button></div>
      </form>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {range !== null && (
        <>
          <StateStrip segments={segments} span={span} />
          <p className="hint">
            {(Object.keys(STATE_LABEL) as TimelineState[]).filter((s) => totals[s] > 0).map((s) => `${STATE_LABEL[s]} ${duration(totals[s])}`).join(' · ')}
            {' '}(idle time without a lock is not audited and counts as active)
          </p>
          <table aria-label="States">
            <thead><tr><th scope="col">State</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Duration</th></tr></thead>
            <tbody>
              {segments.map((s) => (
                <tr key={s.from}><td>{STATE_LABEL[s.state]}</td><td>{dateTime(s.from)}</td><td>{dateTime(s.to)}</td><td>{duration(s.ms)}</td></tr>
              ))}
            </tbody>
          </table>
          <h3>Activity and alerts ({entries.length})</h3>
          {entries.length === 0 && <p className="hint">Nothing in this range.</p>}
          <ol className="timeline" aria-label="Activity and alerts, newest first" tabIndex={0}>
            {entries.map((e, i) => (
              <li key={`${e.at}-${i}`} className={e.kind.startsWith('Alert') ? 'alert-entry' : undefined}>
                <time dateTime={e.at}>{clockTime(e.at)}</time> · <strong>{e.kind}</strong> · {e.text}
                {e.failed && !e.kind.startsWith('Alert') && <span className="warn"> failed</span>}
              </li>
            ))}
          </ol>
          {cursor !== null && <button type="button" onClick={() => void load(range, cursor)}>Load earlier events</button>}
        </>
      )}
    </section>
  );
}

/** The states as a proportional strip; the table above it carries the same facts for screen readers. */
function StateStrip({ segments, span }: { segments: StateSegment[]; span: number }) {
  return (
    <div className="state-strip" aria-hidden="true">
      {segments.map((s) => (
        <span key={s.from} className={`state-${s.state}`} style={{ flexGrow: s.ms / span }} title={`${STATE_LABEL[s.state]} ${duration(s.ms)}`} />
      ))}
    </div>
  );
}
