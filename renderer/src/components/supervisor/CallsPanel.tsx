// The floor's calls, from the contact-center platform's events: calls waiting
// now, answered and abandoned in the chosen window, average handle time, and
// who is on a call or in wrap-up. Read when the view opens and on Refresh
// (each read audited by main).
import { useCallback, useEffect, useState } from 'react';
import type { CallFloor } from '../../../../shared/schemas/calls.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { clockTime, duration } from './format.ts';

const WINDOWS = [
  { minutes: 60, label: 'Last hour' },
  { minutes: 8 * 60, label: 'Last 8 hours' },
  { minutes: 24 * 60, label: 'Last 24 hours' },
] as const;

const STATE_TEXT = { ringing: 'Ringing', on_call: 'On a call', held: 'Caller on hold', wrap_up: 'Wrap-up' } as const;

export function CallsPanel() {
  const agent = useAgent();
  const [minutes, setMinutes] = useState<number>(60);
  const [floor, setFloor] = useState<CallFloor | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(async () => {
    const answer = await agent.supervisor.calls({ minutes });
    if (answer.ok) {
      setFloor(answer.value);
      setError(null);
    } else setError(errorText(answer.error));
  }, [agent, minutes]);
  useEffect(() => {
    void read();
  }, [read]);

  return (
    <section className="card" aria-labelledby="calls-title">
      <div className="section-head">
        <h2 id="calls-title">Calls</h2>
        <label>
          Window{' '}
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.minutes} value={w.minutes}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void read()}>
          Refresh
        </button>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {floor !== null && (
        <>
          <dl className="summary-strip" aria-label="Call counts">
            <div>
              <dt>Waiting now</dt>
              <dd>{floor.waiting}</dd>
            </div>
            <div>
              <dt>Answered</dt>
              <dd>{floor.answered}</dd>
            </div>
            <div>
              <dt>Abandoned</dt>
              <dd>{floor.abandoned}</dd>
            </div>
            <div>
              <dt>Average handle time</dt>
              <dd>{floor.averageHandleSeconds === null ? '—' : duration(floor.averageHandleSeconds * 1000)}</dd>
            </div>
          </dl>
          {floor.agents.length === 0 ? (
            <p className="hint">No agent is on a call or in wrap-up.</p>
          ) : (
            <table>
              <caption className="hint">Agents on a call or in wrap-up</caption>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">State</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {floor.agents.map((a) => (
                  <tr key={`${a.userId}-${a.since}`}>
                    <td>{a.username}</td>
                    <td>{STATE_TEXT[a.state]}</td>
                    <td>{a.queue ?? '—'}</td>
                    <td>{clockTime(a.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
