// "Was I charged": every charge with its date and time, each refund as its own
// row (date, amount, reference), and a search within this customer by what the
// caller names: the card's last 4, the amount, the day, or any of them together.
import { useState, type SyntheticEvent } from 'react';
import type { Order } from '../../../../shared/schemas/customer.ts';
import type { CustomerFormat } from '../../customer-format.ts';

interface MoneyRow {
  readonly key: string;
  readonly kind: 'charge' | 'refund';
  readonly at: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: string;
  readonly orderId: string;
  readonly transactionId: string;
  /** null: the payment came from a source that holds no card (a shop). */
  readonly cardMasked: string | null;
  readonly last4: string | null;
  readonly reference: string | null;
}

const STATUS_WORDS: Record<string, string> = {
  authorized: 'Authorised, not taken yet',
  captured: 'Charged',
  refunded: 'Charged, refunded',
  partially_refunded: 'Charged, partly refunded',
  failed: 'Failed: not charged',
  chargeback: 'Disputed (chargeback)',
};

export function moneyRows(orders: Order[]): MoneyRow[] {
  return orders
    .flatMap((order) =>
      order.payments.flatMap((p): MoneyRow[] => [
        { key: p.transactionId, kind: 'charge', at: p.at, amountMinor: p.amountMinor, currency: p.currency, status: STATUS_WORDS[p.status] ?? p.status, orderId: order.orderId, transactionId: p.transactionId, cardMasked: p.card?.masked ?? null, last4: p.card?.last4 ?? null, reference: null },
        ...p.refunds.map((r): MoneyRow => ({ key: r.refundId, kind: 'refund', at: r.at, amountMinor: r.amountMinor, currency: p.currency, status: 'Refund', orderId: order.orderId, transactionId: p.transactionId, cardMasked: p.card?.masked ?? null, last4: p.card?.last4 ?? null, reference: r.reference })),
      ]),
    )
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** "249", "249.00", "249,00", "€ 249.00" → 24900; null when it is not an amount. */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[^\d.,]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (match?.[1] === undefined) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

interface ChargeQuery {
  readonly last4: string | null;
  readonly amountMinor: number | null;
  /** The amount as the agent typed it, to say back. */
  readonly amountText: string | null;
  readonly day: string | null;
}

/** What the search matched on, in words: "the card ending 0637 and the amount 303.90". */
function describeQuery(query: ChargeQuery, format: CustomerFormat): string {
  const parts = [
    query.last4 === null ? null : `the card ending ${query.last4}`,
    query.amountText === null ? null : `the amount ${query.amountText}`,
    query.day === null ? null : `the day ${format.date(query.day)}`,
  ].filter((part): part is string => part !== null);
  return parts.join(' and ');
}

export function Charges({ orders, format, highlight, changed }: { orders: Order[]; format: CustomerFormat; highlight: string | null; changed: ReadonlySet<string> }) {
  const rows = moneyRows(orders);
  const [last4, setLast4] = useState('');
  const [amount, setAmount] = useState('');
  const [day, setDay] = useState('');
  const [query, setQuery] = useState<ChargeQuery | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const search = (event: SyntheticEvent) => {
    event.preventDefault();
    const amountText = amount.trim();
    const amountMinor = amountText === '' ? null : parseAmount(amountText);
    if (last4 === '' && amountText === '' && day === '') { setProblem('Type what the caller names: the card’s last 4, the amount or the day.'); return; }
    if (last4 !== '' && !/^\d{4}$/.test(last4)) { setProblem('Type all 4 of the last digits of the card.'); return; }
    if (amountText !== '' && amountMinor === null) { setProblem('Type the amount as the caller says it, e.g. 249.00.'); return; }
    setProblem(null);
    setQuery({ last4: last4 === '' ? null : last4, amountMinor, amountText: amountText === '' ? null : amountText, day: day === '' ? null : day });
  };
  const showAll = () => {
    setQuery(null);
    setProblem(null);
  };
  const shown =
    query === null
      ? rows
      : rows.filter(
          (r) =>
            (query.last4 === null || r.last4 === query.last4) &&
            (query.amountMinor === null || r.amountMinor === query.amountMinor) &&
            (query.day === null || format.day(r.at) === query.day),
        );

  return (
    <section className="card" aria-labelledby="charges-title">
      <h2 id="charges-title">Charges and refunds</h2>
      <form className="charge-search" onSubmit={search} noValidate aria-label="Find a charge">
        <div className="field">
          <label htmlFor="charge-last4">Card last 4</label>
          <input id="charge-last4" inputMode="numeric" maxLength={4} size={5} value={last4} onChange={(e) => setLast4(e.target.value.replace(/\D/g, ''))} />
        </div>
        <div className="field">
          <label htmlFor="charge-amount">Amount</label>
          <input id="charge-amount" inputMode="decimal" size={9} value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="charge-day">Day</label>
          <input id="charge-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
        <button type="submit">Find</button>
        {query !== null && (
          <button type="button" onClick={showAll}>
            Show all
          </button>
        )}
      </form>
      {problem !== null && <p className="error" role="alert">{problem}</p>}
      {query !== null && (
        <p role="status">
          {shown.length === 0
            ? `Nothing matches ${describeQuery(query, format)}.`
            : `${shown.length} ${shown.length === 1 ? 'row matches' : 'rows match'} ${describeQuery(query, format)}.`}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Date and time</th>
            <th scope="col">What</th>
            <th scope="col">Amount</th>
            <th scope="col">Card</th>
            <th scope="col">Reference</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.key} className={`${r.kind}${highlight === r.transactionId || highlight === r.orderId ? ' highlight' : ''}${changed.has(r.transactionId) ? ' changed' : ''}`}>
              <td>
                <time dateTime={r.at}>{format.dateTime(r.at)}</time>
              </td>
              <td>{r.kind === 'refund' ? <span className="badge ok">Refund</span> : r.status}</td>
              <td className="amount">{r.kind === 'refund' ? `−${format.money(r.amountMinor, r.currency)}` : format.money(r.amountMinor, r.currency)}</td>
              <td className="mono">{r.cardMasked ?? 'No card on record'}</td>
              <td className="ref">
                <span className="mono">{r.kind === 'refund' ? r.reference : r.transactionId}</span>
                <br />
                <span className="hint mono">{r.orderId}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
