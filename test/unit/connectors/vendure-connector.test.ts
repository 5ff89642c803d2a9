// The Vendure connector's cursor, against a shop list held in memory that pages
// as Vendure's Admin API does (sorted by updated-at, offset and limit): the
// cursor follows the newest change read, and when a change made mid-read shifts
// the pages so that an item is skipped, the cursor stays and the next pull
// reads that item. A real Vendure shows the whole path in
// test/integration/connectors/vendure-connector.test.ts; the shift cannot be
// timed there.
import { describe, expect, it } from 'vitest';
import type { ListWindow, VendureAdminApi, VendureCustomer } from '../../../connectors/vendure/vendure-admin-api.ts';
import { vendureConnector } from '../../../connectors/vendure/vendure-connector.ts';

const customer = (id: number, updatedAt: string): VendureCustomer => ({
  id: String(id), updatedAt, createdAt: '2026-01-01T00:00:00.000Z', firstName: 'C', lastName: String(id), emailAddress: `c${String(id)}@example.com`, phoneNumber: null, addresses: null,
});

/** Customers as Vendure lists them; `onPage` runs after each page is answered, as a concurrent writer would. */
function shopOf(customers: VendureCustomer[], onPage: (skip: number) => void = () => undefined): VendureAdminApi {
  return {
    customers(window: ListWindow) {
      const matching = customers.filter((c) => Date.parse(c.updatedAt) > Date.parse(window.after)).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      const page = { items: matching.slice(window.skip, window.skip + window.take), totalItems: matching.length };
      onPage(window.skip);
      return Promise.resolve(page);
    },
    orders: () => Promise.resolve({ items: [], totalItems: 0 }),
  };
}

const at = (second: number) => new Date(Date.UTC(2026, 10, 2, 10, 0, second)).toISOString();
const ids = (records: readonly { data: unknown }[]) => records.map((r) => (r.data as { customerId: string }).customerId);
const options = { now: () => Date.parse('2026-11-03T00:00:00.000Z'), refundWindowMs: 86_400_000, sweepIntervalMs: 60_000 };

describe('the Vendure connector cursor', () => {
  it('moves to the newest change read, and reads again from a second before it', async () => {
    const customers = [customer(1, at(1)), customer(2, at(5))];
    const connector = vendureConnector({ ...options, api: shopOf(customers) });
    const first = await connector.pull(null);
    expect(ids(first.records)).toEqual(['CUS-VND-1', 'CUS-VND-2']);
    expect(first.nextCursor.customers).toBe(at(5));
    customers.push(customer(3, at(9)));
    expect(ids((await connector.pull(first.nextCursor)).records)).toEqual(['CUS-VND-2', 'CUS-VND-3']);
  });

  it('keeps its cursor when a change mid-read skipped an item, and reads it the next time', async () => {
    const customers = Array.from({ length: 250 }, (_, i) => customer(i + 1, at(i % 50)));
    customers.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    let moved = false;
    // After the first page, an item on it is changed: it moves to the end and every later one shifts up a place.
    const api = shopOf(customers, (skip) => {
      const first = customers[0];
      if (skip === 0 && !moved && first !== undefined) {
        moved = true;
        customers[0] = { ...first, updatedAt: at(59) };
      }
    });
    const connector = vendureConnector({ ...options, api });
    const pulled = await connector.pull(null);
    const seen = new Set(ids(pulled.records));
    expect(seen.size).toBeLessThan(250);
    expect(pulled.nextCursor.customers).toBe(new Date(0).toISOString());
    const again = await connector.pull(pulled.nextCursor);
    expect(new Set(ids(again.records)).size).toBe(250);
    expect(again.nextCursor.customers).toBe(at(59));
  });
});
