// The rows of shipments and subscriptions from their domain shapes, written
// once for the demo seed's import and a system of record's upserts.
import type { Insertable } from 'kysely';
import type { Shipment, Subscription } from '../../../shared/schemas/customer.ts';
import type { ShipmentsTable, SubscriptionsTable } from '../tables.ts';

export const shipmentRow = (orderId: string, s: Shipment): Insertable<ShipmentsTable> => ({
  shipment_id: s.shipmentId,
  order_id: orderId,
  carrier: s.carrier,
  tracking_number: s.trackingNumber,
  status: s.status,
  eta: s.eta,
  tracking_url: s.trackingUrl,
  history: JSON.stringify(s.history),
});

export const subscriptionRow = (customerId: string, s: Subscription): Insertable<SubscriptionsTable> => ({
  subscription_id: s.subscriptionId,
  customer_id: customerId,
  product: s.product,
  kind: s.kind,
  status: s.status,
  started_at: s.startedAt,
  expires_at: s.expiresAt,
  auto_renew: s.autoRenew ? 1 : 0,
});
