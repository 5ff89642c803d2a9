// A typed in-memory window.agent for renderer tests: built from the contract
// (createContractAgentApi), checked with the same request and access rules main
// uses, with canned customers and a push-event emitter.
import { createContractAgentApi, type AgentApi } from '../../../shared/contract/agent-api.ts';
import { checkAccess, checkChannelName, checkRequest } from '../../../shared/contract/checks.ts';
import type { ContractChannelName } from '../../../shared/contract/channels.ts';
import type { ChannelName } from '../../../shared/contract/define.ts';
import type { PushEventName } from '../../../shared/contract/push-events.ts';
import { BAD_CREDENTIALS, fail, ok, type Result } from '../../../shared/errors.ts';
import { mask } from '../../../shared/pan.ts';
import type { CustomerDetail, CustomerSummary, LookupRequest, Note } from '../../../shared/schemas/customer.ts';
import type { CurrentCall } from '../../../shared/schemas/calls.ts';
import type { SessionState, UserView } from '../../../shared/schemas/session.ts';
import { DEFAULT_STATE_THRESHOLDS } from '../../../shared/schemas/status.ts';
import type { AppStatus } from '../../../shared/schemas/status.ts';
import type { AgentPresence, Alert } from '../../../shared/schemas/supervision.ts';

export const FAKE_PASSWORD = 'correct-horse-battery';
/** The one code the fake accepts from an MFA account (agent.ben), like the gateway on every re-authentication. */
export const FAKE_OTP = '246810';

const USERS: Record<string, UserView> = {
  'agent.ana': { userId: 'u-agent-ana', username: 'agent.ana', displayName: 'Ana Agent', roles: ['agent'], mfaEnabled: false },
  'agent.ben': { userId: 'u-agent-ben', username: 'agent.ben', displayName: 'Ben Agent', roles: ['agent'], mfaEnabled: true },
  'sup.sara': { userId: 'u-sup-sara', username: 'sup.sara', displayName: 'Sara Supervisor', roles: ['supervisor'], mfaEnabled: false },
  'new.nia': { userId: 'u-new-nia', username: 'new.nia', displayName: 'Nia Newcomer', roles: ['agent'], mfaEnabled: false, pendingSetup: ['password_change', 'mfa_enrolment'] },
  'adm.ada': { userId: 'u-adm-ada', username: 'adm.ada', displayName: 'Ada Admin', roles: ['admin'], mfaEnabled: true },
  'ops.omar': { userId: 'u-ops-omar', username: 'ops.omar', displayName: 'Omar Ops', roles: ['supervisor', 'admin'], mfaEnabled: true },
  'priv.pia': { userId: 'u-priv-pia', username: 'priv.pia', displayName: 'Pia Privacy', roles: ['privacy'], mfaEnabled: true },
};
/** The one-time password of the newcomer new.nia, and the authenticator URI its enrolment shows. */
export const FAKE_ONE_TIME_PASSWORD = 'Temporary-Harbour-9431';
export const FAKE_OTPAUTH_URI = 'otpauth://totp/Sentinel%20Desk:new.nia?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Sentinel%20Desk&algorithm=SHA1&digits=6&period=30';

const card = { cardId: 'CRD-1', brand: 'visa' as const, masked: mask('4111111111111111'), last4: '1111', expiry: '11/28' };

/** A call ringing on the agent's desk, as main pushes it (call.current): two customers share the caller's number. */
export const FAKE_CALL: CurrentCall = {
  call: {
    callId: 'call-0000-0001',
    state: 'ringing',
    queue: 'Orders help',
    callerMasked: '••• 0958',
    offeredAt: '2026-11-23T09:00:00.000Z',
    matches: [
      { customerId: 'CUS-000001', nameMasked: 'G••• B•••', emailMasked: 'g•••@example.com', city: 'Amsterdam', country: 'NL' },
      { customerId: 'CUS-000007', nameMasked: 'L••• B•••', emailMasked: 'l•••@example.com', city: 'Amsterdam', country: 'NL' },
    ],
    truncated: false,
  },
};

