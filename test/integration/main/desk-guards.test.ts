// The guards in main that the renderer cannot be trusted with, attacked
// through the real router and services: no audit no access before any side
// effect (a full queue, many calls at once), capture protection enforced in
// main, push audiences, DLP on error answers and pushes, and the audit
// queue's housekeeping on a fake clock. The gateway is real (127.0.0.1), seen
// through a fault proxy whose log shows what reached it.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDeskTimers } from '../../../main/desk-timers.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { sampleAlert } from '../../harness/gateway/alerts.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { lookupEvent } from '../../harness/desk/audit-queue.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let proxy: FaultProxy;
beforeAll(async () => {
  gw = await startGateway({ customers: 3, config: { authRateLimitPerMinute: 100_000 } });
  proxy = await startFaultProxy(gw.url);
});
afterAll(async () => {
  await proxy.close();
  await gw.close();
});

const AGENT = { username: 'agent.ana', password: 'desk-demo-ana-2026' };
const CAP = 1000; // policy auditQueueMaxEvents at its minimum
const SYSTEM_RESERVE = 1000;

/** Requests the gateway received after `mark` whose path matches. */
const reached = (mark: number, pattern: RegExp): string[] => proxy.log.slice(mark).map((l) => l.path).filter((path) => pattern.test(path));

/** Appends until the queue holds `depth` unsynced events (user events up to the cap, system events past it). */
function fillTo(desk: TestDesk, depth: number): void {
  while (desk.queue.status().depth < depth) {
    if (desk.queue.canAppend()) desk.queue.append(lookupEvent(1));
    else desk.queue.appendSystem({ type: 'app.start', outcome: 'success', actor: { userId: null, username: null, roles: [] }, target: { kind: 'app', id: 'filler' } });
  }
}

const notesOf = async (customerId: string): Promise<string[]> => {
  const { token } = await gw.login('agent.ana');
  const answer = await gw.route('customer', { params: { customerId }, token });
  return ((answer.json as { notes?: { text: string }[] }).notes ?? []).map((n) => n.text);
};

describe('no audit, no access: refused before the side effect', () => {
  it('a full queue refuses notes and extensions, many at once, and the gateway never sees them', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, policy: { auditQueueMaxEvents: CAP } });
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    fillTo(desk, CAP);
    const mark = proxy.log.length;
    const calls = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => desk.router.handle('notes.add', { customerId: 'CUS-000001', text: `full-queue note ${i}` })),
      ...Array.from({ length: 5 }, () =>
        desk.router.handle('subscriptions.extend', { customerId: 'CUS-000001', subscriptionId: 'SUB-000001-1', days: 30, reason: 'Goodwill for a delayed parcel' }),
      ),
    ]);
    for (const result of calls) expect(result).toMatchObject({ ok: false, error: { code: 'audit_unavailable' } });
    expect(reached(mark, /\/notes|\/extend/)).toEqual([]);
    expect((await notesOf('CUS-000001')).filter((t) => t.startsWith('full-queue note'))).toEqual([]);
  }, 60_000);

  it('near the cap, of 10 notes racing for the last places only those with room for attempt and outcome reach the gateway, each on record before and after', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, policy: { auditQueueMaxEvents: CAP } });
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    fillTo(desk, CAP - 7); // room for two calls of three places each, not three
    const mark = proxy.log.length;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => desk.router.handle('notes.add', { customerId: 'CUS-000002', text: `race note ${i}` })));
    const succeeded = results.filter((r) => r.ok);
    expect(succeeded).toHaveLength(2);
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(Array.from({ length: 8 }, () => 'audit_unavailable'));
    expect(reached(mark, /\/notes/)).toHaveLength(2);
    const trail = desk.queue.readStored().map((r) => r.event);
    const attempts = trail.filter((e) => e?.type === 'ipc.attempt' && e.target.id === 'notes.add');
    const outcomes = trail.filter((e) => e?.type === 'customer.note.add' && e.outcome === 'success');
    expect(attempts).toHaveLength(2);
    expect(outcomes).toHaveLength(2);
    // The i-th attempt is on record before the i-th outcome (the gateway answered in between).
    const placeOf = (id: string | undefined): number => trail.findIndex((e) => e?.id === id);
    const attemptPlaces = attempts.map((a) => placeOf(a?.id)).sort((x, y) => x - y);
    const outcomePlaces = outcomes.map((o) => placeOf(o?.id)).sort((x, y) => x - y);
    expect(attemptPlaces.every((place, i) => place < (outcomePlaces[i] ?? -1))).toBe(true);
    expect((await notesOf('CUS-000002')).filter((t) => t.startsWith('race note'))).toHaveLength(2);
  }, 60_000);

  it('a full desk can still sign in to sync; once even the sign-in reserve is used up, login is refused before it reaches the gateway', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, policy: { auditQueueMaxEvents: CAP } });
    fillTo(desk, CAP);
    const login = await desk.router.handle('session.login', AGENT);
    expect(login, JSON.stringify(login)).toMatchObject({ ok: true });
    expect(await desk.router.handle('session.logout', {})).toMatchObject({ ok: true });
    fillTo(desk, CAP + SYSTEM_RESERVE / 2);
    const mark = proxy.log.length;
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: false, error: { code: 'audit_unavailable' } });
    expect(reached(mark, /\/v1\/auth\//)).toEqual([]);
    expect(desk.session.state()).toEqual({ status: 'signed_out' });
  }, 90_000);
});

