// PCI DSS 8.2.6 with the manual clock, over real HTTP and real SQLite: an
// account without a sign-in for 90 days is disabled by the hourly sweep (fired
// by hand here) or, if the sweep has not run, by its own next sign-in; either
// way once, audited as the system's doing and alerted, its sessions ended.
// Also the sign-in records the admins rely on: last sign-in, account_locked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema } from '../../../server/config.ts';
import { INACTIVITY_SWEEP_MS } from '../../../server/identity/inactivity.ts';
import { accountEvents, createAccount } from '../../harness/gateway/accounts.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { manualScheduler, type ManualScheduler } from '../../harness/clock/scheduler.ts';

const DAY = 86_400_000;
const PASSWORD = 'Inactive-harbour-4417';

let gw: RunningGateway;
let scheduler: ManualScheduler;
beforeEach(async () => {
  scheduler = manualScheduler();
  gw = await startGateway({ scheduler, config: { authRateLimitPerMinute: 10_000 } });
});
afterEach(async () => {
  await gw.close();
});

const account = (userId: string, username: string) => createAccount(gw.gateway, { userId, username, password: PASSWORD, createdAt: gw.clock.now() });
const stored = (userId: string) => gw.gateway.store.identity.findUserById(userId);
const disabledEvents = async (userId: string) =>
  (await accountEvents(gw.gateway, 'admin.user.change', userId)).filter((e) => e.details.action === 'disabled_inactive');

describe('the inactivity sweep', () => {
  it('disables an account after 90 days without a sign-in, and not after 89; audited, alerted, sessions ended', async () => {
    await account('u-idle', 'idle.person');
    await account('u-recent', 'recent.person');
    const login = await gw.attemptLogin('idle.person', PASSWORD);
    expect(login.status).toBe(200);
    const familyId = JSON.parse(Buffer.from(login.body.tokens.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };

    gw.clock.advance(DAY);
    expect((await gw.attemptLogin('recent.person', PASSWORD)).status).toBe(200);

    gw.clock.advance(88 * DAY); // idle: 89 days since its sign-in
    // The sweep runs hourly, beside the gateway's other hourly jobs (training reminders among them).
    expect(scheduler.fire(INACTIVITY_SWEEP_MS)).toBeGreaterThanOrEqual(1);
    expect(await gw.gateway.inactivity.sweep()).toEqual([]);
    expect((await stored('u-idle'))?.disabledAt).toBeNull();

    gw.clock.advance(DAY); // idle: 90 days; recent: 89
    scheduler.fire(INACTIVITY_SWEEP_MS);
    // The sweep ran off the timer: the admins' alert is the last thing it writes for an account.
    const inactiveAlerts = async () => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'account_disabled_inactive');
    await expect.poll(async () => (await inactiveAlerts()).some((a) => a.userId === 'u-idle')).toBe(true);
    expect((await stored('u-idle'))?.disabledReason).toBe('inactivity');
    expect((await stored('u-recent'))?.disabledAt).toBeNull();
    expect((await gw.gateway.store.identity.findSessionFamily(familyId.sid))?.revokedAt).not.toBeNull();

    const [event, ...more] = await disabledEvents('u-idle');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ outcome: 'success', reason: 'inactivity', actor: { userId: null, username: null, roles: [] }, target: { kind: 'account', id: 'u-idle' } });
    expect(event?.details).toMatchObject({ action: 'disabled_inactive', reason: 'inactivity', inactiveDays: 90 });
    const alerts = await inactiveAlerts();
    // The demo accounts, created with the gateway and never used, went at 90 days too; the recent account did not.
    expect(alerts.map((a) => a.userId)).toContain('u-idle');
    expect(alerts.map((a) => a.userId)).not.toContain('u-recent');
    expect(alerts.filter((a) => a.userId === 'u-idle')).toHaveLength(1);

    // Disabled stays disabled: the right password signs nobody in, and a second sweep does not disable it again.
    expect((await gw.attemptLogin('idle.person', PASSWORD)).status).toBe(401);
    await gw.gateway.inactivity.sweep();
    expect(await disabledEvents('u-idle')).toHaveLength(1);
  });

  it('counts from creation for an account never used, and from re-enabling', async () => {
    await account('u-never', 'never.used');
    await createAccount(gw.gateway, { userId: 'u-back', username: 'back.again', password: PASSWORD, createdAt: gw.clock.now() - 400 * DAY, enabledAt: gw.clock.now() });
    gw.clock.advance(90 * DAY - 1);
    expect(await gw.gateway.inactivity.sweep()).toEqual([]);
    gw.clock.advance(1);
    const disabled = (await gw.gateway.inactivity.sweep()).map((u) => u.userId);
    expect(disabled.filter((id) => id.startsWith('u-') && !id.startsWith('u-agent') && !id.startsWith('u-sup') && !id.startsWith('u-admin')).sort()).toEqual([
      'u-back',
      'u-never',
    ]);
  });

  it('disables a stale account at its sign-in when the sweep has not run, once however many sign-ins race it', async () => {
    await account('u-stale', 'stale.person');
    gw.clock.advance(90 * DAY);
    const right = gw.attemptLogin('stale.person', PASSWORD);
    const answers = await Promise.all([right, ...Array.from({ length: 4 }, () => gw.attemptLogin('stale.person', PASSWORD)), gw.gateway.inactivity.sweep()]);
    for (const answer of answers.slice(0, 5)) expect((answer as { status: number }).status).toBe(401);
    expect((await stored('u-stale'))?.disabledReason).toBe('inactivity');
    expect(await disabledEvents('u-stale')).toHaveLength(1);
    const failures = await accountEvents(gw.gateway, 'auth.login', 'u-stale');
    expect(failures.every((e) => e.outcome === 'failure' && e.reason === 'account_disabled')).toBe(true);
  });

  it('keeps 90 days as the longest limit: a deployment may only tighten it', () => {
    expect(GatewayConfigSchema.parse({}).inactivityDays).toBe(90);
    expect(GatewayConfigSchema.safeParse({ inactivityDays: 91 }).success).toBe(false);
    expect(GatewayConfigSchema.parse({ inactivityDays: 30 }).inactivityDays).toBe(30);
  });
});

describe('what sign-in records for the admins', () => {
  it('records the last sign-in on login and unlock', async () => {
    await account('u-seen', 'seen.person');
    const at = gw.clock.now();
    const login = await gw.attemptLogin('seen.person', PASSWORD);
    expect((await stored('u-seen'))?.lastSignInAt).toBe(at);
    expect(login.status).toBe(200);
    const desk = new TestDevice();
    const grant = (await gw.attemptLogin('seen.person', PASSWORD, { device: desk })).body;
    gw.clock.advance(60_000);
    const refreshToken = grant.tokens.refreshToken;
    const unlock = await gw.route('reauth', {
      body: { password: PASSWORD, refreshToken, deviceId: desk.deviceId, signature: desk.sessionProof('reauth', refreshToken).signature },
    });
    expect(unlock.status, unlock.text).toBe(200);
    expect((await stored('u-seen'))?.lastSignInAt).toBe(gw.clock.now());
  });

  it('raises account_locked with the user when the lockout locks an account, once per lock', async () => {
    await account('u-guessed', 'guessed.person');
    for (let i = 0; i < 12; i++) await gw.attemptLogin('guessed.person', `Wrong-guess-number-${i}`);
    const locked = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'account_locked');
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ userId: 'u-guessed', occurrences: 1 });
    expect(locked[0]?.message).toContain('guessed.person');
  });
});
