// The fleet patch report (PCI DSS 6.3.3): per desk, the version it last
// reported, its signed release date, its ring, its last check and how many
// days it has been behind: since the first newer release was let out.
import { compareVersions, type PatchReport, type PatchReportRow, type UpdateRing } from '../../shared/schemas/updates.ts';
import type { RolloutRecord, UpdateCheckRecord } from '../storage/store.ts';
import type { SignedRelease } from './update-repository.ts';

const DAY_MS = 86_400_000;

export interface PatchReportInput {
  readonly now: number;
  readonly overdueDays: number;
  /** Every active desk. */
  readonly deviceIds: readonly string[];
  readonly checks: ReadonlyMap<string, UpdateCheckRecord>;
  readonly rings: ReadonlyMap<string, UpdateRing>;
  readonly releases: readonly SignedRelease[];
  readonly rollouts: ReadonlyMap<string, RolloutRecord>;
}

export function patchReport(input: PatchReportInput): PatchReport {
  const letOut = input.releases
    .filter((release) => {
      const rollout = input.rollouts.get(release.version);
      return rollout !== undefined && rollout.stage !== 'held' && !rollout.pulled;
    })
    .sort((a, b) => compareVersions(a.version, b.version));
  const iso = (ms: number): string => new Date(ms).toISOString();
  const rows = input.deviceIds.map((deviceId): PatchReportRow => {
    const check = input.checks.get(deviceId);
    const version = check?.version ?? null;
    const signed = version === null ? undefined : input.releases.find((release) => release.version === version);
    // The first release newer than the desk's that desks were offered: the patch clock starts with it.
    const firstNewer = version === null ? undefined : letOut.find((release) => compareVersions(release.version, version) > 0);
    const daysBehind = version === null ? null : firstNewer === undefined ? 0 : Math.max(0, Math.floor((input.now - Date.parse(firstNewer.releasedAt)) / DAY_MS));
    return {
      deviceId,
      version,
      releasedAt: signed?.releasedAt ?? null,
      ring: input.rings.get(deviceId) ?? 'broad',
      lastCheckAt: check === undefined ? null : iso(check.checkedAt),
      daysBehind,
      // A desk that never reported a version cannot show it is patched: it counts as overdue.
      overdue: daysBehind === null || daysBehind > input.overdueDays,
    };
  });
  return { generatedAt: iso(input.now), newestVersion: letOut.at(-1)?.version ?? null, overdueDays: input.overdueDays, devices: rows };
}
