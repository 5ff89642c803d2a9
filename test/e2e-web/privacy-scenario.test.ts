// Issue 27 end to end in real Chromium over the real services: an agent desk and
// a privacy officer's desk (each with its own keychain entry and SQLite audit
// queue) against one seeded gateway on 127.0.0.1. An admin grants sup.sara the
// privacy role with a reason; the agent opens an erasure request for the customer
// on the call; the officer finds it in the Privacy workspace, reads the export,
// and completes it; the agent then finds no such customer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { gatewayClient, startSeededGateway } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'privacy-scenario');
const CUSTOMER = 'CUS-000003';
const officerKeychain = testKeychain();
const agentKeychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let officerDesk: PreviewStack;
let agentDesk: PreviewStack;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 10 });
  officerDesk = await startPreviewStack({ gateway: shared, secrets: officerKeychain });
  agentDesk = await startPreviewStack({ gateway: shared, secrets: agentKeychain });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await officerDesk.close();
  await agentDesk.close();
  await shared.gateway.close();
  await officerKeychain.cleanup();
  await agentKeychain.cleanup();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), mask: [page.locator('[data-private]')] });
const totpSecret = async (username: string): Promise<string> => {
  const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === username)?.totpSecret;
  if (secret == null) throw new Error(`${username} has no TOTP secret in the demo seed`);
  return secret;
};

describe('privacy scenario', () => {
  it('an agent opens an erasure request; the officer reads the export and erases; the customer is gone', async () => {
    const client = gatewayClient(shared.url, { clock: { now: () => Date.now() }, totpSecret, enrolment: { kind: 'policy_token', secret: shared.enrolmentToken } });
    const admin = await client.login('admin.ivan');
    const granted = await client.route('adminSetRoles', { token: admin.token, params: { userId: 'u-sup-sara' }, body: { roles: ['supervisor', 'privacy'], reason: 'Appointed privacy officer' } });
    expect(granted.status).toBe(200);

    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await agent.goto(agentDesk.url);
    await agent.getByLabel('Username').fill('agent.ana');
    await agent.getByLabel('Password').fill('desk-demo-ana-2026');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByLabel('Customer ID').fill(CUSTOMER);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: new RegExp(CUSTOMER) }).waitFor();
    await agent.getByRole('button', { name: 'Open a privacy request' }).click();
    await agent.getByLabel('Kind of request').selectOption('erasure');
    await agent.getByLabel('Identity verified by').selectOption('document_check');
    await agent.getByRole('button', { name: 'Open request' }).click();
    const opened = await agent.getByText(/^Privacy request PR-[\w-]+ opened; due /).innerText();
    const requestId = /PR-[\w-]+/.exec(opened)?.[0] ?? '';
    await agent.getByRole('region', { name: 'Privacy' }).scrollIntoViewIfNeeded();
    await shot(agent, '1-agent-opened-request');

    const officer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await officer.goto(officerDesk.url);
    await officer.getByLabel('Username').fill('sup.sara');
    await officer.getByLabel('Password').fill('desk-demo-sara-2026');
    await officer.getByLabel('One-time code').fill(await currentTotp(await totpSecret('sup.sara'), Date.now()));
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await officer.getByRole('button', { name: 'Privacy' }).click();
    const requests = officer.getByRole('table', { name: 'Privacy requests' });
    await requests.getByRole('button', { name: requestId }).click();
    await officer.getByRole('button', { name: 'Export data' }).click();
    const exported = officer.getByRole('region', { name: `Export for ${CUSTOMER}` });
    await exported.getByRole('table', { name: 'customers' }).waitFor();
    await shot(officer, '2-officer-export');
    await officer.getByRole('button', { name: 'Complete: erase the customer' }).click();
    await expect.poll(async () => requests.getByRole('row', { name: new RegExp(requestId) }).innerText()).toContain('completed');
    // The export read before the erasure is gone from the screen with it.
    expect(await exported.count()).toBe(0);
    await shot(officer, '3-officer-erased');

    // The agent's screen, which still had the customer open, drops it once main's follower finds it gone.
    await agent.getByText(`${CUSTOMER} is no longer held: it was erased or removed.`).waitFor({ timeout: 30_000 });
    expect(await agent.getByRole('heading', { name: new RegExp(CUSTOMER) }).count()).toBe(0);
    await agent.getByLabel('Customer ID').fill(CUSTOMER);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: 'No customer found' }).waitFor();
    await shot(agent, '4-agent-customer-gone');
  }, 120_000);
});
