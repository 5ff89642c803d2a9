// Issue 26 in the desk: an agent's real desk looks customers up, the gateway
// stores the day's report once the day has ended, and the supervisor's desk
// (real main services, the production renderer and CSP, real Chromium) shows it
// with its chart and table, and downloads it as CSV and PDF. Screenshot saved.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { manualClock } from '../harness/clock/clock.ts';
import { startSeededGateway } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';
import { digitStreams, sentNumbersIn } from '../harness/leaks/digit-stream-scan.ts';
import { pdfText } from '../harness/leaks/pdf-text.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'scheduled-reports');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = 86_400_000;
const agentKeychain = testKeychain();
const supervisorKeychain = testKeychain();
// The gateway's clock: real time, moved by hand past the end of the day when the report is due.
const clock = manualClock(Date.now());
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let agentDesk: PreviewStack;
let supervisorDesk: PreviewStack;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  shared = await startSeededGateway({ customers: 10, clock });
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

describe('scheduled reports in the supervisor’s desk', () => {
  it('shows the stored day with its chart and table, and downloads it as CSV and PDF without a card number', async () => {
    const agentCall = (channel: string, payload: unknown) => agentDesk.desk.router.handle(channel, payload);
    expect(await agentCall('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    const pans = [...new Set(DEMO_TEST_CARDS.map((c) => c.pan))];
    for (const pan of pans.slice(0, 3)) expect(await agentCall('customers.lookup', { by: 'card', value: pan })).toMatchObject({ ok: true });
    expect(await agentCall('customers.lookup', { by: 'customerId', value: 'CUS-000002' })).toMatchObject({ ok: true });
    await expect.poll(() => agentDesk.desk.queue.status().depth, { timeout: 15_000 }).toBe(0);

    // The day ends: the hourly job stores it. Then the gateway's clock comes back to now for the supervisor's sign-in.
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    clock.set(Date.parse(`${day}T00:00:00.000Z`) + DAY + 60_000);
    expect((await shared.gateway.regularReports.runNow()).map((r) => r.reportId)).toContain(`rpt-daily-${day}`);
    clock.set(Date.now());

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(supervisorDesk.url);
    const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === 'sup.sara')?.totpSecret ?? '';
    await page.getByLabel('Username').fill('sup.sara');
    await page.getByLabel('Password').fill('desk-demo-sara-2026');
    await page.getByLabel('One-time code').fill(await currentTotp(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const card = page.getByRole('region', { name: 'Scheduled reports' });
    await card.getByLabel('Report').selectOption(`rpt-daily-${day}`);
    // The report opens, or the card says why not (the failure then names it).
    const opened = card.getByText('Data table: Lookups per agent');
    await expect.poll(async () => ((await opened.count()) === 1 ? 'opened' : (await card.getByRole('alert').allInnerTexts()).join(' ')), { timeout: 30_000 }).toBe('opened');
    await opened.click();
    const table = card.getByRole('table', { name: 'Stored report' });
    const anaRow = table.getByRole('row').filter({ hasText: 'agent.ana' });
    await expect.poll(() => anaRow.getByRole('cell').allInnerTexts()).toEqual(['agent.ana', '1', '0', '3', '0', '0', '0', expect.any(String), expect.any(String), expect.any(String)]);
    await card.getByText('Matches its audit record.').waitFor();
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SHOTS, 'stored-report.png') });
    await page.evaluate(axeSource);
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);

    const [csv] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe(`rpt-daily-${day}.csv`);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.split('\r\n').find((line) => line.includes('agent.ana'))).toMatch(/^u-agent-ana,agent\.ana,1,0,3,/);
    const [pdf] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download PDF' }).click()]);
    const pdfBytes = readFileSync(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdfBytes)).toContain('agent.ana');
    expect(sentNumbersIn([...digitStreams(csvText), ...digitStreams(pdfText(pdfBytes)), ...digitStreams(pdfBytes)], pans)).toEqual(new Set());
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
