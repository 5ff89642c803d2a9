// Issue 23's SCIM attack tests, over real HTTP on the run's engine: a wrong
// token in every form is refused with the SCIM error and audited; hostile,
// oversized and malformed payloads, and payloads carrying a card number in any
// field, key or writing, are refused with a typed SCIM error, audited, and
// leave nothing stored.
import fc from 'fast-check';
import { expect } from 'vitest';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { writtenPanArb } from '../../harness/arbitraries/pan-arbitraries.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { HttpAnswer } from '../../harness/gateway/http-call.ts';
import { entraUser, patchOf, scimClient, scimProvider, type ScimClient } from '../../harness/gateway/scim.ts';
import { createSource, testPan } from '../../harness/records/source-records.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import type { ScimUser } from '../../../shared/schemas/scim.ts';

const it = gatewayTestWith({ customers: 2, config: { scim: { groups: { 'Desk Agents': 'agent' } } } });

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

function expectScimError(answer: HttpAnswer, status: number, scimType?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/scim+json');
  expect(answer.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType === undefined ? {} : { scimType }) });
}

/** Every provisioned person's SCIM version: a refusal must leave all of them as they were. */
async function snapshot(gw: RunningGateway): Promise<string> {
  const { accounts, total } = await gw.gateway.store.scim.list({ offset: 0, limit: 10_000 });
  return JSON.stringify({ total, accounts: accounts.map((a) => [a.userId, a.version, a.username, a.displayName, a.profileJson, a.externalId]) });
}

it('refuses a wrong token in every form with 401, audits it, and creates no one', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const agent = (await gw.login('agent.ana')).token;
  const good = await scimProvider(gw, admin, 'entra-tokens');
  const records = await createSource(gw, admin, 'shop-not-idp', ['customer']);
  const revoked = await scimProvider(gw, admin, 'entra-revoked');
  const revokedId = (await gw.route('adminServiceAccounts', { token: admin })).body.find((a) => a.source === 'entra-revoked')?.accountId ?? '';
  expect((await gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: revokedId }, body: { reason: 'Ticket IT-24: provider replaced' } })).status).toBe(200);
  const before = await snapshot(gw);
  const deniedBefore = (await gatewayAuditEvents(gw, 'access.denied')).length;

  const wrong = [
    `${good.token.slice(0, -2)}xx`, // one character off
    'sdsa_not-a-token',
    records.token, // a service account without the scim scope
    revoked.token, // the provider's account, revoked
    agent, // a person's session
  ];
  for (const token of wrong) {
    const client = scimClient(gw, token);
    expectScimError(await client.send('POST', '/Users', entraUser('mallory.token')), 401);
    expectScimError(await client.send('GET', '/Users'), 401);
    expectScimError(await client.send('PATCH', '/Users/u-anyone', patchOf({ op: 'replace', path: 'active', value: false })), 401);
  }
  expectScimError(await gw.call('GET', '/scim/v2/Users'), 401);
  expectScimError(await gw.call('GET', '/scim/v2/Users', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401);
  expect(await snapshot(gw)).toBe(before);
  const denied = (await gatewayAuditEvents(gw, 'access.denied')).slice(deniedBefore);
  expect(denied.length).toBe(wrong.length * 3 + 2);
  expect(new Set(denied.map((e) => e.reason))).toEqual(new Set(['scim_token_invalid', 'scim_token_missing']));
  expect(denied.map((e) => e.target.kind)).toEqual(denied.map(() => 'url'));
  expect(denied.map((e) => e.target.id).filter((id) => !/^(GET|POST|PATCH) \/scim\/v2\/Users(\/:id)?$/.test(id ?? ''))).toEqual([]);
  // The audit names the account a token belonged to when it had one, never the token.
  expect(JSON.stringify(denied)).not.toContain(records.token);
  expect(denied.some((e) => e.actor.username === 'source:shop-not-idp')).toBe(true);
  // The right token still works.
  expect((await good.send('GET', '/Users')).status).toBe(200);
});

