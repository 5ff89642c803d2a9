// Issue 12 bootstrap: `npm run admin -- create-admin USERNAME` run as a real
// child process on a real data folder creates the first admin with a one-time
// password printed once, refuses (exit 2) once any account exists, and the
// gateway then signs that admin in with it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { containsPan } from '../../../shared/pan.ts';
import type { EnrolmentPresentation } from '../../../shared/schemas/admin.ts';
import { buildGateway } from '../../../server/app.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import { seedDemo } from '../../../server/seed/demo-seed.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { testPan } from '../../harness/records/source-records.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../server/admin-cli.ts');
const folders: string[] = [];

/** Runs the CLI on the engine of the run: `--database` names the folder's PostgreSQL database when there is one. */
async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dataAt = args.indexOf('--data');
  const database = dataAt === -1 ? undefined : await testDatabaseFor(args[dataAt + 1] ?? '');
  if (database !== undefined) args = [...args, '--database', database];
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-admin-cli-'));
  folders.push(dir);
  return dir;
};

/** The store of a folder on the run's engine. */
const storeOf = async (dir: string) => openStore({ dataDir: dir, database: await testDatabaseFor(dir) });

afterEach(async () => {
  for (const dir of folders.splice(0)) {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('npm run admin -- create-admin', () => {
  it('creates the first admin with a one-time password printed once, which the gateway accepts', async () => {
    const dir = folder();
    const answer = await admin(['create-admin', 'Root.Admin', '--data', dir, '--display-name', 'Rosa Root']);
    expect(answer.code, answer.stderr).toBe(0);
    const password = /one-time password .*\): (\S+)/.exec(answer.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(containsPan(password)).toBe(false);
    expect(answer.stdout.split(password)).toHaveLength(2);
    const enrolmentCode = /enrolment code .*\): (\S+)/.exec(answer.stdout)?.[1] ?? '';
    expect(containsPan(enrolmentCode)).toBe(false);

    const store = await storeOf(dir);
    const [account] = await store.admin.listAccounts();
    const { events } = await store.audit.search({ type: 'account.create', limit: 10 });
    await store.close();
    expect(account).toMatchObject({ username: 'root.admin', displayName: 'Rosa Root', roles: ['admin'], mustChangePassword: true, mfaEnrolled: false, disabledAt: null });
    expect(events.map((e) => e.event)).toMatchObject([{ actor: { userId: null }, target: { kind: 'account', id: account?.userId }, details: { action: 'create', roles: 'admin' } }]);
    // The password is nowhere in the data folder.
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).includes(password), name).toBe(false);

    const gateway = await buildGateway({ dataDir: dir, database: await testDatabaseFor(dir), logLevel: 'silent' });
    try {
      const url = await gateway.listen(0);
      const device = new TestDevice();
      const post = async (path: string, body: unknown) =>
        (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
      const login = async (enrolment?: EnrolmentPresentation) => {
        const { nonce } = await post('/v1/auth/challenge', { deviceId: device.deviceId });
        return post('/v1/auth/login', {
          username: 'root.admin',
          password,
          device: device.info(),
          proof: device.loginProof(String(nonce), 'root.admin', enrolment === undefined ? {} : { enrolment }),
          ...(enrolment === undefined ? {} : { enrolment }),
        });
      };
      // No desk is enrolled on a new folder: the first one needs the code printed with the password.
      expect(await login()).toMatchObject({ error: { code: 'enrolment_required' } });
      const grant = await login({ kind: 'code', secret: enrolmentCode });
      expect(grant.user).toMatchObject({ username: 'root.admin', roles: ['admin'], pendingSetup: ['password_change', 'mfa_enrolment'] });
    } finally {
      await gateway.close();
    }
  });

  it('uses the username as display name unless given', async () => {
    const dir = folder();
    expect((await admin(['create-admin', 'ops.lead', '--data', dir])).code).toBe(0);
    const store = await storeOf(dir);
    expect((await store.admin.listAccounts())[0]?.displayName).toBe('ops.lead');
    await store.close();
  });

  it('refuses with exit 2 and a clear message when any account exists, and changes nothing', async () => {
    const dir = folder();
    expect((await admin(['create-admin', 'first.admin', '--data', dir])).code).toBe(0);
    const again = await admin(['create-admin', 'second.admin', '--data', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has accounts');
    expect(again.stdout).toBe('');

    const seeded = folder();
    const gateway = await buildGateway({ dataDir: seeded, database: await testDatabaseFor(seeded), logLevel: 'silent' });
    await seedDemo(gateway.store, gateway.seal, gateway.pepper, 1);
    await gateway.close();
    const onDemo = await admin(['create-admin', 'late.admin', '--data', seeded]);
    expect(onDemo.code).toBe(2);
    const store = await storeOf(seeded);
    expect((await store.admin.listAccounts()).map((a) => a.username)).not.toContain('late.admin');
    await store.close();
  });

  // Four at once: with two, a file briefly looking unversioned, or a deferred transaction
  // refused its write lock, failed one run in about ten.
  it('creates only one admin when four runs race on an empty folder, and the others refuse cleanly', async () => {
    const dir = folder();
    const answers = await Promise.all(['race.one', 'race.two', 'race.three', 'race.four'].map((name) => admin(['create-admin', name, '--data', dir])));
    expect(answers.map((a) => a.code).sort(), answers.map((a) => a.stderr).join('')).toEqual([0, 2, 2, 2]);
    const store = await storeOf(dir);
    expect(await store.admin.listAccounts()).toHaveLength(1);
    await store.close();
  });

  it('refuses a card number as the username with a typed error (pan_in_text), stores nothing, and the store stays usable', async () => {
    const dir = folder();
    for (const username of [testPan(), `user.${testPan('5')}`, testPan('4', 16).replace(/(\d{4})(?=\d)/g, '$1-')]) {
      const answer = await admin(['create-admin', username, '--data', dir]);
      expect(answer.code, username).toBe(1);
      expect(answer.stderr).toContain('pan_in_text');
      expect(answer.stdout + answer.stderr).not.toContain(username);
    }
    const created = await admin(['create-admin', 'root.after', '--data', dir]);
    expect(created.code, created.stderr).toBe(0);
    const store = await storeOf(dir);
    expect((await store.admin.listAccounts()).map((a) => a.username)).toEqual(['root.after']);
    await store.close();
  });

  it('refuses bad usage with exit 1: no command, a bad username, a card number as display name', async () => {
    const dir = folder();
    for (const args of [[], ['create-admin'], ['delete-admin', 'x'], ['create-admin', 'bad name'], ['create-admin', 'ok.name', '--display-name', '4111 1111 1111 1111'], ['create-admin', 'ok.name', '--bogus']]) {
      const answer = await admin([...args, '--data', dir]);
      expect(answer.code, args.join(' ')).toBe(1);
      expect(answer.stderr).toContain('usage: npm run admin');
    }
  });
});

describe('npm run admin -- break-glass', () => {
  it('refuses while a usable admin exists, changes nothing, and records the refusal', async () => {
    const seeded = folder();
    const gateway = await buildGateway({ dataDir: seeded, database: await testDatabaseFor(seeded), logLevel: 'silent' });
    await seedDemo(gateway.store, gateway.seal, gateway.pepper, 1);
    await gateway.close();
    const answer = await admin(['break-glass', 'admin.ivan', '--reason', 'Locked out on a Sunday', '--data', seeded]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain('A usable admin exists');
    expect(answer.stdout).toBe('');
    const store = await storeOf(seeded);
    const [ivan] = (await store.admin.listAccounts()).filter((a) => a.username === 'admin.ivan');
    const { events } = await store.audit.search({ type: 'admin.user.change', limit: 10 });
    await store.close();
    expect(ivan).toMatchObject({ mfaEnrolled: true, mustChangePassword: false });
    expect(events.map((e) => e.event)).toMatchObject([{ outcome: 'failure', reason: 'usable_admin_exists', actor: { username: 'npm run admin' }, details: { action: 'break_glass' } }]);
  });

  it('lets the host back in when no admin is usable (disabled, locked or never set up): one-time password, MFA again, recorded and alerted', async () => {
    const dir = folder();
    expect((await admin(['create-admin', 'only.admin', '--data', dir])).code).toBe(0);
    // The only admin never finished setting up, and is locked: it counts for nothing.
    const store = await storeOf(dir);
    const [only] = await store.admin.listAccounts();
    await store.identity.lockAccount(only?.userId ?? '', Date.now() + 3_600_000, Date.now());
    await store.close();

    for (const args of [['break-glass', 'only.admin', '--data', dir], ['break-glass', 'only.admin', '--reason', '', '--data', dir]]) {
      expect((await admin(args)).code, args.join(' ')).toBe(1);
    }
    expect((await admin(['break-glass', 'nobody.here', '--reason', 'Wrong name typed', '--data', dir])).code).toBe(2);

    const answer = await admin(['break-glass', 'only.admin', '--reason', 'Ticket OPS-9: every admin locked out', '--data', dir]);
    expect(answer.code, answer.stderr).toBe(0);
    const password = /one-time password .*\): (\S+)/.exec(answer.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(containsPan(password)).toBe(false);

    const after = await storeOf(dir);
    const [account] = await after.admin.listAccounts();
    const user = await after.identity.findUserById(account?.userId ?? '');
    const { events } = await after.audit.search({ type: 'admin.user.change', limit: 10 });
    const alerts = await after.alerts.list('open');
    await after.close();
    expect(account).toMatchObject({ username: 'only.admin', disabledAt: null, lockedUntil: null, mustChangePassword: true, mfaEnrolled: false });
    expect(user?.mfaRequired).toBe(true);
    const glass = events.map((e) => e.event).filter((e) => e.outcome === 'success');
    expect(glass).toMatchObject([{ actor: { userId: null, username: 'npm run admin' }, target: { kind: 'account', id: account?.userId }, details: { action: 'break_glass', reason: 'Ticket OPS-9: every admin locked out' } }]);
    expect(JSON.stringify(events)).not.toContain(password);
    expect(alerts.filter((a) => a.kind === 'last_admin_inactive' && a.severity === 'critical' && a.userId === account?.userId)).toHaveLength(1);
  });
});
