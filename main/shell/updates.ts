// Desk updates in the shell. The update service (main/updates, plain Node)
// verifies every release against signed TUF metadata through the gateway;
// electron-updater is only ever pointed at the loopback feed of the one file
// that passed (verified-feed.ts), never at a server of its own, so its
// unverified download paths are not used. On Windows and macOS it still checks
// the installer's code signature (publisherName in electron-builder.yml).
// IT can switch updates off; every step is audited.
import { SYSTEM_ACTOR, type AuditEventInput } from '../audit/audit-queue.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { DeskUpdater, VerifiedUpdate } from '../updates/desk-updater.ts';
import { serveVerifiedFeed, type VerifiedFeed } from '../updates/verified-feed.ts';

/** The part of electron-updater's autoUpdater used here. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  on(event: 'update-downloaded' | 'error', listener: (info: unknown) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

/** How often the desk asks for its offer while it runs. */
export const UPDATE_CHECK_MS = 4 * 3_600_000;

/** Hands a verified file to electron-updater, which installs it when the desk quits; the feed stays up until then. */
export async function installVerified(updater: Updater, update: VerifiedUpdate, audit: (event: AuditEventInput) => void): Promise<VerifiedFeed> {
  const feed = await serveVerifiedFeed(update);
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  // Going back is only ever to a signed release the gateway named for a pulled one.
  updater.allowDowngrade = update.action === 'rollback';
  updater.setFeedURL({ provider: 'generic', url: feed.url });
  updater.on('update-downloaded', () => {
    audit({ type: 'update.install', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'app', id: update.version }, details: { when: 'on quit', action: update.action } });
  });
  updater.on('error', (error) => {
    audit({ type: 'update.install', outcome: 'failure', reason: 'update_error', actor: SYSTEM_ACTOR, target: { kind: 'app', id: update.version }, details: { message: error instanceof Error ? error.message.slice(0, 200) : null } });
  });
  await updater.checkForUpdates();
  return feed;
}

/** Starts the periodic check when policy allows; returns false (and audits why) when it does not. */
export function startUpdates(policy: Policy, desk: DeskUpdater, audit: (event: AuditEventInput) => void, every = UPDATE_CHECK_MS): { stop(): void } | false {
  if (!policy.updates.enabled) {
    audit({ type: 'update.check', outcome: 'failure', reason: 'disabled_by_policy', actor: SYSTEM_ACTOR, target: { kind: 'app', id: null } });
    return false;
  }
  // A refusal is already recorded by the update service; a check that could not run (no session yet) is tried again later.
  const check = (): void => void desk.checkOnce().catch(() => undefined);
  check();
  const timer = setInterval(check, every);
  return { stop: () => clearInterval(timer) };
}
