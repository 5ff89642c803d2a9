// The customer's name and the summary strip that answers most calls before
// anything is scrolled: open orders, the last charge, active subscriptions and
// the last note. It stays at the top while the rest scrolls.
import type { CustomerDetail } from '../../../../shared/schemas/customer.ts';
import type { CustomerFormat } from '../../customer-format.ts';

const OPEN_ORDER = new Set(['placed', 'paid', 'shipped']);

export function CustomerHeader({ detail, format }: { detail: CustomerDetail; format: CustomerFormat }) {
  const c = detail.customer;
  const openOrders = detail.orders.filter((o) => OPEN_ORDER.has(o.status)).length;
  const lastCharge = detail.orders.flatMap((o) => o.payments).sort((a, b) => b.at.localeCompare(a.at))[0];
  const activeSubscriptions = detail.subscriptions.filter((s) => s.status === 'active').length;
  const lastNote = [...detail.notes].sort((a, b) => b.at.localeCompare(a.at))[0];
  return (
    <header className="customer-header card">
      <h1 id="customer-title">
        {c.displayName} <span className="mono hint">{c.customerId}</span>
      </h1>
      <dl className="summary-strip" aria-label="Summary">
        <div>
          <dt>Open orders</dt>
          <dd>{openOrders}</dd>
        </div>
        <div>
          <dt>Last charge</dt>
          <dd>{lastCharge === undefined ? 'None' : <>{format.money(lastCharge.amountMinor, lastCharge.currency)} · {format.dateTime(lastCharge.at)}</>}</dd>
        </div>
        <div>
          <dt>Active subscriptions</dt>
          <dd>{activeSubscriptions}</dd>
        </div>
        <div className="summary-note">
          <dt>Last note</dt>
          <dd>{lastNote === undefined ? 'None' : <>{format.date(lastNote.at)}: {lastNote.text}</>}</dd>
        </div>
      </dl>
    </header>
  );
}
