// Vendure's entities as the gateway's records, field by field. IDs get a
// prefix the desk's search box reads (ORD- for the order code a customer
// quotes, TXN- for the payment provider's reference) or one that keeps them apart
// from other sources' (CUS-VND-, SHP-VND-, RFD-VND-). A record's version is the
// newest updated-at it is made of, so a refund, which Vendure keeps beside its
// payment, moves the payment's version (with its count of refunds, since Vendure
// may keep whole seconds only). Vendure holds no card number: a
// payment is sent with none.
import type { Payment } from '../../shared/schemas/customer.ts';
import type { ConnectorRecord } from '../shop-connector.ts';
import type { VendureCustomer, VendureFulfillment, VendureOrder, VendurePayment } from './vendure-admin-api.ts';

const ID_MAX = 40;
/** A gateway record ID: letters, digits, - and _, at most 40 characters. */
const recordId = (prefix: string, raw: string): string => `${prefix}${raw.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, ID_MAX);
const clip = (text: string | null | undefined, max: number): string => (text ?? '').trim().slice(0, max);
const versionOf = (...timestamps: string[]): number => Math.max(...timestamps.map((t) => Date.parse(t)));
/**
 * A payment's version: its newest second, then how many settled refunds it has. Vendure on SQLite keeps whole
 * seconds, so a refund made in the same second as the payment's last change would otherwise leave its version
 * where it was, and the gateway would keep the payment without the refund as unchanged.
 */
const paymentVersionOf = (timestamps: string[], refundCount: number): number => Math.floor(versionOf(...timestamps) / 1000) * 1000 + Math.min(refundCount, 999);

export const customerIdOf = (vendureId: string): string => recordId('CUS-VND-', vendureId);
export const orderIdOf = (code: string): string => recordId('ORD-', code);

export function customerRecord(customer: VendureCustomer): ConnectorRecord {
  const address = customer.addresses?.[0];
  const country = address?.country.code.toUpperCase() ?? '';
  return {
    type: 'customer',
    version: versionOf(customer.updatedAt),
    data: {
      customerId: customerIdOf(customer.id),
      displayName: clip(`${customer.firstName} ${customer.lastName}`, 128),
      email: clip(customer.emailAddress, 128),
      phone: clip(customer.phoneNumber, 32),
      city: clip(address?.city, 64),
      postcode: clip(address?.postalCode, 16),
      // ZZ: ISO 3166's code for an unknown country, when the customer has no address yet.
      country: /^[A-Z]{2}$/.test(country) ? country : 'ZZ',
      memberSince: customer.createdAt.slice(0, 10),
    },
  };
}

// Maps, not object literals: a state named like an Object.prototype member ("toString") must not read one.
const ORDER_STATUS = new Map<string, 'placed' | 'paid' | 'shipped' | 'delivered' | 'cancelled'>([
  ['ArrangingPayment', 'placed'],
  ['PaymentAuthorized', 'placed'],
  ['PaymentSettled', 'paid'],
  ['PartiallyShipped', 'shipped'],
  ['Shipped', 'shipped'],
  ['PartiallyDelivered', 'delivered'],
  ['Delivered', 'delivered'],
  ['Cancelled', 'cancelled'],
]);

const settledRefunds = (payment: VendurePayment) => payment.refunds.filter((refund) => refund.state === 'Settled');

function paymentStatus(payment: VendurePayment): Payment['status'] {
  const refunded = settledRefunds(payment).reduce((sum, refund) => sum + refund.total, 0);
  if (payment.state === 'Settled') return refunded >= payment.amount ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'captured';
  if (payment.state === 'Authorized' || payment.state === 'Created') return 'authorized';
  return 'failed';
}

function paymentRecord(order: VendureOrder, payment: VendurePayment): ConnectorRecord {
  const refunds = settledRefunds(payment);
  return {
    type: 'payment',
    version: paymentVersionOf([payment.updatedAt, ...refunds.map((refund) => refund.updatedAt)], refunds.length),
    data: {
      transactionId: recordId('TXN-', payment.transactionId ?? `VND-${payment.id}`),
      orderId: orderIdOf(order.code),
      status: paymentStatus(payment),
      amountMinor: payment.amount,
      currency: order.currencyCode,
      at: payment.createdAt,
      refunds: refunds.map((refund) => ({ refundId: recordId('RFD-VND-', refund.id), at: refund.createdAt, amountMinor: refund.total, reference: clip(refund.transactionId, 64) })),
    },
  };
}

const SHIPMENT_STATUS = new Map<string, 'label_created' | 'in_transit' | 'delivered' | 'exception'>([
  ['Pending', 'label_created'],
  ['Shipped', 'in_transit'],
  ['Delivered', 'delivered'],
  ['Cancelled', 'exception'],
]);

function shipmentRecord(order: VendureOrder, fulfillment: VendureFulfillment): ConnectorRecord {
  const status = SHIPMENT_STATUS.get(fulfillment.state) ?? 'label_created';
  return {
    type: 'shipment',
    version: versionOf(fulfillment.updatedAt),
    data: {
      shipmentId: recordId('SHP-VND-', fulfillment.id),
      orderId: orderIdOf(order.code),
      carrier: clip(fulfillment.method, 64),
      trackingNumber: clip(fulfillment.trackingCode, 64),
      status,
      eta: null,
      trackingUrl: null,
      history: [{ at: fulfillment.updatedAt, status, location: '' }],
    },
  };
}

/** The order with its payments and shipments; none for an order without a customer, which has no one to call. */
export function orderRecords(order: VendureOrder): ConnectorRecord[] {
  if (order.customer === null) return [];
  return [
    {
      type: 'order',
      version: versionOf(order.updatedAt),
      data: {
        orderId: orderIdOf(order.code),
        customerId: customerIdOf(order.customer.id),
        placedAt: order.orderPlacedAt ?? order.createdAt,
        status: ORDER_STATUS.get(order.state) ?? 'placed',
        totalMinor: order.totalWithTax,
        currency: order.currencyCode,
        items: order.lines.map((line) => ({ sku: clip(line.productVariant.sku, 64), name: clip(line.productVariant.name, 128), quantity: line.quantity, unitPriceMinor: line.unitPriceWithTax })),
      },
    },
    ...(order.payments ?? []).map((payment) => paymentRecord(order, payment)),
    ...(order.fulfillments ?? []).map((fulfillment) => shipmentRecord(order, fulfillment)),
  ];
}
