// Deterministic synthetic customers for the demo and the tests: orders,
// payments, shipments with tracking history, subscriptions and licences. Card
// numbers exist here only long enough to be turned into HMAC + facets.
import { luhnCheckDigit, panFacets } from '../../shared/pan.ts';
import type { Note, Subscription } from '../../shared/schemas/customer.ts';
import type { CardRecord, CustomerRecordSet, StoredCustomer, StoredOrder, StoredPayment } from '../storage/store.ts';
import { createPrng, type Prng } from './prng.ts';

/** All demo dates are relative to this instant, so the data set never changes. */
export const DEMO_ANCHOR = Date.UTC(2026, 10, 1);
export const DEMO_CUSTOMER_COUNT = 10_000;

/**
 * Standard public test card numbers on the first customers, so a person can try
 * a card lookup. 4111 1111 1111 1111 is on two customers, to show several matches.
 */
export const DEMO_TEST_CARDS: readonly { customerId: string; pan: string }[] = [
  { customerId: 'CUS-000001', pan: '4111111111111111' },
  { customerId: 'CUS-000002', pan: '5555555555554444' },
  { customerId: 'CUS-000003', pan: '378282246310005' },
  { customerId: 'CUS-000004', pan: '6011111111111117' },
  { customerId: 'CUS-000005', pan: '3566002020360505' },
  { customerId: 'CUS-000006', pan: '4111111111111111' },
];

