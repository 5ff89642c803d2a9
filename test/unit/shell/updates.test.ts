import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../../main/audit/audit-queue.ts';
import { PolicySchema } from '../../../main/policy/policy-schema.ts';
import { startUpdates, type Updater } from '../../../main/shell/updates.ts';

function recordingUpdater() {
  const listeners = new Map<string, (info: unknown) => void>();
  const updater: Updater & { feed: unknown; checks: number } = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
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
  it('use the policy feed and audit each step', () => {
    const { updater, listeners } = recordingUpdater();
    const audited: AuditEventInput[] = [];
    const policy = PolicySchema.parse({ serverUrl: 'https://g.example', updates: { url: 'https://updates.example.com/desk/' } });
    expect(startUpdates(updater, policy, (e) => audited.push(e))).toBe(true);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.com/desk/' });
    expect(updater.checks).toBe(1);
    listeners.get('update-available')?.({ version: '0.2.0' });
    listeners.get('update-downloaded')?.({ version: '0.2.0' });
    expect(audited.map((e) => `${e.type}:${e.outcome}`)).toEqual(['update.check:success', 'update.install:success']);
  });

  it('stay off when IT switches them off, and say so in the trail', () => {
    const { updater } = recordingUpdater();
    const audited: AuditEventInput[] = [];
    const policy = PolicySchema.parse({ serverUrl: 'https://g.example', updates: { enabled: false, url: 'https://updates.example.com/desk/' } });
    expect(startUpdates(updater, policy, (e) => audited.push(e))).toBe(false);
    expect(updater.checks).toBe(0);
    expect(audited[0]).toMatchObject({ type: 'update.check', outcome: 'failure', reason: 'disabled_by_policy' });
  });
});
