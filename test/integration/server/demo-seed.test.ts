// --seed-demo: 10,000 deterministic customers with orders, payments, shipments
// and subscriptions, and the demo accounts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan.ts';
import { CustomerDetailSchema } from '../../../shared/schemas/customer.ts';
import { buildGateway } from '../../../server/app.ts';
import { DEMO_CUSTOMER_COUNT, demoCustomer } from '../../../server/seed/demo-data.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../../server/seed/demo-seed.ts';
import { testDatabaseFor } from '../../harness/database/test-database.ts';

describe('demo seed', () => {
  it('generates the same records every time, from the customer number alone', () => {
    const hmac = (pan: string): string => `hmac-of-${pan.slice(-4)}`;
    for (const n of [1, 2, 777, 10_000]) expect(demoCustomer(n, hmac)).toEqual(demoCustomer(n, hmac));
    expect(demoCustomer(3, hmac)).not.toEqual(demoCustomer(4, hmac));
  });

  it('loads 10,000 customers and the demo accounts into a fresh store, with valid, PAN-free details', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-seed-'));
    const gateway = await buildGateway({ dataDir, database: await testDatabaseFor(dataDir), logLevel: 'silent', config: { customerAccess: { recordReads: { max: 200 } } } });
    try {
      await seedDemo(gateway.store, gateway.seal, gateway.pepper);
      expect(await gateway.store.customers.count()).toBe(DEMO_CUSTOMER_COUNT);
      for (const account of DEMO_ACCOUNTS) {
        expect(await gateway.store.identity.findUserByUsername(account.username)).not.toBeNull();
      }
      // Seeding again changes nothing.
      await seedDemo(gateway.store, gateway.seal, gateway.pepper);
      expect(await gateway.store.customers.count()).toBe(DEMO_CUSTOMER_COUNT);

      const reader = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const], deviceId: 'desk-seed-check', familyId: 'seed-check', pendingSetup: [] };
      let orders = 0;
      let shipments = 0;
      let subscriptions = 0;
      for (let n = 1; n <= DEMO_CUSTOMER_COUNT; n += 97) {
        const detail = CustomerDetailSchema.parse(await gateway.customers.detail(reader, `CUS-${String(n).padStart(6, '0')}`));
        orders += detail.orders.length;
        shipments += detail.orders.reduce((sum, o) => sum + o.shipments.length, 0);
        subscriptions += detail.subscriptions.length;
        expect(findPans(JSON.stringify(detail))).toEqual([]);
      }
      expect(orders).toBeGreaterThan(100);
      expect(shipments).toBeGreaterThan(80);
      expect(subscriptions).toBeGreaterThan(50);
    } finally {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
