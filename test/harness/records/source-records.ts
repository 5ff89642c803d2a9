// Records as a system of record sends them (issue 22), built in code: one
// builder per record type with valid defaults, a Luhn-valid test card number
// made from its brand prefix (never written out as a literal), and a source's
// service account created through the admin route.
import { luhnCheckDigit } from '../../../shared/pan.ts';
import type { RecordType } from '../../../shared/schemas/records.ts';
import type { RouteRequest } from '../../../shared/api.ts';
import type { ServiceAccountGrant } from '../../../shared/schemas/service-accounts.ts';
import type { WebhookMapping } from '../../../shared/schemas/webhook-mapping.ts';
import type { RunningGateway } from '../gateway/gateway.ts';

/**
 * A Luhn-valid test card number: `prefix`, then the digits 1-9 and 0 in turn, then the check digit. Not ones: with
 * ones the Visa one is 4111111111111111, a demo customer's card whose stored BIN and last 4 a byte scan for
 * leaks can read back as the number, so a test could not tell its own leak from the seed.
 */
export function testPan(prefix = '4', length = 16): string {
  const partial = prefix + Array.from({ length: length - 1 - prefix.length }, (_, i) => String((i + 1) % 10)).join('');
  return partial + String(luhnCheckDigit(partial));
}

export const SOURCE_REASON = 'Ticket OPS-7: connect the shop';

/** Creates a service account through the admin route; throws unless granted. */
export async function createAccount(gw: RunningGateway, adminToken: string, body: RouteRequest<'adminCreateServiceAccount'>['body']): Promise<ServiceAccountGrant> {
  const answer = await gw.route('adminCreateServiceAccount', { token: adminToken, body });
  if (answer.status !== 200) throw new Error(`create source ${body.source}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** A system of record's account: the gateway makes its webhook secret, shown once here. */
export async function createSource(
  gw: RunningGateway,
  adminToken: string,
  source: string,
  recordTypes: readonly RecordType[],
  webhookMappings: readonly WebhookMapping[] = [],
): Promise<ServiceAccountGrant & { webhookSecret: string }> {
  const grant = await createAccount(gw, adminToken, { source, recordTypes: [...recordTypes], reason: SOURCE_REASON, webhookMappings: [...webhookMappings] });
  const { webhookSecret } = grant;
  if (webhookSecret === null) throw new Error(`source ${source} was granted no webhook secret`);
  return { ...grant, webhookSecret };
}

type Data = Record<string, unknown>;
const record = (type: RecordType, version: number, data: Data) => ({ type, version, data });

export const customerRecord = (customerId: string, version = 1, data: Data = {}) =>
  record('customer', version, {
    customerId,
    displayName: 'Mira Kovač',
    email: 'mira@example.com',
    phone: '+44 20 7946 0000',
    city: 'London',
    postcode: 'SW1A 1AA',
    country: 'GB',
    memberSince: '2024-03-01',
    ...data,
  });

export const orderRecord = (orderId: string, customerId: string, version = 1, data: Data = {}) =>
  record('order', version, {
    orderId,
    customerId,
    placedAt: '2026-11-02T10:00:00.000Z',
    status: 'paid',
    totalMinor: 4990,
    currency: 'EUR',
    items: [{ sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPriceMinor: 4990 }],
    ...data,
  });

export const paymentRecord = (transactionId: string, orderId: string, version = 1, data: Data = {}) =>
  record('payment', version, {
    transactionId,
    orderId,
    status: 'captured',
    amountMinor: 4990,
    currency: 'EUR',
    at: '2026-11-02T10:01:00.000Z',
    card: { number: testPan(), expiry: '12/29' },
    refunds: [],
    ...data,
  });

export const shipmentRecord = (shipmentId: string, orderId: string, version = 1, data: Data = {}) =>
  record('shipment', version, {
    shipmentId,
    orderId,
    carrier: 'DHL',
    trackingNumber: 'JD0146000',
    status: 'in_transit',
    eta: '2026-11-05',
    trackingUrl: 'https://www.dhl.com/track?id=JD0146000',
    history: [{ at: '2026-11-03T08:00:00.000Z', status: 'in_transit', location: 'Leipzig hub' }],
    ...data,
  });

export const subscriptionRecord = (subscriptionId: string, customerId: string, version = 1, data: Data = {}) =>
  record('subscription', version, {
    subscriptionId,
    customerId,
    product: 'Coffee club',
    kind: 'subscription',
    status: 'active',
    startedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    autoRenew: true,
    ...data,
  });

/** One record of every type, chained: customer, order, payment, shipment, subscription. */
export function recordSet(suffix: string, version = 1) {
  const customerId = `CUS-${suffix}`;
  const orderId = `ORD-${suffix}`;
  return [
    customerRecord(customerId, version),
    orderRecord(orderId, customerId, version),
    paymentRecord(`TX-${suffix}`, orderId, version),
    shipmentRecord(`SHP-${suffix}`, orderId, version),
    subscriptionRecord(`SUB-${suffix}`, customerId, version),
  ];
}
