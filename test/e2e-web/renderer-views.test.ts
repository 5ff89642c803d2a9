// Every renderer view in real Chromium at 1280×720 and at 1920×1080, in the
// dark theme, and at 200 % zoom (a 1280×720 window is then 640×360 CSS pixels),
// under the production CSP, with screenshots saved for people to look at and
// axe-core checking each view for serious or critical accessibility problems.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CALL, FAKE_ONE_TIME_PASSWORD, FAKE_PASSWORD, fakeCustomer, fakeParcelScan } from '../harness/desk/fake-agent.ts';
import { FAKE_RIGHT_ANSWERS } from '../harness/desk/fake-training.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { serveRenderer, type RendererSite } from '../harness/browser/renderer-site.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let site: RendererSite;
let browser: Browser;
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  site = await serveRenderer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await site.close();
});

interface View {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly colorScheme: 'light' | 'dark';
  /** 2: every CSS pixel is two device pixels, as at 200 % zoom. */
  readonly deviceScaleFactor: number;
}

async function open(query: string, view: View = VIEWS[0]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: view.width, height: view.height }, colorScheme: view.colorScheme, deviceScaleFactor: view.deviceScaleFactor });
  await page.addInitScript({ content: site.fakeAgentScript });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message} ${error.stack ?? ''}`));
  await page.goto(`${site.url}?${query}`);
  return page;
}

/** Screenshot plus axe. Fields that may hold a typed card number are masked: no PAN ever lands in a screenshot. */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), mask: [page.locator('[data-private], #note-text')] });
  await page.evaluate(axeSource);
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
  expect(serious, `axe on ${name}`).toEqual([]);
}

const VIEWS: readonly [View, ...View[]] = [
  { name: '1280', width: 1280, height: 720, colorScheme: 'light', deviceScaleFactor: 1 },
  { name: '1920', width: 1920, height: 1080, colorScheme: 'light', deviceScaleFactor: 1 },
  { name: '1280-dark', width: 1280, height: 720, colorScheme: 'dark', deviceScaleFactor: 1 },
  { name: '1280-zoom200', width: 640, height: 360, colorScheme: 'light', deviceScaleFactor: 2 },
];

describe.each(VIEWS)('renderer views in Chromium: $name ($width×$height CSS px, $colorScheme)', (view) => {
  const shot = (name: string) => `${name}-${view.name}`;

  it('sign-in, with and without an error', async () => {
    const page = await open('', view);
    await page.getByLabel('Username').waitFor();
    await snap(page, shot('01-sign-in'));
    await page.getByLabel('Username').fill('agent.ana');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await snap(page, shot('02-sign-in-error'));
    await page.getByLabel('Password').fill(FAKE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await page.close();
  });

  it('the agent desk: search, customer, parcel and charge, notes, extension, countdown, MFA lock', async () => {
    const page = await open('as=agent.ben', view);
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await snap(page, shot('03-desk-empty'));
    await page.keyboard.press('Alt+3');
    await page.getByLabel('Card number').pressSequentially('411111111111111');
    await snap(page, shot('04-card-typing'));
    await page.getByLabel('Card number').pressSequentially('1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Grace Berg/ }).waitFor();
    expect(await page.getByLabel('Card number').inputValue()).toBe('');
    expect(await page.locator('body').innerText()).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    await snap(page, shot('05-customer'));
    await page.screenshot({ path: join(SHOTS, `${shot('05-customer')}-full.png`), fullPage: true, mask: [page.locator('[data-private], #note-text')] });

    await page.keyboard.press('Alt+2');
    await page.getByLabel('Order / transaction').fill('txn-0000011456');
    await page.keyboard.press('Enter');
    await page.locator('.order.highlight').waitFor();
    await snap(page, shot('06-order-highlight'));

    const charges = page.getByRole('region', { name: 'Charges and refunds' });
    await charges.getByLabel('Card last 4').fill('1111');
    await charges.getByLabel('Amount').fill('54.90');
    await charges.getByRole('button', { name: 'Find' }).click();
    await charges.getByRole('status').waitFor();
    await charges.scrollIntoViewIfNeeded();
    await snap(page, shot('07-charge-found'));

    await page.getByLabel('New note').fill('Caller read 5555 5555 5555 4444 aloud');
    expect(await page.getByLabel('New note').inputValue()).toBe('Caller read [card ••••4444] aloud');
    await page.getByLabel('New note').scrollIntoViewIfNeeded();
    await snap(page, shot('08-note-masked'));

    await page.getByRole('button', { name: 'Extend Cloud Backup Plus' }).click();
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    await page.getByText(/at least 10 characters/).waitFor();
    await page.getByLabel('Reason (required)').fill('Goodwill for a late parcel');
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    await page.getByText(/new expiry/).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).scrollIntoViewIfNeeded();
    await snap(page, shot('09-extend-confirm'));

    await page.evaluate(() => (window as unknown as { __fake: { emit(event: string, payload: unknown): void } }).__fake.emit('idle.countdown', { secondsLeft: 42 }));
    await page.getByRole('timer').filter({ hasText: 'Locks in 42 s' }).waitFor();
    await snap(page, shot('10-countdown'));

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Desk locked' }).waitFor();
    await page.getByLabel('One-time code').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Grace Berg');
    await snap(page, shot('11-locked-mfa'));
    await page.close();
  });

  it('the call banner: a call offered to the agent, its matches masked, confirmed by customer ID', async () => {
    const page = await open('as=agent.ana', view);
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await page.evaluate((pop) => (window as unknown as { __fake: { emit(event: string, payload: unknown): void } }).__fake.emit('call.current', pop), FAKE_CALL);
    await page.getByRole('heading', { name: /Call ringing/ }).waitFor();
    await snap(page, shot('16-call-banner'));
    await page.getByRole('button', { name: 'Confirm and open' }).first().click();
    await page.getByLabel(/Ask the caller/).fill('CUS-000001');
    await snap(page, shot('17-call-confirm'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Grace Berg/ }).waitFor();
    await snap(page, shot('18-call-opened'));
    await page.close();
  });

  it('the open customer refreshed by main: the parcel the carrier scanned is marked, the rest stays put', async () => {
    const page = await open('as=agent.ana', view);
    await page.getByLabel('Customer ID').fill('CUS-000001');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Grace Berg/ }).waitFor();
    await page.evaluate(
      (refresh) => (window as unknown as { __fake: { emit(event: string, payload: unknown): void } }).__fake.emit('customer.updated', refresh),
      { status: 'updated', detail: fakeParcelScan(fakeCustomer()) },
    );
    await page.locator('.parcel-line.changed').waitFor();
    await snap(page, shot('19-customer-refreshed'));
    await page.close();
  });

  it('first sign-in: choose a new password, then set up the authenticator', async () => {
    const page = await open('as=new.nia', view);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await snap(page, shot('14-setup-password'));
    await page.getByLabel('One-time password').fill(FAKE_ONE_TIME_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('nia-newcomer-2026');
    await page.getByLabel('Repeat the new password').fill('nia-newcomer-2026');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    await snap(page, shot('15-setup-password-rejected'));
    await page.getByLabel('New password', { exact: true }).fill('Quiet lantern over the bay 42');
    await page.getByLabel('Repeat the new password').fill('Quiet lantern over the bay 42');
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await snap(page, shot('16-setup-authenticator'));
    await page.close();
  });

  it('the supervisor view', async () => {
    const page = await open('as=sup.sara&capture=protected', view);
    await page.getByRole('heading', { name: 'Supervision' }).waitFor();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('td', { hasText: 'agent.ana' }).first().waitFor();
    await snap(page, shot('12-supervisor'));
    await page.close();
  });

  it('the Administration workspace: people, a dialog, the one-time password, devices, access review, alerts, enrolment, approvals', async () => {
    const page = await open('as=adm.ada', view);
    await page.getByRole('table', { name: 'Accounts' }).getByText('agent.lia').waitFor();
    await snap(page, shot('14-admin-people'));
    await page.getByRole('button', { name: 'New account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('dialog', { name: 'New account' }).getByRole('alert').waitFor();
    await snap(page, shot('15-admin-new-account-error'));
    await page.getByLabel('Username').fill('agent.kim');
    await page.getByLabel('Display name').fill('Kim Agent');
    await page.getByLabel('Reason').fill('Ticket HR-42: joined');
    await page.keyboard.press('Enter');
    await page.getByTestId('one-time-password').waitFor();
    await snap(page, shot('16-admin-one-time-password'));
    await page.getByRole('button', { name: 'I have handed it over' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
    await page.keyboard.press('Alt+2');
    await page.getByRole('table', { name: 'Devices' }).getByText('desk-kai-0001').waitFor();
    await snap(page, shot('17-admin-devices'));
    await page.keyboard.press('Alt+3');
    await page.getByRole('table', { name: 'Access review' }).waitFor();
    await snap(page, shot('18-admin-access-review'));
    await page.keyboard.press('Alt+4');
    await page.getByRole('button', { name: 'Unlock agent.lia' }).waitFor();
    await snap(page, shot('19-admin-alerts'));
    await page.keyboard.press('Alt+5');
    await page.getByRole('table', { name: 'Enrolment grants' }).getByText('agent.kai').waitFor();
    await snap(page, shot('19a-admin-enrolment'));
    await page.keyboard.press('Alt+6');
    await page.getByRole('button', { name: 'Approve adm.new' }).waitFor();
    await snap(page, shot('19b-admin-approvals'));
    await page.close();
  });

  it('the training gate (its policy text holds a tag and a script, shown as text), then the help and its search', async () => {
    const page = await open('as=agent.ana&training=due', view);
    await page.getByRole('heading', { name: 'Security training', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    expect(await page.locator('.markdown img, .markdown script').count()).toBe(0);
    await snap(page, shot('20-training-gate'));
    await page.screenshot({ path: join(SHOTS, `${shot('20-training-gate')}-full.png`), fullPage: true });
    await page.getByRole('checkbox', { name: 'I have read this policy and will follow it' }).check();
    await page.getByRole('button', { name: 'Acknowledge version 2' }).click();
    await page.getByRole('button', { name: 'Acknowledge version 2' }).waitFor({ state: 'detached' });
    for (const [q, answer] of FAKE_RIGHT_ANSWERS.entries()) await page.getByRole('group').nth(q).getByRole('radio').nth(answer).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('searchbox', { name: 'Search the manuals' }).fill('parcel');
    await page.getByRole('article', { name: 'Agent manual: Where is my parcel' }).waitFor();
    await snap(page, shot('21-help-search'));
    await page.close();
  });

  it('the Privacy workspace: requests with deadlines in words, an erasure held then done, the export as text; the agent opening a request', async () => {
    const page = await open('as=priv.pia', view);
    const requests = page.getByRole('table', { name: 'Privacy requests' });
    await requests.waitFor();
    await snap(page, shot('22-privacy-requests'));
    await page.getByRole('button', { name: 'Place legal hold' }).click();
    await page.getByLabel('Customer ID').fill('CUS-000001');
    await page.getByLabel('Owner').fill('Legal: R. Okafor');
    await page.getByLabel('Expires').fill('2027-03-01');
    await page.getByLabel('Reason').fill('Open chargeback dispute');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByText('Legal hold LH-1 placed.').waitFor();
    await requests.getByRole('button', { name: 'PR-erase-0001' }).click();
    await page.getByRole('button', { name: 'Complete: erase the customer' }).click();
    await page.getByRole('alert').waitFor();
    await snap(page, shot('23-privacy-erasure-on-hold'));
    await page.getByRole('button', { name: 'Release hold LH-1' }).click();
    await page.getByLabel('Reason').fill('Dispute settled');
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await page.getByRole('note', { name: 'Legal holds' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Complete: erase the customer' }).click();
    await page.getByRole('button', { name: 'Complete: erase the customer' }).waitFor({ state: 'detached' });
    await snap(page, shot('24-privacy-erasure-done'));
    await requests.getByRole('button', { name: 'PR-access-0002' }).click();
    await page.getByRole('button', { name: 'Export data' }).click();
    const exported = page.getByRole('region', { name: 'Export for CUS-000002' });
    await exported.waitFor();
    expect(await page.locator('img').count()).toBe(0);
    await exported.scrollIntoViewIfNeeded();
    await snap(page, shot('25-privacy-export'));
    await page.close();

    const desk = await open('as=agent.ana', view);
    await desk.getByLabel('Customer ID').fill('CUS-000001');
    await desk.keyboard.press('Enter');
    await desk.getByRole('heading', { name: /Grace Berg/ }).waitFor();
    await desk.getByRole('button', { name: 'Open a privacy request' }).click();
    await desk.getByLabel('Kind of request').selectOption('erasure');
    await desk.getByLabel('Identity verified by').selectOption('security_questions');
    const form = desk.getByRole('form', { name: 'Open a privacy request' });
    await form.scrollIntoViewIfNeeded();
    await snap(desk, shot('26-agent-privacy-request'));
    await desk.getByRole('button', { name: 'Open request' }).click();
    await desk.getByText(/^Privacy request PR-new-1 opened; due /).waitFor();
    await desk.close();
  });

  it('wrap-up (issue 24): the end-of-contact step with its code and note, and the admins\' Wrap-up tab', async () => {
    const page = await open('as=agent.ana&wrapup=required', view);
    await page.getByLabel('Customer ID').fill('CUS-000001');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Grace Berg/ }).waitFor();
    await page.getByRole('button', { name: 'End contact' }).click();
    await page.getByLabel('Wrap-up code (required)').selectOption('RESOLVED');
    await page.getByLabel('Wrap-up note (optional)').fill('Parcel re-sent by express.');
    await snap(page, shot('22-wrapup-step'));
    await page.getByRole('button', { name: 'Wrap up and end contact' }).click();
    await page.getByText('Open a result to see the customer.').waitFor();
    await page.close();
    const admin = await open('as=adm.ada&wrapup=required', view);
    await admin.getByRole('tab', { name: 'Wrap-up' }).click();
    await admin.getByRole('cell', { name: 'RESOLVED', exact: true }).waitFor();
    await snap(admin, shot('23-admin-wrapup'));
    await admin.close();
  });

  it('hides customer views where policy requires capture protection the OS cannot give', async () => {
    const page = await open('as=agent.ana&policy=require', view);
    await page.getByRole('heading', { name: 'Customer views are hidden' }).waitFor();
    await snap(page, shot('13-hidden-by-policy'));
    await page.close();
  });
});

describe('renderer in Chromium', () => {
  it('ran under the production CSP without a single violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
