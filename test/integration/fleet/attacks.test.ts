// Two gateway instances on one PostgreSQL attacked the way an insider or a
// hostile desk would: the same request raced to both, split across both to get
// twice a per-account limit, replayed to the instance that did not see it. Each
// promise must hold in total over the fleet, not per instance.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_MAX_ACKS } from '../../../shared/schemas/supervision.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import { chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import type { HttpAnswer } from '../../harness/gateway/http-call.ts';
import { watchStream } from '../../harness/gateway/sse.ts';
import { postgresAdminUrl } from '../../harness/database/test-database.ts';

const LIFTED: GatewayConfigInput = { authRateLimitPerMinute: 100_000, limits: { connectionsPerIp: 1_000 } };

const pairs: RunningGateway[][] = [];
async function fleet(config: GatewayConfigInput = {}): Promise<[RunningGateway, RunningGateway]> {
  const a = await startGateway({ config: { ...LIFTED, ...config }, customers: 2 });
  if (a.database === undefined) throw new Error('the fleet test runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  const b = await startSecondInstance(a);
  pairs.push([a, b]);
  return [a, b];
}
let a: RunningGateway;
let b: RunningGateway;
beforeAll(async () => {
  [a, b] = await fleet();
});
afterAll(async () => {
  for (const [first, second] of pairs.reverse()) {
    await second?.close();
    await first?.close();
  }
});

const chainHash = (prevHash: string, seq: number, event: AuditEvent): string =>
  createHash('sha256').update(chainMessage(prevHash, seq, canonicalJson(event)), 'utf8').digest('hex');

const statuses = (answers: readonly HttpAnswer[]): Record<number, number> => {
  const counts: Record<number, number> = {};
  for (const x of answers) counts[x.status] = (counts[x.status] ?? 0) + 1;
  return counts;
};
/** `n` requests at once, alternating between the two instances. */
const split = <T>(pair: readonly [RunningGateway, RunningGateway], n: number, attempt: (gw: RunningGateway, i: number) => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => attempt(i % 2 === 0 ? pair[0] : pair[1], i)));

