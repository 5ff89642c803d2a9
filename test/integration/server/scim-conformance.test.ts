// Issue 23: SCIM 2.0 provisioning at /scim/v2/, over real HTTP on the run's
// engine. Every operation a provider uses: Users created, read, listed by
// filter and page, replaced, patched and deleted, with ETags; Groups mapped to
// roles by configuration; the PATCH forms Entra ID and Okta send; and every
// change in the access review with the provider as actor.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { entraUser, patchOf, scimProvider, type ScimClient } from '../../harness/gateway/scim.ts';
import type { ScimUser } from '../../../shared/schemas/scim.ts';

const it = gatewayTestWith({ customers: 2, config: { scim: { groups: { 'Desk Agents': 'agent', 'Floor Supervisors': 'supervisor' } } } });

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const user = (answer: { json: unknown }): ScimUser => answer.json as ScimUser;

async function created(scim: ScimClient, userName: string, extra: Record<string, unknown> = {}): Promise<ScimUser> {
  const answer = await scim.send('POST', '/Users', entraUser(userName, extra));
  expect(answer.status, answer.text).toBe(201);
  return user(answer);
}

it('creates, reads and lists a user, with its ETag, location and SSO-only account', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-crud');
  const answer = await scim.send('POST', '/Users', entraUser('ada.lind@contoso.example'));
  expect(answer.status).toBe(201);
  expect(answer.headers.get('content-type')).toContain('application/scim+json');
  const ada = user(answer);
  expect(ada).toMatchObject({ userName: 'ada.lind@contoso.example', externalId: 'ext-ada.lind@contoso.example', active: true, displayName: 'Person ada.lind@contoso.example', roles: [], groups: [] });
  expect(answer.headers.get('etag')).toBe(ada.meta.version);
  expect(answer.headers.get('location')).toBe(`/scim/v2/Users/${ada.id}`);

  const read = await scim.send('GET', `/Users/${ada.id}`);
  expect(read.status).toBe(200);
  expect(user(read)).toEqual(ada);
  const found = await scim.send('GET', `/Users?filter=${encodeURIComponent('userName eq "ADA.LIND@contoso.example"')}`);
  expect(found.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
  expect((found.json.Resources as ScimUser[])[0]?.id).toBe(ada.id);
  const byExternal = await scim.send('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-ada.lind@contoso.example"')}`);
  expect(byExternal.json.totalResults).toBe(1);
  const none = await scim.send('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`);
  expect(none.json).toMatchObject({ totalResults: 0, Resources: [] });

  // The account is SSO-only, and the admin's people list shows it.
  const people = await gw.route('adminUsers', { token: admin });
  expect(people.body.find((p) => p.userId === ada.id)).toMatchObject({ username: 'ada.lind@contoso.example', status: 'active', roles: [] });
  const stored = await gw.gateway.store.scim.find(ada.id);
  expect(stored?.externalId).toBe('ext-ada.lind@contoso.example');
  const raw = openRawKysely(gw);
  const { rows } = await sql<{ sso_only: number }>`SELECT sso_only FROM users WHERE user_id = ${ada.id}`.execute(raw).finally(() => raw.destroy());
  expect(rows.map((r) => r.sso_only)).toEqual([1]);

  const again = await scim.send('POST', '/Users', entraUser('ada.lind@contoso.example'));
  expect(again.status).toBe(409);
  expect(again.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness' });
  // A local account is out of SCIM's reach: its name is taken, and it is not listed.
  const local = await scim.send('POST', '/Users', entraUser('agent.ana'));
  expect(local.status).toBe(409);
  const missing = await scim.send('GET', '/Users/u-not-there');
  expect(missing.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
});

it('describes itself: PATCH, filters and ETags supported, bulk and sorting not', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-config');
  const config = await scim.send('GET', '/ServiceProviderConfig');
  expect(config.json).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, etag: { supported: true }, bulk: { supported: false }, sort: { supported: false } });
});

it('pages with startIndex and count', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'okta-pages');
  const before = (await scim.send('GET', '/Users?count=0')).json.totalResults as number;
  for (let i = 0; i < 5; i++) await created(scim, `page.person${i}`);
  const total = before + 5;
  const seen: string[] = [];
  for (let start = 1; start <= total; start += 2) {
    const page = await scim.send('GET', `/Users?startIndex=${start}&count=2`);
    expect(page.json).toMatchObject({ totalResults: total, startIndex: start, itemsPerPage: Math.min(2, total - start + 1) });
    seen.push(...(page.json.Resources as ScimUser[]).map((u) => u.id));
  }
  expect(new Set(seen).size).toBe(total);
  // Out-of-range values are read as the RFC says: startIndex below 1 is 1, a negative count is 0.
  expect((await scim.send('GET', '/Users?startIndex=0&count=-3')).json).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: total });
  const bad = await scim.send('GET', `/Users?filter=${encodeURIComponent('displayName co "x"')}`);
  expect(bad.json).toMatchObject({ status: '400', scimType: 'invalidFilter' });
});

