// The supervisor's floor in real Chromium: the production renderer under the
// app's CSP, the bridge in place of preload + IPC, main's real services for
// two desks (an agent's, driven through its router, and the supervisor's) and
// the reference gateway with demo data, all on 127.0.0.1. The gateway is
// stopped and started again mid-scenario to prove the banner and the backfill.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { startSeededGateway } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'supervisor-floor');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ANA_PASSWORD = 'desk-demo-ana-2026';
const agentKeychain = testKeychain();
const supervisorKeychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let agentDesk: PreviewStack;
let supervisorDesk: PreviewStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 60, gatewayConfig: { alerts: { cardLookupBurst: { maxLookups: 3, windowMinutes: 10 } } } });
  agentDesk = await startPreviewStack({ gateway: shared, secrets: agentKeychain });
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

const agentCall = (channel: string, payload: unknown) => agentDesk.desk.router.handle(channel, payload);
const agentSynced = () => expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 15_000 }).toBe(0);
const feed = () => page.getByRole('region', { name: 'Live events' });
const TOTP_STEP_MS = 30_000;
let saraSecret = '';
let saraSignInStep = 0;
/** A code for a later step than the sign-in's: the gateway takes each step once per account, and one step either side of now. */
const saraTotpAfter = (): Promise<string> => currentTotp(saraSecret, Math.max(Math.floor(Date.now() / TOTP_STEP_MS), saraSignInStep + 1) * TOTP_STEP_MS);
/** The gateway's own record of each audited read by the supervisor: backfills (no filter) and floor reports. */
async function gatewayReads(): Promise<{ backfills: number; floorReports: number }> {
  const events = (await shared.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === 'gateway' && e.event.actor.username === 'sup.sara');
  return {
    backfills: events.filter((e) => e.event.type === 'audit.read' && e.event.target.id === null && e.event.details.userId === null).length,
    floorReports: events.filter((e) => e.event.type === 'report.generate' && e.event.target.id === 'floor').length,
  };
}
const feedItems = () => feed().getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
/** How many of these lines each recorder wrote: the agent's desk, and the gateway, which records each customer access itself. */
const byRecorder = async (lines: Locator): Promise<{ desk: number; gateway: number }> => {
  const texts = await lines.allInnerTexts();
  return {
    desk: texts.filter((t) => t.endsWith(agentDesk.desk.queue.deviceId)).length,
    gateway: texts.filter((t) => t.endsWith('· gateway')).length,
  };
};

/** Screenshot of what the supervisor sees, then axe: no serious or critical violation. */
async function check(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.evaluate(axeSource);
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
    return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  expect(serious, `axe on ${name}`).toEqual([]);
}

