// Issue 28: the fleet patch report (PCI DSS 6.3.3) on the gateway's manual
// clock: per desk the version it reported, its signed release date, its ring,
// its last check and the days since the first newer release was let out; a
// desk overdue beyond policy raises update_overdue; the CSV for the evidence pack.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { PATCH_REPORT_CSV_COLUMNS } from '../../../shared/patch-report-csv.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { makeReleaseRepo } from '../../harness/updates/release-repo.ts';

const DAY = 86_400_000;
const repoDir = join(mkdtempSync(join(tmpdir(), 'sentinel-patch-')), 'repo');
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000, updates: { repository: join(repoDir, 'published'), overdueDays: 30 } } });

/** A desk that reported `version`; `checkedAt` is the gateway's time of that check (its clock moves 30 s per one-time code). */
async function deskOn(gw: RunningGateway, version: string): Promise<{ deviceId: string; checkedAt: string }> {
  const desk = await gw.login('agent.ana');
  const checkedAt = new Date(gw.clock.now()).toISOString();
  expect((await gw.route('updateCheck', { query: { version }, token: desk.token })).status).toBe(200);
  return { deviceId: desk.device.deviceId, checkedAt };
}

describe('the fleet patch report', () => {
  it('shows each desk behind the first newer release, flags and alerts the overdue ones, and exports CSV', async ({ gw }) => {
    const now = gw.clock.now();
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.0.0', { bytes: 512, releasedAt: new Date(now - 60 * DAY).toISOString() });
    repo.publishBuild('1.1.0', { bytes: 512, releasedAt: new Date(now - 40 * DAY).toISOString() });
    repo.publishBuild('1.2.0', { bytes: 512, releasedAt: new Date(now - 5 * DAY).toISOString() });
    let admin = await gw.login('admin.ivan');
    for (const [version, stage] of [['1.0.0', 'broad'], ['1.1.0', 'broad'], ['1.2.0', 'pilot']] as const) {
      await gw.route('adminRollout', { params: { version }, body: { stage, percent: 100, reason: 'Monthly security release' }, token: admin.token });
    }
    const pilot = await deskOn(gw, '1.2.0');
    const current = pilot.deviceId;
    const recent = (await deskOn(gw, '1.1.0')).deviceId;
    const oldDesk = await deskOn(gw, '1.0.0');
    const old = oldDesk.deviceId;
    await gw.route('adminDeviceRing', { params: { deviceId: current }, body: { ring: 'pilot', reason: 'Pilot desk' }, token: admin.token });

    const generatedAt = new Date(gw.clock.now()).toISOString();
    const report = (await gw.route('adminPatchReport', { query: { format: 'json' }, token: admin.token })).body;
    expect(report).toMatchObject({ generatedAt, newestVersion: '1.2.0', overdueDays: 30 });
    const row = (deviceId: string) => report.devices.find((d) => d.deviceId === deviceId);
    expect(row(current)).toEqual({ deviceId: current, version: '1.2.0', releasedAt: new Date(now - 5 * DAY).toISOString(), ring: 'pilot', lastCheckAt: pilot.checkedAt, daysBehind: 0, overdue: false });
    expect(row(recent)).toMatchObject({ version: '1.1.0', ring: 'broad', daysBehind: 5, overdue: false });
    expect(row(old)).toMatchObject({ version: '1.0.0', daysBehind: 40, overdue: true });
    // The admin alert of each overdue desk, and none for the others.
    const overdueAlerts = async () => (await gw.route('adminAlerts', { token: admin.token })).body.filter((a) => a.kind === 'update_overdue');
    expect((await overdueAlerts()).map((a) => a.deviceId)).toContain(old);
    expect((await overdueAlerts()).map((a) => a.deviceId)).not.toContain(recent);

    // A month later the desk on 1.1.0 is overdue too.
    gw.clock.advance(30 * DAY);
    admin = await gw.login('admin.ivan');
    const later = (await gw.route('adminPatchReport', { query: { format: 'json' }, token: admin.token })).body;
    expect(later.devices.find((d) => d.deviceId === recent)).toMatchObject({ daysBehind: 35, overdue: true });
    expect((await overdueAlerts()).map((a) => a.deviceId)).toContain(recent);

    const csv = await gw.call('GET', '/v1/admin/updates/report?format=csv', { token: admin.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(PATCH_REPORT_CSV_COLUMNS.join(','));
    expect(lines.find((line) => line.startsWith(`${old},`))).toBe(`${old},1.0.0,broad,${new Date(now - 60 * DAY).toISOString()},behind,${oldDesk.checkedAt},overdue,70`);
    // Each read of the report is on the gateway's trail (PCI DSS 10.2.1.2).
    const views = await gw.gateway.store.audit.search({ limit: 20, type: 'admin.view' });
    expect(views.events.filter((e) => e.event.target.id === 'admin.patch_report')).toHaveLength(3);
  });

  it('is for admins only, and refuses a bad format', async ({ gw }) => {
    const agent = await gw.login('agent.ana');
    expect((await gw.call('GET', '/v1/admin/updates/report', { token: agent.token })).status).toBe(403);
    const admin = await gw.login('admin.ivan');
    expect((await gw.call('GET', '/v1/admin/updates/report?format=pdf', { token: admin.token })).status).toBe(400);
  });
});