it('replaces a user with PUT, and refuses a stale If-Match with 412', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-put');
  const bo = await created(scim, 'bo.put');
  const replaced = await scim.send('PUT', `/Users/${bo.id}`, entraUser('bo.put', { displayName: 'Bo Renamed', emails: [] }), { 'if-match': bo.meta.version ?? '' });
  expect(replaced.status).toBe(200);
  expect(user(replaced)).toMatchObject({ displayName: 'Bo Renamed', emails: [] });
  expect(user(replaced).meta.version).not.toBe(bo.meta.version);
  const stale = await scim.send('PUT', `/Users/${bo.id}`, entraUser('bo.put', { displayName: 'Lost update' }), { 'if-match': bo.meta.version ?? '' });
  expect(stale.status).toBe(412);
  expect(stale.json.schemas).toEqual([ERROR_SCHEMA]);
  expect(user(await scim.send('GET', `/Users/${bo.id}`)).displayName).toBe('Bo Renamed');
  // A provider cannot rename its person into a local account, such as the break-glass admin.
  const takeover = await scim.send('PATCH', `/Users/${bo.id}`, patchOf({ op: 'replace', path: 'userName', value: 'admin.ivan' }));
  expect(takeover.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
  expect(user(await scim.send('GET', `/Users/${bo.id}`)).userName).toBe('bo.put');
});

it('applies PATCH as Entra ID and Okta send it', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-patch');
  const cy = await created(scim, 'cy.patch');
  // Entra: "Replace" capitalised, active as the string "False", a filtered path, the core schema's URN.
  const entra = await scim.send(
    'PATCH',
    `/Users/${cy.id}`,
    patchOf(
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'cy.new@contoso.example' },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:displayName', value: 'Cy Patched' },
      { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Ignored' },
    ),
  );
  expect(entra.status, entra.text).toBe(200);
  expect(user(entra)).toMatchObject({ active: false, displayName: 'Cy Patched', emails: [{ type: 'work', value: 'cy.new@contoso.example', primary: true }] });
  // A filtered path on an address the person lacks makes it.
  const home = await scim.send('PATCH', `/Users/${cy.id}`, patchOf({ op: 'replace', path: 'emails[type eq "home"].value', value: 'cy@home.example' }));
  expect(user(home).emails).toContainEqual({ type: 'home', value: 'cy@home.example' });
  const dropped = await scim.send('PATCH', `/Users/${cy.id}`, patchOf({ op: 'remove', path: 'emails[type eq "home"]' }));
  expect(user(dropped).emails.map((e) => e.type)).toEqual(['work']);
  // Okta: no path, a value object with the attributes, active as a boolean "True" string too.
  const okta = await scim.send('PATCH', `/Users/${cy.id}`, patchOf({ op: 'replace', value: { active: 'True', 'name.givenName': 'Cyra', userName: 'cyra.patch' } }));
  expect(okta.status, okta.text).toBe(200);
  expect(user(okta)).toMatchObject({ active: true, userName: 'cyra.patch', name: { givenName: 'Cyra', familyName: 'Person' } });
  // What PATCH cannot do is refused with its scimType, and changes nothing.
  const cases: [unknown, string][] = [
    [patchOf({ op: 'remove', path: 'userName' }), 'mutability'],
    [patchOf({ op: 'remove' }), 'noTarget'],
    [patchOf({ op: 'replace', path: 'emails[value co "x"].value', value: 'a@b.c' }), 'invalidFilter'],
    [patchOf({ op: 'replace', path: 'name[type eq "x"]', value: 'a' }), 'invalidPath'],
    [patchOf({ op: 'move', path: 'active', value: true }), 'invalidValue'],
    [patchOf({ op: 'replace', path: 'active', value: 'maybe' }), 'invalidValue'],
  ];
  for (const [body, scimType] of cases) {
    const refused = await scim.send('PATCH', `/Users/${cy.id}`, body);
    expect(refused.json, JSON.stringify(body)).toMatchObject({ status: '400', scimType });
  }
  expect(user(await scim.send('GET', `/Users/${cy.id}`)).meta.version).toBe(user(okta).meta.version);
});

