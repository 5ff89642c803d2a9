// Issue 28: staged rollout and the kill switch, over a real repository made by
// the release command. 200 simulated desks (their offers asked of the gateway's
// update service, over the real store; a few over HTTP too): the pilot ring
// plus about 10% of the broad ring get the release, within binomial bounds,
// and nobody else; a pause stops new offers; a pull sends every desk on the
// release back to the previous signed one at its next check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Principal } from '../../../server/core/principal.ts';
import { rolloutBucket } from '../../../server/updates/rollout.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { makeReleaseRepo } from '../../harness/updates/release-repo.ts';

const repoDir = join(mkdtempSync(join(tmpdir(), 'sentinel-rollout-')), 'repo');
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000, updates: { repository: join(repoDir, 'published') } } });

const DESKS = 200;
const PILOTS = 20;
const PERCENT = 10;
const deskIds = Array.from({ length: DESKS }, (_, i) => `sim-desk-${String(i).padStart(4, '0')}`);
const pilots = new Set(deskIds.slice(0, PILOTS));
const principalOf = (deviceId: string): Principal => ({ userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'], deviceId, familyId: `fam-${deviceId}`, pendingSetup: [] });

async function adminToken(gw: RunningGateway): Promise<string> {
  return (await gw.login('admin.ivan')).token;
}

/** Every desk's offer while running `running(deviceId)`. */
async function offers(gw: RunningGateway, running: (deviceId: string) => string) {
  const answers = new Map<string, Awaited<ReturnType<RunningGateway['gateway']['updates']['check']>>>();
  for (const deviceId of deskIds) answers.set(deviceId, await gw.gateway.updates.check(principalOf(deviceId), running(deviceId)));
  return answers;
}

describe('staged rollout to 200 desks', () => {
  it('offers a release to the pilot ring, then the pilot ring and about 10% of the rest, and nobody else; a pull sends them all back', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.0.0', { bytes: 1024 });
    repo.publishBuild('1.1.0', { bytes: 1024 });
    const token = await adminToken(gw);
    const rollout = (version: string, stage: 'held' | 'pilot' | 'broad', percent: number) =>
      gw.route('adminRollout', { params: { version }, body: { stage, percent, reason: `Rollout of ${version}` }, token });
    expect((await rollout('1.0.0', 'broad', 100)).status).toBe(200);
    for (const deviceId of pilots) {
      expect((await gw.route('adminDeviceRing', { params: { deviceId }, body: { ring: 'pilot', reason: 'Pilot desk on floor 2' }, token })).status).toBe(200);
    }

    // Held: nobody is offered 1.1.0.
    expect([...(await offers(gw, () => '1.0.0')).values()].every((offer) => offer.action === 'stay')).toBe(true);

    expect((await rollout('1.1.0', 'pilot', 0)).body).toMatchObject({ version: '1.1.0', stage: 'pilot', percent: 0, paused: false, pulled: false });
    const pilotOffers = await offers(gw, () => '1.0.0');
    expect(deskIds.filter((id) => pilotOffers.get(id)?.action === 'install')).toEqual([...pilots]);

    expect((await rollout('1.1.0', 'broad', PERCENT)).status).toBe(200);
    const broadOffers = await offers(gw, () => '1.0.0');
    const offered = deskIds.filter((id) => broadOffers.get(id)?.action === 'install');
    for (const id of pilots) expect(offered).toContain(id);
    const broadOffered = offered.filter((id) => !pilots.has(id));
    // Binomial(180, 0.1): mean 18, standard deviation about 4; 4 standard deviations either side.
    expect(broadOffered.length).toBeGreaterThanOrEqual(2);
    expect(broadOffered.length).toBeLessThanOrEqual(34);
    // Exactly the desks whose stable hash falls under the percentage: nobody else.
    expect(broadOffered).toEqual(deskIds.filter((id) => !pilots.has(id) && rolloutBucket(id, '1.1.0') < PERCENT));
    for (const id of offered) expect(broadOffers.get(id)).toEqual({ action: 'install', version: '1.1.0', target: 'sentinel-desk-1.1.0.AppImage' });
    // The same desks again at the next check: the choice is stable.
    const again = await offers(gw, () => '1.0.0');
    expect(deskIds.filter((id) => again.get(id)?.action === 'install')).toEqual(offered);

    // Paused: no new desk is offered it; desks already on it are not moved.
    const paused = await gw.route('adminReleaseAction', { params: { version: '1.1.0' }, body: { action: 'pause', reason: 'Crash reports from pilot' }, token });
    expect(paused.body).toMatchObject({ paused: true, pulled: false });
    const whilePaused = await offers(gw, (id) => (offered.includes(id) ? '1.1.0' : '1.0.0'));
    expect([...whilePaused.values()].every((offer) => offer.action === 'stay')).toBe(true);

    // Pulled: every desk on 1.1.0 is told to go back to 1.0.0 at its next check; the others stay.
    const pulled = await gw.route('adminReleaseAction', { params: { version: '1.1.0' }, body: { action: 'pull', reason: 'Data loss bug in 1.1.0' }, token });
    expect(pulled.body).toMatchObject({ pulled: true });
    const afterPull = await offers(gw, (id) => (offered.includes(id) ? '1.1.0' : '1.0.0'));
    for (const id of deskIds) {
      expect(afterPull.get(id)).toEqual(offered.includes(id) ? { action: 'rollback', version: '1.0.0', target: 'sentinel-desk-1.0.0.AppImage' } : { action: 'stay' });
    }
    // A pulled release cannot be let out again.
    const relet = await gw.call('POST', '/v1/admin/releases/1.1.0/rollout', { token, body: { stage: 'broad', percent: 100, reason: 'Let it out again' } });
    expect({ status: relet.status, body: relet.json }).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    // Every change is on the gateway's trail with its admin and reason.
    const trail = await gw.gateway.store.audit.search({ limit: 100, type: 'update.rollout' });
    expect(trail.events.filter((e) => e.event.target.id === '1.1.0').map((e) => e.event.details.change)).toEqual(['pull', 'pause', 'rollout', 'rollout']);
  });

  it('answers a signed-in desk over HTTP and records its last check', async ({ gw }) => {
    const desk = await gw.login('agent.ana');
    const answer = await gw.route('updateCheck', { query: { version: '1.0.0' }, token: desk.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ action: 'stay' });
    expect(await gw.gateway.store.updates.lastCheck(desk.device.deviceId)).toMatchObject({ version: '1.0.0', userId: 'u-agent-ana' });
  });

  it('refuses hostile input: unknown releases, malformed versions, bad rings, no session, a non-admin', async ({ gw }) => {
    const token = await adminToken(gw);
    const agent = (await gw.login('agent.ana')).token;
    expect((await gw.route('adminRollout', { params: { version: '9.9.9' }, body: { stage: 'broad', percent: 10, reason: 'No such release' }, token })).status).toBe(404);
    expect((await gw.call('POST', '/v1/admin/releases/1.0/rollout', { token, body: { stage: 'broad', percent: 10, reason: 'Bad version' } })).status).toBe(400);
    expect((await gw.call('POST', '/v1/admin/releases/1.0.0/rollout', { token, body: { stage: 'broad', percent: 101, reason: 'Too much' } })).status).toBe(400);
    expect((await gw.call('POST', '/v1/admin/devices/sim-desk-0001/ring', { token, body: { ring: 'canary', reason: 'No such ring' } })).status).toBe(400);
    expect((await gw.call('GET', '/v1/updates/check?version=1.0.0', {})).status).toBe(401);
    expect((await gw.call('GET', `/v1/updates/check?version=${'9'.repeat(5000)}`, { token: agent })).status).toBe(400);
    expect((await gw.route('adminReleases', { token: agent })).status).toBe(403);
    expect((await gw.call('GET', '/v1/updates/metadata/..%2F..%2Fgateway.log', {})).status).toBe(400);
    expect((await gw.call('GET', '/v1/updates/targets/..%2Fstaged%2Froot.json', {})).status).toBe(400);
    expect((await gw.call('GET', '/v1/updates/metadata/7.root.json', {})).status).toBe(404);
  });
});
