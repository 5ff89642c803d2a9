// Single sign-on end to end in real Chromium: the desk (production renderer,
// main's real services through the preview bridge, the reference gateway) and
// a real OpenID Connect provider (oidc-provider) on 127.0.0.1. The agent clicks
// "Sign in with your company account"; the provider's page opens in a browser
// page of its own (what main hands to the OS browser), the person signs in
// there, the loopback redirect completes, and the desk is signed in and looks
// up a customer; locked, it unlocks with the company account. Cancel returns
// the desk to its sign-in page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { startSeededGateway, type SeededGateway } from '../harness/gateway/gateway.ts';
import { startIdentityProvider, type IdentityProvider } from '../harness/identity-provider/identity-provider.ts';
import { ssoGatewayConfig, ssoProviderConfig } from '../harness/identity-provider/sso-gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';

const ANA = { username: 'agent.ana', password: 'idp-ana-secret', mfa: true };
const keychain = testKeychain();
let idp: IdentityProvider;
let gateway: SeededGateway;
let desk: PreviewStack;
let browser: Browser;
/** The "system browser": its own context, apart from the desk's page. */
let systemBrowser: BrowserContext;
/** Pages main asked the OS browser to open, in order. */
const opened: Page[] = [];

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  idp = await startIdentityProvider({ people: [ANA] });
  gateway = await startSeededGateway({ customers: 20, gatewayConfig: ssoGatewayConfig([ssoProviderConfig(idp)]) });
  browser = await launchChromium();
  systemBrowser = await browser.newContext();
  desk = await startPreviewStack({
    gateway,
    secrets: keychain,
    openExternal: async (url) => {
      const page = await systemBrowser.newPage();
      await page.goto(url);
      opened.push(page);
    },
  });
}, 120_000);
afterAll(async () => {
  await browser.close();
  await desk.close();
  await gateway.gateway.close();
  await idp.close();
  await keychain.cleanup();
});

it('cancels a company sign-in while the browser is open, and says so', async () => {
  const page = await browser.newPage();
  await page.goto(desk.url);
  await page.getByRole('button', { name: 'Sign in with your company account' }).click();
  await expect.poll(() => opened.length, { timeout: 30_000 }).toBe(1);
  await page.getByRole('heading', { name: 'Finish signing in in your browser' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alert').filter({ hasText: 'Sign-in cancelled' }).waitFor();
  await page.getByRole('button', { name: 'Sign in with your company account' }).waitFor();
  await page.close();
}, 60_000);

it('signs in at the provider page in the browser, completes the loopback redirect, and looks up a customer', async () => {
  const page = await browser.newPage();
  await page.goto(desk.url);
  await page.getByRole('button', { name: 'Sign in with your company account' }).click();
  await page.getByRole('heading', { name: 'Finish signing in in your browser' }).waitFor();
  await expect.poll(() => opened.length, { timeout: 30_000 }).toBe(2);
  const provider = opened[1];
  if (provider === undefined) throw new Error('no provider page');
  // The provider's own page, in the browser: nothing of it runs in the desk.
  expect(new URL(provider.url()).origin).toBe(idp.issuer);
  await provider.getByLabel('Username').fill(ANA.username);
  await provider.getByLabel('Password').fill(ANA.password);
  await provider.getByRole('button', { name: 'Sign in' }).click();
  await provider.getByRole('heading', { name: 'Sign-in received' }).waitFor();
  expect(provider.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);

  await page.getByRole('heading', { name: 'Find a customer' }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Customer ID').fill('2');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();

  // Locked, the company account unlocks it: the provider still knows the person, so its page sends the browser straight back.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('heading', { name: 'Desk locked' }).waitFor();
  await page.getByRole('button', { name: 'Unlock with your company account' }).click();
  await expect.poll(() => opened.length, { timeout: 30_000 }).toBe(3);
  await opened[2]?.getByRole('heading', { name: 'Sign-in received' }).waitFor();
  await page.getByRole('heading', { name: /CUS-000002/ }).or(page.getByRole('heading', { name: 'Find a customer' })).first().waitFor({ timeout: 30_000 });
  expect(await page.getByRole('heading', { name: 'Desk locked' }).count()).toBe(0);
  await page.close();
}, 120_000);
