// Issue 21: an admin change and its audit record are one transaction. Over real
// HTTP on the run's engine, parallel admin requests (people, enrolment grants,
// device revocations, review sign-offs) and an identity provider's SCIM writes
// (create; rename with (de)activation) run in interleavings fast-check chooses,
// while a real fault in the store refuses the audit records of some of them.
// Afterwards every change in the database has exactly one audit record, no
// record lacks its change, and each answer says which happened.
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { openRawKysely, refuseInserts } from '../../harness/database/raw-database.ts';
import { createUser, REASON, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { entraUser, patchOf, scimProvider, type ScimClient } from '../../harness/gateway/scim.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000, scim: { groups: { 'Desk Agents': 'agent' } } }, customers: 1 });

/** A reason carrying this is refused by the store's fault trigger: that request's audit record cannot be written. */
const FAULT = 'audit-fault';
const RUNS = 20;

const ROLE_SETS: readonly Role[][] = [['agent'], ['supervisor'], ['agent', 'supervisor']];

type Op =
  | { kind: 'create'; roles: number }
  | { kind: 'roles'; account: number; roles: number }
  | { kind: 'disable' | 'enable' | 'unlock' | 'mfa_reset' | 'password_reset'; account: number }
  | { kind: 'issue'; grant: 'code' | 'policy_token' }
  | { kind: 'revoke'; device: number }
  | { kind: 'sign_off' }
  | { kind: 'scim_create' }
  | { kind: 'scim_patch'; account: number; active: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), roles: fc.nat(2) }),
  fc.record({ kind: fc.constant('roles' as const), account: fc.nat(2), roles: fc.nat(2) }),
  fc.record({ kind: fc.constantFrom('disable' as const, 'enable' as const, 'unlock' as const, 'mfa_reset' as const, 'password_reset' as const), account: fc.nat(2) }),
  fc.record({ kind: fc.constant('issue' as const), grant: fc.constantFrom('code' as const, 'policy_token' as const) }),
  fc.record({ kind: fc.constant('revoke' as const), device: fc.nat(7) }),
  fc.record({ kind: fc.constant('sign_off' as const) }),
  fc.record({ kind: fc.constant('scim_create' as const) }),
  fc.record({ kind: fc.constant('scim_patch' as const), account: fc.nat(1), active: fc.boolean() }),
);

/** SCIM ops carry no reason of their own: the userName they write marks their records (and, with FAULT in it, fails them). */
const isScim = (op: Op): op is Extract<Op, { kind: 'scim_create' | 'scim_patch' }> => op.kind === 'scim_create' || op.kind === 'scim_patch';

/** The admins acting: Ivan makes the changes; Rita, who makes none, signs the reviews off (a signer's own changes need another admin). */
interface Admins {
  readonly changer: string;
  readonly reviewer: string;
  /** The identity provider writing over SCIM. */
  readonly scim: ScimClient;
}

/** One request of an op, with its own reason (so its record, if any, can be found). */
async function send(gw: RunningGateway, admins: Admins, op: Op, accounts: readonly string[], devices: readonly string[], scimAccounts: readonly string[], reason: string, username: string): Promise<number> {
  const token = admins.changer;
  const userId = 'account' in op ? (accounts[op.account] ?? '') : '';
  switch (op.kind) {
    case 'scim_create': {
      const status = (await admins.scim.send('POST', '/Users', entraUser(username))).status;
      return status === 201 ? 200 : status;
    }
    case 'scim_patch': {
      const target = scimAccounts[op.account] ?? '';
      const patch = patchOf({ op: 'replace', path: 'userName', value: username }, { op: 'replace', path: 'active', value: op.active });
      return (await admins.scim.send('PATCH', `/Users/${target}`, patch)).status;
    }
    case 'create':
      return (await gw.route('adminCreateUser', { token, body: { username, displayName: 'Property', roles: ROLE_SETS[op.roles] ?? ['agent'], reason } })).status;
    case 'roles':
      return (await gw.route('adminSetRoles', { token, params: { userId }, body: { roles: ROLE_SETS[op.roles] ?? ['agent'], reason } })).status;
    case 'disable':
      return (await gw.route('adminDisableUser', { token, params: { userId }, body: { reason } })).status;
    case 'enable':
      return (await gw.route('adminEnableUser', { token, params: { userId }, body: { reason } })).status;
    case 'unlock':
      return (await gw.route('adminUnlockUser', { token, params: { userId }, body: { reason } })).status;
    case 'mfa_reset':
      return (await gw.route('adminResetMfa', { token, params: { userId }, body: { reason } })).status;
    case 'password_reset':
      return (await gw.route('adminResetPassword', { token, params: { userId }, body: { reason } })).status;
    case 'issue':
      return (await gw.route('issueEnrolment', { token, body: { kind: op.grant, reason } })).status;
    case 'revoke':
      return (await gw.route('revokeDevice', { token, params: { deviceId: devices[op.device] ?? '' }, body: { reason } })).status;
    case 'sign_off': {
      const shown = await gw.route('adminAccessReview', { token: admins.reviewer, query: { format: 'json' } });
      if (shown.status !== 200) return shown.status;
      return (await gw.route('adminSignOffReview', { token: admins.reviewer, body: { note: reason, generatedAt: shown.body.generatedAt, reviewHash: shown.body.reviewHash } })).status;
    }
  }
}

