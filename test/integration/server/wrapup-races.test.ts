// Wrap-up under parallel use (issue 24): two admins retiring or creating the
// same code at once, and agents wrapping up with a code while an admin retires
// it. The per-code lock puts each pair in one order: one admin wins, and every
// wrap-up is either stored and audited or refused, never half of either.
import { describe, expect } from 'vitest';
import { currentTotp, newTotpSecret } from '../../../server/identity/totp.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { createCodes } from '../../harness/wrapup/wrapup-admin.ts';

const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 10_000 } });
const WIDE = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
const PASSWORD = 'Harbour lanterns drift north 9';

/** A second admin, so two people act at once. */
async function secondAdmin(gw: RunningGateway, username: string): Promise<string> {
  const totpSecret = newTotpSecret();
  await createAccount(gw.gateway, { userId: `u-${username.replace('.', '-')}`, username, roles: ['admin'], password: PASSWORD, totpSecret, createdAt: gw.clock.now() });
  const answer = await gw.attemptLogin(username, PASSWORD, { otp: await currentTotp(totpSecret, gw.clock.now()) });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.tokens.accessToken;
}

describe('wrap-up codes changed and used at once', () => {
  it('lets exactly one of two admins retire, or create, the same code', async ({ gw }) => {
    const ivan = (await gw.login('admin.ivan')).token;
    const olga = await secondAdmin(gw, 'admin.olga');
    await createCodes(gw, ivan, ['TWICE']);
    const retires = await Promise.all([ivan, olga].map((token) => gw.route('adminRetireWrapupCode', { token, params: { code: 'TWICE' }, body: {} })));
    expect(retires.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const creates = await Promise.all([ivan, olga].map((token) => gw.route('adminCreateWrapupCode', { token, body: { code: 'BOTH', label: 'Made twice' } })));
    expect(creates.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const events = await gatewayAuditEvents(gw, 'wrapup.code.change');
    expect(events.filter((e) => e.target.id === 'TWICE').map((e) => e.details.action)).toEqual(['create', 'retire']);
    expect(events.filter((e) => e.target.id === 'BOTH').map((e) => e.details.action)).toEqual(['create']);
  });

  it('stores and audits each wrap-up that raced a retirement, or refuses it whole', async ({ gw }) => {
    const ivan = (await gw.login('admin.ivan')).token;
    const agents = [(await gw.login('agent.ana')).token, (await gw.login('agent.ben')).token];
    await createCodes(gw, ivan, ['RACE']);
    const wrap = (token: string) => gw.route('recordWrapup', { token, params: { customerId: 'CUS-000001' }, body: { code: 'RACE' } });
    const [retired, ...wraps] = await Promise.all([
      gw.route('adminRetireWrapupCode', { token: ivan, params: { code: 'RACE' }, body: {} }),
      ...Array.from({ length: 12 }, (_, i) => wrap(agents[i % 2] ?? '')),
    ]);
    expect(retired.status).toBe(200);
    for (const answer of wraps) expect([200, 409], answer.text).toContain(answer.status);
    const stored = wraps.filter((answer) => answer.status === 200).map((answer) => answer.body.wrapupId);
    const audited = (await gatewayAuditEvents(gw, 'customer.wrapup')).filter((e) => e.details.code === 'RACE').map((e) => e.details.wrapupId);
    expect([...audited].sort()).toEqual([...stored].sort());
    const report = (await gw.route('wrapupReport', { token: (await gw.login('sup.sara')).token, query: WIDE })).body;
    expect(report.rows.filter((row) => row.code === 'RACE').reduce((sum, row) => sum + row.count, 0)).toBe(stored.length);
    // Once retired, it stays refused.
    expect((await wrap(agents[0] ?? '')).error?.code).toBe('conflict');
  });
});
