// Issue 26 end to end in real Chromium: the supervisor's desk (main's real
// services, the production renderer, the bridge in place of preload + IPC)
// against a seeded gateway on 127.0.0.1. Yesterday, by the gateway's clock, an
// admin granted a role and a desk ran 20 minutes without screen-capture
// protection; the daily job reviewed the day. The supervisor opens the Review
// workspace, signs the day off with a note per finding, and closes the capture
// incident only once every field of its analysis is written.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../server/identity/totp.ts';
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack, type PreviewStack } from '../../dev/preview/preview-stack.ts';
import type { ManualClock } from '../harness/clock/clock.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';
import { TestDevice } from '../harness/device/device.ts';
import { demoTotpSecrets, gatewayClient, startSeededGateway, type GatewayClient } from '../harness/gateway/gateway.ts';
import { testKeychain } from '../harness/keychain/keychain.ts';
import { ok } from '../harness/review/month.ts';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'review-queue');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY_MS = 86_400_000;
const keychain = testKeychain();
let shared: Awaited<ReturnType<typeof startSeededGateway>>;
let desk: PreviewStack;
let browser: Browser;
let page: Page;
let captureDesk: string;
const pageErrors: string[] = [];

/** The gateway's clock: real time moved by an offset, so it can live through yesterday and then keep pace with the desk. */
function offsetClock(start: number): ManualClock {
  let offset = start - Date.now();
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset = ms - Date.now();
    },
  };
}

/** Yesterday's activity, through the gateway's HTTP API: a role granted, and a desk without capture protection for 20 minutes. */
async function plantYesterday(client: GatewayClient, clock: ManualClock): Promise<void> {
  const admin = await client.login('admin.ivan');
  await ok(client.route('adminSetRoles', { token: admin.token, params: { userId: 'u-agent-ben' }, body: { roles: ['agent', 'supervisor'], reason: 'Ticket HR-9: acting team lead' } }), 'roles');
  const device = new TestDevice();
  captureDesk = device.deviceId;
  for (let minute = 0; minute <= 20; minute += 5) {
    const { token } = await client.login('agent.ana', { device });
    await ok(client.route('heartbeat', { token, body: device.heartbeat(clock.now(), { captureProtection: minute < 20 ? 'off' : 'protected' }) }), 'heartbeat');
    clock.advance(5 * 60_000);
  }
}

async function check(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.evaluate(axeSource);
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
    return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  expect(serious, `axe on ${name}`).toEqual([]);
}

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  mkdirSync(SHOTS, { recursive: true });
  // Yesterday at 10:00 UTC by the gateway's clock.
  const clock = offsetClock(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS + 10 * 3_600_000);
  shared = await startSeededGateway({ customers: 20, clock });
  const client = gatewayClient(shared.url, {
    clock,
    totpSecret: demoTotpSecrets(shared.gateway),
    afterTotp: () => {
      clock.advance(30_000);
    },
    enrolment: { kind: 'policy_token', secret: shared.enrolmentToken },
  });
  await plantYesterday(client, clock);
  // Today again: the job reviews yesterday, which is over.
  clock.set(Date.now());
  await shared.gateway.dailyReview.runNow();
  desk = await startPreviewStack({ gateway: shared, secrets: keychain });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser.close();
  await desk.close();
  await shared.gateway.close();
  await keychain.cleanup();
});

describe('the review workspace', () => {
  it('shows the review queue and signs a day off with a note per finding', async () => {
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(desk.url);
    const secret = (await demoCredentials(shared.gateway.store, shared.gateway.seal)).find((a) => a.username === 'sup.sara')?.totpSecret ?? '';
    await page.getByLabel('Username').fill('sup.sara');
    await page.getByLabel('Password').fill('desk-demo-sara-2026');
    await page.getByLabel('One-time code').fill(await currentTotp(secret, Date.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Supervision' }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Review' }).click();
    const queue = page.getByRole('region', { name: 'Daily log review' });
    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    const day = queue.getByRole('article', { name: new RegExp(yesterday) });
    await day.getByText('role change').waitFor();
    await expect.poll(() => day.getByText(/changed the roles of agent\.ben from agent to agent,supervisor/).count()).toBe(1);
    await expect.poll(() => day.getByText(new RegExp(`screen-capture protection was off on desk ${captureDesk}: for 20 minutes`)).count()).toBe(1);
    await check('1-review-queue');

    // A note left empty is refused on the desk before anything is sent.
    const notes = day.getByLabel('Note');
    const count = await notes.count();
    expect(count).toBeGreaterThanOrEqual(2);
    await day.getByRole('button', { name: `Sign off ${yesterday}` }).click();
    await day.getByRole('alert').waitFor();
    for (let i = 0; i < count; i += 1) await notes.nth(i).fill(`Checked with the team lead, ticket SEC-${i + 1}`);
    await day.getByRole('button', { name: `Sign off ${yesterday}` }).click();
    await day.getByText('signed off', { exact: true }).waitFor();
    expect(await day.getByRole('alert').count()).toBe(0);
    await check('2-review-signed');
    const [stored] = await shared.gateway.store.review.days(yesterday, yesterday);
    expect(stored).toMatchObject({ signedBy: 'sup.sara' });
    expect(stored?.findings.every((f) => f.note?.startsWith('Checked with the team lead'))).toBe(true);
  });

  it('shows the capture incident and closes it only with its whole analysis', async () => {
    const incidents = page.getByRole('region', { name: 'Open incidents' });
    const card = incidents.getByRole('article').filter({ hasText: captureDesk });
    await card.getByText('restored', { exact: true }).waitFor();
    await check('3-incident');
    const fields: [string, string][] = [
      ['Root cause', 'A screen-recording driver turned protection off'],
      ['How it was restored', 'IT removed the driver; protection came back on'],
      ['Security issues during the outage', 'No card data was shown unmasked during the outage'],
      ['Risk assessment', 'Low: twenty minutes on one desk, masked data only'],
    ];
    for (const [label, text] of fields) await card.getByLabel(label).fill(text);
    await card.getByRole('button', { name: 'Close incident' }).click();
    await card.getByRole('alert').filter({ hasText: 'Prevention: prevention needs at least 10 characters' }).waitFor();
    await check('4-incident-incomplete');
    await card.getByLabel('Prevention').fill('The managed policy now blocks that driver');
    await card.getByRole('button', { name: 'Close incident' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await check('5-incident-closed');
    const closed = (await shared.gateway.store.incidents.list('closed')).filter((i) => i.deviceIds.includes(captureDesk));
    expect(closed).toHaveLength(1);
    expect(closed[0]?.closure).toMatchObject({ prevention: 'The managed policy now blocks that driver', rootCause: 'A screen-recording driver turned protection off' });
    expect(pageErrors).toEqual([]);
  });
});
