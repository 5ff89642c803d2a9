// One customer: profile, orders with payments and shipments, subscriptions with
// the Extend action, and notes. Every server string renders as text.
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { findPans, redactPans } from '../../../shared/pan.ts';
import type { CustomerDetail, Subscription } from '../../../shared/schemas/customer.ts';
import { errorText, useAgent } from '../agent.tsx';

const money = (minor: number, currency: string): string =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
const date = (iso: string): string => new Date(iso).toLocaleDateString();
const dateTime = (iso: string): string => new Date(iso).toLocaleString();

const PAYMENT_TONE: Record<string, string> = { captured: 'ok', authorized: '', refunded: 'warn', partially_refunded: 'warn', failed: 'danger', chargeback: 'danger' };

export function CustomerView({ customerId }: { customerId: string }) {
  const agent = useAgent();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const answer = await agent.customers.get({ customerId });
    if (answer.ok) setDetail(answer.value);
    else setError(errorText(answer.error));
  }, [agent, customerId]);
  useEffect(() => {
    setDetail(null);
    setError(null);
    void load();
  }, [load]);

  if (error !== null) return <p className="error" role="alert">{error}</p>;
  if (detail === null) return <p aria-busy="true">Loading {customerId}…</p>;
  const c = detail.customer;
  return (
    <article aria-labelledby="customer-title">
      <section className="card">
        <h1 id="customer-title">{c.displayName} <span className="mono hint">{c.customerId}</span></h1>
        <div className="grid-2">
          <dl>
            <dt className="hint">E-mail</dt><dd>{c.emailMasked}</dd>
            <dt className="hint">Phone</dt><dd>{c.phoneMasked}</dd>
          </dl>
          <dl>
            <dt className="hint">Address</dt><dd>{c.postcode} {c.city}, {c.country}</dd>
            <dt className="hint">Customer since</dt><dd>{date(c.memberSince)}</dd>
          </dl>
        </div>
        <p>Cards: {c.cards.map((card) => <span key={card.cardId} className="badge mono">{card.masked} · {card.expiry}</span>)}</p>
      </section>

      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title">Orders</h2>
        {detail.orders.map((order) => (
          <div key={order.orderId} className="card">
            <h3><span className="mono">{order.orderId}</span> · {date(order.placedAt)} · <span className="badge">{order.status}</span> · {money(order.totalMinor, order.currency)}</h3>
            <ul>{order.items.map((item) => <li key={item.sku}>{item.quantity} × {item.name}</li>)}</ul>
            <table>
              <caption className="hint" style={{ textAlign: 'left' }}>Payments</caption>
              <thead><tr><th>Transaction</th><th>Status</th><th>Amount</th><th>Card</th></tr></thead>
              <tbody>
                {order.payments.map((p) => (
                  <tr key={p.transactionId}>
                    <td className="mono">{p.transactionId}</td>
                    <td><span className={`badge ${PAYMENT_TONE[p.status] ?? ''}`}>{p.status}</span></td>
                    <td>{money(p.amountMinor, p.currency)}</td>
                    <td className="mono">{p.card.masked}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {order.shipments.map((s) => (
              <details key={s.shipmentId}>
                <summary>{s.carrier} <span className="mono">{s.trackingNumber}</span> · <span className="badge">{s.status}</span>{s.eta !== null && <> · ETA {date(s.eta)}</>}</summary>
                <ol>{s.history.map((h) => <li key={h.at + h.status}>{dateTime(h.at)} · {h.status} · {h.location}</li>)}</ol>
              </details>
            ))}
          </div>
        ))}
      </section>

      <Subscriptions customerId={customerId} subscriptions={detail.subscriptions} onChanged={() => void load()} />
      <Notes customerId={customerId} notes={detail.notes} onAdded={() => void load()} />
    </article>
  );
}

function Subscriptions({ customerId, subscriptions, onChanged }: { customerId: string; subscriptions: Subscription[]; onChanged: () => void }) {
  const agent = useAgent();
  const [extending, setExtending] = useState<Subscription | null>(null);
  const [days, setDays] = useState(30);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (extending === null) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const answer = await agent.subscriptions.extend({ customerId, subscriptionId: extending.subscriptionId, days, reason });
    setConfirming(false);
    if (!answer.ok) {
      setMessage(errorText(answer.error));
      return;
    }
    setMessage(`Extended to ${date(answer.value.expiresAt)}.`);
    setExtending(null);
    setReason('');
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="subs-title">
      <h2 id="subs-title">Subscriptions and licences</h2>
      {subscriptions.length === 0 && <p className="hint">None.</p>}
      <table>
        <thead><tr><th>Product</th><th>Status</th><th>Expires</th><th><span className="hint">Action</span></th></tr></thead>
        <tbody>
          {subscriptions.map((s) => (
            <tr key={s.subscriptionId}>
              <td>{s.product} <span className="hint">({s.kind})</span></td>
              <td><span className={`badge ${s.status === 'active' ? 'ok' : 'warn'}`}>{s.status}</span></td>
              <td>{date(s.expiresAt)}</td>
              <td>{s.status !== 'cancelled' && <button type="button" aria-label={`Extend ${s.product}`} onClick={() => { setExtending(s); setConfirming(false); setMessage(null); }}>Extend…</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {extending !== null && (
        <form onSubmit={(e) => void submit(e)} aria-label={`Extend ${extending.product}`}>
          <div className="field">
            <label htmlFor="extend-days">Extend {extending.product} by</label>
            <select id="extend-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[7, 14, 30, 90, 365].map((d) => <option key={d} value={d}>{d} days</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="extend-reason">Reason (required)</label>
            <textarea id="extend-reason" rows={2} minLength={10} maxLength={500} required value={reason} onChange={(e) => { setReason(e.target.value); setConfirming(false); }} />
          </div>
          {confirming && <p role="alert" className="warn">Extend {extending.product} by {days} days? Press Confirm to apply.</p>}
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

/** The note text with each found card number marked, as React text nodes (never HTML). */
function markedPreview(text: string) {
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  for (const f of findPans(text)) {
    parts.push(text.slice(at, f.start), { mark: text.slice(f.start, f.end) });
    at = f.end;
  }
  parts.push(text.slice(at));
  return parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{'•'.repeat(Math.max(0, p.mark.length - 4)) + p.mark.slice(-4)}</mark>));
}

function Notes({ customerId, notes, onAdded }: { customerId: string; notes: CustomerDetail['notes']; onAdded: () => void }) {
  const agent = useAgent();
  const [text, setText] = useState('');
  const [blocked, setBlocked] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    if (findPans(text).length > 0) {
      setBlocked(true);
      return;
    }
    const answer = await agent.notes.add({ customerId, text });
    if (!answer.ok) {
      setError(errorText(answer.error));
      return;
    }
    setText('');
    setBlocked(false);
    onAdded();
  };

  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      <ul>{notes.map((n) => <li key={n.noteId}><span className="hint">{dateTime(n.at)} · {n.authorName}</span><br />{n.text}</li>)}</ul>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="note-text">New note</label>
        <textarea id="note-text" rows={3} maxLength={2000} style={{ width: '100%' }} value={text} onChange={(e) => { setText(e.target.value); setBlocked(false); }} />
        {blocked && (
          <div className="error" role="alert">
            <p>This note contains a card number and cannot be saved. Refer to a card by its last 4 digits.</p>
            <p className="note-preview">{markedPreview(text)}</p>
            <button type="button" onClick={() => { setText(redactPans(text)); setBlocked(false); }}>Redact card numbers</button>
          </div>
        )}
        {error !== null && <p className="error" role="alert">{error}</p>}
        <button className="primary" type="submit">Save note</button>
      </form>
    </section>
  );
}
