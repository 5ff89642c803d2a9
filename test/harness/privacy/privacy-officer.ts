// The privacy officer of the gateway tests: sup.sara given the privacy role by
// admin.ivan with a reason, as an admin grants any role; her new session carries it.
import { expect } from 'vitest';
import type { RunningGateway } from '../gateway/gateway.ts';

export async function privacyOfficer(gw: RunningGateway): Promise<string> {
  const admin = (await gw.login('admin.ivan')).token;
  const granted = await gw.route('adminSetRoles', { token: admin, params: { userId: 'u-sup-sara' }, body: { roles: ['supervisor', 'privacy'], reason: 'Appointed privacy officer' } });
  expect(granted.body.roles).toEqual(['supervisor', 'privacy']);
  return (await gw.login('sup.sara')).token;
}
