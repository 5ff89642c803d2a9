// Issue 10 "Done when": generated card numbers, written with generated Unicode
// separators and digits, are thrown at every free-text (and number) field of
// every route in shared/api.ts and at every route's URL (path segments, query
// strings, raw and URL-encoded), over real HTTP on 127.0.0.1. Then the
// gateway's database file, WAL and log are scanned byte for byte, and so is
// what a supervisor's SSE stream received, with a scanner independent of
// findPans (decode, NFKC, every Unicode digit to its value, drop the rest,
// search the exact digits sent): zero hits.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/core/hashing.ts';
import { routes, type RouteName, type RouteSpec } from '../../../shared/api.ts';
import { chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { AuditBatchEntry, HeartbeatBody } from '../../../shared/api.ts';
import { EnrolmentPresentationSchema } from '../../../shared/schemas/admin.ts';
import { createAccount, createNewcomer } from '../../harness/gateway/accounts.ts';
import { createSerialQueue } from '../../../server/serial-queue.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { describeProbe, fillPath, probesOf, shapesOf, withValueAt, type JsonPath, type Probe, type RequestPart } from '../../harness/gateway/route-probes.ts';
import { unicodeWrittenPanArb, type WrittenPan } from '../../harness/arbitraries/unicode-pan-arbitraries.ts';
import { STANDARD_TEST_PANS } from '../../harness/arbitraries/pan-arbitraries.ts';
import { testPan } from '../../harness/records/source-records.ts';
import { completeTraining } from '../../harness/training/training-material.ts';

/**
 * Generated card numbers per probe (route × field, route × URL position); the total grows with the route table.
 * At 40 per probe the file took 27-35 s per engine on a quiet machine once the single sign-on, enrolment-grant and
 * session-watch routes joined; 30 keeps every probe's share and the suite's time; 160 per probe starved the timed
 * tests that `npm test` runs beside it on two cores.
 */
const CASES_PER_PROBE = 30;
const PARALLEL = 8;
const SEED = 20_261_201;
const PROBE_PASSWORD = 'probe-account-password-2026';
/** The account the admin routes' probes change (never one the login probes use). */
const PROBE_TARGET = 'u-probe-target';
const TRAINING_PUBLISH: readonly RouteName[] = ['adminPublishPolicy', 'adminPublishModule'];

const URL_ENCODINGS = ['raw', 'component', 'double', 'form'] as const;
type UrlEncoding = (typeof URL_ENCODINGS)[number];
const encodeAs = (encoding: UrlEncoding, text: string): string => {
  switch (encoding) {
    case 'raw':
      return text;
    case 'component':
      return encodeURIComponent(text);
    case 'double':
      return encodeURIComponent(encodeURIComponent(text));
    case 'form':
      return encodeURIComponent(text).replaceAll('%20', '+');
  }
};

interface Case {
  readonly probe: Probe;
  readonly card: WrittenPan;
  readonly text: string;
  readonly encoding: UrlEncoding;
}

/** Shows a written form with every non-ASCII character escaped, for the failure message. */
const visible = (text: string): string =>
  Array.from(text, (ch) => ch).map((ch) => ((ch.codePointAt(0) ?? 0) < 0x7f && (ch.codePointAt(0) ?? 0) >= 0x20 ? ch : `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`)).join('');

let gw: RunningGateway;
let agent: string;
let supervisor: string;
/** A newcomer's first-sign-in session: the account-setup routes are probed through it (their password checks count on its account only). */
let newcomer: string;
let admin: string;
/** An admin-kind alert, for the admin acknowledgement route. */
let adminAlertId: string;
/** Enrolled only to be revoked: the revoke probes carry their values past validation without ending the probe desk. */
let revokable: TestDevice;
let desk: TestDevice;
let subscription: { customerId: string; subscriptionId: string };
let alertId: string;
let refresh: { token: string; deviceId: string };
/** The desk behind `refresh`: refresh and reauth carry its signature over the token. */
let probeDesk: TestDevice;
/** The desk of the token-less heartbeats: a "locked" one locks its session at the gateway, so not the session the other probes use. */
let lockedDesk: TestDevice;
let sse: { text: () => string; close(): void };
/** The desk's batches and heartbeats, one at a time: each is built on the stored head, and heartbeat signing times strictly increase. */
const deskQueue = createSerialQueue();
// Refresh and reauth rotate the refresh token: one at a time, each probe carrying the latest, so they reach past the token check.
const sessionQueue = createSerialQueue();

/** The raw supervisor stream, as received: every byte is scanned, parsed or not. */
async function openRawStream(token: string): Promise<{ text: () => string; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(`${gw.url}/v1/supervisor/stream`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}`);
  const decoder = new TextDecoder();
  let received = '';
  const reader = response.body.getReader();
  void (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += decoder.decode(chunk.value, { stream: true });
    } catch {
      // Closed by the test.
    }
  })();
  return { text: () => received, close: () => abort.abort() };
}

/** Valid parts for each route, so an injected value travels as deep as the gateway lets it. */
function baseParts(probe: Probe): Partial<Record<RequestPart, unknown>> {
  const spec: RouteSpec = routes[probe.route];
  // The probe's variant (a lookup by card, a heartbeat whose trail check failed) as generated from the schema.
  const generated: Partial<Record<RequestPart, unknown>> = {};
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = spec[part];
    if (schema !== undefined) generated[part] = shapesOf(schema)[probe.kind === 'field' ? probe.variant : 0]?.base;
  }
  const fresh = (): Record<string, unknown> => new TestDevice().info();
  const lastHour = (): Record<string, string> => ({
    from: new Date(gw.clock.now() - 3_600_000).toISOString(),
    to: new Date(gw.clock.now() + 3_600_000).toISOString(),
  });
  // The desk signed in as the agent; sealHeartbeat fills in its head, signing time and signature when sent.
  const heartbeatOf = (state: 'active' | 'locked') => ({ body: { ...(generated.body as Record<string, unknown>), deviceId: (state === 'locked' ? lockedDesk : desk).deviceId, state } });
  const bases: Partial<Record<RouteName, () => Partial<Record<RequestPart, unknown>>>> = {
    challenge: () => ({ body: { deviceId: new TestDevice().deviceId } }),
    // A wrong password locks its account: password probes use one account, everything else another.
    login: () => ({
      body: {
        username: probe.kind === 'field' && probe.path[0] === 'password' ? 'probe.lena' : 'probe.max',
        password: PROBE_PASSWORD,
        device: fresh(),
      },
    }),
    refresh: () => ({ body: { refreshToken: refresh.token, deviceId: refresh.deviceId } }),
    reauth: () => ({ body: { password: PROBE_PASSWORD, refreshToken: refresh.token, deviceId: refresh.deviceId } }),
    logout: () => ({ body: { refreshToken: randomUUID() } }),
    changePassword: () => ({ body: { currentPassword: PROBE_PASSWORD, newPassword: 'Quiet harbour lantern 42' } }),
    confirmMfa: () => ({ body: { code: '123456' } }),
    customer: () => ({ params: { customerId: 'CUS-000001' } }),
    addNote: () => ({ params: { customerId: 'CUS-000002' }, body: { text: 'Called back about the parcel' } }),
    extendSubscription: () => ({ params: subscription, body: { days: 1, reason: 'Goodwill for the late parcel' } }),
    auditBatches: () => ({
      body: {
        deviceId: desk.deviceId,
        batchId: randomUUID(),
        entries: [{ seq: 1, prevHash: GENESIS_HASH, hash: GENESIS_HASH, event: desk.event({ actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } }) }],
        signature: 'A'.repeat(86),
      },
    }),
    heartbeat: () => heartbeatOf('active'),
    // Without an access token only a locked desk is heard, on the session its last heartbeat carried.
    deviceHeartbeat: () => heartbeatOf('locked'),
    auditSearch: () => ({ query: {} }),
    alerts: () => ({ query: {} }),
    ackAlert: () => ({ params: { alertId }, body: { note: 'Checked with the agent' } }),
    activityReport: () => ({ query: lastHour() }),
    floorReport: () => ({ query: lastHour() }),
    adminCreateUser: () => ({ body: { username: 'probe.new', displayName: 'Probe Newcomer', roles: ['agent'], reason: 'Probe onboarding' } }),
    adminSetRoles: () => ({ params: { userId: PROBE_TARGET }, body: { roles: ['agent'], reason: 'Probe least privilege' } }),
    ...Object.fromEntries(
      (['adminDisableUser', 'adminEnableUser', 'adminUnlockUser', 'adminResetMfa', 'adminResetPassword'] as const).map((name) => [
        name,
        () => ({ params: { userId: PROBE_TARGET }, body: { reason: 'Probe account change' } }),
      ]),
    ),
    adminAccessReview: () => ({ query: { format: 'json' } }),
    adminSignOffReview: () => ({ body: { note: 'Probe sign-off' } }),
    adminAckAlert: () => ({ params: { alertId: adminAlertId }, body: { note: 'Checked the account' } }),
    issueEnrolment: () => ({ body: { kind: 'code', reason: 'A new desk for the second floor' } }),
    revokeDevice: () => ({ params: { deviceId: revokable.deviceId }, body: { reason: 'The laptop was reported stolen' } }),
  };
  return { ...generated, ...bases[probe.route]?.() };
}

/** A heartbeat with the injected value in place, reporting the desk's stored head, signed now by the desk, unless the probe hit those fields. */
async function sealHeartbeat(body: Record<string, unknown>, injected: JsonPath, signer: TestDevice = desk): Promise<unknown> {
  const head = (await gw.gateway.store.audit.head(signer.deviceId)) ?? { seq: 0, hash: GENESIS_HASH };
  const hit = (field: string): boolean => injected.join('.') === field;
  const { signature, sentAt, queueHead, ...fields } = body as Record<string, unknown> & { queueHead?: Record<string, unknown> };
  const signed = signer.heartbeat(gw.clock.now(), {
    ...(fields as Partial<HeartbeatBody>),
    queueHead: { seq: hit('queueHead.seq') ? queueHead?.seq : head.seq, hash: hit('queueHead.hash') ? queueHead?.hash : head.hash } as HeartbeatBody['queueHead'],
    ...(hit('syncedThroughSeq') ? {} : { syncedThroughSeq: head.seq }),
    ...(hit('sentAt') ? { sentAt: sentAt as string } : {}),
  });
  return hit('signature') ? { ...signed, signature } : signed;
}

/** An audit batch with the injected value in place, chained on the device's stored head and signed by the device, unless the probe hit those fields. */
async function sealBatch(body: Record<string, unknown>, injected: JsonPath): Promise<unknown> {
  const head = await gw.gateway.store.audit.head(desk.deviceId);
  const hit = (field: string): boolean => injected.includes(field);
  const [entry] = body.entries as (Record<string, unknown> & { event: unknown })[];
  if (entry === undefined) return body;
  const seq = hit('seq') ? entry.seq : (head?.seq ?? 0) + 1;
  const prevHash = hit('prevHash') ? entry.prevHash : (head?.hash ?? GENESIS_HASH);
  const hash = hit('hash') ? entry.hash : sha256Hex(chainMessage(String(prevHash), Number(seq), canonicalJson(entry.event)));
  const sealed = { ...entry, seq, prevHash, hash } as unknown as AuditBatchEntry;
  const signed = desk.batch([sealed], { batchId: String(body.batchId) });
  return { ...body, entries: [sealed], signature: hit('signature') ? body.signature : signed.signature };
}

async function send(testCase: Case): Promise<number> {
  const { probe, text, encoding, card } = testCase;
  const spec = routes[probe.route];
  let parts = baseParts(probe);
  if (probe.kind === 'field') {
    const value = probe.type === 'number' && Number.isSafeInteger(Number(card.pan)) ? Number(card.pan) : text;
    parts = { ...parts, [probe.part]: withValueAt(parts[probe.part], probe.path, value) };
  }
  const injectedParam = probe.kind === 'field' && probe.part === 'params' ? String(probe.path[0]) : null;
  let url = fillPath(spec.path, (parts.params ?? {}) as Record<string, unknown>, (segment) =>
    injectedParam !== null && segment === text ? encodeAs(encoding, segment) : encodeURIComponent(segment),
  );
  const query = Object.entries((parts.query ?? {}) as Record<string, unknown>).map(([key, value]) => {
    const injected = probe.kind === 'field' && probe.part === 'query' && probe.path[0] === key;
    return `${key}=${injected ? encodeAs(encoding, String(value)) : encodeURIComponent(String(value))}`;
  });
  if (probe.kind === 'url' && probe.at === 'extra-segment') url += `/${encodeAs(encoding, text)}`;
  if (probe.kind === 'url' && probe.at === 'extra-query') query.push(`probe=${encodeAs(encoding, text)}`);
  if (query.length > 0) url += `?${query.join('&')}`;

  let body = parts.body;
  if (probe.route === 'auditBatches' && typeof body === 'object' && body !== null) {
    const injectedPath = probe.kind === 'field' ? probe.path : [];
    const unsealed = body as Record<string, unknown>;
    return deskQueue.run(async () => exchange(spec.method, url, probe.route, await sealBatch(unsealed, injectedPath)));
  }
  if ((probe.route === 'heartbeat' || probe.route === 'deviceHeartbeat') && typeof body === 'object' && body !== null) {
    const injectedPath = probe.kind === 'field' ? probe.path : [];
    const unsealed = body as Record<string, unknown>;
    const signer = probe.route === 'deviceHeartbeat' ? lockedDesk : desk;
    return deskQueue.run(async () => exchange(spec.method, url, probe.route, await sealHeartbeat(unsealed, injectedPath, signer)));
  }
  body = spec.method === 'POST' ? (body ?? {}) : undefined;
  const injectedAt = probe.kind === 'field' && probe.part === 'body' ? String(probe.path[0]) : null;
  if (probe.route === 'login' && typeof body === 'object' && body !== null && injectedAt !== 'proof') {
    // A real challenge signed by a real device key, so the injected value travels past the proof check.
    const signer = new TestDevice();
    const login = body as { username?: unknown; device?: Record<string, unknown> };
    const injectedDeviceField = injectedAt === 'device' && probe.kind === 'field' ? String(probe.path[1]) : null;
    const device = { ...signer.info(), ...(injectedDeviceField === null ? {} : { [injectedDeviceField]: login.device?.[injectedDeviceField] }) };
    const challenge = await gw.call('POST', '/v1/auth/challenge', { body: { deviceId: signer.deviceId } });
    // The harness's policy token unless the probe hit the presentation: a presentation that parses is signed as sent.
    const presented = injectedAt === 'enrolment' ? (login as { enrolment?: unknown }).enrolment : gw.enrolment;
    const signable = EnrolmentPresentationSchema.safeParse(presented);
    const proof = signer.loginProof(String(challenge.json.nonce), String(login.username), signable.success ? { enrolment: signable.data } : {});
    body = { ...login, device, proof, enrolment: presented };
  }
  if (probe.route === 'refresh' || probe.route === 'reauth') {
    const purpose = probe.route;
    return sessionQueue.run(async () => {
      const injectedToken = injectedAt === 'refreshToken';
      const current =
        injectedToken || typeof body !== 'object' || body === null
          ? body
          : { ...body, refreshToken: refresh.token, ...(injectedAt === 'signature' ? {} : { signature: probeDesk.sessionProof(purpose, refresh.token).signature }) };
      return exchange(spec.method, url, probe.route, current, (answer) => {
        const next = (answer as { tokens?: { refreshToken?: unknown } }).tokens?.refreshToken;
        if (typeof next === 'string') refresh = { ...refresh, token: next };
      });
    });
  }
  return exchange(spec.method, url, probe.route, body);
}

async function exchange(method: string, url: string, route: RouteName, body: unknown, onJson?: (answer: unknown) => void): Promise<number> {
  const access = routes[route].access;
  const token =
    access === 'public' ? undefined : access === 'account' ? newcomer : access.startsWith('supervisor.') ? supervisor : access.startsWith('admin.') ? admin : agent;
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${gw.url}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // A stream answer is never read to its end; its frames reach the supervisor's stream that is scanned.
    if (response.headers.get('content-type')?.startsWith('text/event-stream') === true) await response.body?.cancel();
    else {
      const text = await response.text();
      if (response.status === 200 && onJson !== undefined) onJson(JSON.parse(text));
    }
    return response.status;
  } catch {
    // A URL the client itself cannot send (fetch refuses it) reaches nothing.
    return 0;
  }
}

/** Every file the gateway writes: its data folder (the SQLite database, its WAL and shared memory, the log), or its PostgreSQL tables' and indexes' files. */
const gatewayFiles = () => filesAtRest(gw, { cluster: 'gateway-relations' });

async function scanAll(sent: ReadonlySet<string>): Promise<Map<string, Set<string>>> {
  const places = new Map<string, Set<string>>();
  const note = (where: string, found: Set<string>) => {
    for (const pan of found) places.set(pan, (places.get(pan) ?? new Set()).add(where));
  };
  for (const file of await gatewayFiles()) note(file.name, sentNumbersIn(digitStreams(file.bytes), sent));
  note('supervisor SSE stream', sentNumbersIn(digitStreams(sse.text()), sent));
  return places;
}

let cases: Case[] = [];

beforeAll(async () => {
  gw = await startGateway({
    customers: 20,
    // Caps set out of the way so each value reaches as far into the gateway as it can; the caps have their own tests.
    config: {
      authRateLimitPerMinute: 1_000_000,
      customerAccess: { cardLookups: { max: 1_000_000 }, recordReads: { max: 1_000_000 }, extensionDays: { maxDays: 1_000_000_000 } },
      presence: { deviceHeartbeatsPerMinutePerIp: 1_000_000 },
      // A session watch answers almost at once here, as if its hold ran out; holding it is tested in session-watch.test.ts.
      sessionWatch: { holdMs: 20, maxPerSession: 1_000 },
    },
  });
  for (const [userId, username] of [
    ['u-probe-max', 'probe.max'],
    ['u-probe-lena', 'probe.lena'],
    ['u-probe-ida', 'probe.ida'],
    [PROBE_TARGET, 'probe.target'],
  ] as const) {
    await createAccount(gw.gateway, { userId, username, password: PROBE_PASSWORD, createdAt: gw.clock.now() });
  }
  await createNewcomer(gw.gateway, { userId: 'u-probe-nina', username: 'probe.nina', oneTimePassword: PROBE_PASSWORD, now: gw.clock.now() });
  const newcomerLogin = await gw.attemptLogin('probe.nina', PROBE_PASSWORD);
  newcomer = newcomerLogin.body.tokens.accessToken;
  desk = new TestDevice();
  agent = (await gw.login('agent.ana', { device: desk })).token;
  supervisor = (await gw.login('sup.sara')).token;
  admin = (await gw.login('admin.ivan')).token;
  revokable = (await gw.login('agent.ben')).device;
  probeDesk = new TestDevice();
  // Its own account: a wrong password sent to reauth may lock it without stopping the login probes.
  const probeLogin = await gw.attemptLogin('probe.ida', PROBE_PASSWORD, { device: probeDesk });
  const probeGrant = probeLogin.body;
  refresh = { token: probeGrant.tokens.refreshToken, deviceId: probeDesk.deviceId };
  for (let n = 1; n <= 20; n++) {
    const set = await gw.gateway.store.customers.detail(`CUS-${String(n).padStart(6, '0')}`);
    const active = set?.subscriptions.find((s) => s.status !== 'cancelled');
    if (set !== null && active !== undefined) {
      subscription = { customerId: set.customer.customerId, subscriptionId: active.subscriptionId };
      break;
    }
  }
  const raised = await gw.gateway.alerts.raise({ kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId: desk.deviceId, message: 'probe target' });
  alertId = raised.alertId;
  adminAlertId = (await gw.gateway.alerts.raise({ kind: 'account_locked', severity: 'warning', userId: PROBE_TARGET, deviceId: null, message: 'probe target' })).alertId;
  sse = await openRawStream(supervisor);
  // The desk's session is heard once, so token-less heartbeats from it (locked) have a session to speak for.
  const first = await deskQueue.run(async () => exchange('POST', routes.heartbeat.path, 'heartbeat', await sealHeartbeat({ ...desk.heartbeat(gw.clock.now()) }, [])));
  if (first !== 200) throw new Error(`the desk's first heartbeat answered ${first}`);
  lockedDesk = new TestDevice();
  const lockedToken = (await gw.attemptLogin('probe.max', PROBE_PASSWORD, { device: lockedDesk })).body.tokens.accessToken;
  const heard = await gw.route('heartbeat', { token: lockedToken, body: lockedDesk.heartbeat(gw.clock.now()) });
  if (heard.status !== 200) throw new Error(`the locked desk's first heartbeat answered ${heard.status}`);

  const probes = probesOf(routes);
  const written = fc.sample(
    fc.record({
      // Generated numbers only: the demo customers' cards are the standard test PANs, whose BIN, last 4 and mask
      // the store rightly holds, and a byte scan that bridges gaps can read those back as the whole number
      // (4111111111111111 is its BIN, then its last 4 twice and two more ones: it was "found" so, once in many runs).
      card: unicodeWrittenPanArb.filter((w) => !(STANDARD_TEST_PANS as readonly string[]).includes(w.pan)),
      encoding: fc.constantFrom(...URL_ENCODINGS),
      before: fc.constantFrom('', 'ref ', 'Caller read out '),
      after: fc.constantFrom('', ' thanks', ' twice'),
    }),
    { numRuns: probes.length * CASES_PER_PROBE, seed: SEED },
  );
  // Round-robin over the probes, so every field of every route gets its share of the cases.
  const all = written.map(({ card, encoding, before, after }, i) => ({
    probe: probes[i % probes.length] ?? { route: 'health', kind: 'url', at: 'extra-query' },
    card,
    text: `${before}${card.written}${after}`,
    encoding,
  }));
  // A published policy or module closes customer data until it is done (#26): those go last, so every customer probe travels as deep as before.
  const publishes = (c: Case): boolean => TRAINING_PUBLISH.includes(c.probe.route);
  cases = [...all.filter((c) => !publishes(c)), ...all.filter(publishes)];
}, 120_000);

