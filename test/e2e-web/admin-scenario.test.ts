// Issue 12 end to end in real Chromium over the real services: an admin desk
// and an agent desk (each with its own keychain entry and SQLite audit queue)
// against one seeded gateway on 127.0.0.1. The admin creates an agent; the
// agent signs in with the one-time password, changes it, enrols MFA from the QR
// code (decoded from a screenshot) and looks up a customer; the admin revokes
// the agent's desk, whose next call is refused while its pending trail still
// reaches the gateway, flagged; the access review shows it all, and its sign-off is
// refused to the admin whose changes it holds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_DEVICE_ID } from '../../shared/gateway-device.ts';
import { jsQR } from '../harness/browser/jsqr.ts';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { startSeededGateway } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'admin-scenario');
const NEWCOMER = 'agent.nina';
const NEW_PASSWORD = 'Harbour-lantern-quiet-42';
const adminKeychain = testKeychain();
const agentKeychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let adminDesk: PreviewStack;
let agentDesk: PreviewStack;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 20 });
  adminDesk = await startPreviewStack({ gateway: shared, secrets: adminKeychain });
  agentDesk = await startPreviewStack({ gateway: shared, secrets: agentKeychain });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await adminDesk.close();
  await agentDesk.close();
  await shared.gateway.close();
  await adminKeychain.cleanup();
  await agentKeychain.cleanup();
});

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`), mask: [page.locator('[data-private]')] });

/** Decodes the QR code from a screenshot of its element, with a white margin as the quiet zone. */
async function decodeQr(page: Page, qr: Locator): Promise<string> {
  const box = await qr.boundingBox();
  if (box === null) throw new Error('the QR code is not on screen');
  const margin = 24;
  const png = PNG.sync.read(await page.screenshot({ path: join(SHOTS, '3-qr.png'), clip: { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin } }));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (decoded === null) throw new Error('the QR code screenshot does not decode');
  return decoded.data;
}

async function adminTotp(): Promise<string> {
  const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === 'admin.ivan')?.totpSecret;
  if (secret == null) throw new Error('admin.ivan has no TOTP secret in the demo seed');
  return currentTotp(secret, Date.now());
}

async function storedFrom(deviceId: string) {
  const found = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await shared.gateway.store.audit.search({ limit: 500, ...(cursor ? { cursor } : {}) });
    found.push(...page.events.filter((e) => e.deviceId === deviceId));
    if (page.nextCursor === null) return found;
    cursor = page.nextCursor;
  }
}

describe('administration scenario', () => {
  it('create, first sign-in, MFA from the QR code, lookup, revoke with the trail kept, access review not signed off by its own changer', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();

    // Step 1: the admin signs in with TOTP and creates an agent in the Administration workspace.
    await admin.goto(adminDesk.url);
    await admin.getByLabel('Username').fill('admin.ivan');
    await admin.getByLabel('Password').fill('desk-demo-ivan-2026');
    await admin.getByLabel('One-time code').fill(await adminTotp());
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const workspace = admin.getByRole('main', { name: 'Administration' });
    await workspace.waitFor();
    await admin.getByRole('tab', { name: 'People' }).click();
    await admin.getByRole('button', { name: 'New account' }).click();
    const form = admin.getByRole('dialog', { name: 'New account' });
    await form.getByLabel('Username').fill(NEWCOMER);
    await form.getByLabel('Display name').fill('Nina Newcomer');
    await form.getByRole('checkbox', { name: 'Agent' }).check();
    await form.getByLabel('Reason').fill('New hire, ticket HR-1201');
    await form.getByRole('button', { name: 'Create account' }).click();
    // The password is shown once, in its own dialog after the form closes.
    const oneTime = (await admin.getByTestId('one-time-password').innerText()).trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await shot(admin, '1-account-created');
    await admin.getByRole('button', { name: 'I have handed it over' }).click();
    expect(await admin.getByTestId('one-time-password').count()).toBe(0);
    expect(await admin.locator('body').innerText()).not.toContain(oneTime);
    await admin.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: new RegExp(NEWCOMER) }).waitFor();

    // Step 2: the agent signs in with the one-time password and is made to change it.
    await agent.goto(agentDesk.url);
    await agent.getByLabel('Username').fill(NEWCOMER);
    await agent.getByLabel('Password').fill(oneTime);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await shot(agent, '2-forced-password-change');
    await agent.getByLabel('One-time password').fill(oneTime);
    await agent.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await agent.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await agent.getByRole('button', { name: 'Save the new password' }).click();

    // Step 3: MFA enrolment from the QR code, decoded from its screenshot; the first code confirms it.
    await agent.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
    const uri = await decodeQr(agent, agent.getByRole('img', { name: 'QR code for your authenticator app' }));
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(decodeURIComponent(parsed.pathname)).toContain(NEWCOMER);
    const secret = parsed.searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await agent.getByLabel('6-digit code').fill(await currentTotp(secret, Date.now()));
    await agent.getByRole('button', { name: 'Finish setup' }).click();

    // Step 4: the agent looks up a customer.
    await agent.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await agent.getByLabel('Customer ID').fill('2');
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /CUS-000002/ }).waitFor();
    await shot(agent, '4-agent-lookup');
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 10_000 }).toBe(0);

    // Step 5: the admin revokes the agent's desk from the Devices tab; the agent desk is signed out at once.
    // The desk's own timers pause meanwhile, so what ends its session is the watch, not a heartbeat racing it.
    agentDesk.pauseTimers();
    const deviceId = agentDesk.desk.queue.deviceId;
    const syncedBeforeRevoke = agentDesk.desk.queue.chainHead().seq;
    await admin.getByRole('tab', { name: 'Devices' }).click();
    const deviceRow = admin.getByRole('table', { name: 'Devices' }).getByRole('row', { name: new RegExp(deviceId) });
    await expect.poll(async () => deviceRow.innerText()).toContain(NEWCOMER);
    await deviceRow.getByRole('button', { name: `Revoke ${deviceId}` }).click();
    const revokeDialog = admin.getByRole('dialog');
    await revokeDialog.getByLabel('Reason').fill('Laptop reported stolen, ticket SEC-77');
    await revokeDialog.getByRole('button', { name: 'Revoke device' }).click();
    await deviceRow.getByText('Revoked', { exact: true }).waitFor();
    await shot(admin, '5-device-revoked');

    // The desk's session watch hears of the revocation at once: it signs out, saying why, without waiting for a next call.
    await agent.getByLabel('Username').waitFor({ timeout: 10_000 });
    expect(await agent.getByRole('heading', { name: /CUS-000002/ }).count()).toBe(0);
    await agent.getByText(/revoked/i).first().waitFor();
    expect(agentDesk.desk.session.state()).toMatchObject({ status: 'signed_out', reason: 'device_revoked' });
    await shot(agent, '5-agent-refused');
    agentDesk.resumeTimers();

    // Since issue 21 a revoked desk delivers only what it held before the revocation, up to the head it had promised;
    // what it recorded after (the refused lookup, its sign-out) stays in its local queue and never reaches the gateway.
    const head = agentDesk.desk.queue.chainHead().seq;
    const storedHead = async (): Promise<number> => Math.max(0, ...(await storedFrom(deviceId)).map((e) => e.seq));
    await expect
      .poll(async () => (await storedHead()) >= syncedBeforeRevoke && agentDesk.desk.queue.status().depth === head - (await storedHead()), { timeout: 15_000 })
      .toBe(true);
    const stored = await storedFrom(deviceId);
    expect(stored.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: await storedHead() }, (_, i) => i + 1));
    expect(await storedHead()).toBeLessThanOrEqual(head);
    expect(stored.filter((e) => e.seq > syncedBeforeRevoke).every((e) => e.flag === 'device_revoked')).toBe(true);

    // Step 6: the access review shows it all; the admin who made these changes may not sign it off himself (issue 21):
    // the desk shows why, and the refusal is on the gateway's record (another admin's sign-off: admin-review-signoff-attacks).
    await admin.getByRole('tab', { name: 'Access review' }).click();
    const reviewRow = admin.getByRole('table', { name: 'Access review' }).getByRole('row', { name: new RegExp(NEWCOMER) });
    await reviewRow.waitFor();
    const review = await adminDesk.desk.api.call('adminAccessReview', { query: { format: 'json' } });
    const row = review.rows.find((r) => r.username === NEWCOMER);
    expect(row).toMatchObject({ roles: ['agent'], mfaEnrolled: true, status: 'active' });
    expect(row?.lastSignInAt).not.toBeNull();
    expect(row?.changesSinceLastReview.length).toBeGreaterThan(0);
    expect(row?.changesSinceLastReview.every((c) => c.by === 'admin.ivan' || c.by === NEWCOMER || c.by === null)).toBe(true);
    await shot(admin, '6-access-review');
    await admin.getByRole('button', { name: 'Sign off' }).click();
    const signOff = admin.getByRole('dialog');
    await signOff.getByLabel('Note').fill('Quarterly review Q4: newcomer checked, stolen desk revoked');
    await signOff.getByRole('button', { name: 'Sign off review' }).click();
    await signOff.getByText(/another admin must sign it off/).waitFor();
    await shot(admin, '6-review-sign-off-refused');
    // The gateway's own record: the desk records the attempt too, and its copy arrives whenever the desk next syncs.
    const signOffs = (await shared.gateway.store.audit.search({ type: 'report.generate', limit: 50 })).events.filter(
      (e) => e.deviceId === GATEWAY_DEVICE_ID && e.event.details.action === 'access_review_signoff',
    );
    expect(signOffs.map((e) => [e.event.outcome, e.event.reason, e.event.actor.username])).toEqual([['failure', 'own_changes', 'admin.ivan']]);

    // No test card number is readable in any screenshot (OCR with Debian tesseract-ocr).
    const shots = readdirSync(SHOTS).filter((f) => f.endsWith('.png'));
    expect(shots.length).toBeGreaterThan(5);
    for (const file of shots) {
      const digits = execFileSync('tesseract', [join(SHOTS, file), 'stdout'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/[\s.-]/g, '');
      for (const { pan } of DEMO_TEST_CARDS) expect(digits.includes(pan), `${pan.slice(-4)} readable in ${file}`).toBe(false);
    }
  }, 240_000);
});
