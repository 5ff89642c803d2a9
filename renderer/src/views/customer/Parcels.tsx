// "Where is my parcel": one line per order in words a caller understands, with
// the latest carrier event and where it happened, the ETA (flagged late once it
// has passed), why a delivery is stuck, and the carrier's own tracking page.
import type { Order, Shipment } from '../../../../shared/schemas/customer.ts';
import { errorText, useAgent } from '../../agent.tsx';
import type { CustomerFormat } from '../../customer-format.ts';
import { useState } from 'react';

const ORDER_WORDS: Record<Order['status'], string> = {
  placed: 'Placed, not paid yet',
  paid: 'Paid, being packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export const SHIPMENT_WORDS: Record<Shipment['status'], string> = {
  label_created: 'Label printed, not yet with the carrier',
  in_transit: 'On its way',
  out_for_delivery: 'Out for delivery today',
  delivered: 'Delivered',
  exception: 'Delivery problem',
  returned: 'Returned to sender',
};

const ORDER_TONE: Partial<Record<Order['status'], string>> = { delivered: 'ok', cancelled: 'warn', refunded: 'warn' };

/** Past its ETA (the whole ETA day has gone by) and not delivered or returned. */
export function isLate(shipment: Shipment, now: number): boolean {
  if (shipment.eta === null || shipment.status === 'delivered' || shipment.status === 'returned') return false;
  return Date.parse(`${shipment.eta}T23:59:59Z`) < now;
}

/** The references a search can name this order by: its number and its transactions'. */
export const orderRefs = (order: Order): string => [order.orderId, ...order.payments.map((p) => p.transactionId)].join(' ');

function ShipmentLine({ shipment, format, changed }: { shipment: Shipment; format: CustomerFormat; changed: boolean }) {
  const agent = useAgent();
  const [linkError, setLinkError] = useState<string | null>(null);
  const latest = shipment.history.at(-1);
  const exception = [...shipment.history].reverse().find((h) => h.status === 'exception');
  const late = isLate(shipment, Date.now());
  const trackingUrl = shipment.trackingUrl;
  return (
    <div className={`parcel-line${changed ? ' changed' : ''}`}>
      {changed && <span className="badge updated">Updated</span>}
      <span className={`badge ${shipment.status === 'exception' ? 'danger' : shipment.status === 'delivered' ? 'ok' : ''}`}>{SHIPMENT_WORDS[shipment.status]}</span>
      {latest !== undefined && (
        <span>
          {latest.location}, <time dateTime={latest.at}>{format.dateTime(latest.at)}</time>
        </span>
      )}
      {shipment.eta !== null && (
        <span>
          ETA {format.date(shipment.eta)} {late && <span className="badge late">late</span>}
        </span>
      )}
      {shipment.status === 'exception' && exception?.detail !== undefined && <span className="exception">{exception.detail}</span>}
      <span className="hint">
        {shipment.carrier} <span className="mono">{shipment.trackingNumber}</span>
      </span>
      {trackingUrl !== null && (
        <button
          type="button"
          className="link"
          onClick={() =>
            void agent.app.openExternal({ url: trackingUrl }).then((r) => setLinkError(r.ok ? null : errorText(r.error)))
          }
        >
          Track on {shipment.carrier}’s site ↗
        </button>
      )}
      {linkError !== null && <span className="error" role="alert">{linkError}</span>}
    </div>
  );
}

/** `changed`: the IDs a refresh changed (customer-changes.ts), marked until the next one. */
export function Parcels({ orders, format, highlight, changed }: { orders: Order[]; format: CustomerFormat; highlight: string | null; changed: ReadonlySet<string> }) {
  return (
    <section className="card" aria-labelledby="orders-title">
      <h2 id="orders-title">Orders and parcels</h2>
      {orders.length === 0 && <p className="hint">No orders.</p>}
      <ol className="orders">
        {orders.map((order) => {
          const refs = orderRefs(order);
          const marked = highlight !== null && refs.split(' ').includes(highlight);
          return (
            <li key={order.orderId} className={`order${marked ? ' highlight' : ''}`} data-refs={refs} tabIndex={-1} aria-current={marked ? 'true' : undefined}>
              <div className="order-line">
                <span className="mono">{order.orderId}</span>
                <span>{format.date(order.placedAt)}</span>
                <span className={`badge ${ORDER_TONE[order.status] ?? ''}`}>{ORDER_WORDS[order.status]}</span>
                {changed.has(order.orderId) && <span className="badge updated">Updated</span>}
                <span>{format.money(order.totalMinor, order.currency)}</span>
              </div>
              {order.shipments.map((s) => (
                <ShipmentLine key={s.shipmentId} shipment={s} format={format} changed={changed.has(s.shipmentId)} />
              ))}
              <details>
                <summary>Items and tracking history</summary>
                <ul>
                  {order.items.map((item) => (
                    <li key={item.sku}>
                      {item.quantity} × {item.name}
                    </li>
                  ))}
                </ul>
                {order.shipments.map((s) => (
                  <ol key={s.shipmentId} className="history" aria-label={`${s.carrier} events, latest first`}>
                    {[...s.history].reverse().map((h) => (
                      <li key={h.at + h.status}>
                        <time dateTime={h.at}>{format.dateTime(h.at)}</time> · {SHIPMENT_WORDS[h.status]} · {h.location}
                        {h.detail !== undefined && <> · {h.detail}</>}
                      </li>
                    ))}
                  </ol>
                ))}
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
