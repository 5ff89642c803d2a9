// Issue 26 (PCI DSS 10.7.2): desks report their critical controls in signed
// heartbeats. Two desks whose keychain fails are one incident of that control,
// which ends only when the last of them reports it working again, and cannot
// close while it lasts; a desk clock that drifts past the configured skew is an
// incident of its own. Every step is on the gateway's audit chain.
import { expect } from 'vitest';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 1 });

const ANALYSIS = {
  rootCause: 'The keychain daemon crashed after an update',
  restoration: 'The daemon was restarted by IT on both desks',
  securityIssues: 'None: no secret left the keychain, desks could not sign in',
  riskAssessment: 'Low: the desks failed closed for the whole outage',
  prevention: 'The daemon update is held back until it is fixed',
};

it('joins desks failing one control into one incident that ends with the last of them', async ({ gw }) => {
  const a = await gw.login('agent.ana');
  const b = await gw.login('agent.ben');
  const beat = (desk: typeof a, keychain: 'ok' | 'failed') => gw.route('heartbeat', { token: desk.token, body: desk.device.heartbeat(gw.clock.now(), { keychain }) });
  expect((await beat(a, 'failed')).status).toBe(200);
  expect((await beat(b, 'failed')).status).toBe(200);
  expect((await beat(a, 'failed')).status).toBe(200);
  const [incident] = (await gw.gateway.store.incidents.list('open')).filter((i) => i.control === 'keychain');
  expect(incident).toMatchObject({ deviceIds: [a.device.deviceId, b.device.deviceId].sort(), endedAt: null });
  const incidentId = incident?.incidentId ?? '';
  const { token } = await gw.login('sup.sara');
  expect((await gw.route('closeIncident', { token, params: { incidentId }, body: ANALYSIS })).error?.code).toBe('conflict');
  gw.clock.advance(60_000);
  await beat(a, 'ok');
  expect((await gw.gateway.store.incidents.find(incidentId))?.endedAt).toBeNull();
  gw.clock.advance(60_000);
  await beat(b, 'ok');
  expect((await gw.gateway.store.incidents.find(incidentId))?.endedAt).toBe(gw.clock.now());
  expect((await gw.route('closeIncident', { token, params: { incidentId }, body: ANALYSIS })).body.status).toBe('closed');

  const steps = [...(await gatewayAuditEvents(gw, 'incident.open')), ...(await gatewayAuditEvents(gw, 'incident.update')), ...(await gatewayAuditEvents(gw, 'incident.close'))]
    .filter((e) => e.target.id === incidentId)
    .map((e) => [e.type, e.outcome, e.details.change ?? e.reason, e.details.deviceId ?? null]);
  expect(steps).toEqual([
    ['incident.open', 'success', 'opened', a.device.deviceId],
    ['incident.update', 'success', 'joined', b.device.deviceId],
    ['incident.update', 'success', 'left', a.device.deviceId],
    ['incident.update', 'success', 'ended', b.device.deviceId],
    ['incident.close', 'failure', 'ongoing', null],
    ['incident.close', 'success', null, null],
  ]);
  const alerts = (await gw.gateway.alerts.list('all')).filter((al) => al.kind === 'control_failure' && al.message.includes(incidentId));
  expect(alerts.map((al) => al.severity)).toContain('critical');
});

it('opens a clock incident for a desk whose clock drifts past the configured skew, and not within it', async ({ gw }) => {
  const desk = await gw.login('agent.ana');
  const clockIncidents = async () => (await gw.gateway.store.incidents.list('all')).filter((i) => i.control === 'clock' && i.deviceIds.includes(desk.device.deviceId));
  await gw.route('heartbeat', { token: desk.token, body: desk.device.heartbeat(gw.clock.now() + 30_000) });
  expect(await clockIncidents()).toEqual([]);
  gw.clock.advance(60_000);
  await gw.route('heartbeat', { token: desk.token, body: desk.device.heartbeat(gw.clock.now() + 90_000) });
  expect(await clockIncidents()).toHaveLength(1);
});
