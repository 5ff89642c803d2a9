// The real composition root (main/shell/index.ts) under a recording stand-in of
// the `electron` module, with real services: the keychain, SQLite, the gateway.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditQueue } from '../../../main/audit/audit-queue.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { RENDERER_CSP } from '../../../main/shell/csp.ts';
import { createElectronStandIn } from '../../harness/desk/electron-module-stand-in.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { testKeychain } from '../../harness/keychain/keychain.ts';

const standIn = createElectronStandIn();
vi.mock('electron', () => standIn.module);

let gw: RunningGateway;
const keychain = testKeychain();
beforeAll(async () => {
  gw = await startGateway({ customers: 3 });
  const policyFile = join(standIn.userData, 'dev-policy.json');
  writeFileSync(policyFile, JSON.stringify({ serverUrl: gw.url, captureProtection: 'warn', enrolmentToken: gw.enrolment.secret }));
  vi.stubEnv('SENTINEL_POLICY_FILE', policyFile);
  vi.stubEnv('SENTINEL_KEYCHAIN_SERVICE', keychain.service);
  // A worker may have imported the shell's modules for another file, bound to that file's stand-in.
  vi.resetModules();
  await import('../../../main/shell/index.ts');
  await vi.waitFor(() => expect(standIn.windows[0]?.shown).toBe(true), { timeout: 20_000 });
}, 60_000);
afterAll(async () => {
  // The desk's timers stop with it: the next file in this worker must not meet them.
  await standIn.quit();
  vi.unstubAllEnvs();
  await gw.close();
  // The composition root wrote the device's keys under the test's keychain service; remove them.
  const deviceId = (JSON.parse(readFileSync(join(standIn.userData, 'device.json'), 'utf8')) as { deviceId: string }).deviceId;
  await keychain.delete(secretAccounts.auditKeys(deviceId));
  await keychain.delete(secretAccounts.deviceSigningKey(deviceId));
});

describe('shell composition root', () => {
  it('registers app:// as a privileged, standard, secure scheme and serves the renderer with the CSP', async () => {
    expect(standIn.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const handler = standIn.protocolHandlers.get('app');
    if (handler === undefined) throw new Error('app:// has no handler');
    // Each URL keeps its traversal through the URL parser (a plain `..` or `%2e%2e` segment would already be
    // normalised away, and a 404 would prove nothing): the handler itself must refuse it, with 403, not 404.
    // Only the traversal check answers 403: a handler that let one through would answer 200 or 404.
    const raw = [
      'app://desk/..%2f..%2fpackage.json',
      'app://desk/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://desk/assets/..%2F..%2F..%2Fpackage.json',
      'app://desk/..%5c..%5cpackage.json',
      'app://desk/..\\..\\package.json',
      'app://desk/%252e%252e/%252e%252e/package.json',
      'app://desk/index.html%00.js',
    ];
    for (const url of raw) {
      const request = new Request(url);
      expect(request.url, 'the URL parser kept the encoding').not.toMatch(/^app:\/\/desk\/package\.json$/);
      const answer = await handler(request);
      expect(answer.status, url).toBe(403);
      expect(answer.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(await answer.text()).toBe('');
    }
  });

  it('opens one hardened window on app://desk with content protection', () => {
    expect(standIn.windows).toHaveLength(1);
    const window = standIn.windows[0];
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: true });
    expect(window?.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(window?.loaded).toEqual(['app://desk/']);
    expect(window?.contentProtection[0]).toBe(true);
    expect(standIn.errors).toEqual([]);
  });

  it('answers the desk window over IPC and refuses, and audits, any other sender', async () => {
    const state = standIn.ipcHandlers.get('session.state');
    expect(await state?.({ senderFrame: { url: 'app://desk/', parent: null } }, {})).toEqual({ ok: true, value: { status: 'signed_out' } });
    const login = standIn.ipcHandlers.get('session.login');
    expect(await login?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const signedIn = await login?.({ senderFrame: { url: 'app://desk/', parent: null } }, { username: 'agent.ana', password: 'desk-demo-ana-2026' });
    expect(signedIn, JSON.stringify(signedIn)).toMatchObject({ ok: true });
    expect(standIn.windows[0]?.webContents.sent.some(([channel]) => channel === 'session.changed')).toBe(true);
    const logout = standIn.ipcHandlers.get('session.logout');
    expect(await logout?.({ senderFrame: { url: 'app://desk/', parent: null } }, {})).toMatchObject({ ok: true });

    // Read the desk's own trail back (same file, same keychain): the refusal is in it.
    const deviceId = (JSON.parse(readFileSync(join(standIn.userData, 'device.json'), 'utf8')) as { deviceId: string }).deviceId;
    const trail = await AuditQueue.open({
      dbPath: join(standIn.userData, 'audit.sqlite'),
      deviceId,
      appVersion: 'test-reader',
      host: 'test',
      secrets: keychain,
      clock: { now: () => Date.now() },
      maxUnsynced: 1_000_000,
      retentionDays: 30,
    });
    const events = trail.pending(10_000).map((e) => e.event);
    trail.close();
    expect(trail.verification.ok).toBe(true);
    expect(trail.integrity()).toEqual({ status: 'ok' });
    expect(events.find((e) => e.type === 'ipc.sender_rejected')).toMatchObject({ outcome: 'failure', target: { kind: 'ipc', id: 'session.login' }, details: { sender: 'https://evil.example/' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['app.start', 'capture.protection', 'auth.login', 'auth.logout']));
  });
});
