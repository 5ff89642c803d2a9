// Issue 21: a revoked desk's key kept writing for its past users, 30 days
// later, and reports counted it. Over real HTTP on both engines: the
// session-less route takes only what the desk held when it was revoked (events
// dated before the revocation, up to the head it promised in a signed
// heartbeat), closes after `audit.revokedUploadDays`, and what it stores, flagged,
// counts in no report.
import { describe, expect } from 'vitest';
import { SYSTEM_ACTOR } from '../../../shared/audit.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const UPLOAD_DAYS = 7;
const DAY_MS = 86_400_000;
const PASSWORD = 'Harbour lantern quiet evening 31';
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000, audit: { revokedUploadDays: UPLOAD_DAYS } } });

let serial = 0;
const iso = (ms: number): string => new Date(ms).toISOString();

/** A new agent signed in on a new desk, which has sent one heartbeat promising its queue head so far. */
async function agentDesk(gw: RunningGateway) {
  serial += 1;
  const user = await createAccount(gw.gateway, { userId: `u-revoked-${serial}`, username: `revoked.agent${serial}`, createdAt: gw.clock.now(), password: PASSWORD });
  const device = new TestDevice();
  const login = await gw.attemptLogin(user.username, PASSWORD, { device });
  expect(login.status, login.text).toBe(200);
  const token = login.body.tokens.accessToken;
  const actor = { userId: user.userId, username: user.username, roles: [...user.roles] };
  const promise = async () => {
    const answer = await gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now()) });
    expect(answer.status, answer.text).toBe(200);
  };
  return { user, actor, device, token, promise };
}

async function revoke(gw: RunningGateway, device: TestDevice): Promise<void> {
  const { token } = await gw.login('admin.ivan');
  const answer = await gw.route('revokeDevice', { params: { deviceId: device.deviceId }, token, body: { reason: 'The laptop was reported stolen' } });
  expect(answer.status, answer.text).toBe(200);
}

const upload = (gw: RunningGateway, device: TestDevice, entries: Parameters<TestDevice['batch']>[0]) => gw.route('revokedDeviceAuditBatches', { body: device.batch(entries) });
const storedOf = async (gw: RunningGateway, deviceId: string) => (await gw.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === deviceId);

describe('a revoked desk uploading its trail', () => {
  it('takes what the desk held at its revocation, flagged, and refuses events a day later for its past user', async ({ gw }) => {
    const { actor, device, promise } = await agentDesk(gw);
    const revokedAt = gw.clock.now();
    // Written before the revocation and promised in a heartbeat, but not yet synced.
    const held = device.append([device.event({ actor, at: iso(revokedAt) }), device.event({ actor, type: 'session.lock', at: iso(revokedAt) })]);
    await promise();
    await revoke(gw, device);

    // A day later the stolen key writes a "lock" for the desk's past user: dated after the revocation.
    gw.clock.advance(DAY_MS);
    const later = device.append([device.event({ actor, type: 'session.lock', at: iso(gw.clock.now()) })]);
    const mixed = await upload(gw, device, [...held, ...later]);
    expect(mixed.status).toBe(422);
    expect(mixed.json).toMatchObject({ reason: 'after_revocation', seq: 3, error: { code: 'audit_event_refused' } });
    expect(await storedOf(gw, device.deviceId)).toEqual([]);

    const kept = await upload(gw, device, held);
    expect(kept.status, kept.text).toBe(200);
    expect((await storedOf(gw, device.deviceId)).map((e) => [e.seq, e.flag]).sort()).toEqual([
      [1, 'device_revoked'],
      [2, 'device_revoked'],
    ]);
    expect((await upload(gw, device, later)).json).toMatchObject({ reason: 'after_revocation', seq: 3 });
  });

  it('refuses events backdated to before the revocation but past the head the desk last promised', async ({ gw }) => {
    const { actor, device, promise } = await agentDesk(gw);
    const revokedAt = gw.clock.now();
    const held = device.append([device.event({ actor, at: iso(revokedAt) })]);
    await promise();
    await revoke(gw, device);
    const backdated = device.append([device.event({ actor, type: 'session.lock', at: iso(revokedAt) }), device.event({ actor: SYSTEM_ACTOR, type: 'app.stop', at: iso(revokedAt) })]);
    const invented = await upload(gw, device, [...held, ...backdated]);
    expect(invented.status).toBe(422);
    expect(invented.json).toMatchObject({ reason: 'beyond_promised_head', seq: 2 });
    expect((await upload(gw, device, held)).status).toBe(200);
    expect((await upload(gw, device, backdated)).json).toMatchObject({ reason: 'beyond_promised_head', seq: 2 });
    expect((await storedOf(gw, device.deviceId)).map((e) => e.seq)).toEqual([1]);
  });

  it(`closes the route ${UPLOAD_DAYS} days after the revocation: 30 days on, even what the desk held is refused`, async ({ gw }) => {
    const { actor, device, promise } = await agentDesk(gw);
    const held = device.append([device.event({ actor, type: 'session.lock', at: iso(gw.clock.now()) })]);
    await promise();
    await revoke(gw, device);
    gw.clock.advance(30 * DAY_MS);
    const closed = await upload(gw, device, held);
    expect([closed.status, closed.error?.code]).toEqual([403, 'forbidden']);
    expect(closed.error?.message).toContain(`${UPLOAD_DAYS} days`);
    expect(await storedOf(gw, device.deviceId)).toEqual([]);
  });
});

describe('reports and counts', () => {
  it('count no flagged event: the activity report, its CSV and the floor report read the same before and after a revoked desk uploads five locks', async ({ gw }) => {
    const { user, actor, device, promise } = await agentDesk(gw);
    const now = gw.clock.now();
    const locks = device.append(Array.from({ length: 5 }, () => device.event({ actor, type: 'session.lock', at: iso(now) })));
    await promise();
    await revoke(gw, device);
    const { token: sara } = await gw.login('sup.sara');
    const range = { from: iso(now - 3_600_000), to: iso(now + 3_600_000) };
    const reports = async () => ({
      json: (await gw.route('activityReport', { query: { ...range, userId: user.userId }, token: sara })).body.rows,
      csv: (await gw.route('activityReport', { query: { ...range, format: 'csv' }, token: sara })).text.split('\r\n').find((row) => row.startsWith(`${user.userId},`)),
      floor: (await gw.route('floorReport', { query: range, token: sara })).body.agents.find((a) => a.userId === user.userId),
    });
    const before = await reports();
    expect(before.json).toEqual([expect.objectContaining({ userId: user.userId, locks: 0 })]);

    expect((await upload(gw, device, locks)).status).toBe(200);
    expect((await storedOf(gw, device.deviceId)).filter((e) => e.flag === 'device_revoked')).toHaveLength(5);
    expect(await reports()).toEqual(before);
  });
});
