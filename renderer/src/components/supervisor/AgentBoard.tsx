// The live agent board: state with time in state, last heartbeat, the desk's
// unsynced audit events (its local backlog, not a call queue) and capture
// protection. An agent's name opens their timeline. An agent on two desks has
// a row for each live desk. Time in state is marked past policy's thresholds
// for that state, in words as well as colour.
import { useEffect, useState } from 'react';
import type { StateThresholds } from '../../../../shared/schemas/status.ts';
import type { AgentPresence } from '../../../../shared/schemas/supervision.ts';
import { useAgent } from '../../agent.tsx';
import { clockTime, duration } from './format.ts';
import { useNow } from './use-now.ts';

const STATE_BADGE: Record<AgentPresence['state'], string> = { active: 'ok', idle: 'warn', locked: 'warn', offline: '' };

/** How far past its state's thresholds one desk is. */
export function thresholdMark(state: AgentPresence['state'], ms: number, thresholds: StateThresholds): { level: 'warn' | 'alert'; minutes: number } | null {
  const threshold = thresholds[state];
  if (threshold === undefined) return null;
  if (ms >= threshold.alertMinutes * 60_000) return { level: 'alert', minutes: threshold.alertMinutes };
  if (ms >= threshold.warnMinutes * 60_000) return { level: 'warn', minutes: threshold.warnMinutes };
  return null;
}

function useStateThresholds(): StateThresholds {
  const agent = useAgent();
  const [thresholds, setThresholds] = useState<StateThresholds>({});
  useEffect(() => {
    void agent.app.status().then((r) => r.ok && setThresholds(r.value.policy.stateThresholds));
  }, [agent]);
  return thresholds;
}

function TimeInState({ presence, now, thresholds }: { presence: AgentPresence; now: number; thresholds: StateThresholds }) {
  if (presence.stateSince === null) return <>—</>;
  const ms = now - Date.parse(presence.stateSince);
  const mark = thresholdMark(presence.state, ms, thresholds);
  if (mark === null) return <>{duration(ms)}</>;
  return (
    <span className={`badge ${mark.level === 'alert' ? 'danger' : 'warn'}`}>
      {duration(ms)} <span className="hint">(over {mark.minutes} min {presence.state})</span>
    </span>
  );
}

export function AgentBoard({ agents, selected, onSelect }: { agents: AgentPresence[]; selected: string | null; onSelect: (userId: string) => void }) {
  const now = useNow(5000);
  const thresholds = useStateThresholds();
  return (
    <section className="card" aria-labelledby="board-title">
      <h2 id="board-title">Agents</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">State</th>
            <th scope="col">In state for</th>
            <th scope="col">Last seen</th>
            <th scope="col">Unsynced audit events</th>
            <th scope="col">Capture protection</th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={`${a.userId}:${a.deviceId ?? ''}`}>
              <td>
                <button type="button" className="link" aria-pressed={a.userId === selected} onClick={() => onSelect(a.userId)}>
                  {a.displayName}
                </button>{' '}
                <span className="hint">{a.username}</span>
              </td>
              <td><span className={`badge ${STATE_BADGE[a.state]}`}>{a.state}</span></td>
              <td><TimeInState presence={a} now={now} thresholds={thresholds} /></td>
              <td>{clockTime(a.lastSeenAt)}</td>
              <td>{a.queueDepth}</td>
              <td>{a.captureProtection ?? '—'}</td>
              <td>{a.appVersion ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