describe('sign-in limits hold over the fleet', () => {
  it('30 wrong passwords split across A and B lock the account; the right one is then refused on both', async () => {
    const pair = await fleet();
    const [x, y] = pair;
    const { maxFailedAttempts } = x.gateway.config.lockout;
    const guesses = await split(pair, 30, (gw, i) => gw.attemptLogin('agent.ana', `wrong-password-${i}xx`));
    const counts = statuses(guesses);
    expect(counts[200]).toBeUndefined();
    // No more guesses were verified over the two instances than one instance allows.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(maxFailedAttempts);
    expect((counts[401] ?? 0) + (counts[423] ?? 0) + (counts[429] ?? 0)).toBe(30);
    const user = await x.gateway.store.identity.findUserByUsername('agent.ana');
    expect(user?.failedAttempts).toBe(30);
    expect(user?.lockedUntil).toBeGreaterThan(x.clock.now());
    for (const gw of [x, y]) {
      const right = await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026');
      expect(right.status).toBe(423);
      expect(right.error?.code).toBe('account_locked');
    }
    // One lockout, not one per instance.
    const lockouts = (await x.gateway.store.audit.search({ type: 'auth.login', limit: 500 })).events.filter((e) => e.event.reason === 'lockout');
    expect(lockouts).toHaveLength(1);
    expect((await x.gateway.alerts.list('open')).filter((al) => al.kind === 'account_locked')).toHaveLength(1);
  });

  it('the in-flight bound of 1 per account holds across instances: parallel tries on A and B are refused with 429 and still counted', async () => {
    const pair = await fleet({ lockout: { maxAttemptsInFlight: 1 } });
    const [x] = pair;
    const guesses = await split(pair, 8, (gw, i) => gw.attemptLogin('agent.ana', `wrong-password-${i}xx`));
    const counts = statuses(guesses);
    expect(counts[200]).toBeUndefined();
    expect(counts[429] ?? 0).toBeGreaterThan(0);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(8);
    for (const refused of guesses.filter((g) => g.status === 429)) expect(refused.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect((await x.gateway.store.identity.findUserByUsername('agent.ana'))?.failedAttempts).toBe(8);
    // Every slot was given back: a sign-in after the burst is verified (and, right, succeeds).
    const slots = await x.gateway.store.identity.findUserByUsername('agent.ana');
    expect(slots?.lockedUntil ?? null).toBeNull();
    expect((await x.attemptLogin('agent.ana', 'desk-demo-ana-2026')).status).toBe(200);
  });

  it('one valid one-time code sent by 8 logins split across A and B signs in exactly once', async () => {
    const pair = await fleet({ lockout: { maxAttemptsInFlight: 10 } });
    const [x] = pair;
    const code = await currentTotp(await x.totpSecret('sup.sara'), x.clock.now());
    const answers = await split(pair, 8, (gw) => gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { otp: code }));
    expect(statuses(answers)).toEqual({ 200: 1, 401: 7 });
    const successes = (await x.gateway.store.audit.search({ type: 'auth.login', limit: 500 })).events.filter(
      (e) => e.event.outcome === 'success' && e.event.actor.username === 'sup.sara',
    );
    expect(successes).toHaveLength(1);
    // The losers read the spent step (invalid_otp) or lost the compare-and-set (otp_replay).
    const losers = (await x.gateway.store.audit.search({ type: 'auth.login', limit: 500 })).events.filter(
      (e) => e.event.reason === 'otp_replay' || e.event.reason === 'invalid_otp',
    );
    expect(losers).toHaveLength(7);
  });

  it('one refresh token used on A and B at once refreshes exactly once, and the reuse ends the session everywhere', async () => {
    const { grant, device } = await a.login('agent.ana');
    const answers = await split([a, b], 6, (gw) => gw.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken) }));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(1);
    expect(answers.filter((x) => x.status === 401)).toHaveLength(5);
    const winner = answers.find((x) => x.status === 200)?.body;
    if (winner === undefined) throw new Error('no refresh won');
    for (const gw of [a, b]) {
      expect((await gw.route('agents', { token: winner.tokens.accessToken })).status).toBe(401);
      expect((await gw.route('refresh', { body: device.sessionProof('refresh', winner.tokens.refreshToken) })).status).toBe(401);
    }
  });
});

describe('the per-address sign-in rate limit over the fleet', () => {
  // The limiter counts in the database's rolling windows (server/http/shared-rate-limit-store.ts), not per instance.
  it('lets one address through at most authRateLimitPerMinute challenges in total, split across A and B', async () => {
    const pair = await fleet({ authRateLimitPerMinute: 5 });
    const answers = await split(pair, 12, (gw) => gw.route('challenge', { body: { deviceId: new TestDevice().deviceId } }));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(5);
    expect(answers.filter((x) => x.status === 429)).toHaveLength(7);
  });
});

