// The whole desk in real Chromium: the production renderer, the bridge in
// place of preload + IPC, main's real services (keychain, SQLite audit queue,
// sync, router) and the reference gateway with demo data, all on 127.0.0.1.
// Two desks (an agent's and a supervisor's) share one gateway.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { DEMO_CARRIER_ORIGINS, DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { startSeededGateway } from '../harness/gateway/gateway.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';
import { writtenForms } from '../harness/leaks/pan-forms.ts';

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
  agentDesk = await startPreviewStack({ gateway: shared, secrets: agentKeychain, policy: { idleLockMinutes: 1, openExternalAllowlist: [...DEMO_CARRIER_ORIGINS] }, idleSeconds: () => idleSeconds });
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

const TOTP_STEP_MS = 30_000;
const lastTotpStep = new Map<string, number>();
/**
 * A code the gateway will take: it accepts one step either side of now, and each
 * step once per account (replay protection), so every sign-in or unlock of the
 * same account needs a later step than the last one used.
 */
async function freshTotp(username: string): Promise<string> {
  const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === username)?.totpSecret ?? '';
  const last = lastTotpStep.get(username) ?? -1;
  await expect.poll(() => Math.floor(Date.now() / TOTP_STEP_MS) + 1 > last, { timeout: 2 * TOTP_STEP_MS, interval: 250 }).toBe(true);
  const step = Math.max(Math.floor(Date.now() / TOTP_STEP_MS), last + 1);
  lastTotpStep.set(username, step);
  return currentTotp(secret, step * TOTP_STEP_MS + 1000);
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

/**
 * One card lookup, waited on until its answer is in: the previous answer's heading is still on screen, and Enter
 * while a lookup is busy submits nothing (the Search button is disabled), so waiting on the heading alone let
 * lookups go missing and the burst alert never came.
 */
/** The gateway's own records of a user opening a customer. */
async function gatewayViews(userId: string, customerId: string): Promise<number> {
  const found = await shared.gateway.store.audit.search({ type: 'customer.view', userId, limit: 500 });
  return found.events.filter((e) => e.deviceId === 'gateway' && e.event.target.id === customerId).length;
}

async function cardLookup(page: Page, pan: string): Promise<void> {
  const search = page.locator('form[aria-busy]');
  await search.and(page.locator('[aria-busy="false"]')).waitFor();
  await page.keyboard.press('Alt+3');
  const field = page.getByLabel('Card number');
  await field.fill(pan);
  await page.keyboard.press('Enter');
  // The field empties the moment the lookup is submitted.
  await expect.poll(() => field.inputValue()).toBe('');
  await search.and(page.locator('[aria-busy="false"]')).waitFor();
  await page.getByRole('heading', { name: /results?$/ }).waitFor();
}

