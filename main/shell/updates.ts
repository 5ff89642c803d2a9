// Signed updates through electron-updater from the policy's generic feed. IT
// can switch them off. electron-updater verifies the download's SHA-512 from
// the feed and, on Windows and macOS, the code signature of the new build
// before installing. Every check, download and install is audited.
import { SYSTEM_ACTOR, type AuditEventInput } from '../audit/audit-queue.ts';
import type { Policy } from '../policy/policy-schema.ts';

/** The part of electron-updater's autoUpdater used here. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  on(event: 'update-available' | 'update-downloaded' | 'error', listener: (info: unknown) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

/** Starts update checks when policy allows; returns false (and audits why) when it does not. */
export function startUpdates(updater: Updater, policy: Policy, audit: (event: AuditEventInput) => void): boolean {
  const url = policy.updates.url;
  if (!policy.updates.enabled || url === undefined) {
    audit({ type: 'update.check', outcome: 'failure', reason: policy.updates.enabled ? 'no_update_url' : 'disabled_by_policy', actor: SYSTEM_ACTOR, target: { kind: 'app', id: null } });
    return false;
  }
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url });
  const version = (info: unknown): string | null => {
    const value = (info as { version?: unknown } | null)?.version;
    return typeof value === 'string' ? value.slice(0, 64) : null;
  };
  updater.on('update-available', (info) => {
    audit({ type: 'update.check', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'app', id: version(info) }, details: { available: true } });
  });
  updater.on('update-downloaded', (info) => {
    audit({ type: 'update.install', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'app', id: version(info) }, details: { when: 'on quit' } });
  });
  updater.on('error', (error) => {
    audit({ type: 'update.check', outcome: 'failure', reason: 'update_error', actor: SYSTEM_ACTOR, target: { kind: 'app', id: null }, details: { message: error instanceof Error ? error.message.slice(0, 200) : null } });
  });
  void updater.checkForUpdates().catch(() => undefined);
  return true;
}
