// Issue 28: a gateway insider steering a desk's update by its offer alone, with
// the repository untouched: the signed target's name in another case, a path out
// of the download folder, another signed target's name under this version. The
// desk refuses each with a typed reason before anything is handed over, writes
// nothing outside its state folder, and records the refusal. The gateway serves
// the build under its exact name only.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { AuditEventInput } from '../../../main/audit/audit-queue.ts';
import { createDeskUpdater, type VerifiedUpdate } from '../../../main/updates/desk-updater.ts';
import type { UpdateOffer } from '../../../shared/schemas/updates.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { makeReleaseRepo } from '../../harness/updates/release-repo.ts';

const base = mkdtempSync(join(tmpdir(), 'sentinel-update-offer-'));
const repoDir = join(base, 'repo');
const it = gatewayTestWith({ config: { updates: { repository: join(repoDir, 'published') } } });

describe('an offer steered by a gateway insider', () => {
  it('is refused when it names a case variant, a path out of the download folder, or another signed release', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    const older = repo.publishBuild('1.1.0');
    const build = repo.publishBuild('1.2.0');
    const offers: [Extract<UpdateOffer, { action: 'install' }>, string][] = [
      [{ action: 'install', version: '1.2.0', target: build.name.toUpperCase() }, 'unknown_target'],
      [{ action: 'install', version: '1.2.0', target: `../../${build.name}` }, 'unknown_target'],
      [{ action: 'install', version: '1.2.0', target: older.name }, 'offer_mismatch'],
    ];
    for (const [offer, reason] of offers) {
      const stateDir = mkdtempSync(join(base, 'desk-'));
      const trail: AuditEventInput[] = [];
      const handed: VerifiedUpdate[] = [];
      const updater = createDeskUpdater({
        runningVersion: '1.0.0',
        gatewayUrl: gw.url,
        trustedRoot: repo.trustedRoot(),
        stateDir,
        offer: () => Promise.resolve(offer),
        audit: (event) => trail.push(event),
        handOver: (update) => {
          handed.push(update);
          return Promise.resolve();
        },
      });
      await expect(updater.checkOnce(), offer.target).rejects.toMatchObject({ name: 'UpdateRefusedError', reason });
      expect(handed).toEqual([]);
      expect(trail.map((e) => [e.type, e.reason])).toEqual([['update.refused', reason]]);
      expect(readdirSync(join(stateDir, 'downloads'))).toEqual([]);
      expect(existsSync(join(stateDir, build.name))).toBe(false);
      expect(existsSync(join(base, build.name))).toBe(false);
    }
    // Nor does the gateway serve the build under a case variant of its file name, or an encoded path out of its folder.
    const sha256 = createHash('sha256').update(build.content).digest('hex');
    expect((await gw.call('GET', `/v1/updates/targets/${sha256}.${build.name}`, {})).status).toBe(200);
    expect((await gw.call('GET', `/v1/updates/targets/${sha256.toUpperCase()}.${build.name}`, {})).status).toBe(400);
    expect((await gw.call('GET', `/v1/updates/targets/${sha256}.${build.name.toUpperCase()}`, {})).status).toBe(404);
    expect((await gw.call('GET', `/v1/updates/targets/${sha256}.%2E%2E%2F%2E%2E%2Fmetadata%2Ftimestamp.json`, {})).status).toBe(400);
  });
});
