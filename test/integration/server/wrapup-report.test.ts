// The wrap-up report (issue 24): wrap-ups counted per agent and code over a
// time range, with each agent's total and the grand total, for supervisors.
// Teams are not on this base, so the report is per agent. Wrap-up is required
// when IT turns it on (config wrapup.required, off by default).
import { describe, expect } from 'vitest';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { createCodes } from '../../harness/wrapup/wrapup-admin.ts';

const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 10_000, wrapup: { required: true } } });
const WIDE = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };

describe('wrap-up report', () => {
  it('tells the desk a code is required when config says so', async ({ gw }) => {
    const ana = (await gw.login('agent.ana')).token;
    expect((await gw.route('wrapupOptions', { token: ana })).body.required).toBe(true);
  });

  it('counts wrap-ups per agent and code, with totals, for supervisors only', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    const ana = (await gw.login('agent.ana')).token;
    const ben = (await gw.login('agent.ben')).token;
    const sara = (await gw.login('sup.sara')).token;
    await createCodes(gw, admin, ['RESOLVED', 'CALLBACK']);
    const wrap = (token: string, code: string) => gw.route('recordWrapup', { token, params: { customerId: 'CUS-000001' }, body: { code } });
    for (const [token, code] of [[ana, 'RESOLVED'], [ana, 'RESOLVED'], [ana, 'CALLBACK'], [ben, 'CALLBACK']] as const) expect((await wrap(token, code)).status).toBe(200);
    const report = (await gw.route('wrapupReport', { token: sara, query: WIDE })).body;
    expect(report.rows.map((row) => [row.agentName, row.code, row.count])).toEqual([
      ['agent.ana', 'CALLBACK', 1],
      ['agent.ana', 'RESOLVED', 2],
      ['agent.ben', 'CALLBACK', 1],
    ]);
    expect(report.perAgent.map((agent) => [agent.agentName, agent.count])).toEqual([['agent.ana', 3], ['agent.ben', 1]]);
    expect(report.total).toBe(4);
    const before = (await gw.route('wrapupReport', { token: sara, query: { from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z' } })).body;
    expect(before.total).toBe(0);
    expect((await gw.route('wrapupReport', { token: ana, query: WIDE })).error?.code).toBe('forbidden');
  });

});
