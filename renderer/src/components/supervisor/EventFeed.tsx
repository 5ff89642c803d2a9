// The live event feed: backfilled and pushed events, newest first, once each,
// shown as actions in plain words (feed-actions.ts), or as the raw records when
// asked. Plumbing events (shared/plumbing-events.ts) are hidden unless asked
// for; the text filter ignores case, and type and agent narrow it further.
import { useMemo, useState } from 'react';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../../../../shared/audit.ts';
import { isPlumbing } from '../../../../shared/plumbing-events.ts';
import type { AgentPresence, StoredAuditEvent } from '../../../../shared/schemas/supervision.ts';
import { actionWords, confirmations, groupActions } from './feed-actions.ts';
import { clockTime } from './format.ts';

const EVENT_TYPES = Object.keys(AUDIT_EVENT_TYPES).sort() as AuditEventType[];

export interface FeedFilter {
  readonly text: string;
  readonly type: AuditEventType | '';
  readonly userId: string;
  readonly showPlumbing: boolean;
  readonly raw: boolean;
}

const searchable = (e: StoredAuditEvent): string =>
  [e.event.type, e.event.actor.username ?? 'system', e.event.target.kind, e.event.target.id ?? '', e.event.outcome, e.event.reason ?? '', e.deviceId]
    .join(' ')
    .toLocaleLowerCase();

export function filterFeed(events: readonly StoredAuditEvent[], filter: FeedFilter): StoredAuditEvent[] {
  const text = filter.text.trim().toLocaleLowerCase();
  return events.filter(
    (e) =>
      (filter.showPlumbing || !isPlumbing(e.event)) &&
      (filter.type === '' || e.event.type === filter.type) &&
      (filter.userId === '' || e.event.actor.userId === filter.userId) &&
      (text === '' || searchable(e).includes(text)),
  );
}

export function EventFeed({ events, agents, backfillError }: { events: StoredAuditEvent[]; agents: AgentPresence[]; backfillError: string | null }) {
  const [filter, setFilter] = useState<FeedFilter>({ text: '', type: '', userId: '', showPlumbing: false, raw: false });
  const shown = useMemo(() => filterFeed(events, filter), [events, filter]);
  const actions = useMemo(() => groupActions(shown), [shown]);
  const hiddenPlumbing = useMemo(() => (filter.showPlumbing ? 0 : events.filter((e) => isPlumbing(e.event)).length), [events, filter.showPlumbing]);
  const set = (patch: Partial<FeedFilter>): void => setFilter((f) => ({ ...f, ...patch }));
  return (
    <section className="card" aria-labelledby="feed-title">
      <h2 id="feed-title">Live events</h2>
      {backfillError !== null && <p className="error" role="alert">Earlier events could not be loaded: {backfillError}</p>}
      <div className="filter-row">
        <div>
          <label htmlFor="feed-filter">Filter</label>
          <input id="feed-filter" type="search" value={filter.text} placeholder="type, user, target, outcome" onChange={(e) => set({ text: e.target.value })} />
        </div>
        <div>
          <label htmlFor="feed-type">Type</label>
          <select id="feed-type" value={filter.type} onChange={(e) => set({ type: e.target.value as AuditEventType | '' })}>
            <option value="">All types</option>
            {EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="feed-agent">Agent</label>
          <select id="feed-agent" value={filter.userId} onChange={(e) => set({ userId: e.target.value })}>
            <option value="">All agents</option>
            {agents.map((a) => <option key={a.userId} value={a.userId}>{a.username}</option>)}
          </select>
        </div>
        <div className="checkbox">
          <input id="feed-plumbing" type="checkbox" checked={filter.showPlumbing} onChange={(e) => set({ showPlumbing: e.target.checked })} />
          <label htmlFor="feed-plumbing">Show plumbing events{hiddenPlumbing > 0 ? ` (${hiddenPlumbing} hidden)` : ''}</label>
        </div>
        <div className="checkbox">
          <input id="feed-raw" type="checkbox" checked={filter.raw} onChange={(e) => set({ raw: e.target.checked })} />
          <label htmlFor="feed-raw">Show raw records</label>
        </div>
      </div>
      {filter.raw ? (
        <p className="hint">{shown.length} of {events.length} records shown</p>
      ) : (
        <p className="hint">
          {actions.length} actions from {shown.length} of {events.length} records
        </p>
      )}
      {!filter.raw && (
        <ol className="feed" aria-label="Actions, newest first" tabIndex={0}>
          {actions.map((action) => (
            <li key={action.key}>
              <time dateTime={action.event.at}>{clockTime(action.event.at)}</time> · <span className={action.event.outcome === 'failure' ? 'warn' : undefined}>{actionWords(action.event)}</span>
              <span className="hint"> · {confirmations(action)}</span>
            </li>
          ))}
        </ol>
      )}
      {filter.raw && <ol className="feed" aria-label="Events, newest first" tabIndex={0}>
        {shown.map((e) => (
          <li key={e.event.id}>
            <time dateTime={e.event.at}>{clockTime(e.event.at)}</time> · <strong>{e.event.type}</strong> · {e.event.actor.username ?? 'system'} · {e.event.target.kind}{' '}
            {e.event.target.id ?? ''} <span className={e.event.outcome === 'failure' ? 'warn' : 'hint'}>{e.event.outcome}</span>
            {e.event.reason !== null && <span className="hint"> ({e.event.reason})</span>}
            <span className="hint"> · {e.deviceId}</span>
          </li>
        ))}
      </ol>}
    </section>
  );
}
