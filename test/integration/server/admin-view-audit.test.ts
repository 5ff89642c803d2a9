// Issue 21: admin reads leave a record on the gateway itself (PCI DSS 10.2.1.2).
// The attack: call the admin list routes straight over HTTP, without a desk,
// whose router would otherwise be the only one to write admin.view.
import { expect } from 'vitest';
import type { RouteName } from '../../../shared/api.ts';
import { refuseInserts } from '../../harness/database/raw-database.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 1 });

const VIEWS: [RouteName & ('adminUsers' | 'devices' | 'adminAlerts' | 'adminServiceAccounts' | 'adminTeams'), string][] = [
  ['adminUsers', 'admin.users'],
  ['devices', 'admin.devices'],
  ['adminAlerts', 'admin.alerts'],
  ['adminServiceAccounts', 'admin.service_accounts'],
  ['adminTeams', 'admin.teams'],
];

it('writes admin.view on the gateway for each admin list read without a desk, naming the admin, the list and its size', async ({ gw }) => {
  const { token } = await gw.login('admin.ivan');
  const answers = await Promise.all(VIEWS.map(([route]) => gw.route(route, { token })));
  const views = await gatewayAuditEvents(gw, 'admin.view');
  VIEWS.forEach(([, view], i) => {
    const answer = answers[i];
    expect(answer?.status).toBe(200);
    const own = views.filter((e) => e.target.id === view);
    expect(own, view).toHaveLength(1);
    expect(own[0]).toMatchObject({ outcome: 'success', actor: { userId: 'u-admin-ivan', username: 'admin.ivan' }, target: { kind: 'app', id: view }, details: { results: (answer?.body as unknown[] | undefined)?.length } });
  });
});

it('answers no admin list it cannot record: 503 audit_unavailable and none of the rows', async ({ gw }) => {
  const { token } = await gw.login('admin.ivan');
  const fault = await refuseInserts(gw, 'audit_events', "NEW.type = 'admin.view'", 'disk full');
  try {
    for (const [route] of VIEWS) {
      const answer = await gw.route(route, { token });
      expect([answer.status, answer.error?.code], route).toEqual([503, 'audit_unavailable']);
      expect(answer.text).not.toContain('admin.ivan');
    }
  } finally {
    await fault.restore();
  }
});
