// Desk updates at the gateway (issue 28): each desk's offer (recorded as its
// last check), the releases with their rollout, an admin's rollout changes
// (each with its record in one transaction), and the minimum-version rule.
import { compareVersions, type PatchReport, type Release, type UpdateOffer, type UpdateRing } from '../../shared/schemas/updates.ts';
import type { Permission } from '../../shared/roles.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { DeviceRepo, RolloutRecord, UpdateRepo } from '../storage/store.ts';
import { patchReport } from './patch-report.ts';
import { offerFor } from './rollout.ts';
import type { UpdateRepository } from './update-repository.ts';

/** The permissions that reach customer data: what a desk below the minimum version is refused. */
const CUSTOMER_DATA: ReadonlySet<Permission> = new Set(['customers.lookup', 'customers.read', 'notes.write', 'subscriptions.extend']);

export interface UpdateService {
  check(principal: Principal, version: string): Promise<UpdateOffer>;
  releases(): Promise<Release[]>;
  rollout(principal: Principal, version: string, change: { stage: Release['stage']; percent: number; reason: string }): Promise<Release>;
  act(principal: Principal, version: string, change: { action: 'pause' | 'resume' | 'pull'; reason: string }): Promise<Release>;
  setRing(principal: Principal, deviceId: string, change: { ring: UpdateRing; reason: string }): Promise<{ deviceId: string; ring: UpdateRing }>;
  /** The fleet patch report; each desk overdue beyond policy raises (or folds into) its update_overdue alert. */
  report(): Promise<PatchReport>;
  /** Refuses a customer-data route to a desk whose last check reported a version below the minimum, once the grace period has run. */
  gate(principal: Principal, access: string): Promise<void>;
}

export function createUpdateService(deps: {
  repository: UpdateRepository;
  repo: UpdateRepo;
  devices: Pick<DeviceRepo, 'list'>;
  audit: GatewayAudit;
  alerts: Pick<AlertService, 'raise'>;
  clock: Clock;
  config: GatewayConfig['updates'];
}): UpdateService {
  const rolloutsByVersion = async (): Promise<Map<string, RolloutRecord>> => new Map((await deps.repo.rollouts()).map((r) => [r.version, r]));
  const releaseView = (signed: { version: string; target: string; releasedAt: string }, rollout: RolloutRecord | undefined): Release => ({
    ...signed,
    stage: rollout?.stage ?? 'held',
    percent: rollout?.percent ?? 0,
    paused: rollout?.paused ?? false,
    pulled: rollout?.pulled ?? false,
  });
  const signedRelease = (version: string) => {
    const release = deps.repository.releases().find((r) => r.version === version);
    if (release === undefined) throw new GatewayError('not_found', `No signed release ${version} in the published repository`);
    return release;
  };
  const actor = (p: Principal) => ({ userId: p.userId, username: p.username, roles: p.roles });
  const change = async (principal: Principal, version: string, reason: string, decide: (current: RolloutRecord | null) => RolloutRecord, what: string): Promise<Release> => {
    const signed = signedRelease(version);
    const next = await deps.audit.commit(() =>
      deps.repo.changeRollout(version, decide, (outcome) =>
        deps.audit.prepare({
          type: 'update.rollout',
          outcome: 'success',
          actor: actor(principal),
          target: { kind: 'app', id: version },
          details: { change: what, stage: outcome.stage, percent: outcome.percent, paused: outcome.paused, pulled: outcome.pulled, reason },
        }),
      ),
    );
    return releaseView(signed, next);
  };
  const base = (principal: Principal, version: string, current: RolloutRecord | null): RolloutRecord => {
    if (current?.pulled === true) throw new GatewayError('conflict', `Release ${version} was pulled; publish a newer release instead`);
    return current ?? { version, stage: 'held', percent: 0, paused: false, pulled: false, changedAt: 0, changedBy: principal.username };
  };

  return {
    async check(principal, version) {
      await deps.repo.noteCheck({ deviceId: principal.deviceId, version, checkedAt: deps.clock.now(), userId: principal.userId });
      return offerFor({
        deviceId: principal.deviceId,
        version,
        ring: await deps.repo.ringOf(principal.deviceId),
        releases: deps.repository.releases(),
        rollouts: await rolloutsByVersion(),
      });
    },
    async releases() {
      const rollouts = await rolloutsByVersion();
      return deps.repository
        .releases()
        .sort((a, b) => compareVersions(b.version, a.version))
        .map((signed) => releaseView(signed, rollouts.get(signed.version)));
    },
    rollout(principal, version, request) {
      return change(
        principal,
        version,
        request.reason,
        (current) => ({ ...base(principal, version, current), stage: request.stage, percent: request.percent, changedAt: deps.clock.now(), changedBy: principal.username }),
        'rollout',
      );
    },
    act(principal, version, request) {
      return change(
        principal,
        version,
        request.reason,
        (current) => ({
          ...base(principal, version, current),
          ...(request.action === 'pull' ? { pulled: true } : { paused: request.action === 'pause' }),
          changedAt: deps.clock.now(),
          changedBy: principal.username,
        }),
        request.action,
      );
    },
    async setRing(principal, deviceId, request) {
      const ring = await deps.audit.commit(() =>
        deps.repo.setRing(deviceId, request.ring, (outcome) =>
          deps.audit.prepare({ type: 'update.rollout', outcome: 'success', actor: actor(principal), target: { kind: 'device', id: deviceId }, details: { change: 'ring', ring: outcome, reason: request.reason } }),
        ),
      );
      return { deviceId, ring };
    },
    async report() {
      const report = patchReport({
        now: deps.clock.now(),
        overdueDays: deps.config.overdueDays,
        deviceIds: (await deps.devices.list()).filter((device) => device.revokedAt === null).map((device) => device.deviceId),
        checks: new Map((await deps.repo.checks()).map((check) => [check.deviceId, check])),
        rings: await deps.repo.rings(),
        releases: deps.repository.releases(),
        rollouts: await rolloutsByVersion(),
      });
      for (const row of report.devices.filter((r) => r.overdue)) {
        await deps.alerts.raise({
          kind: 'update_overdue',
          severity: 'warning',
          userId: null,
          deviceId: row.deviceId,
          message:
            row.daysBehind === null
              ? `${row.deviceId} has never reported its version: it cannot show it is patched`
              : `${row.deviceId} runs ${row.version ?? '?'}, ${row.daysBehind} days behind (policy: ${report.overdueDays})`,
        });
      }
      return report;
    },
    async gate(principal, access) {
      const { minimumVersion, minimumSince, graceDays } = deps.config;
      if (minimumVersion === undefined || minimumSince === undefined || !CUSTOMER_DATA.has(access as Permission)) return;
      if (deps.clock.now() < Date.parse(minimumSince) + graceDays * 86_400_000) return;
      const last = await deps.repo.lastCheck(principal.deviceId);
      // A desk that never checked is held to the rule too: it has not shown it runs a supported version.
      if (last !== null && compareVersions(last.version, minimumVersion) >= 0) return;
      throw new GatewayError('update_required', `This desk runs ${last?.version ?? 'an unknown version'}; version ${minimumVersion} or newer is required for customer data. It is updating; sign-in and audit sync still work`, {
        extra: { minimumVersion, runningVersion: last?.version ?? null },
      });
    },
  };
}