const FIRST = ['Ana', 'Ben', 'Chloe', 'David', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kai', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wei', 'Yara', 'Zoe'];
const LAST = ['Silva', 'Novak', 'Dubois', 'Keller', 'Yilmaz', 'Haddad', 'Okafor', 'Laurent', 'García', 'Berg', 'Tanaka', 'Fischer', 'Rossi', 'Nowak', 'Hassan', 'Patel', 'Murphy', 'Costa', 'Virtanen', 'Jensen'];
const PLACES: readonly [string, string, string][] = [
  ['London', 'GB', 'SW1A 1AA'],
  ['Manchester', 'GB', 'M1 1AE'],
  ['Dublin', 'IE', 'D02 X285'],
  ['Berlin', 'DE', '10115'],
  ['Leipzig', 'DE', '04109'],
  ['Paris', 'FR', '75001'],
  ['Lyon', 'FR', '69002'],
  ['Madrid', 'ES', '28013'],
  ['Lisbon', 'PT', '1100-148'],
  ['Amsterdam', 'NL', '1012 JS'],
  ['Stockholm', 'SE', '111 52'],
  ['Warsaw', 'PL', '00-001'],
];
const PRODUCTS: readonly { name: string; sku: string; priceMinor: number }[] = [
  { name: 'Noise-cancelling headphones', sku: 'AUD-NC700', priceMinor: 24_900 },
  { name: 'USB-C dock', sku: 'ACC-DOCK4', priceMinor: 8_990 },
  { name: 'Mechanical keyboard', sku: 'KEY-MX87', priceMinor: 12_900 },
  { name: 'Ergonomic mouse', sku: 'MSE-ERG2', priceMinor: 5_490 },
  { name: '27" monitor', sku: 'MON-27Q', priceMinor: 31_900 },
  { name: 'Webcam 4K', sku: 'CAM-4K60', priceMinor: 14_990 },
  { name: 'Laptop sleeve', sku: 'BAG-SL14', priceMinor: 2_990 },
];
const PLANS: readonly { product: string; kind: Subscription['kind']; months: number }[] = [
  { product: 'Cloud Backup Plus', kind: 'subscription', months: 12 },
  { product: 'Streaming Premium', kind: 'subscription', months: 1 },
  { product: 'PhotoPro Studio licence', kind: 'licence', months: 24 },
  { product: 'Office Suite licence', kind: 'licence', months: 12 },
  { product: 'Extended Warranty', kind: 'subscription', months: 36 },
];
const CARRIERS: readonly [string, string][] = [
  ['Royal Mail', 'RM'],
  ['DHL', 'JD'],
  ['DPD', 'DP'],
  ['UPS', 'UP'],
  ['GLS', 'GL'],
];
/** Each carrier's public tracking page (origins the demo policy allow-lists). */
const TRACKING_PAGES: Record<string, (trackingNumber: string) => string> = {
  'Royal Mail': (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  DHL: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=${n}`,
  DPD: (n) => `https://www.dpd.co.uk/apps/tracking/?parcel=${n}`,
  UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
  GLS: (n) => `https://gls-group.com/track/${n}`,
};
/** The https origins of those pages, for the demo desks' openExternal allowlist. */
export const DEMO_CARRIER_ORIGINS: readonly string[] = Object.values(TRACKING_PAGES).map((page) => new URL(page('X')).origin);
const HUBS = ['Leipzig', 'Cologne', 'Coventry', 'Paris Nord', 'Madrid Coslada', 'Amsterdam Schiphol'];
const EXCEPTIONS = [
  'Address incomplete: flat number missing',
  'Recipient not at home: card left, second attempt tomorrow',
  'Held at customs: import duty to pay',
  'Parcel damaged in transit: inspection at the hub',
];
const CARD_PREFIXES = ['4', '4', '51', '53', '2221', '37', '6011', '3566'] as const;

const day = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function randomPan(prng: Prng): string {
  const prefix = prng.pick(CARD_PREFIXES);
  const length = prefix === '37' ? 15 : 16;
  const partial = prefix + prng.digits(length - 1 - prefix.length);
  return partial + String(luhnCheckDigit(partial));
}

function card(customerId: string, index: number, pan: string, prng: Prng, hmac: (pan: string) => string): CardRecord {
  const facets = panFacets(pan);
  return {
    cardId: `CRD-${customerId.slice(4)}-${index}`,
    customerId,
    panHmac: hmac(pan),
    ...facets,
    expiry: `${pad(prng.int(1, 12), 2)}/${pad(prng.int(27, 31), 2)}`,
  };
}

/**
 * The draws for fields added after the first data set (hubs, exception reasons,
 * refunds) come from a second generator, so every earlier field keeps its value.
 */
function shipmentFor(orderId: string, placedAt: number, delivered: boolean, city: string, prng: Prng, extra: Prng): StoredOrder['shipments'][number] {
  const [carrier, code] = prng.pick(CARRIERS);
  const hub = `${carrier} hub, ${extra.pick(HUBS)}`;
  const history: StoredOrder['shipments'][number]['history'] = [
    { at: iso(placedAt + 3_600_000), status: 'label_created', location: 'Fulfilment centre, Leipzig' },
    { at: iso(placedAt + day), status: 'in_transit', location: hub },
  ];
  const eta = placedAt + prng.int(2, 5) * day;
  if (delivered) {
    history.push({ at: iso(eta - 6 * 3_600_000), status: 'out_for_delivery', location: `Local depot, ${city}` });
    history.push({ at: iso(eta), status: 'delivered', location: `Front door, ${city}` });
  } else if (prng.next() < 0.15) {
    history.push({ at: iso(placedAt + 2 * day), status: 'exception', location: hub, detail: extra.pick(EXCEPTIONS) });
  }
  const last = history.at(-1);
  const trackingNumber = `${code}${prng.digits(9)}GB`;
  return {
    shipmentId: `SHP-${orderId.slice(4)}`,
    carrier,
    trackingNumber,
    status: last?.status ?? 'label_created',
    eta: delivered ? null : iso(eta).slice(0, 10),
    trackingUrl: TRACKING_PAGES[carrier]?.(trackingNumber) ?? null,
    history,
  };
}

/** A refund row for a refunded payment (in full), or for a partial refund of one item. */
function refundsFor(transactionId: string, placedAt: number, amountMinor: number, extra: Prng): StoredPayment['refunds'] {
  return [{ refundId: `RF-${transactionId.slice(4)}`, at: iso(placedAt + extra.int(3, 12) * day + extra.int(0, 86_399) * 1000), amountMinor, reference: `ARN ${extra.digits(12)}` }];
}

/** Generates customer `n` (1-based); the same n always gives the same records. */
export function demoCustomer(n: number, hmac: (pan: string) => string): CustomerRecordSet {
  const prng = createPrng(0x5e4d + n * 7919);
  const extra = createPrng(0x7a11 + n * 104_729);
  const customerId = `CUS-${pad(n, 6)}`;
  const first = prng.pick(FIRST);
  const last = prng.pick(LAST);
  const [city, country, postcode] = prng.pick(PLACES);
  const memberSince = DEMO_ANCHOR - prng.int(30, 2000) * day;
  const customer: StoredCustomer = {
    customerId,
    displayName: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${n}@example.com`,
    phone: `+44 20 7946 ${pad(prng.int(0, 999), 4)}`,
    // The seed hashes it under the gateway's pepper (demo-seed.ts), as it does the cards.
    phoneHmac: null,
    city,
    postcode,
    country,
    memberSince: iso(memberSince).slice(0, 10),
  };

  const pans = DEMO_TEST_CARDS.filter((c) => c.customerId === customerId).map((c) => c.pan);
  const cardCount = Math.max(pans.length, prng.int(1, 2));
  while (pans.length < cardCount) pans.push(randomPan(prng));
  const cards = pans.map((pan, i) => card(customerId, i + 1, pan, prng, hmac));

  const orders: StoredOrder[] = Array.from({ length: prng.int(1, 4) }, (_, i) => {
    const placedAt = DEMO_ANCHOR - prng.int(0, 120) * day - prng.int(0, 86_399) * 1000;
    const orderId = `ORD-${new Date(placedAt).getUTCFullYear()}-${pad(n, 6)}${i}`;
    const items = Array.from({ length: prng.int(1, 3) }, () => {
      const product = prng.pick(PRODUCTS);
      return { sku: product.sku, name: product.name, quantity: prng.int(1, 2), unitPriceMinor: product.priceMinor };
    });
    const totalMinor = items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0);
    const age = DEMO_ANCHOR - placedAt;
    const refunded = prng.next() < 0.05;
    const delivered = age > 6 * day;
    const paymentCard = prng.pick(cards);
    const transactionId = `TXN-${pad(n, 6)}${i}${prng.digits(3)}`;
    const firstItem = items[0];
    // Some delivered orders had one item sent back: a partial refund of that item.
    const partial = !refunded && delivered && firstItem !== undefined && items.length > 1 && extra.next() < 0.3;
    const refunds = refunded
      ? refundsFor(transactionId, placedAt, totalMinor, extra)
      : partial
        ? refundsFor(transactionId, placedAt, firstItem.unitPriceMinor, extra)
        : [];
    return {
      orderId,
      placedAt: iso(placedAt),
      status: refunded ? 'refunded' : delivered ? 'delivered' : age > day ? 'shipped' : 'paid',
      totalMinor,
      currency: country === 'GB' ? 'GBP' : 'EUR',
      items,
      payments: [
        {
          transactionId,
          status: refunded ? 'refunded' : partial ? 'partially_refunded' : 'captured',
          amountMinor: totalMinor,
          currency: country === 'GB' ? 'GBP' : 'EUR',
          at: iso(placedAt + 60_000),
          cardId: paymentCard.cardId,
          refunds,
        },
      ],
      shipments: refunded ? [] : [shipmentFor(orderId, placedAt, delivered, city, prng, extra)],
    };
  });

  const subscriptions: Subscription[] = Array.from({ length: prng.int(0, 2) }, (_, i) => {
    const plan = prng.pick(PLANS);
    const startedAt = DEMO_ANCHOR - prng.int(10, 700) * day;
    const expiresAt = startedAt + plan.months * 30 * day;
    return {
      subscriptionId: `SUB-${pad(n, 6)}-${i + 1}`,
      product: plan.product,
      kind: plan.kind,
      status: expiresAt < DEMO_ANCHOR ? 'expired' : 'active',
      startedAt: iso(startedAt),
      expiresAt: iso(expiresAt),
      autoRenew: prng.next() < 0.5,
    };
  });

  const notes: Note[] =
    prng.next() < 0.1
      ? [
          {
            noteId: `N-SEED-${pad(n, 6)}`,
            customerId,
            authorId: 'u-agent-ana',
            authorName: 'agent.ana',
            at: iso(DEMO_ANCHOR - prng.int(1, 60) * day),
            text: 'Customer asked for delivery updates by e-mail. Verified by postcode and last 4 of card.',
          },
        ]
      : [];

  return { customer, cards, orders, subscriptions, notes };
}
