// The whole desk in real Chromium: the production renderer, the bridge in
// place of preload + IPC, main's real services (keychain, SQLite audit queue,
// sync, router) and the reference gateway with demo data, all on 127.0.0.1.
// Two desks (an agent's and a supervisor's) share one gateway.
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { startPreviewStack, type PreviewStack } from '../bridge/preview-stack.ts';
import { startSeededGateway } from '../support/gateway.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { testKeychain } from '../support/keychain.ts';
import { writtenForms } from '../support/pan-forms.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'scenarios');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const agentKeychain = testKeychain();
const supervisorKeychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let agentDesk: PreviewStack;
let supervisorDesk: PreviewStack;
let browser: Browser;
let idleSeconds = 0;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 300, gatewayConfig: { alerts: { cardLookupBurst: { maxLookups: 3, windowMinutes: 10 } } } });
  agentDesk = await startPreviewStack({ gateway: shared, secrets: agentKeychain, policy: { idleLockMinutes: 1 }, idleSeconds: () => idleSeconds });
  supervisorDesk = await startPreviewStack({ gateway: shared, secrets: supervisorKeychain });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await agentDesk.close();
  await supervisorDesk.close();
  await shared.gateway.close();
  await agentKeychain.cleanup();
  await supervisorKeychain.cleanup();
});

/** Screenshot with card fields masked, then axe: no serious or critical violation. */
async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), mask: [page.locator('[data-private], #note-text')] });
  await page.evaluate(axeSource);
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
    return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  expect(serious, `axe on ${name}`).toEqual([]);
}

async function totp(username: string): Promise<string> {
  const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === username)?.totpSecret ?? '';
  return currentTotp(secret, Date.now());
}

/** Opens the desk and signs in, unless this desk's session is already signed in (one session per desk). */
async function signIn(page: Page, desk: PreviewStack, username: string, password: string, otp?: () => Promise<string>): Promise<void> {
  await page.goto(desk.url);
  await page.getByLabel('Username').or(page.getByRole('button', { name: 'Sign out' })).first().waitFor();
  if ((await page.getByLabel('Username').count()) === 0) return;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  if (otp !== undefined) await page.getByLabel('One-time code').fill(await otp());
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function cardLookup(page: Page, pan: string): Promise<void> {
  await page.keyboard.press('Alt+3');
  await page.getByLabel('Card number').fill(pan);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /results?$/ }).waitFor();
}

