// Issue 28 in real Chromium: the Administration workspace's Updates tab over
// the real services and a repository made by the release command. Three desks
// report 1.2.0, 1.1.0 and 1.0.0; the releases show their rollout and the patch
// report shows each desk's version, release date, ring, last check and days
// behind, the overdue ones marked. The screenshot is written for a person to look at.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import type { Principal } from '../../server/core/principal.ts';
import { currentTotp } from '../../server/identity/totp.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { demoTotpSecrets, gatewayClient, startSeededGateway } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';
import { makeReleaseRepo } from '../harness/updates/release-repo.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'patch-report');
const DAY = 86_400_000;
const repoDir = join(mkdtempSync(join(tmpdir(), 'sentinel-patch-view-')), 'repo');
const keychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let adminDesk: PreviewStack;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 2, gatewayConfig: { updates: { repository: join(repoDir, 'published'), overdueDays: 30 } } });
  adminDesk = await startPreviewStack({ gateway: shared, secrets: keychain });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await adminDesk.close();
  await shared.gateway.close();
  await keychain.cleanup();
});

describe('the Updates tab', () => {
  it('shows the releases and the fleet patch report with the overdue desks marked', async () => {
    const now = Date.now();
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.0.0', { bytes: 512, releasedAt: new Date(now - 60 * DAY).toISOString() });
    repo.publishBuild('1.1.0', { bytes: 512, releasedAt: new Date(now - 40 * DAY).toISOString() });
    repo.publishBuild('1.2.0', { bytes: 512, releasedAt: new Date(now - 5 * DAY).toISOString() });
    // The admin's earlier decisions, through the gateway's service (the browser's sign-in needs the admin's fresh one-time code).
    const ivan: Principal = { userId: 'u-admin-ivan', username: 'admin.ivan', roles: ['admin'], deviceId: 'desk-admin-console', familyId: 'fam-admin-console', pendingSetup: [] };
    await shared.gateway.updates.rollout(ivan, '1.0.0', { stage: 'broad', percent: 100, reason: 'Security release for every desk' });
    await shared.gateway.updates.rollout(ivan, '1.1.0', { stage: 'broad', percent: 100, reason: 'Security release for every desk' });
    await shared.gateway.updates.rollout(ivan, '1.2.0', { stage: 'pilot', percent: 0, reason: 'Pilot first' });
    const client = gatewayClient(shared.url, { clock: { now: () => Date.now() }, totpSecret: demoTotpSecrets(shared.gateway), enrolment: { kind: 'policy_token', secret: shared.enrolmentToken } });
    const desks: string[] = [];
    for (const version of ['1.2.0', '1.1.0', '1.0.0']) {
      const desk = await client.login('agent.ana');
      expect((await client.route('updateCheck', { query: { version }, token: desk.token })).status).toBe(200);
      desks.push(desk.device.deviceId);
    }
    await shared.gateway.updates.setRing(ivan, desks[0] ?? '', { ring: 'pilot', reason: 'Pilot desk on floor 2' });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(adminDesk.url);
    await page.getByLabel('Username').fill('admin.ivan');
    await page.getByLabel('Password').fill('desk-demo-ivan-2026');
    await page.getByLabel('One-time code').fill(await currentTotp(await demoTotpSecrets(shared.gateway)('admin.ivan'), Date.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('main', { name: 'Administration' }).waitFor();
    await page.getByRole('tab', { name: 'Updates' }).click();
    const releases = page.getByRole('table', { name: 'Releases' });
    await releases.getByRole('row', { name: /1\.2\.0/ }).waitFor();
    expect(await releases.getByRole('row', { name: /1\.2\.0/ }).innerText()).toContain('Pilot ring');
    const patch = page.getByRole('table', { name: 'Patch report' });
    for (const deviceId of desks) await patch.getByRole('row', { name: new RegExp(deviceId) }).waitFor();
    expect(await patch.getByRole('row', { name: new RegExp(desks[0] ?? '') }).innerText()).toMatch(/1\.2\.0[\s\S]*Pilot[\s\S]*current/);
    expect(await patch.getByRole('row', { name: new RegExp(desks[1] ?? '') }).innerText()).toMatch(/1\.1\.0[\s\S]*Broad[\s\S]*5 days/);
    expect(await patch.getByRole('row', { name: new RegExp(desks[2] ?? '') }).innerText()).toContain('40 days, overdue');
    await page.screenshot({ path: join(SHOTS, 'updates-tab.png'), fullPage: true });
  });
});