describe('capture protection is enforced in main', () => {
  it('with policy require on an OS that cannot protect the screen, customer channels are refused in main and never reach the gateway', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, policy: { captureProtection: 'require' } });
    expect(desk.appStatus()).toMatchObject({ captureProtection: 'unsupported', sensitiveViewsAllowed: false });
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    const mark = proxy.log.length;
    const refused = await Promise.all([
      desk.router.handle('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' }),
      desk.router.handle('customers.get', { customerId: 'CUS-000001' }),
      desk.router.handle('notes.add', { customerId: 'CUS-000001', text: 'hello' }),
      desk.router.handle('subscriptions.extend', { customerId: 'CUS-000001', subscriptionId: 'SUB-000001-1', days: 30, reason: 'Goodwill for a delayed parcel' }),
    ]);
    for (const result of refused) expect(result).toMatchObject({ ok: false, error: { code: 'capture_unprotected' } });
    expect(reached(mark, /\/v1\/customers/)).toEqual([]);
    const denials = desk.queue.readStored().filter((r) => r.event?.type === 'access.denied' && r.event.reason === 'capture_unprotected');
    expect(denials).toHaveLength(4);
    // Channels without customer data still work.
    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true });
  });
});

const alertWith = (message: string): Alert => sampleAlert({ kind: 'card_lookup_burst', userId: 'u-agent-ana', message });

describe('push events leave main only through their audience', () => {
  it('signed out: only public events; an agent: no supervisor events; a locked supervisor: none of them', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const sent = () => desk.pushed.map((p) => p.event);
    desk.push('sync.status', desk.sync.status());
    desk.push('supervisor.alert', alertWith('burst'));
    desk.push('app.status', desk.appStatus());
    expect(sent()).toEqual(['app.status']);

    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    desk.pushed.length = 0;
    desk.push('sync.status', desk.sync.status());
    desk.push('supervisor.alert', alertWith('burst'));
    expect(sent()).toEqual(['sync.status']);

    await desk.router.handle('session.logout', {});
    const otp = await currentTotp(await gw.totpSecret('sup.sara'), gw.clock.now());
    expect(await desk.router.handle('session.login', { username: 'sup.sara', password: 'desk-demo-sara-2026', otp })).toMatchObject({ ok: true });
    desk.pushed.length = 0;
    desk.push('supervisor.alert', alertWith('burst'));
    expect(sent()).toEqual(['supervisor.alert']);
    await desk.router.handle('session.lock', {});
    desk.pushed.length = 0;
    desk.push('supervisor.alert', alertWith('burst'));
    desk.push('sync.status', desk.sync.status());
    expect(sent()).toEqual(['sync.status']);
  });

  it('the desk clockwork pushes through the gate: no sync status reaches a signed-out renderer', async () => {
    const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const timers = startDeskTimers({ desk, idleSeconds: () => 0, periods: { idleCheckMs: 60_000, syncMs: 20, heartbeatMs: 60_000, maintenanceMs: 60_000 } });
    try {
      // A sync tick has run (sync has no session, so it went offline) and pushed its status toward the renderer.
      await vi.waitFor(() => expect(desk.sync.status().state).toBe('offline'));
      expect(desk.pushed.filter((p) => p.event === 'sync.status')).toEqual([]);
      expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
      await vi.waitFor(() => expect(desk.pushed.some((p) => p.event === 'sync.status')).toBe(true));
    } finally {
      timers.stop();
      await desk.close();
    }
  });
});

