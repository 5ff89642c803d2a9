// Issue 26: the scheduled reports and the assessor's evidence pack over a
// simulated fortnight (manual clock) of real gateway traffic and desk trails:
// agents sign in and look customers up, a desk locks and unlocks, an agent is
// locked out, an admin grants a role and another admin signs the access review
// off. The stored reports hold each day's figures and detect a changed report;
// the pack holds one folder per requirement that matches what was planted,
// links every folder from index.html, records its manifest on the audit chain,
// holds no full card number (PDFs included), and refuses hostile ranges.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { describe, expect } from 'vitest';
import type { AuditEvent } from '../../../shared/audit.ts';
import { incidentsFor, reviewEvidenceFor } from '../../../server/audit/review-evidence.ts';
import { DEMO_TEST_CARDS } from '../../../server/seed/demo-data.ts';
import { REGULAR_REPORT_COLUMNS } from '../../../shared/regular-report-csv.ts';
import { EvidenceManifestSchema } from '../../../shared/schemas/evidence.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { createUser, gatewayAuditEvents, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { launchChromium } from '../../harness/browser/chromium.ts';
import { manualScheduler } from '../../harness/clock/scheduler.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { pdfText } from '../../harness/leaks/pdf-text.ts';
import { TestDevice } from '../../harness/device/device.ts';

const it = gatewayTestWith({ customers: 6, scheduler: manualScheduler(), config: { authRateLimitPerMinute: 100_000 } });
const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../server/evidence-cli.ts');
const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-output', 'evidence-pack');

const DAY = 86_400_000;
const MIN = 60_000;
const DAYS = 12;
/** The day (1-based) Ana looks up ten times her usual cards. */
const BURST_DAY = 4;
const ANA = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };
/** The card numbers this test sends: none may come back in a report or the pack. */
const SENT_PANS = [...new Set(DEMO_TEST_CARDS.map((c) => c.pan))];
const iso = (ms: number): string => new Date(ms).toISOString();
const day = (ms: number): string => iso(ms).slice(0, 10);

/** The first day of the month after the clock's: the simulated month. */
function nextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

async function binary(gw: RunningGateway, path: string, token: string): Promise<{ status: number; type: string | null; bytes: Buffer; text: string }> {
  const answer = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await answer.arrayBuffer());
  return { status: answer.status, type: answer.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
}

const csvRows = (text: string): string[][] =>
  text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

interface Planted {
  monthStart: number;
  teamId: string;
  cardLookupsByDay: number[];
  roleGrantedAt: string;
  reviewId: string;
  lockoutDay: number;
}

let simulated: Promise<Planted> | undefined;
/** The fortnight, simulated once for the file by whichever test runs first. */
const plantedIn = (gw: RunningGateway): Promise<Planted> => (simulated ??= simulate(gw));

