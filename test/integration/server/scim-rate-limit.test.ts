// Issue 23: each refused SCIM token costs an audit write, so a flood of wrong
// tokens from one address is cut off by the per-address SCIM rate limit before
// its token is checked: answered 429 as a SCIM error, and not audited past it.
import { expect } from 'vitest';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { scimClient } from '../../harness/gateway/scim.ts';

const LIMIT = 5;
const it = gatewayTestWith({ customers: 2, config: { scim: { requestsPerMinutePerIp: LIMIT } } });

it('cuts off a flood of wrong tokens at the limit, with a SCIM 429, and audits only what it checked', async ({ gw }) => {
  const mallory = scimClient(gw, 'sdsa_guessing-tokens-one-by-one');
  const before = (await gatewayAuditEvents(gw, 'access.denied')).length;
  const answers = [];
  for (let i = 0; i < LIMIT + 3; i++) answers.push(await mallory.send('GET', '/Users'));
  expect(answers.map((a) => a.status)).toEqual([...Array.from({ length: LIMIT }, () => 401), 429, 429, 429]);
  expect(answers.at(-1)?.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
  expect(answers.at(-1)?.headers.get('retry-after')).not.toBeNull();
  expect((await gatewayAuditEvents(gw, 'access.denied')).length - before).toBe(LIMIT);
});
