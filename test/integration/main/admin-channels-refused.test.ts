// Agents and supervisors cannot reach Administration by calling the IPC: the
// router refuses every admin channel at its one access check, all at once,
// before the gateway sees anything, and writes access.denied for each. Real
// gateway on 127.0.0.1 behind a fault proxy whose log shows what reached it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ContractChannelName } from '../../../shared/contract/channels.ts';
import { startDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { VALID_REQUESTS } from '../../harness/desk/valid-requests.ts';
import { currentTotp } from '../../../server/identity/totp.ts';

let gw: RunningGateway;
let proxy: FaultProxy;
beforeAll(async () => {
  gw = await startGateway({ customers: 1, config: { authRateLimitPerMinute: 100_000 } });
  proxy = await startFaultProxy(gw.url);
});
afterAll(async () => {
  await proxy.close();
  await gw.close();
});

const ADMIN_CHANNELS = (Object.keys(channels) as ContractChannelName[]).filter((name) => name.startsWith('admin.'));
/** A valid request for every admin channel, so only the role decides. */
const VALID: Partial<Record<ContractChannelName, unknown>> = Object.fromEntries(Object.entries(VALID_REQUESTS).filter(([name]) => name.startsWith('admin.')));

const ACCOUNTS = [
  { username: 'agent.ana', password: 'desk-demo-ana-2026', mfa: false },
  { username: 'sup.sara', password: 'desk-demo-sara-2026', mfa: true },
];

describe('admin channels refused for agents and supervisors', () => {
  it('declares every admin channel with an admin permission and a valid request here', () => {
    expect(ADMIN_CHANNELS.sort()).toEqual(Object.keys(VALID).sort());
    for (const name of ADMIN_CHANNELS) expect(channels[name].access).toMatch(/^admin\.(users|devices|review)$/);
  });

  for (const account of ACCOUNTS) {
    it(`${account.username}: every admin channel, called all at once, is forbidden, never reaches the gateway and is audited`, async () => {
      await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret });
      const otp = account.mfa ? { otp: await currentTotp(await gw.totpSecret(account.username), gw.clock.now()) } : {};
      expect(await desk.router.handle('session.login', { username: account.username, password: account.password, ...otp })).toMatchObject({ ok: true });
      const mark = proxy.log.length;
      const results = await Promise.all(ADMIN_CHANNELS.map((name) => desk.router.handle(name, VALID[name])));
      for (const result of results) expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(proxy.log.slice(mark).filter((l) => l.path.startsWith('/v1/admin'))).toEqual([]);

      const denied = desk.queue.pending(10_000).filter((e) => e.event.type === 'access.denied').map((e) => e.event.target.id);
      expect(denied.sort()).toEqual([...ADMIN_CHANNELS].sort());
    }, 60_000);
  }
});