describe('supervisor floor', () => {
  it('backfills, orders, dedupes and filters the feed; pauses and refills it across a gateway outage', async () => {
    // Before any supervisor is watching: a failed sign-in, a sign-in, two lookups, a lock and an unlock.
    expect(await agentCall('session.login', { username: 'agent.ana', password: 'not-the-password-1' })).toMatchObject({ ok: false });
    expect(await agentCall('session.login', { username: 'agent.ana', password: ANA_PASSWORD })).toMatchObject({ ok: true });
    for (let i = 0; i < 2; i++) expect(await agentCall('customers.lookup', { by: 'customerId', value: 'CUS-000005' })).toMatchObject({ ok: true });
    expect(await agentCall('session.lock', {})).toMatchObject({ ok: true });
    expect(await agentCall('session.unlock', { password: ANA_PASSWORD })).toMatchObject({ ok: true });
    await agentSynced();

    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    // Any CSP or Trusted Types refusal (an inline style, an HTML string) is recorded here and fails the run.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(supervisorDesk.url);
    const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === 'sup.sara')?.totpSecret ?? '';
    await page.getByLabel('Username').fill('sup.sara');
    await page.getByLabel('Password').fill('desk-demo-sara-2026');
    saraSecret = secret;
    saraSignInStep = Math.floor(Date.now() / TOTP_STEP_MS);
    await page.getByLabel('One-time code').fill(await currentTotp(secret, saraSignInStep * TOTP_STEP_MS));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Supervision' }).waitFor();
    await page.getByText(/^Live since/).waitFor();
    // One line per action is the default (its own tests say how records pair up); this test reads every record.
    await feed().getByLabel('Show raw records').check();

    // Backfill: the lookups happened before this supervisor's stream existed. Each shows once per recorder.
    const earlier = feedItems().filter({ hasText: 'CUS-000005' });
    await expect.poll(() => byRecorder(earlier)).toEqual({ desk: 2, gateway: 2 });
    expect(await earlier.count()).toBe(4);
    // Under vitest the renderer is React's development build, whose StrictMode mounts twice: so "at least one".
    const opened = await gatewayReads();
    expect(opened.backfills).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('columnheader', { name: 'Unsynced audit events' }).count()).toBe(1);

    // Plumbing (this view's own audited reads among them) is hidden until asked for.
    expect(await feedItems().filter({ hasText: 'audit.read' }).count()).toBe(0);
    expect(await feedItems().filter({ hasText: 'ipc.attempt' }).count()).toBe(0);
    await feed().getByLabel(/^Show plumbing events/).check();
    await expect.poll(() => feedItems().filter({ hasText: 'audit.read' }).count()).toBeGreaterThan(0);
    await feed().getByLabel(/^Show plumbing events/).uncheck();

    // Case-insensitive text, then type and agent.
    await feed().getByLabel('Filter').fill('cus-000005');
    expect(await feedItems().count()).toBe(4);
    await feed().getByLabel('Filter').fill('');
    await feed().getByLabel('Type').selectOption('auth.login');
    await expect.poll(() => feedItems().filter({ hasText: 'failure' }).count()).toBeGreaterThan(0);
    await expect.poll(() => feedItems().filter({ hasNotText: 'auth.login' }).count()).toBe(0);
    await feed().getByLabel('Type').selectOption('');
    await feed().getByLabel('Agent').selectOption('u-agent-ana');
    // The list re-renders after the filter changes, while live events keep arriving: wait for the filtered state.
    await expect.poll(() => feedItems().filter({ hasNotText: 'agent.ana' }).count()).toBe(0);
    await feed().getByLabel('Agent').selectOption('');

    // The gateway goes away: the banner says live updates are paused; the agent keeps working offline.
    const port = Number(new URL(shared.url).port);
    await shared.gateway.close();
    await page.getByText(/^Live updates paused since/).waitFor({ timeout: 10_000 });
    await check('floor-reconnecting-1280');
    for (let i = 0; i < 2; i++) await agentCall('customers.lookup', { by: 'customerId', value: 'CUS-000007' });
    shared = await startSeededGateway({ dir: shared.dir, gatewayPort: port, customers: 60, gatewayConfig: { alerts: { cardLookupBurst: { maxLookups: 3, windowMinutes: 10 } } } });
    await page.getByText(/^Live since/).waitFor({ timeout: 15_000 });
    await agentSynced();
    await expect.poll(async () => (await gatewayReads()).backfills).toBe(opened.backfills + 1);

    // The offline lookups (which only the desk saw) arrive once each (stream replay and backfill overlap), and earlier ones are not doubled.
    const offline = feedItems().filter({ hasText: 'CUS-000007' });
    await expect.poll(() => byRecorder(offline), { timeout: 10_000 }).toEqual({ desk: 2, gateway: 0 });
    expect(await offline.count()).toBe(2);
    const settled = await feedItems().count();
    await agentCall('customers.lookup', { by: 'customerId', value: 'CUS-000008' });
    await agentSynced();
    // A live lookup shows once per recorder: the desk's copy and the gateway's own record.
    await expect.poll(() => byRecorder(feedItems().filter({ hasText: 'CUS-000008' })), { timeout: 10_000 }).toEqual({ desk: 1, gateway: 1 });
    expect(await offline.count()).toBe(2);
    expect(await byRecorder(earlier)).toEqual({ desk: 2, gateway: 2 });
    expect(await earlier.count()).toBe(4);
    expect(await feedItems().count()).toBeGreaterThan(settled);
    const times = await feed().locator('li time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort().reverse());
  }, 180_000);

  it('opens an agent’s timeline over a chosen range: states with durations, lookups, alerts', async () => {
    // A burst of card lookups raises an alert for Ana.
    for (const value of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) await agentCall('customers.lookup', { by: 'card', value });
    await agentSynced();
    await page.getByRole('region', { name: /^Alerts/ }).getByText('card_lookup_burst').first().waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Ana Agent' }).click();
    const timeline = page.getByRole('region', { name: 'Timeline: Ana Agent' });
    const states = timeline.getByRole('table', { name: 'States' });
    await states.waitFor();
    const stateRows = await states.getByRole('row').allInnerTexts();
    expect(stateRows.some((r) => r.startsWith('Locked'))).toBe(true);
    expect(stateRows.some((r) => r.startsWith('Active'))).toBe(true);
    const activity = timeline.getByRole('list', { name: 'Activity and alerts, newest first' });
    await expect.poll(() => activity.getByRole('listitem').filter({ hasText: 'Alert: card_lookup_burst' }).count()).toBe(1);
    // Each lookup once from the desk and once from the gateway's own record, each line naming its recorder.
    expect(await byRecorder(activity.getByRole('listitem').filter({ hasText: /Lookup.*CUS-000005/ }))).toEqual({ desk: 2, gateway: 2 });
    expect(await activity.getByRole('listitem').filter({ hasText: /Lookup.*CUS-000005/ }).count()).toBe(4);
    expect(await byRecorder(activity.getByRole('listitem').filter({ hasText: /Lookup.*••••1111 by card/ }))).toEqual({ desk: 1, gateway: 1 });
    await check('floor-timeline-1280');

    // A range that ends before today's work shows none of it, and asks the gateway for exactly that range.
    await timeline.getByLabel('From').fill('2026-01-01T08:00');
    await timeline.getByLabel('To').fill('2026-01-01T18:00');
    await timeline.getByRole('button', { name: 'Show range' }).click();
    await timeline.getByText('Nothing in this range.').waitFor();
    const reads = (await shared.gateway.store.audit.search({ type: 'audit.read', limit: 50 })).events.map((e) => e.event.details);
    expect(reads).toContainEqual(expect.objectContaining({ userId: 'u-agent-ana', from: new Date('2026-01-01T08:00').toISOString(), to: new Date('2026-01-01T18:00').toISOString() }));
    await timeline.getByRole('button', { name: 'Close timeline' }).click();
  }, 120_000);

  it('keeps alert history with severity and status filters; the ack says who, when and what', async () => {
    const alerts = page.getByRole('region', { name: /^Alerts/ });
    const burst = alerts.getByRole('listitem').filter({ hasText: 'card_lookup_burst' });
    await burst.getByLabel('What was done').fill('Checked with Ana: chargeback batch');
    await burst.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => burst.count()).toBe(0);

    await alerts.getByLabel('Status').selectOption('acknowledged');
    const acked = alerts.getByRole('listitem').filter({ hasText: 'card_lookup_burst' });
    await acked.first().waitFor();
    expect(await acked.first().innerText()).toMatch(/Acknowledged by u-sup-sara at .+: “Checked with Ana: chargeback batch”/);
    await alerts.getByLabel('Severity').selectOption('critical');
    await alerts.getByText('No alerts match.').waitFor();
    await alerts.getByLabel('Severity').selectOption('warning');
    await acked.first().waitFor();
    await alerts.getByLabel('Status').selectOption('all');
    const stored = await shared.gateway.store.alerts.list('acknowledged');
    expect(stored.find((a) => a.kind === 'card_lookup_burst')).toMatchObject({
      status: 'acknowledged',
      acks: [{ by: 'u-sup-sara', note: 'Checked with Ana: chargeback batch', at: expect.any(String) as string }],
    });
  }, 60_000);

  it('draws the charts with uPlot from the gateway’s floor report, and the numbers match the trail', async () => {
    const charts = page.getByRole('region', { name: 'Floor charts' });
    const reportsBefore = (await gatewayReads()).floorReports;
    await charts.getByRole('button', { name: 'Refresh charts' }).click();
    // The gateway audits each floor report it builds (the charts also refresh by themselves every minute).
    await expect.poll(async () => (await gatewayReads()).floorReports).toBeGreaterThanOrEqual(reportsBefore + 1);
    await charts.getByText(/^Computed by the gateway at/).waitFor();
    await expect.poll(() => charts.locator('canvas').count(), { timeout: 10_000 }).toBe(3);
    const widths = await charts.locator('canvas').evaluateAll((nodes) => nodes.map((n) => (n as HTMLCanvasElement).width));
    expect(widths.every((w) => w > 200)).toBe(true);

    // The report counts the gateway's own record of each lookup, not the desk's copy of it.
    const lookups = (await shared.gateway.store.audit.search({ type: 'customer.lookup', userId: 'u-agent-ana', limit: 500 })).events.filter(
      (e) => e.deviceId === 'gateway' && e.event.outcome === 'success',
    );
    const byCard = lookups.filter((e) => e.event.details.by === 'card').length;
    await expect.poll(() => charts.getByRole('img', { name: new RegExp(`^Lookups per hour: ${lookups.length} lookups`) }).count()).toBe(1);
    expect(await charts.getByRole('img', { name: /^Failed sign-ins per hour: 1 failed sign-ins/ }).count()).toBe(1);
    await charts.getByText('Data table: Lookups per hour').click();
    const cardColumn = await charts.locator('figure').first().locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(cardColumn.reduce((n, cell) => n + Number(cell), 0)).toBe(byCard);
    // Drill down: the events behind one hour's lookups are exactly as many as its figure.
    const firstHour = charts.locator('figure').first().locator('tbody tr').first();
    const [, byId, byOrder, byCardCell] = await firstHour.locator('td').allInnerTexts();
    const figure = Number(byId) + Number(byOrder) + Number(byCardCell);
    await firstHour.getByRole('button', { name: 'Events' }).click();
    const behind = page.getByRole('region', { name: /^Events behind: Lookups/ });
    await behind.getByText(new RegExp(`^${figure} events, as the figure counts them`)).waitFor();
    expect(await behind.locator('tbody tr').count()).toBe(figure);
    await behind.getByRole('button', { name: 'Close' }).click();
    await charts.getByText('Data table: Lookups per hour').click();
    expect(await charts.getByRole('img', { name: /^Time in state per agent: agent\.ana active/ }).count()).toBe(1);

    await charts.scrollIntoViewIfNeeded();
    await check('floor-charts-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await check('floor-1920');
    await page.getByRole('button', { name: 'Ana Agent' }).click();
    await page.getByRole('table', { name: 'States' }).waitFor();
    await check('floor-timeline-1920');
    await page.getByRole('button', { name: 'Close timeline' }).click();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await check('floor-1280');

    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    // The outage's failed stream requests are the only errors the page may log.
    expect(pageErrors.filter((e) => !/Failed to load resource|WebSocket/.test(e))).toEqual([]);
  }, 120_000);

  it('turns into a wallboard of counts with their times, holding no name, customer or feed line, and leaves it by a lock', async () => {
    await page.getByRole('button', { name: 'Wallboard' }).click();
    const board = page.getByRole('main', { name: 'Wallboard' });
    await board.getByRole('region', { name: 'Agents' }).getByText('Active').waitFor();
    // Every tile says when its figures were read.
    expect(await board.getByText(/^As of /).count()).toBe(3);
    await check('wallboard-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await check('wallboard-1920');
    await page.setViewportSize({ width: 1280, height: 720 });
    // The page holds counts only: no agent, customer, feed line or chart.
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/agent\.ana|Ana Agent|CUS-\d|Live events/);
    expect(await page.locator('canvas').count()).toBe(0);
    // Main answers the page nothing else while the wallboard shows.
    const refused = await page.evaluate(async () => {
      const agent = (window as unknown as { agent: { supervisor: { agents(): Promise<{ ok: boolean; error?: { code: string } }> } } }).agent;
      return agent.supervisor.agents();
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'wallboard_mode' } });

    await page.getByRole('button', { name: /Leave the wallboard/ }).click();
    await page.getByLabel('Password').waitFor();
    await page.getByLabel('Password').fill('desk-demo-sara-2026');
    await page.getByLabel('One-time code').fill(await saraTotpAfter());
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Supervision' }).waitFor();
  }, 120_000);
});