describe('caps are exact in total, not per instance', () => {
  it('lets exactly the card-lookup cap through of 16 lookups split across A and B', async () => {
    const pair = await fleet({ customerAccess: { cardLookups: { max: 5, windowMinutes: 10 } } });
    const [x, y] = pair;
    const { token } = await x.login('agent.ana');
    const answers = await split(pair, 16, (gw) => gw.route('lookup', { token, body: { by: 'card', value: '4111111111111111' } }));
    expect(statuses(answers)).toEqual({ 200: 5, 429: 11 });
    // Still capped on either instance afterwards.
    for (const gw of [x, y]) expect((await gw.route('lookup', { token, body: { by: 'card', value: '4111111111111111' } })).status).toBe(429);
  });

  it('counts every card-lookup cap refusal raced to A and B in one open alert', async () => {
    const pair = await fleet({ customerAccess: { cardLookups: { max: 1, windowMinutes: 10 } } });
    const [x] = pair;
    const { token } = await x.login('agent.ana');
    expect((await x.route('lookup', { token, body: { by: 'card', value: '4111111111111111' } })).status).toBe(200);
    const answers = await split(pair, 12, (gw) => gw.route('lookup', { token, body: { by: 'card', value: '4111111111111111' } }));
    expect(statuses(answers)).toEqual({ 429: 12 });
    const open = (await x.gateway.alerts.list('open')).filter((al) => al.kind === 'card_lookup_cap');
    expect(open).toHaveLength(1);
    expect(open[0]?.occurrences).toBe(12);
  });

  it('charges one desk’s batches to one ingest quota whichever instance receives them', async () => {
    const pair = await fleet({ audit: { quotas: [{ windowSeconds: 3600, maxEvents: 6, maxBytes: 8 * 1024 * 1024 }] } });
    const [x, y] = pair;
    const desk = new TestDevice();
    const { token } = await x.login('agent.ana', { device: desk });
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < 5; i++) {
      const gw = i % 2 === 0 ? x : y;
      answers.push(await gw.route('auditBatches', { token, body: desk.batch(desk.append([desk.event(), desk.event()])) }));
    }
    // 2 + 2 + 2 events fit in 6; the fourth and fifth batch do not, on either instance.
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    const stored = (await x.gateway.store.audit.since(0, 10_000)).filter((s) => s.event.deviceId === desk.deviceId);
    expect(stored).toHaveLength(6);
  });

  it('parallel batches of two desks of one user, split across A and B, stay within the per-user quota', async () => {
    const pair = await fleet({ audit: { quotas: [{ windowSeconds: 3600, maxEvents: 5, maxBytes: 8 * 1024 * 1024 }] } });
    const [x, y] = pair;
    const desks = Array.from({ length: 10 }, () => new TestDevice());
    const tokens: string[] = [];
    for (const desk of desks) tokens.push((await x.login('agent.ana', { device: desk })).token);
    const answers = await Promise.all(
      desks.map((desk, i) => (i % 2 === 0 ? x : y).call('POST', '/v1/audit/batches', { token: tokens[i] ?? '', body: desk.batch(desk.append([desk.event()])) })),
    );
    expect(statuses(answers)).toEqual({ 200: 5, 429: 5 });
    const ids = new Set(desks.map((d) => d.deviceId));
    expect((await x.gateway.store.audit.since(0, 10_000)).filter((s) => ids.has(s.event.deviceId))).toHaveLength(5);
  });
});

describe('a desk’s audit chain over two instances', () => {
  it('refuses on B a batch that skips a sequence, and one that rewrites a sequence A already stored', async () => {
    const desk = new TestDevice();
    const { token } = await a.login('agent.ana', { device: desk });
    const first = desk.event();
    expect((await a.route('auditBatches', { token, body: desk.batch(desk.append([first])) })).status).toBe(200);

    // A forged rewrite of seq 1, signed by the same desk key: another event in its place.
    const other = desk.event();
    const rewritten = desk.batch([{ seq: 1, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, 1, other), event: other }]);
    const rewrite = await b.route('auditBatches', { token, body: rewritten });
    expect(rewrite.status).toBe(409);

    // A batch that skips seq 2.
    desk.append([desk.event()]);
    const skipping = desk.batch(desk.append([desk.event()]));
    const skip = await b.route('auditBatches', { token, body: skipping });
    expect(skip.status).toBe(409);
    expect(skip.json.expectedSeq).toBe(2);

    const stored = (await b.gateway.store.audit.since(0, 10_000)).filter((s) => s.event.deviceId === desk.deviceId);
    expect(stored.map((s) => [s.event.seq, s.event.event.id])).toEqual([[1, first.id]]);
  });
});