describe('desk scenarios', () => {
  it('1 agent: MFA sign-in, three lookups, masked payment, note masked at once, extension into the history, sign-out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, agentDesk, 'agent.ben', 'desk-demo-ben-2026', () => freshTotp('agent.ben'));
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await check(page, '1-desk');

    await page.getByLabel('Customer ID').fill('2');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000002/ }).waitFor();
    const order = (await page.locator('.order-line .mono').first().innerText()).trim();
    await page.keyboard.press('Alt+2');
    await page.getByLabel('Order / transaction').fill(order.toLowerCase());
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
    expect(await page.getByLabel('New note').inputValue()).toBe('Caller read [card ••••4444] out loud');
    await page.getByText('A card number was masked in the note').waitFor();
    await check(page, '1-note-masked');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('.note-list').getByText('Caller read [card ••••4444] out loud').waitFor();

    const extend = page.getByRole('button', { name: /^Extend / }).first();
    expect(await extend.count()).toBeGreaterThan(0);
    await extend.click();
    await page.getByLabel('Reason (required)').fill('Goodwill for a delayed parcel');
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    const confirm = (await page.getByText(/new expiry/).innerText()).trim();
    expect(confirm).toMatch(/by 30 days: new expiry /);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/^Extended .* to /).waitFor();
    // The gateway wrote the extension into the customer's history: days, new expiry and reason.
    await page.locator('.note-list li', { hasText: /Extended .* by 30 days, new expiry \d{4}-\d{2}-\d{2}\. Reason: Goodwill for a delayed parcel/ }).waitFor();
    // Sync needs a session: let the trail reach the gateway before signing out.
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 10_000 }).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
    await page.close();
    const events = (await shared.gateway.store.audit.search({ limit: 500, userId: 'u-agent-ben' })).events.map((e) => e.event);
    expect(events.filter((e) => e.type === 'customer.lookup').map((e) => e.details.by)).toEqual(expect.arrayContaining(['customerId', 'order', 'card']));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.note.add', 'subscription.extend']));
  }, 120_000);

  it('2 idle: main\'s one clock counts down and locks at the policy minute; an MFA account unlocks with password and code, back on its customer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, agentDesk, 'agent.ben', 'desk-demo-ben-2026', () => freshTotp('agent.ben'));
    await page.getByLabel('Customer ID').fill('3');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /CUS-000003/ }).waitFor();
    // The countdown is what main pushes from its idle source, not the page's own input.
    idleSeconds = 50;
    await page.getByRole('timer').filter({ hasText: 'Locks in 10 s' }).waitFor();
    await check(page, '2-countdown');
    idleSeconds = 61;
    await page.getByRole('heading', { name: 'Desk locked' }).waitFor();
    idleSeconds = 0;
    expect(await page.locator('body').innerText()).not.toContain('CUS-000003');
    expect(await page.getByText('after inactivity').count()).toBe(1);
    await page.getByLabel('One-time code').waitFor();
    await check(page, '2-locked-mfa');
    await page.getByLabel('Password').fill('desk-demo-ben-2026');
    await page.getByLabel('One-time code').fill(await freshTotp('agent.ben'));
    const viewsBefore = await gatewayViews('u-agent-ben', 'CUS-000003');
    await page.getByRole('button', { name: 'Unlock' }).click();
    // The same user's unlock keeps the call: the customer is back, read again, and the gateway recorded that read.
    await page.getByRole('heading', { name: /CUS-000003/ }).waitFor();
    await expect.poll(() => gatewayViews('u-agent-ben', 'CUS-000003')).toBeGreaterThan(viewsBefore);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').waitFor();
    await page.close();
  }, 120_000);

  it('3 supervisor: live presence, live feed, burst alert acknowledged, CSV that matches', async () => {
    const sup = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true })).newPage();
    await signIn(sup, supervisorDesk, 'sup.sara', 'desk-demo-sara-2026', () => freshTotp('sup.sara'));
    await sup.getByRole('heading', { name: 'Supervision' }).waitFor();

    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signIn(agent, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await agent.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await sup.locator('tr', { hasText: 'agent.ana' }).locator('.badge', { hasText: 'active' }).waitFor();

    for (const card of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) await cardLookup(agent, card);
    await sup.locator('li', { hasText: 'agent.ana looked up' }).first().waitFor();
    await sup.getByText('card_lookup_burst').first().waitFor();
    await check(sup, '3-supervisor-live');
    await sup.getByLabel('What was done').first().fill('Checked with Ana: chargeback batch');
    await sup.getByRole('button', { name: 'Acknowledge' }).first().click();
    await sup.getByText('No open alerts.').or(sup.getByText(/^Alerts \(\d+ open\)$/)).first().waitFor();
    // The heading above already read "Alerts (N open)" before the click: wait for the ack itself at the gateway.
    await expect
      .poll(async () => (await shared.gateway.store.audit.search({ type: 'alert.ack', limit: 10 })).events.length, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // The report is built from what reached the gateway: let the agent's desk finish syncing first.
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 10_000 }).toBe(0);
    await sup.getByRole('button', { name: 'Show' }).click();
    await sup.locator('td', { hasText: 'agent.ana' }).first().waitFor();
    const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    const header = (csv[0] ?? '').split(',');
    const row = (csv.find((line) => line.startsWith('u-agent-ana,')) ?? '').split(',');
    const cardColumn = header.indexOf('lookupsByCard');
    // The report counts the gateway's own record of each lookup, not the desk's copy of it.
    const fromEvents = (await shared.gateway.store.audit.search({ limit: 500, userId: 'u-agent-ana', type: 'customer.lookup' })).events.filter(
      (e) => e.deviceId === 'gateway' && e.event.outcome === 'success' && e.event.details.by === 'card',
    ).length;
    expect(Number(row[cardColumn])).toBe(fromEvents);
    expect(fromEvents).toBeGreaterThanOrEqual(4);
    await agent.close();
    await sup.close();
  }, 120_000);

  it('4 offline: the backlog stays local while the gateway is down, then reaches the supervisor once each', async () => {
    const sup = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(sup, supervisorDesk, 'sup.sara', 'desk-demo-sara-2026', () => freshTotp('sup.sara'));
    await sup.getByRole('heading', { name: 'Supervision' }).waitFor();
    const agent = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(agent, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await agent.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await agent.getByLabel('Customer ID').fill('2');
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /CUS-000002/ }).waitFor();
    await expect.poll(() => agentDesk.desk.queue.status().depth).toBe(0);

    const port = Number(new URL(shared.url).port);
    await shared.gateway.close();
    const before = agentDesk.desk.queue.status().lastSeq;
    for (let i = 0; i < 3; i++) {
      await agent.getByLabel('Customer ID').fill('CUS-000004');
      await agent.keyboard.press('Enter');
      await agent.getByRole('alert').first().waitFor();
      // A failed search never closes the customer on screen.
      expect(await agent.getByRole('heading', { name: /CUS-000002/ }).count()).toBe(1);
    }
    await agent.getByText(/\d+ queued/).waitFor();
    await check(agent, '4-offline-backlog');
    const backlog = agentDesk.desk.queue.status().lastSeq - before;
    expect(backlog).toBeGreaterThanOrEqual(3);

    shared = await startSeededGateway({ dir: shared.dir, gatewayPort: port, customers: 300 });
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 15_000 }).toBe(0);
    const stored = (await shared.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === agentDesk.desk.queue.deviceId && e.seq > before);
    expect(new Set(stored.map((e) => e.seq)).size).toBe(stored.length);
    expect(stored.length).toBeGreaterThanOrEqual(backlog);
    // The three lookups tried while the gateway was down reach the supervisor's feed, once each.
    const offlineLookups = sup.locator('li', { hasText: 'looked up' }).filter({ hasText: 'CUS-000004' }).filter({ hasText: 'failed' });
    await expect.poll(() => offlineLookups.count(), { timeout: 10_000 }).toBe(3);
    // No duplicate comes later: a lookup made after the backlog reaches the feed after it, and the count still holds.
    await agent.getByLabel('Customer ID').fill('CUS-000005');
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /CUS-000005/ }).waitFor();
    await sup.locator('li', { hasText: 'looked up' }).filter({ hasText: 'CUS-000005' }).first().waitFor({ timeout: 10_000 });
    expect(await offlineLookups.count()).toBe(3);
    await agent.close();
    await sup.close();
  }, 120_000);

  it('5 on a call: parcel and charge questions answered at a glance, search that forgives, at 1280×720 and 1920×1080', async () => {
    const { customerId, order, shipment, refund, payment } = await demoCallCustomer();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();

    // A TXN typed in lower case in the customer-ID mode: recognised, opened, scrolled to and marked.
    await page.getByLabel('Customer ID').fill(payment.transactionId.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(customerId) }).waitFor();
    const marked = page.locator('.order.highlight');
    await marked.waitFor();
    expect(await marked.getAttribute('data-refs')).toContain(order.orderId);
    await expect.poll(() => marked.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
    const line = await marked.locator('.parcel-line').innerText();
    expect(line).toContain('Delivery problem');
    expect(line).toContain(shipment.history.at(-1)?.detail ?? 'no detail');
    expect(line).toContain(shipment.history.at(-1)?.location ?? 'no location');
    expect(line).toMatch(/ETA .* late/);
    await check(page, '5-parcel-highlight-1280');
    await marked.getByRole('button', { name: /Track on .* site/ }).click();
    await expect.poll(() => agentDesk.opened.at(-1)).toBe(shipment.trackingUrl);

    // Sticky search rail and customer header: still at the top after scrolling the customer far down.
    await page.locator('.main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    // The search rail rests at the scroller's content edge; the customer header at its very top, so no row
    // scrolling under it shows in the padding above it.
    const scrollerTop = await page.locator('.main').evaluate((main) => main.getBoundingClientRect().top);
    const contentTop = await page.locator('.main').evaluate((main) => main.getBoundingClientRect().top + parseFloat(getComputedStyle(main).paddingTop));
    expect(Math.abs((await page.locator('.customer-header').evaluate((el) => el.getBoundingClientRect().top)) - scrollerTop)).toBeLessThan(2);
    expect(Math.abs((await page.locator('.rail').evaluate((el) => el.getBoundingClientRect().top)) - contentTop)).toBeLessThan(2);
    await check(page, '5-scrolled-sticky-1280');
    expect(await page.locator('.customer-body').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length)).toBe(1);

    // "Was I charged": the refund is its own row; last 4 + amount finds it.
    const charges = page.getByRole('region', { name: 'Charges and refunds' });
    await charges.getByLabel('Card last 4').fill(payment.last4);
    await charges.getByLabel('Amount').fill((refund.amountMinor / 100).toFixed(2));
    await charges.getByRole('button', { name: 'Find' }).click();
    await charges.getByRole('status').filter({ hasText: /rows? match(es)? the card ending/ }).waitFor();
    const rows = await charges.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.includes('Refund') && r.includes(refund.reference))).toBe(true);
    await charges.scrollIntoViewIfNeeded();
    await check(page, '5-charges-found-1280');

    // Searches that fail keep the customer: unknown ID, nonsense, a card that fails Luhn (kept to correct).
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Alt+1');
    await page.keyboard.type('999999');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'No customer found' }).waitFor();
    await page.getByLabel('Customer ID').fill('not a number');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'CUS-000042 or 42' }).waitFor();
    await page.keyboard.press('Alt+3');
    await page.getByLabel('Card number').pressSequentially('4111111111111112');
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Card number').inputValue()).toBe('4111 1111 1111 1112');
    await page.getByText(/fails its check digit/).waitFor();
    expect(await page.getByRole('heading', { name: new RegExp(customerId) }).count()).toBe(1);
    // A card number typed into the ID box moves to the card field, masked.
    await page.keyboard.press('Alt+1');
    await page.getByLabel('Customer ID').fill('4111 1111 1111 1111');
    expect(await page.getByLabel('Card number').inputValue()).toBe('•••• •••• •••• 1111');
    await check(page, '5-card-moved-1280');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /2 results/ }).waitFor();
    await page.getByLabel('Results').getByRole('button').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('CUS-000006');
    await page.close();

    const wide = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signIn(wide, agentDesk, 'agent.ana', 'desk-demo-ana-2026');
    await wide.getByLabel('Customer ID').fill(order.orderId);
    await wide.keyboard.press('Enter');
    await wide.locator('.order.highlight').waitFor();
    expect(await wide.locator('.customer-body').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length)).toBe(2);
    await check(wide, '5-customer-1920');
    await wide.getByRole('button', { name: 'Sign out' }).click();
    await wide.getByLabel('Username').waitFor();
    await wide.close();
  }, 120_000);

  it('left no card number in any file it wrote, in any decrypted audit event, or in any screenshot’s text', () => {
    const dirs = [shared.dir, agentDesk.dirs.desk, supervisorDesk.dirs.desk, SHOTS];
    const files = dirs.flatMap((dir) => walk(dir));
    expect(files.length).toBeGreaterThan(5);
    const forms = DEMO_TEST_CARDS.flatMap(({ pan }) => writtenForms(pan));
    for (const file of files.filter((f) => !f.endsWith('.png'))) {
      const bytes = readFileSync(file);
      for (const form of forms) expect(bytes.includes(Buffer.from(form)), `${form.slice(-4)} in ${file}`).toBe(false);
    }
    // The audit files are AES-GCM ciphertext, which a byte scan can never match: scan the events decrypted by each desk's queue.
    for (const desk of [agentDesk, supervisorDesk]) {
      const plaintext = JSON.stringify(desk.desk.queue.readStored());
      expect(plaintext).toContain('"type":"auth.login"'); // decrypted: each desk's sign-in is there
      for (const form of forms) expect(plaintext.includes(form), `${form.slice(-4)} in a decrypted event`).toBe(false);
    }
    // Screenshots: OCR (Debian tesseract-ocr) reads their text; digits are compared with separators removed.
    const shots = files.filter((f) => f.endsWith('.png'));
    expect(shots.length).toBeGreaterThan(3);
    const pans = DEMO_TEST_CARDS.map(({ pan }) => pan);
    for (const shot of shots) {
      const text = execFileSync('tesseract', [shot, 'stdout'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const digits = text.replace(/[\s.-]/g, '');
      for (const pan of pans) expect(digits.includes(pan), `${pan.slice(-4)} readable in ${shot}`).toBe(false);
      if (shot.endsWith('1-desk.png')) expect(text).toMatch(/Find a customer/i); // OCR works on these shots
    }
  }, 120_000);
});

/** A seeded customer whose call is the hard one: a parcel stuck with an exception, and a refund. */
async function demoCallCustomer() {
  for (let n = 7; n <= 300; n++) {
    const customerId = `CUS-${String(n).padStart(6, '0')}`;
    const set = await shared.gateway.store.customers.detail(customerId);
    const order = set?.orders.find((o) => o.shipments.some((s) => s.status === 'exception' && s.eta !== null));
    const refunded = set?.orders.flatMap((o) => o.payments).find((p) => p.refunds.length > 0);
    const shipment = order?.shipments.find((s) => s.status === 'exception');
    const payment = order?.payments[0];
    const card = set?.cards.find((c) => c.cardId === refunded?.cardId);
    if (order && shipment && refunded?.refunds[0] && payment && card) {
      return { customerId, order, shipment, payment: { transactionId: payment.transactionId, last4: card.last4 }, refund: refunded.refunds[0] };
    }
  }
  throw new Error('no demo customer with both a parcel exception and a refund in the first 300');
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