afterAll(async () => {
  sse.close();
  await gw.close();
});

describe('no card number reaches the gateway’s files or a supervisor, whatever route, field or encoding carries it', () => {
  it('covers every route of shared/api.ts, and the scan finds nothing before the attack', async () => {
    const covered = new Set(cases.map((c) => c.probe.route));
    expect([...covered].sort()).toEqual(Object.keys(routes).sort());
    expect(cases.length).toBeGreaterThanOrEqual(CASES_PER_PROBE * Object.keys(routes).length);
    expect((await scanAll(new Set(cases.map((c) => c.card.pan)))).size).toBe(0);
  });

  it('finds zero of the sent card numbers in the database, WAL, log or SSE stream after the attack', async () => {
    const statuses = new Map<string, Map<number, number>>();
    for (let i = 0; i < cases.length; i += PARALLEL) {
      const chunk = cases.slice(i, i + PARALLEL);
      const answers = await Promise.all(chunk.map(send));
      for (const [j, status] of answers.entries()) {
        const label = describeProbe(chunk[j]?.probe ?? { route: 'health', kind: 'url', at: 'extra-query' });
        const counts = statuses.get(label) ?? new Map<number, number>();
        counts.set(status, (counts.get(status) ?? 0) + 1);
        statuses.set(label, counts);
      }
    }
    await completeTraining(gw, agent);
    // Wait on an event, not a clock: a note's audit event reaching the stream means everything before it has.
    const marker = await gw.route('addNote', { params: { customerId: 'CUS-000003' }, token: agent, body: { text: 'End of the probe run' } });
    const noteId = marker.body.noteId;
    await expect.poll(() => sse.text().includes(noteId), { timeout: 10_000 }).toBe(true);

    const places = await scanAll(new Set(cases.map((c) => c.card.pan)));
    // A found number convicts the one case that sent it; a standard test PAN sent by several cases only suspects them.
    const senders = new Map<string, number>();
    for (const c of cases) senders.set(c.card.pan, (senders.get(c.card.pan) ?? 0) + 1);
    const leaks = new Map<string, { convicted: number; suspected: number; places: Set<string>; example: string }>();
    for (const c of cases) {
      const where = places.get(c.card.pan);
      if (where === undefined) continue;
      const label = describeProbe(c.probe);
      const leak = leaks.get(label) ?? { convicted: 0, suspected: 0, places: new Set<string>(), example: '' };
      if (senders.get(c.card.pan) === 1) {
        leak.convicted += 1;
        leak.example ||= `${c.encoding}: ${visible(c.text)}`;
        for (const p of where) leak.places.add(p);
      } else leak.suspected += 1;
      leaks.set(label, leak);
    }
    const answers = (label: string): string => [...(statuses.get(label) ?? new Map<number, number>())].map(([s, n]) => `${s}×${n}`).join(' ');
    const report = [...leaks]
      .filter(([, l]) => l.convicted > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, l]) => `${label}: ${l.convicted} cases → ${[...l.places].sort().join(', ')} [answers ${answers(label)}] e.g. ${l.example}`);
    const suspected = [...leaks].filter(([, l]) => l.convicted === 0).map(([label]) => label);
    // A hostile value is refused with a clear 4xx; a 5xx means it got past validation and broke something.
    const serverErrors = [...statuses].filter(([, counts]) => [...counts.keys()].some((status) => status >= 500)).map(([label]) => `${label} [answers ${answers(label)}]`);
    // The gateway logs each 5xx with its cause: the message carries those lines, so a failure says why.
    const failures = serverErrors.length === 0 ? '' : readFileSync(gw.logPath, 'utf8').split('\n').filter((l) => l.includes('"level":50')).join('\n');
    expect.soft(serverErrors, `probes answered with a server error; the gateway logged:\n${failures}`).toEqual([]);
    // Where each found number is, by its last 4: a shared test PAN convicts no case, but its place still points at the leak.
    const where = [...places].map(([pan, found]) => `••••${pan.slice(-4)} in ${[...found].sort().join(', ')}`);
    expect(places.size, `card numbers found:\n${report.join('\n')}\n${where.join('\n')}\nonly through shared test PANs: ${suspected.join(', ')}`).toBe(0);
  }, 900_000);

  it('masks a card-shaped number a desk signs into a heartbeat before an alert quotes it', async () => {
    // A desk of its own: no open alert of this subject, so the rule's first message is stored (repeats would fold into it).
    const quoted = new TestDevice();
    const token = (await gw.login('agent.ana', { device: quoted })).token;
    // Card-shaped (Luhn, a Visa prefix) but no stored card's: see the comment on the generated cases.
    const cursor = Number(testPan('453201', 16));
    const answer = await gw.call('POST', routes.heartbeat.path, { token, body: quoted.heartbeat(gw.clock.now(), { syncedThroughSeq: cursor }) });
    expect(answer.status).toBe(200);
    const raised = (await gw.gateway.alerts.list('open')).filter((a) => a.deviceId === quoted.deviceId);
    expect(raised.map((a) => a.kind)).toContain('audit_chain_break');
    expect((await scanAll(new Set([String(cursor)]))).size).toBe(0);
  });
});
