// customers.phone_hmac (migration 007): the demo seed sets it, and a gateway
// that starts over rows stored without it (before 007, or by a loader that left
// it empty) fills it under its pepper; a number that is no phone number gets the
// unusable mark of that reading, stays unmatched, and is not read again at the next start. A call matches on it through findCustomerIds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../../../server/app.ts';
import { backfillPhoneHmacs } from '../../../server/customers/phone-backfill.ts';
import { phoneHmac, unusablePhoneMark } from '../../../server/customers/phone-hmac.ts';
import { demoCustomer } from '../../../server/seed/demo-data.ts';
import { seedDemo } from '../../../server/seed/demo-seed.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';

const dirs: string[] = [];
const open = async (dataDir: string, config = {}): Promise<Gateway> =>
  buildGateway({ dataDir, database: await testDatabaseFor(dataDir), logLevel: 'silent', config });
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-phone-'));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  for (const dir of dirs.splice(0)) {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('customer phone hashes', () => {
  it('the demo seed stores the keyed hash of each phone number, and a call finds the customers by it', async () => {
    const gateway = await open(freshDir());
    try {
      await seedDemo(gateway.store, gateway.seal, gateway.pepper, 40);
      const [first] = await gateway.store.customers.summaries(['CUS-000001']);
      expect(first?.customer.phoneHmac).toBe(phoneHmac(gateway.pepper, first?.customer.phone ?? ''));
      const ids = await gateway.store.customers.findCustomerIds({ by: 'phone', phoneHmac: phoneHmac(gateway.pepper, first?.customer.phone ?? '') }, 100);
      expect(ids).toContain('CUS-000001');
      const all = await gateway.store.customers.summaries(ids);
      expect(new Set(all.map((s) => s.customer.phone.replace(/\D/g, '')))).toEqual(new Set([first?.customer.phone.replace(/\D/g, '')]));
    } finally {
      await gateway.close();
    }
  });

  it('a restart fills the hashes rows were stored without; national numbers under the configured code; no phone number stays null', async () => {
    const dir = freshDir();
    const before = await open(dir);
    const withPhone = (n: number, phone: string) => {
      const record = demoCustomer(n, (pan) => `hmac-${pan.slice(-4)}`);
      return { ...record, customer: { ...record.customer, phone, phoneHmac: null } };
    };
    try {
      await before.store.customers.importCustomers([
        withPhone(1, '+44 20 7946 0001'),
        withPhone(2, '020 7946 0002'),
        withPhone(3, 'ask at reception'),
        ...Array.from({ length: 1200 }, (_, i) => withPhone(10 + i, `+44 20 7946 ${String(i).padStart(4, '0')}`)),
      ]);
    } finally {
      await before.close();
    }
    const after = await open(dir, { contactCenter: { defaultCallingCode: '44' } });
    try {
      const byId = new Map((await after.store.customers.summaries(['CUS-000001', 'CUS-000002', 'CUS-000003', 'CUS-001209'])).map((s) => [s.customer.customerId, s.customer]));
      expect(byId.get('CUS-000001')?.phoneHmac).toBe(phoneHmac(after.pepper, '+442079460001'));
      expect(byId.get('CUS-000002')?.phoneHmac).toBe(phoneHmac(after.pepper, '+442079460002'));
      expect(byId.get('CUS-000003')?.phoneHmac).toBe(unusablePhoneMark({ defaultCallingCode: '44' }));
      expect(byId.get('CUS-001209')?.phoneHmac).toBe(phoneHmac(after.pepper, '+442079461199'));
      // The next start under the same reading reads nothing again; under another calling code, only the unusable number.
      expect(await backfillPhoneHmacs(after.store.customers, after.pepper, { defaultCallingCode: '44' })).toEqual({ filled: 0, unusable: 0 });
      expect(await after.store.customers.phonesWithoutHmac(null, 10, unusablePhoneMark({ defaultCallingCode: '49' }))).toEqual([{ customerId: 'CUS-000003', phone: 'ask at reception' }]);
    } finally {
      await after.close();
    }
  });
});
