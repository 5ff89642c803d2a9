// The desk's update service (plain Node; the shell only installs what it is
// handed). It asks the gateway what to run, refreshes the TUF metadata through
// the gateway, downloads the offered target and lets tuf-js check its length
// and hashes against the signed targets metadata; only a verified file, whose
// signed version is the one offered, is handed to the installer. A refusal
// keeps the running version and is recorded in the desk's audit trail; the
// gateway raises an alert when that record arrives.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { compareVersions, SignedReleaseFactsSchema, type UpdateOffer } from '../../shared/schemas/updates.ts';
import { SYSTEM_ACTOR, type AuditEventInput } from '../audit/audit-queue.ts';
import { GatewayTufFetcher, type FetchFunction } from './tuf-fetcher.ts';
import { refusalOf, UpdateRefusedError } from './update-refusal.ts';

/** A downloaded release whose length, hashes and version its signed targets metadata vouch for. */
export interface VerifiedUpdate {
  readonly file: string;
  readonly version: string;
  readonly action: 'install' | 'rollback';
}

export type UpdateOutcome = { readonly status: 'current' } | { readonly status: 'handed_over'; readonly update: VerifiedUpdate };

export interface DeskUpdaterOptions {
  readonly runningVersion: string;
  /** The gateway's base URL: the repository is read under /v1/updates/. */
  readonly gatewayUrl: string;
  /** The root metadata shipped inside the build: the desk's first trust. */
  readonly trustedRoot: string;
  /** Where the trusted metadata and downloads are kept between checks. */
  readonly stateDir: string;
  /** The gateway's offer for this desk (GET /v1/updates/check). */
  readonly offer: () => Promise<UpdateOffer>;
  readonly fetch?: FetchFunction;
  /** Each file's time limit, headers and body together. */
  readonly timeoutMs?: number;
  readonly audit: (event: AuditEventInput) => void;
  /** Installs a verified file (electron-updater in the shell); never called for anything unverified. */
  readonly handOver: (update: VerifiedUpdate) => Promise<void>;
}

export interface DeskUpdater {
  /** One check. Resolves with what happened, or rejects with UpdateRefusedError after recording the refusal. */
  checkOnce(): Promise<UpdateOutcome>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export function createDeskUpdater(options: DeskUpdaterOptions): DeskUpdater {
  const metadataDir = join(options.stateDir, 'metadata');
  const downloadDir = join(options.stateDir, 'downloads');
  const base = options.gatewayUrl.replace(/\/+$/, '');
  const record = (event: Omit<AuditEventInput, 'actor'>): void => {
    options.audit({ ...event, actor: SYSTEM_ACTOR });
  };

  const verify = async (offer: Exclude<UpdateOffer, { action: 'stay' }>): Promise<VerifiedUpdate> => {
    // The gateway's offer is not trusted: it may only pick among signed targets, and never move backwards unasked.
    const forward = compareVersions(offer.version, options.runningVersion) > 0;
    if (forward !== (offer.action === 'install')) throw new UpdateRefusedError('offer_mismatch', `${offer.action} of ${offer.version} while running ${options.runningVersion}`);
    mkdirSync(metadataDir, { recursive: true, mode: 0o700 });
    mkdirSync(downloadDir, { recursive: true, mode: 0o700 });
    if (!existsSync(join(metadataDir, 'root.json'))) writeFileSync(join(metadataDir, 'root.json'), options.trustedRoot, { mode: 0o600 });
    const fetcher = new GatewayTufFetcher({ fetch: options.fetch ?? ((url, init) => fetch(url, init)), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    const updater = new Updater({
      metadataDir,
      metadataBaseUrl: `${base}/v1/updates/metadata/`,
      targetDir: downloadDir,
      targetBaseUrl: `${base}/v1/updates/targets/`,
      fetcher,
    });
    try {
      await updater.refresh();
      const info = await updater.getTargetInfo(offer.target);
      if (info === undefined) throw new UpdateRefusedError('unknown_target', offer.target);
      const facts = SignedReleaseFactsSchema.safeParse(info.custom);
      if (!facts.success || facts.data.version !== offer.version) throw new UpdateRefusedError('offer_mismatch', `${offer.target} is signed as ${facts.data?.version ?? 'no version'}, offered as ${offer.version}`);
      const file = await updater.downloadTarget(info, join(downloadDir, offer.target));
      return { file, version: offer.version, action: offer.action };
    } catch (error) {
      throw refusalOf(error, fetcher.phase);
    }
  };

  return {
    async checkOnce() {
      const offer = await options.offer();
      if (offer.action === 'stay') {
        record({ type: 'update.check', outcome: 'success', target: { kind: 'app', id: options.runningVersion }, details: { available: false } });
        return { status: 'current' };
      }
      let update: VerifiedUpdate;
      try {
        update = await verify(offer);
      } catch (error) {
        const refusal = refusalOf(error, 'none');
        record({
          type: 'update.refused',
          outcome: 'failure',
          reason: refusal.reason,
          target: { kind: 'app', id: offer.version },
          details: { running: options.runningVersion, action: offer.action, message: refusal.message.slice(0, 300) },
        });
        throw refusal;
      }
      record({ type: 'update.check', outcome: 'success', target: { kind: 'app', id: update.version }, details: { available: true, action: update.action, verified: true } });
      await options.handOver(update);
      return { status: 'handed_over', update };
    },
  };
}
