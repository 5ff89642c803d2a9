// Which signed release a desk is offered: a pulled release sends its desks
// back to the newest earlier release that is not pulled; otherwise the newest
// release let out to the desk's ring (the broad ring by a stable hash of the
// device id, so a desk stays in or out of a percentage as it grows).
import { createHash } from 'node:crypto';
import { compareVersions, type UpdateOffer, type UpdateRing } from '../../shared/schemas/updates.ts';
import type { RolloutRecord } from '../storage/store.ts';
import type { SignedRelease } from './update-repository.ts';

/** The desk's place in 0..99 for one release: the same every check, independent between releases. */
export function rolloutBucket(deviceId: string, version: string): number {
  return createHash('sha256').update(`sentinel-rollout-v1\n${version}\n${deviceId}`).digest().readUInt32BE(0) % 100;
}

export interface OfferInput {
  readonly deviceId: string;
  readonly version: string;
  readonly ring: UpdateRing;
  readonly releases: readonly SignedRelease[];
  readonly rollouts: ReadonlyMap<string, RolloutRecord>;
}

export function offerFor(input: OfferInput): UpdateOffer {
  const newestFirst = [...input.releases].sort((a, b) => compareVersions(b.version, a.version));
  const pulled = (release: SignedRelease): boolean => input.rollouts.get(release.version)?.pulled === true;
  if (input.rollouts.get(input.version)?.pulled === true) {
    const previous = newestFirst.find((release) => compareVersions(release.version, input.version) < 0 && !pulled(release));
    return previous === undefined ? { action: 'stay' } : { action: 'rollback', version: previous.version, target: previous.target };
  }
  const offered = (release: SignedRelease): boolean => {
    const rollout = input.rollouts.get(release.version);
    if (rollout === undefined || rollout.pulled || rollout.paused || rollout.stage === 'held') return false;
    if (input.ring === 'pilot') return true;
    return rollout.stage === 'broad' && rolloutBucket(input.deviceId, release.version) < rollout.percent;
  };
  const next = newestFirst.find((release) => compareVersions(release.version, input.version) > 0 && offered(release));
  return next === undefined ? { action: 'stay' } : { action: 'install', version: next.version, target: next.target };
}
