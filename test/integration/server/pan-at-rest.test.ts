// After card lookups, the gateway's database files and its log hold no PAN:
// searched byte for byte, in plain and separated forms (on PostgreSQL, the
// database's files in the cluster and the WAL, after a CHECKPOINT).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEST_CARDS } from '../../../server/seed/demo-data.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { writtenForms } from '../../harness/leaks/pan-forms.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';

let gw: RunningGateway;
let secrets: string[] = [];
beforeAll(async () => {
  gw = await startGateway();
  const { token, grant } = await gw.login('agent.ana');
  secrets = [token, grant.tokens.refreshToken];
  for (const { pan } of DEMO_TEST_CARDS) {
    for (const written of writtenForms(pan)) {
      const answer = await gw.route('lookup', { token, body: { by: 'card', value: written } });
      expect(answer.status).toBe(200);
    }
  }
  // Hostile: a PAN in the URL and in a note; both refused, and the request is logged by its route pattern.
  await gw.route('customer', { params: { customerId: DEMO_TEST_CARDS[0]?.pan ?? '' }, token });
  await gw.route('addNote', { params: { customerId: 'CUS-000001' }, token, body: { text: `card ${DEMO_TEST_CARDS[1]?.pan ?? ''}` } });
  await gw.attemptLogin(DEMO_TEST_CARDS[2]?.pan ?? '', 'x'.repeat(12));
  // A checkpoint folds the WAL into the main file too; both are searched either way.
  await gw.gateway.store.close();
});
afterAll(async () => {
  await gw.close().catch(() => undefined);
});


describe('no PAN at rest', () => {
  it('searches real files that hold the lookups', async () => {
    const files = await filesAtRest(gw);
    expect(files.map((f) => f.name)).toContain(gw.database === undefined ? 'gateway.sqlite' : 'gateway.log');
    expect(files.map((f) => f.name)).toContain('gateway.log');
    const log = readFileSync(gw.logPath, 'utf8');
    expect(log).toContain('"route":"/v1/customers/lookup"');
    // The hostile URL was logged as its route pattern, not as the path that carried the card number.
    expect(log).toContain('"route":"/v1/customers/:customerId"');
    const db = Buffer.concat(files.filter((f) => f.name !== 'gateway.log').map((f) => f.bytes)).toString('latin1');
    // The facets are there (BIN and last 4 as separate columns), so the search reads real data.
    expect(db).toContain('CUS-000001');
    // So is the gateway's own record of every card lookup, by last 4 only.
    const stored = Buffer.concat(files.filter((f) => f.name !== 'gateway.log').map((f) => f.bytes)).toString('utf8');
    // (page copies of earlier versions may hold some twice)
    expect(stored.split('"type":"customer.lookup"').length - 1).toBeGreaterThanOrEqual(DEMO_TEST_CARDS.length * writtenForms('').length);
    expect(stored).toContain('"target":{"kind":"card","id":"••••4444"}');
  });

  it('finds no access or refresh token in the database files or the log', async () => {
    for (const { name, bytes } of await filesAtRest(gw)) {
      for (const secret of secrets) expect(bytes.includes(Buffer.from(secret, 'latin1')), `token in ${name}`).toBe(false);
    }
  });

  it('finds no card number in the database files or the log', async () => {
    for (const { name: file, bytes } of await filesAtRest(gw)) {
      for (const { pan } of DEMO_TEST_CARDS) {
        for (const form of writtenForms(pan)) {
          expect(bytes.includes(Buffer.from(form, 'latin1')), `${form.slice(-4)} in ${file}`).toBe(false);
          expect(bytes.includes(Buffer.from(form, 'utf16le')), `${form.slice(-4)} (UTF-16) in ${file}`).toBe(false);
        }
      }
    }
  });
});