export function fakeCustomer(overrides: Partial<CustomerDetail['customer']> = {}, notes: Note[] = []): CustomerDetail {
  return {
    revision: 'fake-revision-00000001',
    customer: {
      customerId: 'CUS-000001',
      displayName: 'Grace Berg',
      emailMasked: 'g•••@example.com',
      city: 'Amsterdam',
      country: 'NL',
      memberSince: '2022-02-20',
      cards: [card],
      phoneMasked: '••• 0958',
      postcode: '1012 JS',
      ...overrides,
    },
    orders: [
      {
        orderId: 'ORD-2026-0000010',
        placedAt: '2026-10-01T10:00:00.000Z',
        status: 'shipped',
        totalMinor: 24_900,
        currency: 'EUR',
        items: [{ sku: 'AUD-NC700', name: 'Noise-cancelling headphones', quantity: 1, unitPriceMinor: 24_900 }],
        payments: [{ transactionId: 'TXN-0000010123', status: 'captured', amountMinor: 24_900, currency: 'EUR', at: '2026-10-01T10:01:00.000Z', card, refunds: [] }],
        shipments: [
          {
            shipmentId: 'SHP-2026-0000010',
            carrier: 'DHL',
            trackingNumber: 'JD123456789GB',
            status: 'exception',
            eta: '2026-10-04',
            trackingUrl: 'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=JD123456789GB',
            history: [
              { at: '2026-10-01T11:00:00.000Z', status: 'label_created', location: 'Fulfilment centre, Leipzig' },
              { at: '2026-10-02T08:00:00.000Z', status: 'in_transit', location: 'DHL hub, Cologne' },
              { at: '2026-10-03T09:30:00.000Z', status: 'exception', location: 'DHL hub, Cologne', detail: 'Address incomplete: flat number missing' },
            ],
          },
        ],
      },
      {
        orderId: 'ORD-2026-0000011',
        placedAt: '2026-09-02T15:20:00.000Z',
        status: 'delivered',
        totalMinor: 14_480,
        currency: 'EUR',
        items: [
          { sku: 'ACC-DOCK4', name: 'USB-C dock', quantity: 1, unitPriceMinor: 8_990 },
          { sku: 'MSE-ERG2', name: 'Ergonomic mouse', quantity: 1, unitPriceMinor: 5_490 },
        ],
        payments: [
          {
            transactionId: 'TXN-0000011456',
            status: 'partially_refunded',
            amountMinor: 14_480,
            currency: 'EUR',
            at: '2026-09-02T15:21:00.000Z',
            card,
            refunds: [{ refundId: 'RF-0000011456', at: '2026-09-12T09:05:00.000Z', amountMinor: 5_490, reference: 'ARN 740212345678' }],
          },
        ],
        shipments: [
          {
            shipmentId: 'SHP-2026-0000011',
            carrier: 'DPD',
            trackingNumber: 'DP987654321GB',
            status: 'delivered',
            eta: null,
            trackingUrl: 'https://www.dpd.co.uk/apps/tracking/?parcel=DP987654321GB',
            history: [
              { at: '2026-09-02T16:00:00.000Z', status: 'label_created', location: 'Fulfilment centre, Leipzig' },
              { at: '2026-09-04T12:00:00.000Z', status: 'delivered', location: 'Front door, Amsterdam' },
            ],
          },
        ],
      },
    ],
    subscriptions: [
      { subscriptionId: 'SUB-000001-1', product: 'Cloud Backup Plus', kind: 'subscription', status: 'active', startedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z', autoRenew: true },
    ],
    notes,
  };
}

/** `before` after the carrier scanned its first order's parcel out for delivery, at a new revision: what main would push. */
export function fakeParcelScan(before: CustomerDetail): CustomerDetail {
  const [first, ...rest] = before.orders;
  if (first === undefined) throw new Error('no order');
  const shipments = first.shipments.map((s) => ({
    ...s,
    status: 'out_for_delivery' as const,
    history: [...s.history, { at: '2026-10-04T07:30:00.000Z', status: 'out_for_delivery' as const, location: 'Depot 3, Utrecht' }],
  }));
  return { ...before, revision: 'fake-revision-00000002', orders: [{ ...first, shipments }, ...rest] };
}

export interface FakeAgent {
  readonly agent: AgentApi;
  /** Every call that reached the fake, after the contract checks, with its parsed request. */
  readonly calls: { channel: string; request: unknown }[];
  emit(event: PushEventName, payload: unknown): void;
  /** Whether the renderer subscribes to `event` now: a test waits on it before emitting, since React subscribes in an effect after the paint. */
  listens(event: PushEventName): boolean;
  setSession(state: SessionState): void;
  customer: CustomerDetail;
  /** Further customers a card lookup for 4111… also finds (summaries only: opening one answers not_found). */
  alsoOnCard: CustomerSummary[];
  /** While false, a card lookup finds only alsoOnCard, not the fake customer. */
  cardFindsCustomer: boolean;
  /** While true, every lookup fails as if the gateway were down. */
  lookupsFail: boolean;
  appStatus: AppStatus;
}

/** Replaces the canned answer of a channel; gets the request after the contract checks. */
export type FakeHandler = (request: never) => Result<unknown> | Promise<Result<unknown>>;

export function createFakeAgent(
  options: { signedInAs?: keyof typeof USERS; customer?: CustomerDetail; handlers?: Partial<Record<ContractChannelName, FakeHandler>> } = {},
): FakeAgent {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: FakeAgent['calls'] = [];
  let session: SessionState = { status: 'signed_out' };
  const now = () => new Date().toISOString();
  const fake: FakeAgent = {
    agent: null as unknown as AgentApi,
    calls,
    customer: options.customer ?? fakeCustomer(),
    alsoOnCard: [],
    cardFindsCustomer: true,
    lookupsFail: false,
    appStatus: {
      appVersion: '0.1.0',
      deviceId: 'desk-fake-0001',
      platform: 'linux',
      server: 'https://gateway.example.com',
      captureProtection: 'unsupported',
      sensitiveViewsAllowed: true,
      policy: { idleLockMinutes: 15, maskReveal: 'last4', captureProtection: 'warn', unlockRequiresOtp: false, enrolsByPolicy: false, stateThresholds: DEFAULT_STATE_THRESHOLDS },
      serverTime: null,
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listens: (event) => (listeners.get(event)?.size ?? 0) > 0,
    setSession(state) {
      session = state;
      fake.emit('session.changed', state);
    },
  };
  if (options.signedInAs !== undefined) {
    const user = USERS[options.signedInAs];
    if (user !== undefined) session = { status: 'active', user, since: now() };
  }

  const user = (): UserView | null => (session.status === 'signed_out' ? null : session.user);
  const handlers: Record<string, FakeHandler> = {
    'session.state': () => ok(session),
    'session.login': (request: { username: string; password: string; otp?: string }) => {
      const found = USERS[request.username];
      // As the gateway: one refusal for every wrong or missing factor.
      if (found === undefined || request.password !== FAKE_PASSWORD || (found.mfaEnabled && request.otp !== FAKE_OTP)) return fail('invalid_credentials', BAD_CREDENTIALS);
      fake.setSession({ status: 'active', user: found, since: now() });
      return ok(found);
    },
    'session.lock': () => {
      const u = user();
      if (u !== null) fake.setSession({ status: 'locked', user: u, lockedAt: now(), reason: 'manual', otpRequired: false });
      return ok(session);
    },
    'session.unlock': (request: { password: string; otp?: string }) => {
      const u = user();
      if (u === null || request.password !== FAKE_PASSWORD || (u.mfaEnabled && request.otp !== FAKE_OTP)) return fail('invalid_credentials', BAD_CREDENTIALS);
      fake.setSession({ status: 'active', user: u, since: now() });
      return ok(session);
    },
    'session.ssoProviders': () => ok({ providers: [] }),
    'session.logout': () => {
      fake.setSession({ status: 'signed_out' });
      return ok({});
    },
    'account.changePassword': (request: { currentPassword: string; newPassword: string }) => {
      const u = user();
      if (u === null) return fail('unauthenticated', 'Sign in first');
      if (request.currentPassword !== FAKE_ONE_TIME_PASSWORD) return fail('invalid_credentials', 'The one-time password is wrong');
      if (request.newPassword.toLowerCase().includes('nia')) return fail('password_rejected', 'The password must not contain your name or username');
      const next: UserView = { ...u, pendingSetup: ['mfa_enrolment'] };
      fake.setSession({ status: 'active', user: next, since: now() });
      return ok(next);
    },
    'account.startMfa': () => ok({ otpauthUri: FAKE_OTPAUTH_URI, expiresAt: new Date(Date.now() + 600_000).toISOString() }),
    'account.confirmMfa': (request: { code: string }) => {
      const u = user();
      if (u === null) return fail('unauthenticated', 'Sign in first');
      if (request.code !== FAKE_OTP) return fail('invalid_credentials', 'That code is not the one your app shows now');
      const next: UserView = { ...u, mfaEnabled: true, pendingSetup: [] };
      fake.setSession({ status: 'active', user: next, since: now() });
      return ok(next);
    },
    'app.status': () => ok(fake.appStatus),
    'audit.status': () => ok({ state: 'idle', queueDepth: 3, oldestUnsyncedAgeMs: 4000, lastSuccessAt: null, lastError: null }),
    'customers.lookup': (request: LookupRequest) => {
      if (fake.lookupsFail) return fail('server_unreachable', 'The gateway did not answer');
      const c = fake.customer.customer;
      const match =
        (request.by === 'customerId' && request.value === c.customerId) ||
        (request.by === 'order' && fake.customer.orders.some((o) => o.orderId === request.value || o.payments.some((p) => p.transactionId === request.value))) ||
        (request.by === 'card' && request.value === '4111111111111111');
      const { phoneMasked: _phone, postcode: _postcode, ...summary } = c;
      const more = request.by === 'card' && match ? fake.alsoOnCard : [];
      const found = match && (request.by !== 'card' || fake.cardFindsCustomer) ? [summary] : [];
      return ok({ by: request.by, results: [...found, ...more], truncated: false });
    },
    'customers.get': (request: { customerId: string }) =>
      request.customerId === fake.customer.customer.customerId ? ok(fake.customer) : fail('not_found', 'No customer with that ID'),
    'customers.follow': () => ok({}),
    'customers.unfollow': () => ok({}),
    'notes.add': (request: { customerId: string; text: string }) => {
      const note: Note = { noteId: `N-${fake.customer.notes.length + 1}`, customerId: request.customerId, authorId: 'u-agent-ana', authorName: 'agent.ana', at: now(), text: request.text };
      fake.customer = { ...fake.customer, notes: [note, ...fake.customer.notes] };
      return ok(note);
    },
    'subscriptions.extend': (request: { subscriptionId: string; days: number }) => {
      const sub = fake.customer.subscriptions.find((s) => s.subscriptionId === request.subscriptionId);
      if (sub === undefined) return fail('not_found', 'No such subscription');
      return ok({ ...sub, expiresAt: new Date(Date.parse(sub.expiresAt) + request.days * 86_400_000).toISOString() });
    },
    'supervisor.agents': () =>
      ok([
        { userId: 'u-agent-ana', username: 'agent.ana', displayName: 'Ana Agent', deviceId: 'desk-1', state: 'active', captureProtection: 'unsupported', queueDepth: 0, appVersion: '0.1.0', lastSeenAt: now(), stateSince: now(), auditIntegrity: 'ok' } satisfies AgentPresence,
      ]),
    'supervisor.alerts': () =>
      ok([
        { alertId: 'A-1', kind: 'card_lookup_burst', severity: 'warning', raisedAt: now(), userId: 'u-agent-ana', deviceId: 'desk-1', message: 'agent.ana made 25 card lookups within 10 minutes', status: 'open', occurrences: 1, lastOccurredAt: now(), acks: [] } satisfies Alert,
      ]),
    'supervisor.ackAlert': (request: { alertId: string; note: string }) =>
      ok({ alertId: request.alertId, kind: 'card_lookup_burst', severity: 'warning', raisedAt: now(), userId: null, deviceId: null, message: 'ok', status: 'acknowledged', occurrences: 1, lastOccurredAt: now(), acks: [{ by: 'u-sup-sara', at: now(), note: request.note }] } satisfies Alert),
    'supervisor.searchAudit': () => ok({ events: [], nextCursor: null }),
    'supervisor.streamState': () => ok({ status: 'live', since: now(), retryAt: null, attempts: 0 }),
    'supervisor.calls': (request: { minutes: number }) =>
      ok({
        from: new Date(Date.now() - request.minutes * 60_000).toISOString(),
        to: now(),
        waiting: 3,
        answered: 41,
        abandoned: 2,
        averageHandleSeconds: 254,
        agents: [{ userId: 'u-agent-ana', username: 'agent.ana', state: 'on_call', queue: 'Orders help', since: now() }],
      }),
    'supervisor.floorReport': (request: { from: string; to: string }) => ok({ from: request.from, to: request.to, generatedAt: now(), hours: [], agents: [], truncated: false }),
    'supervisor.report': (request: { format: 'json' | 'csv'; query: { from: string; to: string } }) => {
      const report = { from: request.query.from, to: request.query.to, generatedAt: now(), rows: [{ userId: 'u-agent-ana', username: 'agent.ana', lookupsByCustomerId: 2, lookupsByOrder: 1, lookupsByCard: 3, recordsViewed: 4, notesAdded: 1, extensions: 1, failedLogins: 0, locks: 2 }] };
      return request.format === 'csv' ? ok({ format: 'csv', report, csv: 'userId\r\n' }) : ok({ format: 'json', report });
    },
    'app.openExternal': () => ok({}),
    // Nothing published: the training gate lets everyone through (fake-training.ts publishes some).
    'training.overview': () => ok({ status: { compliant: true, dueAt: null, items: [] }, policy: null, modules: [] }),
    // No wrap-up required unless a test says so (fake-wrapup.ts): customers open one after another as before.
    'wrapup.options': () => ok({ required: false, codes: [], templates: [] }),
    ...options.handlers,
  };

  const invoke = (channel: ChannelName, payload: unknown): Promise<unknown> => {
    const named = checkChannelName(channel);
    if (!named.ok) return Promise.resolve(named);
    const caller = session.status === 'signed_out' ? null : { roles: session.user.roles, locked: session.status === 'locked', pendingSetup: session.user.pendingSetup ?? [] };
    const access = checkAccess(named.value, caller);
    if (!access.ok) return Promise.resolve(access);
    const parsed = checkRequest(named.value, payload);
    if (!parsed.ok) return Promise.resolve(parsed);
    calls.push({ channel, request: parsed.value });
    const handler = handlers[channel];
    return Promise.resolve(handler === undefined ? fail('internal', 'no fake handler') : handler(parsed.value as never));
  };
  (fake as { agent: AgentApi }).agent = createContractAgentApi({
    invoke,
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
  return fake;
}