it('refuses a card number in any field, key or writing: typed, audited, nothing stored, never echoed', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'okta-pans');
  const victim = (await scim.send('POST', '/Users', entraUser('gus.pan'))).json as ScimUser;
  const agents = ((await scim.send('GET', '/Groups')).json.Resources as { id: string }[])[0]?.id ?? '';
  const pan = testPan('4', 16);
  const spaced = `${pan.slice(0, 4)} ${pan.slice(4, 8)} ${pan.slice(8, 12)} ${pan.slice(12)}`;
  const before = await snapshot(gw);
  const refusalsBefore = (await gatewayAuditEvents(gw, 'access.denied')).length;
  const attempts: [string, string, unknown][] = [
    ['POST', '/Users', entraUser('hal.pan', { displayName: `Card ${pan}` })],
    ['POST', '/Users', entraUser('hal.pan', { externalId: pan })],
    ['POST', '/Users', entraUser('hal.pan', { emails: [{ type: 'work', value: `${spaced}@x.example` }] })],
    ['POST', '/Users', entraUser('hal.pan', { name: { givenName: spaced } })],
    ['POST', '/Users', entraUser('hal.pan', { title: `note ${pan}` })], // an attribute the desk ignores: refused all the same
    ['POST', '/Users', entraUser('hal.pan', { [pan]: 'key' })],
    ['PUT', `/Users/${victim.id}`, entraUser('gus.pan', { displayName: spaced })],
    ['PATCH', `/Users/${victim.id}`, patchOf({ op: 'replace', path: 'displayName', value: pan })],
    ['PATCH', `/Users/${victim.id}`, patchOf({ op: 'Replace', value: { 'name.familyName': spaced } })],
    ['PATCH', `/Users/${victim.id}`, patchOf({ op: 'add', path: 'emails[type eq "work"].value', value: `${pan}@x.example` })],
    ['POST', '/Groups', { displayName: `Desk Agents ${pan}`, members: [] }],
    ['PATCH', `/Groups/${agents}`, patchOf({ op: 'add', path: 'members', value: [{ value: pan }] })],
  ];
  for (const [method, path, body] of attempts) {
    const answer = await scim.send(method, path, body);
    expectScimError(answer, 400, 'invalidValue');
    expect(answer.text).not.toContain(pan);
    expect(answer.text).not.toContain(spaced);
  }
  expect(await snapshot(gw)).toBe(before);
  const refusals = (await gatewayAuditEvents(gw, 'access.denied')).slice(refusalsBefore);
  expect(refusals.map((e) => e.reason)).toEqual(attempts.map(() => 'pan_in_payload'));
  expect(refusals.every((e) => e.actor.username === 'source:okta-pans')).toBe(true);
  expect(JSON.stringify(refusals)).not.toContain(pan);

  // Property: a card number written as people write it, anywhere in a display name, is refused and not stored.
  await fc.assert(
    fc.asyncProperty(writtenPanArb, fc.string({ maxLength: 12 }), async ({ written }, filler) => {
      const answer = await scim.send('PATCH', `/Users/${victim.id}`, patchOf({ op: 'replace', path: 'displayName', value: `${filler} ${written}` }));
      expectScimError(answer, 400, 'invalidValue');
    }),
    { numRuns: 60 },
  );
  expect(await snapshot(gw)).toBe(before);
});

it('refuses hostile, malformed and oversized payloads with typed SCIM errors and stores nothing', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim: ScimClient = await scimProvider(gw, admin, 'entra-hostile');
  const ida = (await scim.send('POST', '/Users', entraUser('ida.hostile'))).json as ScimUser;
  const before = await snapshot(gw);
  const raw = (method: string, path: string, rawBody: string, contentType = 'application/scim+json') =>
    gw.call(method, `/scim/v2${path}`, { token: scim.token, rawBody, headers: { 'content-type': contentType } });

  expectScimError(await raw('POST', '/Users', JSON.stringify(entraUser('jo.big', { displayName: 'x'.repeat(70 * 1024) }))), 413);
  expectScimError(await raw('POST', '/Users', '{"userName": "jo.broken"'), 400, 'invalidSyntax');
  expectScimError(await raw('POST', '/Users', ''), 400, 'invalidSyntax');
  expectScimError(await raw('POST', '/Users', 'userName=jo', 'application/x-www-form-urlencoded'), 400, 'invalidSyntax');
  expectScimError(await raw('POST', '/Users', '{"userName":"jo.proto","__proto__":{"admin":true}}'), 400, 'invalidSyntax');
  expectScimError(await raw('POST', '/Users', `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`), 400);
  const hostileUsers: unknown[] = [
    {},
    { userName: '' },
    { userName: 'x'.repeat(65) },
    { userName: "admin' --" },
    { userName: 'ok.name', active: 'perhaps' },
    { userName: 'ok.name', displayName: 'x'.repeat(129) },
    { userName: 'ok.name', emails: Array.from({ length: 11 }, (_, i) => ({ value: `a${i}@x.example` })) },
    { userName: 'ok.name', externalId: 'bad\u0000id' },
    { userName: 'ok.name', name: { givenName: 7 } },
    ['an', 'array'],
    'a string',
  ];
  for (const body of hostileUsers) expectScimError(await scim.send('POST', '/Users', body), 400, 'invalidValue');
  expectScimError(await scim.send('PATCH', `/Users/${ida.id}`, { Operations: [] }), 400, 'invalidValue');
  expectScimError(await scim.send('PATCH', `/Users/${ida.id}`, patchOf(...Array.from({ length: 101 }, () => ({ op: 'replace', path: 'active', value: true })))), 400, 'invalidValue');
  expectScimError(await scim.send('GET', `/Users?filter=${encodeURIComponent('userName eq "a" or userName eq "b"')}`), 400, 'invalidFilter');
  expectScimError(await scim.send('GET', `/Users?filter=${encodeURIComponent('x'.repeat(600))}`), 400, 'invalidValue');
  expectScimError(await scim.send('GET', `/Users/${'x'.repeat(90)}`), 404);
  expectScimError(await scim.send('GET', '/NoSuchResource'), 404);
  expect(await snapshot(gw)).toBe(before);

  // Property: whatever JSON a provider sends to any SCIM write, the answer is a SCIM answer, never a 5xx.
  await fc.assert(
    fc.asyncProperty(fc.constantFrom<[string, string]>(['POST', '/Users'], ['PUT', `/Users/${ida.id}`], ['PATCH', `/Users/${ida.id}`], ['PATCH', '/Groups/g-desk-agents']), fc.jsonValue({ maxDepth: 4 }), async ([method, path], body) => {
      const answer = await scim.send(method, path, body);
      expect(answer.status).toBeLessThan(500);
      if (answer.status >= 400) expect(answer.json.schemas).toEqual([ERROR_SCHEMA]);
    }),
    { numRuns: 200 },
  );
  expect((await scim.send('GET', `/Users/${ida.id}`)).status).toBe(200);
});