describe('supervision over two instances', () => {
  let supervisor: string;
  beforeAll(async () => {
    ({ token: supervisor } = await a.login('sup.sara'));
  });

  it('keeps every ack of one alert raced to A and B, and refuses those past the limit on both', async () => {
    const alert = await a.gateway.alerts.raise({ kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId: 'desk-fleet-ack', message: 'Audit sync is behind' });
    const answers = await split([a, b], ALERT_MAX_ACKS + 4, (gw, i) =>
      gw.route('ackAlert', { params: { alertId: alert.alertId }, token: supervisor, body: { note: `fleet note ${i}` } }),
    );
    expect(statuses(answers)).toEqual({ 200: ALERT_MAX_ACKS, 409: 4 });
    const stored = await b.gateway.store.alerts.find(alert.alertId);
    expect(stored?.acks).toHaveLength(ALERT_MAX_ACKS);
    // Each accepted ack is stored once: the 20 stored notes are 20 different ones, and each answer (read after its commit) holds its own.
    expect(new Set(stored?.acks.map((k) => k.note)).size).toBe(ALERT_MAX_ACKS);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 200) expect(answer.body.acks.map((k) => k.note)).toContain(`fleet note ${i}`);
    }
    // The alert list still reads on both instances (an alert past the cap no longer parsed, and took the list down with it).
    for (const gw of [a, b]) expect((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).status).toBe(200);
  });

  // Header values go out as bytes: unicode digits as a hostile client would send them, UTF-8.
  const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
  // Each raise is one find-or-insert under a per-subject database lock (alert-repo.ts foldOrInsert).
  it('keeps one open alert per subject when A and B raise it at the same instant', async () => {
    const duplicates: string[] = [];
    for (let round = 0; round < 20; round++) {
      const deviceId = `desk-fleet-raise-${round}`;
      const input = { kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId, message: 'Audit sync is behind' } as const;
      await Promise.all([a.gateway.alerts.raise(input), b.gateway.alerts.raise(input)]);
      const open = (await a.gateway.alerts.list('open')).filter((al) => al.deviceId === deviceId);
      if (open.length !== 1) duplicates.push(`${deviceId}: ${open.length} open`);
    }
    expect(duplicates).toEqual([]);
  });

  // A spraying address has no user or device: its subject is the address, kept with the alert in one transaction.
  it('keeps one open per-address alert when failed sign-ins from one address reach A and B at the same instant', async () => {
    const { perSourceThreshold, windowMinutes } = a.gateway.config.alerts.failedLogins;
    const duplicates: string[] = [];
    for (let round = 0; round < 20; round++) {
      const source = `198.51.100.${round + 1}`;
      // The address stands one short of its threshold; then one failure on each instance at once puts it over on both.
      for (let i = 1; i < perSourceThreshold; i++) await a.gateway.live.windows.hit('failed_logins_source', source, a.clock.now(), windowMinutes * 60_000);
      await split([a, b], 4, (gw, i) => gw.gateway.alerts.noteFailedLogin({ username: `spray-${round}-${i}`, userId: null, source }));
      const open = (await a.gateway.alerts.list('open')).filter((al) => al.kind === 'failed_logins_source' && al.message.includes(` ${source} `));
      if (open.length !== 1) duplicates.push(`${source}: ${open.length} open`);
      else expect(open[0]?.occurrences).toBe(4);
    }
    expect(duplicates).toEqual([]);
  });

  /** A stream on B opened with this Last-Event-ID delivers the next event a desk sends to A. */
  const streamOnBSeesNextEventFromA = async (lastEventId: string): Promise<void> => {
    const stream = await watchStream(`${b.url}/v1/supervisor/stream`, supervisor, { 'last-event-id': lastEventId });
    try {
      const desk = new TestDevice();
      const { token } = await a.login('agent.ana', { device: desk });
      const marker = desk.event();
      expect((await a.route('auditBatches', { token, body: desk.batch(desk.append([marker])) })).status).toBe(200);
      await stream.waitFor((e) => e.type === 'audit' && e.data.event.id === marker.id);
    } finally {
      stream.close();
    }
  };

  const HOSTILE_IDS = ['-1', '1e309', '99999999999999999999', asBytes('١٢٣'), asBytes('１２'), '0x10', '1.5', ' ', 'abc', '9'.repeat(4000)];
  for (const hostile of HOSTILE_IDS) {
    it(`answers a Last-Event-ID of ${JSON.stringify(hostile.length > 20 ? `${hostile.slice(0, 8)}… (${hostile.length} chars)` : hostile)} on B with a working stream`, async () => {
      await streamOnBSeesNextEventFromA(hostile);
      // Both instances still answer.
      for (const gw of [a, b]) expect((await gw.route('agents', { token: supervisor })).status).toBe(200);
    });
  }

  it('does not swallow live events for a stream resumed from an id past the newest (a feed that was reset, or a forged id)', async () => {
    const past = (await b.gateway.live.feed.lastId()) + 1_000_000;
    await streamOnBSeesNextEventFromA(String(past));
  });

  it('accepts a heartbeat raced to A and B once', async () => {
    const desk = new TestDevice();
    const { token } = await a.login('agent.ana', { device: desk });
    const heartbeat = desk.heartbeat(a.clock.now(), { state: 'active', queueDepth: 1 });
    const answers = await split([a, b], 6, (gw) => gw.route('heartbeat', { token, body: heartbeat }));
    expect(statuses(answers)).toEqual({ 200: 1, 409: 5 });
  });
});