/** The gateway chain's successful records, in chain order. */
async function gatewayRecords(gw: RunningGateway): Promise<AuditEvent[]> {
  const raw = openRawKysely(gw);
  try {
    const rows = await raw.selectFrom('audit_events').select('event').where('device_id', '=', GATEWAY_DEVICE_ID).where('outcome', '=', 'success').orderBy('seq').execute();
    return rows.map((row) => JSON.parse(row.event) as AuditEvent);
  } finally {
    await raw.destroy();
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const reasonOf = (event: AuditEvent): string => text(event.details.reason);

/** Checks the store against the records: each change has exactly one, and each record its change. */
async function checkEveryChangeHasItsRecord(gw: RunningGateway, since: string): Promise<void> {
  const records = (await gatewayRecords(gw)).filter((event) => event.at >= since);
  const raw = openRawKysely(gw);
  try {
    // Enrolment grants issued over the API ↔ their enrolment_issue records.
    const grants = await raw.selectFrom('enrolment_grants').select('grant_id').where('reason', 'like', 'prop-%').execute();
    const grantRecords = records.filter((e) => e.details.action === 'enrolment_issue' && reasonOf(e).startsWith('prop-')).map((e) => text(e.details.grantId));
    expect(grantRecords.sort()).toEqual(grants.map((g) => g.grant_id).sort());

    // Review sign-offs ↔ their records.
    const reviews = await raw.selectFrom('access_reviews').select('review_id').where('note', 'like', 'prop-%').execute();
    const reviewRecords = records.filter((e) => e.details.action === 'access_review_signoff' && reasonOf(e).startsWith('prop-')).map((e) => e.target.id ?? '');
    expect(reviewRecords.sort()).toEqual(reviews.map((r) => r.review_id).sort());

    // Revoked desks ↔ their revocation records.
    const revoked = await raw.selectFrom('devices').select('device_id').where('revoke_reason', 'like', 'prop-%').execute();
    const revokeRecords = records.filter((e) => e.type === 'admin.device.revoke' && reasonOf(e).startsWith('prop-')).map((e) => e.target.id ?? '');
    expect(revokeRecords.sort()).toEqual(revoked.map((d) => d.device_id).sort());

    // Accounts: the stored state is what replaying their records in chain order gives.
    const users = await raw
      .selectFrom('users')
      .select(['user_id', 'roles', 'disabled_at', 'password_expires_at', 'created_at', 'sso_only'])
      .where('username', 'like', 'p-%')
      .execute();
    const replay = new Map<string, { roles: string; disabled: boolean; passwordSetAt: string | null }>();
    for (const event of records) {
      if (event.target.kind !== 'account' || event.target.id === null) continue;
      const id = event.target.id;
      const action = event.details.action;
      if (action === 'create') {
        if (!text(event.details.username).startsWith('p-')) continue;
        expect(replay.has(id), `a second create record for ${id}`).toBe(false);
        replay.set(id, { roles: text(event.details.roles), disabled: false, passwordSetAt: event.at });
        continue;
      }
      const state = replay.get(id);
      if (state === undefined) continue;
      if (action === 'roles') state.roles = text(event.details.roles);
      if (action === 'disable') state.disabled = true;
      if (action === 'enable') state.disabled = false;
      if (action === 'password_reset') state.passwordSetAt = event.at;
    }
    const created = users.filter((u) => replay.has(u.user_id) || u.created_at >= Date.parse(since));
    for (const user of created) {
      const state = replay.get(user.user_id);
      expect(state, `account ${user.user_id} has no create record`).toBeDefined();
      expect((JSON.parse(user.roles) as string[]).join(','), user.user_id).toBe(state?.roles);
      expect(user.disabled_at !== null, user.user_id).toBe(state?.disabled);
      // A SCIM account has no password to expire: no password opens it.
      const expires = user.sso_only === 1 ? null : Date.parse(state?.passwordSetAt ?? '') + 72 * 3_600_000;
      expect(user.password_expires_at, user.user_id).toBe(expires);
    }
    expect(created.length).toBe([...replay.keys()].filter((id) => users.some((u) => u.user_id === id)).length);
    expect([...replay.keys()].every((id) => users.some((u) => u.user_id === id))).toBe(true);
  } finally {
    await raw.destroy();
  }
}

it('keeps no admin change without its record, and no record without its change, under parallel requests and failing audit writes', { timeout: 600_000 }, async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const since = new Date(gw.clock.now()).toISOString();
  const admins = {
    changer: admin,
    reviewer: await signInCreated(gw, await createUser(gw, admin, { username: 'admin.rita', roles: ['admin'] })),
    scim: await scimProvider(gw, admin, 'prop-scim'),
  };
  // Desks to revoke: each a real enrolment of agent.ana's sign-in.
  const devices: string[] = [];
  for (let i = 0; i < 8; i++) devices.push((await gw.login('agent.ana')).device.deviceId);
  const fault = await refuseInserts(gw, 'audit_events', `NEW.event LIKE '%${FAULT}%'`, 'disk full');
  let run = 0;
  const outcomes = { answered200: 0, answered503: 0, scim200: 0, scim503: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(opArb, fc.boolean()), { minLength: 2, maxLength: 8 }), fc.scheduler(), async (ops, scheduler) => {
        run++;
        // Each run works on three fresh accounts, created with their records.
        const accounts = await Promise.all([0, 1, 2].map(async (i) => (await createUser(gw, admin, { username: `p-base-${run}-${i}`, roles: ['agent'] })).user.userId));
        const scimAccounts = await Promise.all([0, 1].map(async (i) => String((await admins.scim.send('POST', '/Users', entraUser(`p-scim-${run}-${i}`))).json.id)));
        const sent = ops.map(([op, failing], i) => {
          const reason = `prop-${run}-${i}${failing ? ` ${FAULT}` : ''}`;
          const username = isScim(op) ? `p-scim-new-${run}-${i}${failing ? `-${FAULT}` : ''}` : `p-new-${run}-${i}`;
          const mine = (event: AuditEvent): boolean => (isScim(op) ? event.details.username === username : reasonOf(event) === reason);
          return scheduler
            .schedule(Promise.resolve(reason))
            .then(async () => ({ reason, failing, mine, scim: isScim(op), status: await send(gw, admins, op, accounts, devices, scimAccounts, reason, username) }));
        });
        await scheduler.waitIdle();
        const answers = await Promise.all(sent);
        const records = (await gatewayRecords(gw)).filter((event) => event.at >= since);
        for (const answer of answers) {
          const own = records.filter(answer.mine);
          if (answer.failing) {
            expect(answer.status, answer.reason).not.toBe(200);
            expect(own, answer.reason).toEqual([]);
          }
          if (answer.scim && answer.status === 200) outcomes.scim200++;
          if (answer.scim && answer.status === 503) outcomes.scim503++;
          if (answer.status === 200) {
            outcomes.answered200++;
            expect(own, answer.reason).toHaveLength(1);
          } else {
            if (answer.status === 503) outcomes.answered503++;
            expect(own, answer.reason).toEqual([]);
          }
        }
        await checkEveryChangeHasItsRecord(gw, since);
      }),
      { numRuns: RUNS },
    );
  } finally {
    await fault.restore();
  }
  // Both sides were exercised: changes that went through, and changes whose record could not be written.
  expect(outcomes.answered200).toBeGreaterThan(0);
  expect(outcomes.answered503).toBeGreaterThan(0);
  expect(outcomes.scim200).toBeGreaterThan(0);
  expect(outcomes.scim503).toBeGreaterThan(0);
  // The gateway chain the transactions appended to verifies whole.
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
  // The store is sound afterwards: a change goes through, recorded, once the fault is gone.
  expect((await gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: REASON } })).status).toBe(200);
  const raw = openRawKysely(gw);
  try {
    const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM audit_events WHERE event LIKE ${`%${FAULT}%`}`.execute(raw);
    expect(Number(rows[0]?.n)).toBe(0);
  } finally {
    await raw.destroy();
  }
});
