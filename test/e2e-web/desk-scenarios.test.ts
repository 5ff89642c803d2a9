// The whole desk in real Chromium: the production renderer, the bridge in
// place of preload + IPC, main's real services (keychain, SQLite audit queue,
// sync, router) and the reference gateway with demo data, all on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack, type PreviewStack } from '../bridge/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { testKeychain } from '../support/keychain.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'scenarios');
const keychain = testKeychain();
let stack: PreviewStack;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  stack = await startPreviewStack({ secrets: keychain, customers: 200 });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await stack.close();
  await keychain.cleanup();
});

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), mask: [page.locator('[data-private], #note-text')] });
}

describe('agent scenario', () => {
  it('signs in with MFA, looks up three ways, guards a note, extends a subscription, signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(stack.url);
    const secret = (await demoCredentials(stack.gateway.store, stack.gateway.seal)).find((a) => a.username === 'agent.ben')?.totpSecret ?? '';
    await page.getByLabel('Username').fill('agent.ben');
    await page.getByLabel('Password').fill('desk-demo-ben-2026');
    await page.getByLabel('One-time code').fill(await currentTotp(secret, Date.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();

    await page.getByLabel('Customer ID').fill('CUS-000002');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();
    const order = (await page.locator('h3 .mono').first().innerText()).trim();

    await page.keyboard.press('Alt+2');
    await page.getByLabel('Order / transaction').fill(order);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();

    await page.keyboard.press('Alt+3');
    await page.getByLabel('Card number').fill('4111111111111111');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '2 results' }).waitFor();
    await page.getByRole('button', { name: /CUS-000001/ }).click();
    await page.getByRole('heading', { name: /CUS-000001/ }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('•••• •••• •••• 1111');
    expect(body).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    await snap(page, 'agent-customer');

    await page.getByLabel('New note').fill('Caller read 5555 5555 5555 4444 out loud');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('button', { name: 'Redact card numbers' }).click();
    expect(await page.getByLabel('New note').inputValue()).toBe('Caller read [card ••••4444] out loud');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Caller read [card ••••4444] out loud').waitFor();

    const extend = page.getByRole('button', { name: /^Extend / }).first();
    if ((await extend.count()) > 0) {
      await extend.click();
      await page.getByLabel('Reason (required)').fill('Goodwill for a delayed parcel');
      await page.getByRole('button', { name: 'Extend', exact: true }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByText(/^Extended to /).waitFor();
    }

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
    await page.close();

    // The desk's trail reached the gateway: every lookup kind and the note, none carrying a PAN.
    expect(await stack.desk.sync.syncNow()).toMatch(/drained|offline/);
    const events = (await stack.gateway.store.audit.search({ limit: 500, userId: 'u-agent-ben' })).events.map((e) => e.event);
    const lookups = events.filter((e) => e.type === 'customer.lookup').map((e) => e.details.by);
    expect(lookups).toEqual(expect.arrayContaining(['customerId', 'order', 'card']));
    expect(events.some((e) => e.type === 'customer.note.add')).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/4111111111111111|5555555555554444/);
  }, 120_000);
});