describe('an instance whose database connections are killed mid-request', () => {
  // Before the fix in open-store.ts this run died of an uncaught 'error' (57P01) from a checked-out pool client.
  it('never loses an acknowledged batch: each answer is 200 (stored) or a typed 5xx, and a retry stores it once', async ({ annotate }) => {
    const pair = await fleet();
    const [x, y] = pair;
    const name = new URL(x.database ?? '').pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      const desk = new TestDevice();
      const { token } = await x.login('agent.ana', { device: desk });
      const sent = [];
      const seen: number[] = [];
      for (let round = 0; round < 8; round++) {
        const events = [desk.event(), desk.event(), desk.event()];
        sent.push(...events);
        const batch = desk.batch(desk.append(events));
        const answer = x.route('auditBatches', { token, body: batch });
        await new Promise((resolve) => setTimeout(resolve, round * 2));
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        let got = await answer;
        seen.push(got.status);
        expect([200, 503], `${got.status} ${got.text.slice(0, 200)}`).toContain(got.status);
        for (let retry = 0; got.status !== 200 && retry < 5; retry++) got = await (retry % 2 === 0 ? y : x).route('auditBatches', { token, body: batch });
        expect(got.status).toBe(200);
        expect(got.body.ackedThroughSeq).toBe(3 * (round + 1));
      }
      await annotate(`first answers while connections were killed: ${seen.join(', ')}`);
      const stored = (await y.gateway.store.audit.since(0, 10_000)).filter((s) => s.event.deviceId === desk.deviceId);
      expect(stored.map((s) => s.event.event.id)).toEqual(sent.map((e) => e.id));
      expect(stored.map((s) => s.event.seq)).toEqual(sent.map((_, i) => i + 1));
    } finally {
      await admin.end();
    }
  });
});

describe('an instance whose database stops answering', () => {
  /** Refuses new connections to the fleet's database and ends the open ones, as an outage or failover would. */
  const cutDatabase = async (gw: RunningGateway, allow: boolean): Promise<void> => {
    const name = new URL(gw.database ?? '').pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`);
      if (!allow) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
  };

  it('answers a typed 503 while the database is gone, loses no acknowledged batch, and recovers (the stream on B too)', async () => {
    const pair = await fleet();
    const [x, y] = pair;
    const desk = new TestDevice();
    const { token } = await x.login('agent.ana', { device: desk });
    const { token: supervisor } = await x.login('sup.sara');
    const first = desk.event();
    expect((await x.route('auditBatches', { token, body: desk.batch(desk.append([first])) })).status).toBe(200);

    const second = desk.event();
    const pending = desk.batch(desk.append([second]));
    await cutDatabase(x, false);
    try {
      const during = await x.route('auditBatches', { token, body: pending });
      expect(during.status).toBe(503);
      expect(during.error?.code).toBeDefined();
      expect(during.text).not.toContain('terminat');
      const readiness = await x.call('GET', '/ready');
      expect(readiness.status).toBe(503);
    } finally {
      await cutDatabase(x, true);
    }

    const stream = await watchStream(`${y.url}/v1/supervisor/stream`, supervisor);
    try {
      const again = await x.route('auditBatches', { token, body: pending });
      expect(again.status).toBe(200);
      expect(again.json.ackedThroughSeq).toBe(2);
      await stream.waitFor((e) => e.type === 'audit' && e.data.event.id === second.id);
    } finally {
      stream.close();
    }
    const stored = (await y.gateway.store.audit.since(0, 10_000)).filter((s) => s.event.deviceId === desk.deviceId);
    expect(stored.map((s) => s.event.event.id)).toEqual([first.id, second.id]);
  });
});
