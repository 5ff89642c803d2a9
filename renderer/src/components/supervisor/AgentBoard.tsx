// The live agent board: state with time in state, last heartbeat, the desk's
// unsynced audit events (its local backlog, not a call queue) and capture
// protection. An agent's name opens their timeline. An agent on two desks has
// a row for each live desk.
import type { AgentPresence } from '../../../../shared/schemas/supervision.ts';
import { clockTime, duration } from './format.ts';
import { useNow } from './use-now.ts';

const STATE_BADGE: Record<AgentPresence['state'], string> = { active: 'ok', idle: 'warn', locked: 'warn', offline: '' };

export function AgentBoard({ agents, selected, onSelect }: { agents: AgentPresence[]; selected: string | null; onSelect: (userId: string) => void }) {
  const now = useNow(5000);
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
              <td>{a.stateSince === null ? '—' : duration(now - Date.parse(a.stateSince))}</td>
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
