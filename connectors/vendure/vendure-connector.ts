// The Vendure connector: customers and placed orders changed since the cursor,
// read from the Admin API page by page in updated-at order. Vendure stores some
// timestamps to the second, so each read starts one second before the cursor
// and the gateway answers the overlap as unchanged. A refund does not touch its
// order's updated-at in Vendure, so the orders placed within the refund window
// are read again on every sweep (at most once per sweep interval).
import type { ConnectorCursor, ConnectorRecord, Pulled, ShopConnector } from '../shop-connector.ts';
import type { ListWindow, VendureAdminApi } from './vendure-admin-api.ts';
import { customerRecord, orderRecords } from './vendure-records.ts';

const PAGE_SIZE = 100;
/** Vendure on SQLite keeps updated-at to the second. */
const OVERLAP_MS = 1000;
const EPOCH = new Date(0).toISOString();

export interface VendureConnectorOptions {
  readonly api: VendureAdminApi;
  readonly now: () => number;
  /** How far back a refund of an unchanged order is looked for. */
  readonly refundWindowMs: number;
  /** How often that look happens. */
  readonly sweepIntervalMs: number;
}

/**
 * Every page of a list after `after`. Paging by offset while the shop writes can skip an item (another one
 * updated mid-read moves to the end, and the rest shift up a place): then fewer distinct items arrive than the
 * list counts, and `complete` is false, so the caller keeps its cursor and reads the window again next time.
 */
async function readAll<T extends { id: string }>(read: (window: ListWindow) => Promise<{ items: T[]; totalItems: number }>, field: ListWindow['field'], after: string) {
  const items = new Map<string, T>();
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await read({ field, after, skip, take: PAGE_SIZE });
    for (const item of page.items) items.set(item.id, item);
    if (page.items.length < PAGE_SIZE) return { items: [...items.values()], complete: items.size >= page.totalItems };
  }
}

const backOff = (cursor: string): string => new Date(Math.max(0, Date.parse(cursor) - OVERLAP_MS)).toISOString();
/** The cursor after a read: the newest updated-at it saw, or where it was when the read may have missed some. */
const advance = (current: string, read: { items: readonly { updatedAt: string }[]; complete: boolean }): string =>
  read.complete ? read.items.reduce((max, item) => (Date.parse(item.updatedAt) > Date.parse(max) ? item.updatedAt : max), current) : current;

export function vendureConnector(options: VendureConnectorOptions): ShopConnector {
  return {
    name: 'vendure',
    async pull(cursor: ConnectorCursor | null): Promise<Pulled> {
      const startedAt = options.now();
      const customersFrom = cursor?.customers ?? EPOCH;
      const ordersFrom = cursor?.orders ?? EPOCH;
      const sweptAt = cursor?.sweptAt ?? EPOCH;
      const customers = await readAll((w) => options.api.customers(w), 'updatedAt', backOff(customersFrom));
      const orders = await readAll((w) => options.api.orders(w), 'updatedAt', backOff(ordersFrom));
      const sweep = startedAt - Date.parse(sweptAt) >= options.sweepIntervalMs;
      const swept = sweep ? await readAll((w) => options.api.orders(w), 'orderPlacedAt', new Date(startedAt - options.refundWindowMs).toISOString()) : { items: [], complete: false };
      const byId = new Map([...swept.items, ...orders.items].map((order) => [order.id, order]));
      const records: ConnectorRecord[] = [...customers.items.map(customerRecord), ...[...byId.values()].flatMap(orderRecords)];
      return {
        records,
        nextCursor: {
          customers: advance(customersFrom, customers),
          orders: advance(ordersFrom, orders),
          sweptAt: sweep && swept.complete ? new Date(startedAt).toISOString() : sweptAt,
        },
      };
    },
  };
}
