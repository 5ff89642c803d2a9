// What a refresh of the open customer changed, by the IDs the views key their
// rows by: orders, shipments, payments (and their refunds), subscriptions and
// notes that are new or differ. The views mark these rows; nothing else moves.
import type { CustomerDetail } from '../../shared/schemas/customer.ts';

const byId = <T>(items: readonly T[], id: (item: T) => string): Map<string, string> => new Map(items.map((item) => [id(item), JSON.stringify(item)]));

function differing(before: Map<string, string>, after: Map<string, string>, into: Set<string>): void {
  for (const [id, json] of after) if (before.get(id) !== json) into.add(id);
}

export function changedRecords(before: CustomerDetail, after: CustomerDetail): ReadonlySet<string> {
  const changed = new Set<string>();
  const orderHead = (order: CustomerDetail['orders'][number]) => ({ ...order, payments: [], shipments: [] });
  differing(byId(before.orders.map(orderHead), (o) => o.orderId), byId(after.orders.map(orderHead), (o) => o.orderId), changed);
  const shipments = (d: CustomerDetail) => d.orders.flatMap((o) => o.shipments);
  differing(byId(shipments(before), (s) => s.shipmentId), byId(shipments(after), (s) => s.shipmentId), changed);
  const payments = (d: CustomerDetail) => d.orders.flatMap((o) => o.payments);
  differing(byId(payments(before), (p) => p.transactionId), byId(payments(after), (p) => p.transactionId), changed);
  differing(byId(before.subscriptions, (s) => s.subscriptionId), byId(after.subscriptions, (s) => s.subscriptionId), changed);
  differing(byId(before.notes, (n) => n.noteId), byId(after.notes, (n) => n.noteId), changed);
  return changed;
}