describe('desk scenarios', () => {
  it('1 agent: MFA sign-in, three lookups, masked payment, note guard, extension, sign-out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, agentDesk, 'agent.ben', 'desk-demo-ben-2026', () => totp('agent.ben'));
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await check(page, '1-desk');

    await page.getByLabel('Customer ID').fill('CUS-000002');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();
    const order = (await page.locator('h3 .mono').first().innerText()).trim();
    await page.keyboard.press('Alt+2');
    await page.getByLabel('Order / transaction').fill(order);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();

    await cardLookup(page, '4111111111111111');
    await page.getByRole('button', { name: /CUS-000001/ }).click();
    await page.getByRole('heading', { name: /CUS-000001/ }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('•••• •••• •••• 1111');
    expect(body).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    await check(page, '1-customer');

    await page.getByLabel('New note').fill('Caller read 5555 5555 5555 4444 out loud');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('button', { name: 'Redact card numbers' }).waitFor();
    await check(page, '1-note-blocked');
    await page.getByRole('button', { name: 'Redact card numbers' }).click();
    expect(await page.getByLabel('New note').inputValue()).toBe('Caller read [card ••••4444] out loud');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Caller read [card ••••4444] out loud').waitFor();

    const extend = page.getByRole('button', { name: /^Extend / }).first();
    expect(await extend.count()).toBeGreaterThan(0);
    await extend.click();
    await page.getByLabel('Reason (required)').fill('Goodwill for a delayed parcel');
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/^Extended to /).waitFor();
    // Sync needs a session: let the trail reach the gateway before signing out.
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 10_000 }).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
    await page.close();
    const events = (await shared.gateway.store.audit.search({ limit: 500, userId: 'u-agent-ben' })).events.map((e) => e.event);
    expect(events.filter((e) => e.type === 'customer.lookup').map((e) => e.details.by)).toEqual(expect.arrayContaining(['customerId', 'order', 'card']));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.note.add', 'subscription.extend']));
  }, 120_000);

  it('2 idle: the desk locks at the policy minute, customer data leaves the DOM, the password unlocks', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await page.getByLabel('Customer ID').fill('CUS-000003');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000003/ }).waitFor();
    idleSeconds = 61;
    await page.getByRole('heading', { name: 'Desk locked' }).waitFor({ timeout: 5000 });
    idleSeconds = 0;
    expect(await page.locator('body').innerText()).not.toContain('CUS-000003');
    expect(await page.getByText('after inactivity').count()).toBe(1);
    await check(page, '2-locked');
    await page.getByLabel('Password').fill('desk-demo-ana-2026');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('CUS-000003');
    await page.close();
  }, 60_000);

  it('3 supervisor: live presence, live feed within 2 s, burst alert acknowledged, CSV that matches', async () => {
    const sup = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true })).newPage();
    await signIn(sup, supervisorDesk, 'sup.sara', 'desk-demo-sara-2026', () => totp('sup.sara'));
    await sup.getByRole('heading', { name: 'Supervision' }).waitFor();

    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signIn(agent, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await agent.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await sup.locator('tr', { hasText: 'agent.ana' }).locator('.badge', { hasText: 'active' }).waitFor({ timeout: 5000 });

    const started = Date.now();
    for (const card of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) await cardLookup(agent, card);
    await sup.locator('li', { hasText: 'customer.lookup' }).first().waitFor({ timeout: 2000 + (Date.now() - started) });
    await sup.getByText('card_lookup_burst').first().waitFor({ timeout: 5000 });
    await check(sup, '3-supervisor-live');
    await sup.getByLabel('What was done').first().fill('Checked with Ana: chargeback batch');
    await sup.getByRole('button', { name: 'Acknowledge' }).first().click();
    await sup.getByText('No open alerts.').or(sup.getByText(/^Alerts \(\d+ open\)$/)).first().waitFor();
    const acks = (await shared.gateway.store.audit.search({ type: 'alert.ack', limit: 10 })).events;
    expect(acks.length).toBeGreaterThan(0);

    // The report is built from what reached the gateway: let the agent's desk finish syncing first.
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 10_000 }).toBe(0);
    await sup.getByRole('button', { name: 'Show' }).click();
    await sup.locator('td', { hasText: 'agent.ana' }).first().waitFor();
    const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    const header = (csv[0] ?? '').split(',');
    const row = (csv.find((line) => line.startsWith('u-agent-ana,')) ?? '').split(',');
    const cardColumn = header.indexOf('lookupsByCard');
    const fromEvents = (await shared.gateway.store.audit.search({ limit: 500, userId: 'u-agent-ana', type: 'customer.lookup' })).events.filter(
      (e) => e.event.outcome === 'success' && e.event.details.by === 'card',
    ).length;
    expect(Number(row[cardColumn])).toBe(fromEvents);
    expect(fromEvents).toBeGreaterThanOrEqual(4);
    await agent.close();
    await sup.close();
  }, 120_000);

  it('4 offline: the backlog stays local while the gateway is down, then reaches the supervisor once each', async () => {
    const sup = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(sup, supervisorDesk, 'sup.sara', 'desk-demo-sara-2026', () => totp('sup.sara'));
    await sup.getByRole('heading', { name: 'Supervision' }).waitFor();
    const agent = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(agent, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await agent.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 5000 }).toBe(0);

    const port = Number(new URL(shared.url).port);
    await shared.gateway.close();
    const before = agentDesk.desk.queue.status().lastSeq;
    for (let i = 0; i < 3; i++) {
      await agent.getByLabel('Customer ID').fill('CUS-000004');
      await agent.keyboard.press('Enter');
      await agent.getByRole('alert').first().waitFor();
    }
    await agent.getByText(/\d+ queued/).waitFor({ timeout: 5000 });
    await check(agent, '4-offline-backlog');
    const backlog = agentDesk.desk.queue.status().lastSeq - before;
    expect(backlog).toBeGreaterThanOrEqual(3);

    shared = await startSeededGateway({ dir: shared.dir, gatewayPort: port, customers: 300 });
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 15_000 }).toBe(0);
    const stored = (await shared.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === agentDesk.desk.queue.deviceId && e.seq > before);
    expect(new Set(stored.map((e) => e.seq)).size).toBe(stored.length);
    expect(stored.length).toBeGreaterThanOrEqual(backlog);
    // The three lookups tried while the gateway was down reach the supervisor's feed, once each.
    const offlineLookups = sup.locator('li', { hasText: 'customer.lookup' }).filter({ hasText: 'CUS-000004' }).filter({ hasText: 'failure' });
    await expect.poll(() => offlineLookups.count(), { timeout: 10_000 }).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await offlineLookups.count()).toBe(3);
    await agent.close();
    await sup.close();
  }, 120_000);

  it('left no card number in any file it wrote', () => {
    const dirs = [shared.dir, agentDesk.dirs.desk, supervisorDesk.dirs.desk, SHOTS];
    const files = dirs.flatMap((dir) => walk(dir));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      if (file.endsWith('.png')) continue; // no OCR here: card fields are masked before every screenshot
      const bytes = readFileSync(file);
      for (const { pan } of DEMO_TEST_CARDS) {
        for (const form of writtenForms(pan)) {
          expect(bytes.includes(Buffer.from(form)), `${form.slice(-4)} in ${file}`).toBe(false);
        }
      }
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
