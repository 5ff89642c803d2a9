// Issue 12: the admin's device list and revoke, over real HTTP and real SQLite.
// A revoked desk's live session ends at once, its refresh, challenge, login and
// heartbeats are refused, and the audit batches it still sends are verified,
// acked, stored and flagged, so no evidence is lost.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let admin: string;
let supervisor: string;

beforeAll(async () => {
  gw = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 100_000 } });
  admin = (await gw.login('admin.ivan')).token;
  supervisor = (await gw.login('sup.sara')).token;
});
afterAll(async () => {
  await gw.close();
});

const devices = async (token = admin) => gw.route('devices', { token });
const revoke = (deviceId: string, reason = 'The laptop was reported stolen', token = admin) =>
  gw.route('revokeDevice', { params: { deviceId }, token, body: { reason } });
const lookup = (token: string) => gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
const agentDesk = async () => {
  const signedIn = await gw.login('agent.ana');
  const heartbeat = await gw.route('heartbeat', { token: signedIn.token, body: signedIn.device.heartbeat(gw.clock.now()) });
  expect(heartbeat.status).toBe(200);
  return signedIn;
};

describe('device list', () => {
  it('shows the last user, first and last seen, app version, capture protection and queue head', async () => {
    const { device } = await agentDesk();
    const answer = await devices();
    expect(answer.status).toBe(200);
    const row = answer.body.find((d) => d.deviceId === device.deviceId);
    expect(row).toMatchObject({
      status: 'active',
      enrolledVia: 'policy_token',
      enrolledBy: 'admin.ivan',
      lastUser: { userId: 'u-agent-ana', username: 'agent.ana' },
      appVersion: '0.1.0-test',
      captureProtection: 'protected',
      queueHead: { seq: 0 },
      revokedAt: null,
      batchesAfterRevoke: 0,
    });
    expect(row?.lastSeenAt).toBe(new Date(gw.clock.now()).toISOString());
  });

  it('is refused for agents and supervisors, and the refusal is audited', async () => {
    const agent = (await gw.login('agent.ana')).token;
    for (const token of [agent, supervisor]) {
      expect((await devices(token)).status).toBe(403);
      expect((await revoke('desk-whatever', 'Trying my luck here', token)).status).toBe(403);
    }
    const { events } = await gw.gateway.store.audit.search({ type: 'access.denied', limit: 500 });
    const targets = events.map((e) => `${e.event.actor.username} ${e.event.target.id}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        'agent.ana GET /v1/admin/devices',
        'sup.sara GET /v1/admin/devices',
        'agent.ana POST /v1/admin/devices/:deviceId/revoke',
        'sup.sara POST /v1/admin/devices/:deviceId/revoke',
      ]),
    );
  });
});

describe('revoking a device', () => {
  it('ends its live session at once and refuses refresh, challenge, login and heartbeats with device_revoked', async () => {
    const { device, token, grant } = await agentDesk();
    expect((await lookup(token)).status).toBe(200);
    const revoked = await revoke(device.deviceId);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ status: 'revoked', revokedBy: 'admin.ivan', revokeReason: 'The laptop was reported stolen' });

    expect((await lookup(token)).status).toBe(401);
    const refreshed = await gw.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken) });
    expect([refreshed.status, refreshed.error?.code]).toEqual([403, 'device_revoked']);
    const locked = await gw.route('deviceHeartbeat', { body: device.heartbeat(gw.clock.now(), { state: 'locked' }) });
    expect([locked.status, locked.error?.code]).toEqual([403, 'device_revoked']);
    const withToken = await gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now()) });
    expect(withToken.status).toBe(401);
    const challenge = await gw.route('challenge', { body: { deviceId: device.deviceId } });
    expect([challenge.status, challenge.error?.code]).toEqual([403, 'device_revoked']);

    const { events } = await gw.gateway.store.audit.search({ type: 'admin.device.revoke', limit: 50 });
    expect(events.find((e) => e.event.target.id === device.deviceId)?.event).toMatchObject({
      actor: { username: 'admin.ivan' },
      details: { action: 'device_revoke', reason: 'The laptop was reported stolen', sessionsEnded: 1 },
    });
    expect((await gw.gateway.alerts.list('open')).some((a) => a.kind === 'device_revoked' && a.deviceId === device.deviceId)).toBe(true);
  });

  it('refuses a login from a revoked desk, audited as a failed login', async () => {
    const { device } = await agentDesk();
    const nonce = String((await gw.route('challenge', { body: { deviceId: device.deviceId } })).json.nonce);
    expect((await revoke(device.deviceId)).status).toBe(200);
    const proof = device.loginProof(nonce, 'agent.ana', { enrolment: gw.enrolment });
    const login = await gw.route('login', {
      body: { username: 'agent.ana', password: 'desk-demo-ana-2026', device: device.info(), proof, enrolment: gw.enrolment },
    });
    expect([login.status, login.error?.code]).toEqual([403, 'device_revoked']);
    const { events } = await gw.gateway.store.audit.search({ type: 'auth.login', limit: 500 });
    expect(events.some((e) => e.event.reason === 'device_revoked' && e.event.details.deviceId === device.deviceId)).toBe(true);
  });

  it('is a conflict the second time (the first revocation stays), and not_found for an unknown device', async () => {
    const { device } = await agentDesk();
    const answers = await Promise.all([revoke(device.deviceId, 'First reason given'), revoke(device.deviceId, 'Second reason given')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const first = answers.find((a) => a.status === 200);
    expect((await revoke(device.deviceId, 'Third reason given')).status).toBe(409);
    const row = (await gw.gateway.store.devices.find(device.deviceId))?.revokeReason;
    expect(row).toBe(first?.body.revokeReason);
    expect((await revoke('desk-never-enrolled')).status).toBe(404);
  });

  it('refuses hostile reasons and device IDs without revoking anything', async () => {
    const { device } = await agentDesk();
    for (const reason of ['Stolen, card 4111-1111-1111-1111', 'x'.repeat(501), 'no']) {
      expect((await revoke(device.deviceId, reason)).status).toBe(400);
    }
    expect((await gw.route('revokeDevice', { params: { deviceId: '../../x' }, token: admin, body: { reason: 'Path games here' } })).status).toBeGreaterThanOrEqual(400);
    expect((await gw.gateway.store.identity.findDevice(device.deviceId))?.revokedAt).toBeNull();
  });

  it('still takes the revoked desk’s signed audit batches: acked, stored, flagged and visible to the supervisor', async () => {
    const { device, token } = await agentDesk();
    const before = device.append([device.event()]);
    expect((await gw.route('auditBatches', { token, body: device.batch(before) })).status).toBe(200);
    // Pending on the desk when the admin revokes it.
    const pending = device.append([device.event(), device.event({ type: 'session.lock', target: { kind: 'session', id: null } })]);
    // Promised in a heartbeat: a revoked desk delivers up to the head it promised.
    expect((await gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now()) })).status).toBe(200);
    // Not revoked yet: the session-less route is closed to it.
    expect((await gw.route('revokedDeviceAuditBatches', { body: device.batch(pending) })).status).toBe(401);
    expect((await revoke(device.deviceId)).status).toBe(200);

    expect((await gw.route('auditBatches', { token, body: device.batch(pending) })).status).toBe(401);
    const batch = device.batch(pending);
    const ack = await gw.route('revokedDeviceAuditBatches', { body: batch });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ batchId: batch.batchId, ackedThroughSeq: 3 });
    // A forged one is refused: the device key is the whole proof.
    const forged = device.batch(device.append([device.event()]), { signWith: generateKeyPairSync('ed25519').privateKey });
    expect((await gw.route('revokedDeviceAuditBatches', { body: forged })).status).toBe(409);

    const search = await gw.route('auditSearch', { query: { userId: 'u-agent-ana', limit: 500 }, token: supervisor });
    const mine = search.body.events.filter((e) => e.deviceId === device.deviceId);
    expect(mine.map((e) => [e.seq, e.flag ?? null]).sort()).toEqual([
      [1, null],
      [2, 'device_revoked'],
      [3, 'device_revoked'],
    ]);
    const row = ((await devices()).body).find((d) => d.deviceId === device.deviceId);
    expect(row?.batchesAfterRevoke).toBe(1);
  });

  it('ends only the revoked desk: the same user on another desk carries on', async () => {
    const kept = await agentDesk();
    const lost = await agentDesk();
    expect((await revoke(lost.device.deviceId)).status).toBe(200);
    expect((await lookup(lost.token)).status).toBe(401);
    expect((await lookup(kept.token)).status).toBe(200);
    const refreshed = await gw.route('refresh', { body: kept.device.sessionProof('refresh', kept.grant.tokens.refreshToken) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.username).toBe('agent.ana');
  });
});