it('maps configured groups to roles and refuses a group that is not configured', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-groups');
  const di = await created(scim, 'di.groups');
  const listed = await scim.send('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Desk Agents"')}`);
  expect(listed.json.totalResults).toBe(1);
  const agents = (listed.json.Resources as { id: string }[])[0]?.id ?? '';
  const posted = await scim.send('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Desk Agents', members: [] });
  expect(posted.status).toBe(201);
  expect(posted.json.id).toBe(agents);
  const unknown = await scim.send('POST', '/Groups', { displayName: 'Domain Admins', members: [] });
  expect(unknown.json).toMatchObject({ status: '400', scimType: 'invalidValue' });

  const added = await scim.send('PATCH', `/Groups/${agents}`, patchOf({ op: 'Add', path: 'members', value: [{ value: di.id }] }));
  expect(added.status, added.text).toBe(200);
  expect(added.json.members).toEqual([{ value: di.id, display: 'di.groups' }]);
  expect(user(await scim.send('GET', `/Users/${di.id}`))).toMatchObject({ roles: [{ value: 'agent' }], groups: [{ value: agents, display: 'Desk Agents' }] });
  const removed = await scim.send('PATCH', `/Groups/${agents}`, patchOf({ op: 'Remove', path: `members[value eq "${di.id}"]` }));
  expect(removed.json.members).toEqual([]);
  expect(user(await scim.send('GET', `/Users/${di.id}`)).roles).toEqual([]);

  // A provider sends its group changes in parallel: both land, neither is lost to the other's write.
  const supervisors = ((await scim.send('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Floor Supervisors"')}`)).json.Resources as { id: string }[])[0]?.id ?? '';
  const both = await Promise.all([agents, supervisors].map((group) => scim.send('PATCH', `/Groups/${group}`, patchOf({ op: 'add', path: 'members', value: [{ value: di.id }] }))));
  expect(both.map((answer) => answer.status)).toEqual([200, 200]);
  expect(user(await scim.send('GET', `/Users/${di.id}`)).roles.map((r) => r.value).sort()).toEqual(['agent', 'supervisor']);
  // PUT sets a group's members outright; GET reads it back.
  const put = await scim.send('PUT', `/Groups/${supervisors}`, { displayName: 'Floor Supervisors', members: [] });
  expect(put.json.members).toEqual([]);
  expect((await scim.send('GET', `/Groups/${agents}`)).json.members).toEqual([{ value: di.id, display: 'di.groups' }]);
  expect(user(await scim.send('GET', `/Users/${di.id}`)).roles).toEqual([{ value: 'agent' }]);
});

it('deletes a user: the account stays disabled for the audit trail, gone from SCIM', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'okta-delete');
  const ed = await created(scim, 'ed.delete');
  const stale = await scim.send('DELETE', `/Users/${ed.id}`, undefined, { 'if-match': 'W/"99"' });
  expect(stale.status).toBe(412);
  const gone = await scim.send('DELETE', `/Users/${ed.id}`);
  expect(gone.status).toBe(204);
  expect((await scim.send('GET', `/Users/${ed.id}`)).status).toBe(404);
  expect((await scim.send('DELETE', `/Users/${ed.id}`)).status).toBe(404);
  const people = await gw.route('adminUsers', { token: admin });
  expect(people.body.find((p) => p.userId === ed.id)).toMatchObject({ status: 'disabled', disabledReason: 'provider' });
});

it('puts every SCIM change in the access review with the provider as actor', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-review');
  const fay = await created(scim, 'fay.review');
  await scim.send('PATCH', `/Users/${fay.id}`, patchOf({ op: 'Replace', path: 'active', value: 'False' }));
  await scim.send('PATCH', `/Users/${fay.id}`, patchOf({ op: 'Replace', path: 'displayName', value: 'Fay Reviewed' }));
  await scim.send('DELETE', `/Users/${fay.id}`);
  const review = await gw.route('adminAccessReview', { token: admin, query: { format: 'json' } });
  const row = review.body.rows.find((r) => r.userId === fay.id);
  expect(row?.changesSinceLastReview.map((c) => [c.action, c.by])).toEqual([
    ['create', 'source:entra-review'],
    ['disable', 'source:entra-review'],
    ['scim_update', 'source:entra-review'],
    ['delete', 'source:entra-review'],
  ]);
  const deletes = (await gatewayAuditEvents(gw, 'account.delete')).filter((e) => e.target.id === fay.id);
  expect(deletes).toHaveLength(1);
  expect(deletes[0]?.actor.username).toBe('source:entra-review');
});