/** Days 1..DAYS of the month: Ana and Ben at work, with the anomalies and admin actions planted on their days. */
async function simulate(gw: RunningGateway): Promise<Planted> {
  const monthStart = nextMonth(gw.clock.now());
  const cardLookupsByDay: number[] = [];
  let roleGrantedAt = '';
  let reviewId = '';
  const lockoutDay = 7;
  const [card] = DEMO_TEST_CARDS;
  if (card === undefined) throw new Error('no demo card');
  // Ana and Ben work in one team, whose reports sum them and say how many were active.
  const admin = (await gw.login('admin.ivan')).token;
  const team = await gw.route('adminCreateTeam', { token: admin, body: { name: 'Day shift', reason: 'Ticket HR-7: the day shift' } });
  expect(team.status).toBe(200);
  for (const userId of ['u-agent-ana', 'u-agent-ben']) {
    expect((await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: team.body.teamId }, body: { userId, reason: 'Ticket HR-7: the day shift' } })).status).toBe(200);
  }
  for (let d = 1; d <= DAYS; d++) {
    const nine = monthStart + (d - 1) * DAY + 9 * 60 * MIN;
    gw.clock.set(nine);
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const cardLookups = d === BURST_DAY ? 10 : 1;
    for (let i = 0; i < cardLookups; i++) expect((await gw.route('lookup', { token, body: { by: 'card', value: card.pan } })).status).toBe(200);
    cardLookupsByDay.push(cardLookups);
    expect((await gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000002' } })).status).toBe(200);
    if (d === 2) expect((await gw.route('addNote', { token, params: { customerId: 'CUS-000002' }, body: { text: 'Caller asked about the refund of the card ending 1111' } })).status).toBe(200);
    // Ana's desk trail: a five-minute lock, then sign-out, sent before her token runs out.
    gw.clock.set(nine + 14 * MIN);
    const at = (minutes: number): string => iso(nine + minutes * MIN);
    const trail = [
      desk.event({ type: 'auth.login', at: at(0), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
      desk.event({ type: 'session.lock', at: at(5), actor: ANA, target: { kind: 'session', id: null }, details: { reason: 'manual' } }),
      desk.event({ type: 'session.unlock', at: at(10), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
      desk.event({ type: 'auth.logout', at: at(14), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
    ];
    expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append(trail)) })).status).toBe(200);

    gw.clock.set(nine + 60 * MIN);
    if (d === lockoutDay) {
      for (let i = 0; i < 10; i++) await gw.attemptLogin('agent.ben', 'not-bens-password-1');
    } else {
      const ben = await gw.login('agent.ben');
      expect((await gw.route('lookup', { token: ben.token, body: { by: 'customerId', value: 'CUS-000003' } })).status).toBe(200);
    }
    if (d === 5) {
      const admin = (await gw.login('admin.ivan')).token;
      const granted = await gw.route('adminSetRoles', { params: { userId: 'u-agent-ben' }, token: admin, body: { roles: ['agent', 'supervisor'], reason: 'Covers the late shift' } });
      expect(granted.status).toBe(200);
      roleGrantedAt = iso(gw.clock.now());
      // The change is Ivan's: another admin signs the access review off (7.2.4).
      const rita = await signInCreated(gw, await createUser(gw, admin, { username: 'admin.rita', roles: ['admin'] }));
      const shown = await gw.route('adminAccessReview', { query: { format: 'json' }, token: rita });
      expect(shown.status).toBe(200);
      const signed = await gw.route('adminSignOffReview', { token: rita, body: { note: 'Fortnight review: roles justified', generatedAt: shown.body.generatedAt, reviewHash: shown.body.reviewHash } });
      expect(signed.status).toBe(200);
      reviewId = signed.body.reviewId;
    }
    // Just after midnight the hourly job stores the day that ended (and the week, on Mondays).
    gw.clock.set(monthStart + d * DAY + 30 * MIN);
    await gw.gateway.regularReports.runNow();
    // The month's retrieval check (10.5.1) reads a past month back in full.
    if (d === 1) expect(await gw.gateway.retrievalCheck.runNow()).toMatchObject({ outcome: 'ok' });
  }
  // The month ends: its report is stored, and the daily log review catches up on its days.
  gw.clock.set(nextMonth(monthStart) + 30 * MIN);
  await gw.gateway.regularReports.runNow();
  await gw.gateway.dailyReview.runNow();
  return { monthStart, teamId: team.body.teamId, cardLookupsByDay, roleGrantedAt, reviewId, lockoutDay };
}

describe('scheduled reports and the evidence pack', { timeout: 300_000 }, () => {
  it('stores each day, week and the month with the figures of the activity report, time in state and alerts', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const supervisor = (await gw.login('sup.sara')).token;
    const listed = await gw.route('storedReports', { query: { limit: 200 }, token: supervisor });
    expect(listed.status).toBe(200);
    const ids = listed.body.map((r) => r.reportId);
    for (let d = 1; d <= DAYS; d++) expect(ids).toContain(`rpt-daily-${day(planted.monthStart + (d - 1) * DAY)}`);
    expect(ids).toContain(`rpt-monthly-${day(planted.monthStart)}`);
    expect(listed.body.some((r) => r.period === 'weekly')).toBe(true);

    const alerts = await gw.gateway.store.alerts.list('all');
    for (let d = 1; d <= DAYS; d++) {
      const from = planted.monthStart + (d - 1) * DAY;
      const answer = await gw.route('storedReport', { params: { reportId: `rpt-daily-${day(from)}` }, query: { format: 'json' }, token: supervisor });
      expect(answer.status).toBe(200);
      expect(answer.body.intact).toBe(true);
      const ana = answer.body.report.rows.find((r) => r.userId === 'u-agent-ana');
      const anaAlerts = alerts.filter((a) => a.userId === 'u-agent-ana' && Date.parse(a.raisedAt) >= from && Date.parse(a.raisedAt) < from + DAY).length;
      expect(ana, `day ${d}`).toMatchObject({
        lookupsByCard: planted.cardLookupsByDay[d - 1],
        lookupsByCustomerId: 1,
        notesAdded: d === 2 ? 1 : 0,
        // Locked 09:05-09:10, active 09:00-09:05 and 09:10-09:14 (the desk's trail and the gateway's sign-in).
        activeMs: 9 * MIN,
        lockedMs: 5 * MIN,
        alerts: anaAlerts,
      });
      const ben = answer.body.report.rows.find((r) => r.userId === 'u-agent-ben');
      // Ten refused passwords, and the lockout's own failure record.
      if (d === planted.lockoutDay) expect(ben?.failedLogins).toBe(11);
      else expect(ben).toMatchObject({ lookupsByCustomerId: 1, failedLogins: 0 });
      // Ben signs in at ten and stays active to the day's end, but not on the day he is locked out.
      expect(answer.body.report.teams).toEqual([
        {
          teamId: planted.teamId,
          name: 'Day shift',
          members: 2,
          activeMembers: d === planted.lockoutDay ? 1 : 2,
          lookupsByCustomerId: d === planted.lockoutDay ? 1 : 2,
          lookupsByOrder: 0,
          lookupsByCard: planted.cardLookupsByDay[d - 1],
          recordsViewed: 0,
          notesAdded: d === 2 ? 1 : 0,
          extensions: 0,
          failedLogins: d === planted.lockoutDay ? 11 : 0,
          locks: ana?.locks ?? 0,
          activeMs: 9 * MIN + (d === planted.lockoutDay ? 0 : (ben?.activeMs ?? 0)),
          lockedMs: 5 * MIN,
          alerts: anaAlerts + alerts.filter((a) => a.userId === 'u-agent-ben' && Date.parse(a.raisedAt) >= from && Date.parse(a.raisedAt) < from + DAY).length,
        },
      ]);
    }
    const monthly = await gw.route('storedReport', { params: { reportId: `rpt-monthly-${day(planted.monthStart)}` }, query: { format: 'json' }, token: supervisor });
    expect(monthly.body.report.rows.find((r) => r.userId === 'u-agent-ana')?.lookupsByCard).toBe(planted.cardLookupsByDay.reduce((a, b) => a + b, 0));
    // Each stored report is on the gateway's chain with its hash.
    const stored = (await gatewayAuditEvents(gw, 'report.generate')).filter((e) => e.details.action === 'store');
    expect(stored.map((e) => e.target.id)).toEqual(expect.arrayContaining(ids));
  });

  it('serves a stored report as CSV and as a PDF whose text holds the rows and no card number', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const supervisor = (await gw.login('sup.sara')).token;
    const reportId = `rpt-daily-${day(planted.monthStart + (BURST_DAY - 1) * DAY)}`;
    const csv = await binary(gw, `/v1/supervisor/reports/stored/${reportId}?format=csv`, supervisor);
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    const [header, ...rows] = csvRows(csv.text);
    expect(header).toEqual([...REGULAR_REPORT_COLUMNS]);
    const anaRow = rows.find((r) => r[1] === 'agent.ana');
    expect(anaRow?.[REGULAR_REPORT_COLUMNS.indexOf('lookupsByCard')]).toBe('10');

    const pdf = await binary(gw, `/v1/supervisor/reports/stored/${reportId}?format=pdf`, supervisor);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.bytes);
    expect(text).toContain('agent.ana');
    expect(text).toContain(reportId.replace('rpt-daily-', '').slice(0, 10));
    expect(sentNumbersIn([...digitStreams(text), ...digitStreams(pdf.bytes)], SENT_PANS)).toEqual(new Set());

    // The desk's form of the same PDF: JSON with the file as base64.
    const inline = await gw.route('storedReportPdf', { params: { reportId }, token: supervisor });
    expect(inline.status).toBe(200);
    expect(inline.body.fileName).toBe(`${reportId}.pdf`);
    expect(pdfText(Buffer.from(inline.body.pdfBase64, 'base64'))).toContain('agent.ana');
  });

  it('reads a report changed in the database as not intact, even with its hash changed too', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const supervisor = (await gw.login('sup.sara')).token;
    const reportId = `rpt-daily-${day(planted.monthStart)}`;
    // A DBA rewrites the report and its stored hash to match; only the audit record still holds the original.
    const db = openRawKysely(gw);
    try {
      const row = await db.selectFrom('stored_reports').select('content').where('report_id', '=', reportId).executeTakeFirstOrThrow();
      const forged = row.content.replace('"lookupsByCard":1', '"lookupsByCard":0');
      expect(forged).not.toBe(row.content);
      const hash = createHash('sha256').update(forged, 'utf8').digest('hex');
      await db.updateTable('stored_reports').set({ content: forged, content_hash: hash }).where('report_id', '=', reportId).execute();
    } finally {
      await db.destroy();
    }
    const answer = await gw.route('storedReport', { params: { reportId }, query: { format: 'json' }, token: supervisor });
    expect(answer.status).toBe(200);
    expect(answer.body.intact).toBe(false);
    expect(answer.body.report.rows.find((r) => r.userId === 'u-agent-ana')?.lookupsByCard).toBe(0);
  });

  it('packs one folder per requirement matching what was planted, an index linking each, and an audited manifest', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const admin = (await gw.login('admin.ivan')).token;
    const from = day(planted.monthStart);
    const to = day(nextMonth(planted.monthStart) - DAY);
    const answer = await binary(gw, `/v1/admin/evidence?from=${from}&to=${to}`, admin);
    expect([answer.status, answer.type]).toEqual([200, 'application/zip']);
    const files = unzipSync(new Uint8Array(answer.bytes));
    const text = (path: string): string => Buffer.from(files[path] ?? new Uint8Array()).toString('utf8');
    const manifest = EvidenceManifestSchema.parse(JSON.parse(text('manifest.json')));
    const requirements = manifest.requirements.map((r) => r.requirement);
    expect(requirements).toEqual(['3.3.1', '3.4.1', '3.5.1', '7.2.4', '8.2.6', '8.3.4', '8.3.6', '8.4.2', '10.2.1.x', '10.4.1.1', '10.5.1', '10.7.2', '12.6.3']);

    // Every file is in the manifest with its hash, and the manifest's hash is on the audit chain.
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const entry of manifest.files) expect(createHash('sha256').update(Buffer.from(files[entry.path] ?? new Uint8Array())).digest('hex'), entry.path).toBe(entry.sha256);
    const packs = (await gatewayAuditEvents(gw, 'report.generate')).filter((e: AuditEvent) => e.details.action === 'evidence_pack');
    expect(packs.at(-1)).toMatchObject({ actor: { username: 'admin.ivan' }, details: { from, to, manifestSha256Base64url: Buffer.from(manifest.manifestSha256, 'hex').toString('base64url') } });

    const index = text('index.html');
    for (const requirement of requirements) {
      expect(index).toContain(`href="${requirement}/record.html"`);
      for (const name of ['record.csv', 'record.html', 'configuration.json', 'how-produced.txt']) expect(text(`${requirement}/${name}`).length, `${requirement}/${name}`).toBeGreaterThan(0);
    }
    const record = (requirement: string): string[][] => csvRows(text(`${requirement}/record.csv`));

    const columns = record('3.3.1').slice(1);
    expect(columns.map((c) => c[1])).toEqual(expect.arrayContaining(['pan_hmac', 'bin', 'last4']));
    expect(columns.filter((c) => c[3] === 'yes')).toEqual([]);
    const cards = await gw.gateway.store.evidence.cardCount();
    expect(record('3.4.1').slice(1)).toHaveLength(cards);
    for (const row of record('3.4.1').slice(1)) expect(row[3]).toMatch(/^[•\d ]+$/);
    expect(record('3.5.1')[1]).toEqual([String(cards), String(cards), expect.any(String), '0']);

    expect(record('7.2.4').slice(1).map((r) => [r[0], r[2]])).toEqual([[planted.reviewId, 'admin.rita']]);
    const users = await gw.gateway.store.identity.listUsers();
    const lastSignIns = record('8.2.6').slice(1);
    expect(lastSignIns.map((r) => r[1]).sort()).toEqual(users.map((u) => u.username).sort());
    const ana = users.find((u) => u.username === 'agent.ana');
    expect(lastSignIns.find((r) => r[1] === 'agent.ana')?.[3]).toBe(iso(ana?.lastSignInAt ?? 0));
    expect(record('8.3.4').slice(1).find((r) => r[0] === 'agent.ben')).toEqual(['agent.ben', '10', '1']);
    expect(record('8.3.6').slice(1)).toHaveLength(users.length);
    expect(JSON.parse(text('8.3.6/configuration.json'))).toMatchObject({ minimumLength: 12 });
    expect(record('8.4.2').slice(1).find((r) => r[1] === 'agent.ben')?.[3]).toBe('TOTP enrolled');

    const logged = record('10.2.1.x').slice(1);
    const count = (item: string, type: string): number => Number(logged.find((r) => r[0] === item && r[2] === type)?.[3]);
    // The gateway's own lookups plus none from desks (their trails sent no lookups).
    expect(count('10.2.1.1', 'customer.lookup')).toBe(planted.cardLookupsByDay.reduce((a, b) => a + b, 0) + DAYS + (DAYS - 1));
    // The one role grant, and the one account created (Rita), both by an admin.
    expect(count('10.2.1.5', 'account.role.change')).toBe(1);
    expect(count('10.2.1.7', 'account.create')).toBe(1);
    expect(count('10.2.1.4', 'auth.login')).toBeGreaterThanOrEqual(10);
    // The daily review's days (10.4.1.1), the incidents (10.7.2) and the training standing (12.6.3), as their stores hold them.
    const reviewed = await reviewEvidenceFor(gw.gateway.store, { from, to }, { now: gw.clock.now(), signOffHours: 24 });
    expect(new Set(record('10.4.1.1').slice(1).map((r) => r[0]))).toEqual(new Set(reviewed.map((d) => d.day)));
    const findingOn = (d: number, rule: string): boolean => record('10.4.1.1').slice(1).some((r) => r[0] === day(planted.monthStart + (d - 1) * DAY) && r[5] === rule);
    // The planted lockout and role grant are findings of their days.
    expect(findingOn(planted.lockoutDay, 'lockout')).toBe(true);
    expect(findingOn(5, 'role_change')).toBe(true);
    expect(record('10.7.2').slice(1)).toHaveLength((await incidentsFor(gw.gateway.store, { from, to })).length);
    expect(record('12.6.3').slice(1).filter((r) => r[0] === 'standing').map((r) => r[1]).sort()).toEqual(users.map((u) => u.username).sort());
    const checks = record('10.5.1').slice(1);
    expect(checks).toHaveLength(1);
    expect(checks[0]?.[7]).toBe('ok');
    expect(checks[0]?.[4]).toBe(checks[0]?.[5]);
    expect(Number(checks[0]?.[4])).toBeGreaterThan(0);

    // The desk's form: the same manifest, and the zip inline.
    const inline = await gw.route('adminEvidencePack', { query: { from, to, format: 'inline' }, token: admin });
    expect(inline.status).toBe(200);
    expect(inline.body.requirements).toEqual(manifest.requirements);
    expect(Object.keys(unzipSync(new Uint8Array(Buffer.from(inline.body.zipBase64 ?? '', 'base64')))).sort()).toEqual(Object.keys(files).sort());

    // No full card number anywhere in the pack, in any written form, nor in the zip's own bytes.
    const streams = [...digitStreams(answer.bytes), ...Object.values(files).flatMap((bytes) => digitStreams(Buffer.from(bytes)))];
    expect(sentNumbersIn(streams, SENT_PANS)).toEqual(new Set());
  });

  it('opens in Chromium: the index links every requirement folder, and each linked record page shows its table', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const admin = (await gw.login('admin.ivan')).token;
    const answer = await binary(gw, `/v1/admin/evidence?from=${day(planted.monthStart)}&to=${day(nextMonth(planted.monthStart) - DAY)}`, admin);
    expect(answer.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-pack-'));
    const browser = await launchChromium();
    try {
      for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(answer.bytes)))) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      const links = await page.locator('li > a').evaluateAll((anchors) => anchors.map((a) => ({ text: a.textContent, href: (a as HTMLAnchorElement).href })));
      expect(links.map((l) => l.text)).toEqual(['3.3.1', '3.4.1', '3.5.1', '7.2.4', '8.2.6', '8.3.4', '8.3.6', '8.4.2', '10.2.1.x', '10.4.1.1', '10.5.1', '10.7.2', '12.6.3']);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `index-${gw.database === undefined ? 'sqlite' : 'postgres'}.png`), fullPage: true });
      for (const link of links) {
        await page.goto(link.href);
        await expect.poll(() => page.locator('h1').textContent()).toContain(link.text);
        // No control failed in this fortnight, so 10.7.2's table is empty, and says so with its header.
        if (link.text === '10.7.2') expect(await page.locator('table thead th').count(), link.text).toBeGreaterThan(0);
        else expect(await page.locator('table tbody tr').count(), link.text).toBeGreaterThan(0);
      }
      await page.goto(links.find((l) => l.text === '8.3.4')?.href ?? '');
      await page.screenshot({ path: join(SHOTS, `8.3.4-${gw.database === undefined ? 'sqlite' : 'postgres'}.png`), fullPage: true });
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the same pack from the command line, and refuses bad ranges with a typed error', async ({ gw }) => {
    const planted = await plantedIn(gw);
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-evidence-'));
    try {
      const store = gw.database === undefined ? ['--data', gw.dataDir] : ['--database', gw.database];
      const out = join(dir, 'pack.zip');
      const from = day(planted.monthStart);
      const { stdout } = await run(process.execPath, [CLI, '--from', from, '--to', day(planted.monthStart + (DAYS - 1) * DAY), '--out', out, ...store], { timeout: 120_000 });
      const printed = JSON.parse(stdout) as { files: number; manifestSha256: string };
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      expect(Object.keys(files)).toHaveLength(printed.files + 1);
      expect(Object.keys(files)).toContain('10.2.1.x/record.html');

      for (const [badFrom, badTo, expected] of [
        ['2026-02-30', '2026-03-01', 'from'],
        ['2024-01-01', '2026-01-01', 'at most 366 days'],
        ['2026-05-01', '2026-04-01', 'must not be after'],
        ['yesterday', '2026-04-01', 'from'],
      ] as const) {
        const refused = await run(process.execPath, [CLI, '--from', badFrom, '--to', badTo, '--out', join(dir, 'bad.zip'), ...store], { timeout: 60_000 }).then(
          () => null,
          (error: unknown) => error as { code: number; stderr: string },
        );
        expect(refused?.code, `${badFrom}..${badTo}`).toBe(2);
        expect(refused?.stderr).toContain('invalid_range');
        expect(refused?.stderr).toContain(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses hostile ranges over HTTP with a typed error, and the pack to anyone but an admin', async ({ gw }) => {
    const admin = (await gw.login('admin.ivan')).token;
    for (const query of ['from=2026-02-30&to=2026-03-01', 'from=1900-01-01&to=2999-12-31', 'from=2026-05-01&to=2026-04-01', `from=${'9'.repeat(5000)}&to=2026-04-01`, 'from=2026-04-01']) {
      const refused = await gw.call('GET', `/v1/admin/evidence?${query}`, { token: admin });
      expect(refused.status, query).toBe(400);
      expect((JSON.parse(refused.text) as { error: { code: string } }).error.code, query).toBe('invalid_request');
    }
    const agent = (await gw.login('agent.ana')).token;
    expect((await gw.call('GET', '/v1/admin/evidence?from=2026-04-01&to=2026-04-02', { token: agent })).status).toBe(403);
    const supervisor = (await gw.login('sup.sara')).token;
    expect((await gw.route('storedReport', { params: { reportId: 'rpt-daily-1999-01-01' }, query: { format: 'json' }, token: supervisor })).status).toBe(404);
    expect((await gw.call('GET', '/v1/supervisor/reports/stored/..%2Fetc', { token: supervisor })).status).toBe(400);
  });
});
