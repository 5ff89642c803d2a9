// An export racing an erasure of the same customer (issue 27): each export
// answers with the whole package as it stood before the erasure, or with
// nothing (404), never with part of the person. Both engines.
import { expect } from 'vitest';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { privacyOfficer } from '../../harness/privacy/privacy-officer.ts';

const it = gatewayTestWith({ customers: 12 });

it('exports racing an erasure answer the whole package or nothing', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const second = (await gw.login('sup.sara')).token;
  const agent = (await gw.login('agent.ana')).token;
  for (const customerId of ['CUS-000006', 'CUS-000007', 'CUS-000008']) {
    expect((await gw.route('addNote', { token: agent, params: { customerId }, body: { text: `Note before erasure of ${customerId}` } })).status).toBe(200);
    const access = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId, kind: 'access', law: 'gdpr', verification: 'security_questions' } })).body;
    const erasure = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId, kind: 'erasure', law: 'gdpr', verification: 'document_check' } })).body;
    const before = await gw.route('exportPrivacyRequest', { token: officer, params: { requestId: access.requestId } });
    expect(before.status).toBe(200);
    const whole = before.body.json.tables;
    expect((whole.notes ?? []).length).toBeGreaterThan(0);

    // Three officers' sessions export over and over for as long as the erasure runs, so exports are in flight while it commits.
    let settled = false;
    const erasing = gw.route('completePrivacyRequest', { token: officer, params: { requestId: erasure.requestId }, body: { outcome: 'completed' } }).finally(() => {
      settled = true;
    });
    const keepExporting = async (token: string) => {
      const seen = [];
      do seen.push(await gw.route('exportPrivacyRequest', { token, params: { requestId: access.requestId } }));
      while (!settled);
      return seen;
    };
    const [erased, ...loops] = await Promise.all([erasing, keepExporting(officer), keepExporting(second), keepExporting(officer)]);
    const answers = loops.flat();
    expect(erased.status).toBe(200);
    for (const answer of answers) {
      expect([200, 404]).toContain(answer.status);
      if (answer.status === 200) expect(answer.body.json.tables).toEqual(whole);
    }
    expect((await gw.route('exportPrivacyRequest', { token: officer, params: { requestId: access.requestId } })).status).toBe(404);
  }
});
