import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditEventInput } from '../../../main/audit/audit-queue.ts';
import { PolicySchema } from '../../../main/policy/policy-schema.ts';
import { installVerified, startUpdates, type Updater } from '../../../main/shell/updates.ts';

function recordingUpdater() {
  const listeners = new Map<string, (info: unknown) => void>();
  const updater: Updater & { feed: { url: string } | null; checks: number } = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: false,
    feed: null,
    checks: 0,
    setFeedURL(options) {
      this.feed = options;
    },
    on(event, listener) {
      listeners.set(event, listener);
    },
    checkForUpdates() {
      this.checks += 1;
      return Promise.resolve(null);
    },
  };
  return { updater, listeners };
}

describe('updates', () => {
  it('point electron-updater only at the loopback feed of the verified file, and audit the install', async () => {
    const { updater, listeners } = recordingUpdater();
    const audited: AuditEventInput[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'sentinel-shell-update-')), 'sentinel-desk-0.2.0.AppImage');
    writeFileSync(file, randomBytes(1000));
    const feed = await installVerified(updater, { file, version: '0.2.0', action: 'rollback' }, (e) => audited.push(e));
    try {
      expect(updater.feed).toEqual({ provider: 'generic', url: feed.url });
      expect(new URL(feed.url).hostname).toBe('127.0.0.1');
      expect(updater.allowDowngrade).toBe(true);
      expect(updater.checks).toBe(1);
      expect(parse(await (await fetch(`${feed.url}latest-linux.yml`)).text())).toMatchObject({ version: '0.2.0', path: 'sentinel-desk-0.2.0.AppImage' });
      listeners.get('update-downloaded')?.({ version: '0.2.0' });
      expect(audited.map((e) => `${e.type}:${e.outcome}:${e.target.id ?? ''}`)).toEqual(['update.install:success:0.2.0']);
    } finally {
      await feed.close();
    }
  });

  it('check at start and stay off when IT switches them off, saying so in the trail', () => {
    const audited: AuditEventInput[] = [];
    let checks = 0;
    const desk = { checkOnce: () => Promise.resolve({ status: 'current' as const }).finally(() => (checks += 1)) };
    const on = startUpdates(PolicySchema.parse({ serverUrl: 'https://g.example' }), desk, (e) => audited.push(e));
    expect(on).not.toBe(false);
    if (on !== false) on.stop();
    expect(startUpdates(PolicySchema.parse({ serverUrl: 'https://g.example', updates: { enabled: false } }), desk, (e) => audited.push(e))).toBe(false);
    expect(audited).toEqual([expect.objectContaining({ type: 'update.check', outcome: 'failure', reason: 'disabled_by_policy' })]);
    return expect.poll(() => checks).toBe(1);
  });
});
