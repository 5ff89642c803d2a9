// The call the platform offered to this agent, as main pushes it (call.current):
// the caller's last 4 digits, the queue, and the customers whose phone number
// matches, masked. Nothing opens on the number alone: the agent asks the caller
// for their customer ID or an order or transaction number (or searches their
// card on the left), and the customer opens only if that lookup finds them.
import { useEffect, useState, type SyntheticEvent } from 'react';
import { parseLookupQuery } from '../../../shared/lookup-query.ts';
import type { CallPop, CallState } from '../../../shared/schemas/calls.ts';
import { errorText, useAgent } from '../agent.tsx';

const STATE_TEXT: Record<CallState, string> = {
  waiting: 'waiting',
  ringing: 'ringing',
  on_call: 'in progress',
  held: 'on hold',
  wrap_up: 'ended: wrap-up',
  ended: 'ended',
};

export function CallBanner({ onConfirmed }: { onConfirmed: (customerId: string) => void }) {
  const agent = useAgent();
  const [call, setCall] = useState<CallPop | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => agent.subscribe('call.current', (pushed) => setCall(pushed.call)), [agent]);
  // A new call (or none) starts without the last one's confirmation.
  const callId = call?.callId;
  useEffect(() => {
    setConfirming(null);
    setText('');
    setMessage(null);
  }, [callId]);
  if (call === null) return null;

  const confirm = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (confirming === null) return;
    const parsed = parseLookupQuery(text, 'customerId');
    if (parsed.kind === 'card') {
      setText('');
      setMessage('For a card number, use the card search on the left.');
      return;
    }
    if (parsed.kind !== 'lookup') {
      setMessage(parsed.kind === 'invalid' ? parsed.message : 'Type what the caller reads out first.');
      return;
    }
    const answer = await agent.customers.lookup({ by: parsed.by, value: parsed.value });
    if (!answer.ok) {
      setMessage(errorText(answer.error));
      return;
    }
    if (!answer.value.results.some((found) => found.customerId === confirming)) {
      setMessage('That does not match this customer. Ask again, or search by card on the left.');
      return;
    }
    setConfirming(null);
    setText('');
    setMessage(null);
    onConfirmed(confirming);
  };

  return (
    <section className="card call-banner" aria-labelledby="call-title">
      <h2 id="call-title">
        Call {STATE_TEXT[call.state]} · <span className="mono">{call.callerMasked}</span>
      </h2>
      <p className="hint">
        {call.queue ?? 'No queue'} · since {new Date(call.offeredAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
      </p>
      {call.matches.length === 0 ? (
        <p className="info">No customer has this number: search by ID, order or card.</p>
      ) : (
        <ul className="results" aria-label="Customers with this number">
          {call.matches.map((match) => (
            <li key={match.customerId} className="call-match">
              <span>
                <strong>{match.nameMasked}</strong>
                <br />
                <span className="hint">
                  {match.emailMasked} · {match.city}, {match.country}
                </span>
              </span>
              <button type="button" aria-pressed={confirming === match.customerId} onClick={() => setConfirming(match.customerId)}>
                Confirm and open
              </button>
            </li>
          ))}
        </ul>
      )}
      {call.truncated && <p className="hint">More customers share this number: confirm by ID, order or card.</p>}
      {confirming !== null && (
        <form onSubmit={(e) => void confirm(e)} noValidate>
          <label htmlFor="call-confirm">Ask the caller for their customer ID, or an order or transaction number</label>
          <div className="search-row">
            <input id="call-confirm" autoFocus autoComplete="off" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
            <button className="primary" type="submit">
              Confirm
            </button>
          </div>
        </form>
      )}
      {message !== null && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
