// The supervisor's floor: the live agent board, main's stream state, the event
// feed (backfilled and live), one agent's timeline, alert history, charts and
// the activity report. Main refuses every call here to anyone without the role.
import { useEffect, useMemo, useState } from 'react';
import type { AgentPresence } from '../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../agent.tsx';
import { AgentBoard } from '../components/supervisor/AgentBoard.tsx';
import { AgentTimeline } from '../components/supervisor/AgentTimeline.tsx';
import { AlertHistory } from '../components/supervisor/AlertHistory.tsx';
import { CallsPanel } from '../components/supervisor/CallsPanel.tsx';
import { EventFeed } from '../components/supervisor/EventFeed.tsx';
import { FloorCharts } from '../components/supervisor/FloorCharts.tsx';
import { ReportPanel } from '../components/supervisor/ReportPanel.tsx';
import { StoredReports } from '../components/supervisor/StoredReports.tsx';
import { StreamBanner } from '../components/supervisor/StreamBanner.tsx';
import { useEventFeed } from '../components/supervisor/use-event-feed.ts';
import { useStreamState } from '../components/supervisor/use-stream-state.ts';

/** The board after one desk's report: that desk's row, or the agent's row without a desk, is replaced; a new desk adds a row. */
function withPresence(list: AgentPresence[], p: AgentPresence): AgentPresence[] {
  const same = (a: AgentPresence): boolean => a.userId === p.userId && (a.deviceId === p.deviceId || a.deviceId === null);
  return list.some(same) ? list.map((a) => (same(a) ? p : a)) : [...list, p];
}

export function SupervisorView() {
  const agent = useAgent();
  const stream = useStreamState();
  const feed = useEventFeed(stream);
  const [agents, setAgents] = useState<AgentPresence[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Opening the view reads presence; main audits the read.
    void agent.supervisor.agents().then((r) => (r.ok ? setAgents(r.value) : setError(errorText(r.error))));
    return agent.subscribe('supervisor.presence', (p) => setAgents((list) => withPresence(list, p)));
  }, [agent]);
  // One entry per agent for the filters and the report, whatever number of desks they are on.
  const people = useMemo(() => [...new Map(agents.map((a) => [a.userId, a])).values()], [agents]);
  const names = useMemo(() => new Map(people.map((a) => [a.userId, a.username])), [people]);
  const person = agents.find((a) => a.userId === selected) ?? null;

  if (error !== null) return <p className="error" role="alert">{error}</p>;
  return (
    <div className="floor">
      <div className="section-head">
        <h1>Supervision</h1>
        <StreamBanner state={stream} />
        <button type="button" onClick={() => void agent.session.wallboard().then((r) => !r.ok && setError(errorText(r.error)))}>
          Wallboard
        </button>
      </div>
      <AgentBoard agents={agents} selected={selected} onSelect={(id) => setSelected((current) => (current === id ? null : id))} />
      {person !== null && <AgentTimeline person={person} onClose={() => setSelected(null)} />}
      <CallsPanel />
      <div className="split">
        <AlertHistory agentNames={names} />
        <EventFeed events={feed.events} agents={people} backfillError={feed.backfillError} />
      </div>
      <FloorCharts />
      <ReportPanel agents={people} />
      <StoredReports />
    </div>
  );
}
