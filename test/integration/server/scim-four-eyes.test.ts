// Issue 21 around SCIM: one admin alone issues a SCIM provider token; with a
// group the configuration maps to `admin`, that token provisioned an admin no
// second admin approved (it did, before this check). The configuration now
// refuses such a group while four eyes is on, and SCIM cannot give an admin
// made in the app a customer-data role. Real HTTP on the run's engine.
import { expect } from 'vitest';
import { GatewayConfigSchema } from '../../../server/config.ts';
import { independentAdmin, REASON } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { entraUser, patchOf, scimProvider } from '../../harness/gateway/scim.ts';

const it = gatewayTestWith({
  customers: 1,
  config: { adminApprovals: { required: true, hours: 24 }, scim: { groups: { 'Desk Agents': 'agent' } } },
});

it('refuses a configuration whose SCIM group grants admin while four eyes is on', () => {
  const parsed = GatewayConfigSchema.safeParse({ scim: { groups: { 'Gateway Admins': 'admin' } } });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['scim.groups']);
  // With four eyes off (one admin runs the gateway), the provider may grant it.
  expect(GatewayConfigSchema.safeParse({ adminApprovals: { required: false }, scim: { groups: { 'Gateway Admins': 'admin' } } }).success).toBe(true);
});


it('gives no admin a customer-data role over SCIM: a group change sets the roles outright, dropping admin', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const scim = await scimProvider(gw, admin, 'entra-sock');
  const made = await scim.send('POST', '/Users', entraUser('sock.puppet@contoso.example'));
  expect(made.status, made.text).toBe(201);
  const userId = String(made.json.id);
  // Making the provisioned account an admin takes a second admin, as for any account; Tom approves it.
  const direct = await gw.route('adminSetRoles', { token: admin, params: { userId }, body: { roles: ['admin'], reason: REASON } });
  expect(direct.status).toBe(403);
  const asked = await gw.route('adminRequestApproval', { token: admin, body: { kind: 'roles', userId, roles: ['admin'], reason: REASON } });
  expect(asked.status, asked.text).toBe(200);
  const approved = await gw.route('adminApprove', { token: await independentAdmin(gw, 'admin.tom'), params: { approvalId: asked.body.approvalId }, body: { reason: REASON } });
  expect(approved.status, approved.text).toBe(200);
  expect((await gw.gateway.store.admin.findAccount(userId))?.roles).toEqual(['admin']);
  const groups = (await scim.send('GET', '/Groups')).json.Resources as { id: string; displayName: string }[];
  const agents = groups.find((g) => g.displayName === 'Desk Agents')?.id ?? '';
  expect((await scim.send('PATCH', `/Groups/${agents}`, patchOf({ op: 'Add', path: 'members', value: [{ value: userId }] }))).status).toBe(200);
  const roles = (await gw.gateway.store.admin.findAccount(userId))?.roles ?? [];
  expect(roles).toEqual(['agent']);
});