describe('DLP covers error answers and pushes', () => {
  it('a card number in a gateway error message is masked before the renderer sees it, and audited', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret });
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    proxy.inject('/v1/customers', [{ kind: 'status', status: 404, message: 'No customer holds card 4111 1111 1111 1111 (echoed by a buggy gateway)' }]);
    const answer = await desk.router.handle('customers.get', { customerId: 'CUS-000001' });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    expect(JSON.stringify(answer)).toContain('1111');
    const masked = desk.queue.readStored().filter((r) => r.event?.type === 'dlp.pan_masked' && r.event.details.in === 'error');
    expect(masked).toHaveLength(1);
  });

  it('a card number a hostile payload puts into a validation message is masked too', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const answer = await desk.router.handle('session.state', { '4111111111111111': true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(answer)).not.toContain('4111111111111111');
  });

  it('a card number in a push payload is masked before it is sent, and audited', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    gw.clock.advance(30_000); // a fresh one-time code: the earlier sign-in's code cannot be replayed
    const otp = await currentTotp(await gw.totpSecret('sup.sara'), gw.clock.now());
    expect(await desk.router.handle('session.login', { username: 'sup.sara', password: 'desk-demo-sara-2026', otp })).toMatchObject({ ok: true });
    desk.push('supervisor.alert', alertWith('Agent typed 5555 5555 5555 4444 into a note'));
    const sent = desk.pushed.find((p) => p.event === 'supervisor.alert');
    expect(JSON.stringify(sent)).not.toMatch(/5555\s?5555\s?5555\s?4444/);
    expect((sent?.payload as Alert).message).toContain('4444');
    expect(desk.queue.readStored().filter((r) => r.event?.type === 'dlp.pan_masked' && r.event.details.in === 'push')).toHaveLength(1);
  });
});

describe('audit housekeeping runs on its schedule', () => {
  const DAY = 86_400_000;
  const keyIds = (desk: TestDesk): string[] => {
    const db = new Database(desk.fixture.dbPath, { readonly: true });
    try {
      return db.prepare<[], { key_id: string }>('SELECT DISTINCT key_id FROM events ORDER BY key_id').all().map((r) => r.key_id);
    } finally {
      db.close();
    }
  };

  it('rotates the data key when policy auditKeyRotationDays has passed, and purges synced events past auditRetentionDays', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, policy: { auditKeyRotationDays: 30, auditRetentionDays: 7 } });
    expect(await desk.router.handle('session.login', AGENT)).toMatchObject({ ok: true });
    expect(await desk.maintenance.run()).toEqual({ purged: 0, rotatedTo: null });
    expect(await desk.sync.syncNow()).toBe('drained');
    const synced = desk.queue.chainHead().seq;

    desk.fixture.clock.advance(8 * DAY);
    expect(await desk.maintenance.run()).toEqual({ purged: synced, rotatedTo: null });
    expect(desk.queue.readStored().some((r) => r.event?.type === 'audit.purge')).toBe(true);

    desk.fixture.clock.advance(23 * DAY);
    expect((await desk.maintenance.run()).rotatedTo).toBe('k2');
    desk.queue.append(lookupEvent(1));
    expect(keyIds(desk)).toEqual(['k1', 'k2']);
    expect(await desk.maintenance.run()).toMatchObject({ rotatedTo: null });
  });

  it('the desk clockwork runs the housekeeping: a desk started after the rotation is due rotates at once', async () => {
    const first = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, policy: { auditKeyRotationDays: 30 } });
    const desk = await first.restart();
    desk.fixture.clock.advance(31 * DAY);
    const timers = startDeskTimers({ desk, idleSeconds: () => 0, periods: { idleCheckMs: 60_000, syncMs: 60_000, heartbeatMs: 60_000, maintenanceMs: 60_000 } });
    try {
      await vi.waitFor(() => expect(desk.queue.keyRotatedAt()).toBe(desk.fixture.clock.now()));
      expect(desk.queue.readStored().some((r) => r.event?.type === 'key.rotate')).toBe(true);
    } finally {
      timers.stop();
      await desk.close();
    }
  });
});
