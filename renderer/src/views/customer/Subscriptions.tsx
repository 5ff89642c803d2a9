// Subscriptions and licences, with the Extend action: days, a reason, and a
// confirm step that shows the new expiry before anything changes. The gateway
// writes every extension into the customer's history.
import { useState, type SyntheticEvent } from 'react';
import { redactPans } from '../../../../shared/pan.ts';
import { ExtendSubscriptionRequestSchema, type Subscription } from '../../../../shared/schemas/customer.ts';
import { errorText, useAgent } from '../../agent.tsx';
import type { CustomerFormat } from '../../customer-format.ts';

const DAY_MS = 86_400_000;
const ReasonSchema = ExtendSubscriptionRequestSchema.shape.reason;

/** As the gateway computes it: an active subscription grows from its end, an expired one from now. */
export function newExpiry(subscription: Subscription, days: number, now: number): string {
  return new Date(Math.max(Date.parse(subscription.expiresAt), now) + days * DAY_MS).toISOString();
}

export function Subscriptions({ customerId, subscriptions, format, onChanged }: { customerId: string; subscriptions: Subscription[]; format: CustomerFormat; onChanged: () => void }) {
  const agent = useAgent();
  const [extending, setExtending] = useState<Subscription | null>(null);
  const [days, setDays] = useState(30);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (extending === null) return;
    const checked = ReasonSchema.safeParse(reason);
    if (!checked.success) {
      setProblem(checked.error.issues[0]?.message ?? 'Give a reason');
      setConfirming(false);
      return;
    }
    setProblem(null);
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const answer = await agent.subscriptions.extend({ customerId, subscriptionId: extending.subscriptionId, days, reason: checked.data });
    setConfirming(false);
    if (!answer.ok) {
      setProblem(errorText(answer.error));
      return;
    }
    setMessage(`Extended ${answer.value.product} to ${format.date(answer.value.expiresAt)}. The extension is in the customer's history.`);
    setExtending(null);
    setReason('');
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="subs-title">
      <h2 id="subs-title">Subscriptions and licences</h2>
      {subscriptions.length === 0 && <p className="hint">None.</p>}
      {subscriptions.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <tr key={s.subscriptionId}>
                <td>
                  {s.product} <span className="hint">({s.kind}{s.autoRenew ? ', renews' : ''})</span>
                </td>
                <td>
                  <span className={`badge ${s.status === 'active' ? 'ok' : 'warn'}`}>{s.status}</span>
                </td>
                <td>{format.date(s.expiresAt)}</td>
                <td>
                  {s.status !== 'cancelled' && (
                    <button type="button" aria-label={`Extend ${s.product}`} onClick={() => { setExtending(s); setConfirming(false); setProblem(null); setMessage(null); }}>
                      Extend…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {extending !== null && (
        <form onSubmit={(e) => void submit(e)} aria-label={`Extend ${extending.product}`} noValidate>
          <div className="field">
            <label htmlFor="extend-days">Extend {extending.product} by</label>
            <select id="extend-days" value={days} onChange={(e) => { setDays(Number(e.target.value)); setConfirming(false); }}>
              {[7, 14, 30, 90, 365].map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="extend-reason">Reason (required)</label>
            <textarea
              id="extend-reason"
              rows={2}
              maxLength={500}
              value={reason}
              aria-invalid={problem !== null}
              aria-describedby={problem !== null ? 'extend-problem' : undefined}
              // A card number never stays in the field, typed or pasted: masked at once.
              onChange={(e) => { setReason(redactPans(e.target.value)); setConfirming(false); }}
            />
          </div>
          {problem !== null && <p id="extend-problem" className="error" role="alert">{problem}</p>}
          {confirming && (
            <p role="status" className="confirm">
              Extend {extending.product} by {days} days: new expiry <strong>{format.date(newExpiry(extending, days, Date.now()))}</strong> (now {format.date(extending.expiresAt)}). Press Confirm to apply.
            </p>
          )}
          <div className="search-row">
            <button className="primary" type="submit">{confirming ? 'Confirm' : 'Extend'}</button>
            <button type="button" onClick={() => setExtending(null)}>Cancel</button>
          </div>
        </form>
      )}
      {message !== null && <p role="status">{message}</p>}
    </section>
  );
}
