// Issue 28: the desk's update service against a real TUF repository made by the
// release command and served by the real gateway on 127.0.0.1. Each attack on
// the repository or the wire is refused with a typed reason, recorded in the
// desk's trail, and raises an alert at the gateway when that record syncs; the
// installer is never handed a file, so the desk keeps its version. A rotation
// signed by the threshold is accepted.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, MetadataKind, Timestamp } from '@tufjs/models';
import { describe, expect } from 'vitest';
import { createDeskUpdater, type VerifiedUpdate } from '../../../main/updates/desk-updater.ts';
import type { UpdateRefusalReason } from '../../../main/updates/update-refusal.ts';
import { signerFile } from '../../../scripts/release/key-files.ts';
import { runReleaseCommand } from '../../../scripts/release/release-command.ts';
import { startDesk } from '../../harness/desk/desk.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { startHostileMirror } from '../../harness/updates/hostile-mirror.ts';
import { makeReleaseRepo, type TestReleaseRepo } from '../../harness/updates/release-repo.ts';

const base = mkdtempSync(join(tmpdir(), 'sentinel-updates-'));
const repoDir = join(base, 'repo');
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000, updates: { repository: join(repoDir, 'published') } } });

const RUNNING = '1.0.0';
type Gw = RunningGateway;

async function rollOut(gw: Gw, version: string): Promise<void> {
  const { token } = await gw.login('admin.ivan');
  const answer = await gw.route('adminRollout', { params: { version }, body: { stage: 'broad', percent: 100, reason: 'Security release for every desk' }, token });
  expect(answer.status).toBe(200);
}

/** A signed-in desk with a fresh update state; its updater fetches the repository through `via` (the gateway, or a mirror in front of it). */
async function deskWithUpdater(gw: Gw, repo: TestReleaseRepo, options: { via?: string; timeoutMs?: number; stateDir?: string } = {}) {
  const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
  await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
  const handed: VerifiedUpdate[] = [];
  const updater = createDeskUpdater({
    runningVersion: RUNNING,
    gatewayUrl: options.via ?? gw.url,
    trustedRoot: repo.trustedRoot(),
    stateDir: options.stateDir ?? mkdtempSync(join(base, 'desk-')),
    offer: () => desk.api.call('updateCheck', { query: { version: RUNNING } }),
    audit: (event) => desk.queue.append(event),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    handOver: (update) => {
      handed.push(update);
      return Promise.resolve();
    },
  });
  return { desk, updater, handed };
}

/** The refusal is typed, nothing was handed over, the desk's record reached the gateway and raised the alert. */
async function expectRefused(gw: Gw, setup: Awaited<ReturnType<typeof deskWithUpdater>>, reason: UpdateRefusalReason): Promise<void> {
  await expect(setup.updater.checkOnce()).rejects.toMatchObject({ name: 'UpdateRefusedError', reason });
  expect(setup.handed).toEqual([]);
  const deviceId = setup.desk.queue.deviceId;
  await setup.desk.sync.syncNow();
  const stored = await gw.gateway.store.audit.search({ limit: 50, type: 'update.refused' });
  expect(stored.events.filter((e) => e.deviceId === deviceId).map((e) => e.event.reason)).toEqual([reason]);
  const { token } = await gw.login('admin.ivan');
  const alerts = (await gw.route('adminAlerts', { token })).body;
  expect(alerts.find((alert) => alert.kind === 'update_refused' && alert.deviceId === deviceId)).toMatchObject({ severity: 'critical', status: 'open' });
  await setup.desk[Symbol.asyncDispose]();
}

const metadataFile = (repo: TestReleaseRepo, file: string): string => join(repo.publishedDir, 'metadata', file);
const readJson = (path: string): Parameters<typeof Metadata.fromJSON>[1] => JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof Metadata.fromJSON>[1];

describe('a verified update', () => {
  it('is downloaded through the gateway, checked against signed targets and only then handed over', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    const build = repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const setup = await deskWithUpdater(gw, repo);
    const outcome = await setup.updater.checkOnce();
    expect(outcome).toMatchObject({ status: 'handed_over', update: { version: '1.1.0', action: 'install' } });
    expect(setup.handed).toHaveLength(1);
    expect(readFileSync(setup.handed[0]?.file ?? '')).toEqual(build.content);
    await setup.desk[Symbol.asyncDispose]();
  });
});

describe('attacks, each refused with the running version kept', () => {
  it('a tampered target (same length, other bytes)', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    const build = repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const sha256 = createHash('sha256').update(build.content).digest('hex');
    const tampered = Buffer.from(build.content);
    tampered[100] = (tampered[100] ?? 0) ^ 0xff;
    writeFileSync(join(repo.publishedDir, 'targets', `${sha256}.${build.name}`), tampered);
    await expectRefused(gw, await deskWithUpdater(gw, repo), 'tampered_target');
  });

  it('targets metadata signed by a key that is not in root', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    repo.release('keygen', '--out', repo.key('attacker'));
    const path = metadataFile(repo, '2.targets.json');
    const targets = Metadata.fromJSON(MetadataKind.Targets, readJson(path));
    targets.sign(signerFile(repo.key('attacker')).sign, false);
    writeFileSync(path, JSON.stringify(targets.toJSON()));
    await expectRefused(gw, await deskWithUpdater(gw, repo), 'untrusted_signature');
  });

  it('a rollback to older metadata that is still validly signed', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const oldTimestamp = readFileSync(metadataFile(repo, 'timestamp.json'));
    repo.publishBuild('1.2.0');
    await rollOut(gw, '1.2.0');
    const stateDir = mkdtempSync(join(base, 'desk-'));
    const first = await deskWithUpdater(gw, repo, { stateDir });
    await expect(first.updater.checkOnce()).resolves.toMatchObject({ status: 'handed_over', update: { version: '1.2.0' } });
    await first.desk[Symbol.asyncDispose]();
    // The server now replays the timestamp of the release before: signed, unexpired, and older than what the desk trusts.
    writeFileSync(metadataFile(repo, 'timestamp.json'), oldTimestamp);
    await expectRefused(gw, await deskWithUpdater(gw, repo, { stateDir }), 'rollback');
  });

  it('an expired timestamp (a frozen repository)', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const current = Metadata.fromJSON(MetadataKind.Timestamp, readJson(metadataFile(repo, 'timestamp.json')));
    // What the timestamp key signed days ago, replayed after it expired.
    const stale = new Metadata(new Timestamp({ version: current.signed.version + 1, specVersion: current.signed.specVersion, expires: '2026-01-01T00:00:00Z', snapshotMeta: current.signed.snapshotMeta }));
    stale.sign(signerFile(repo.key('timestamp')).sign, false);
    writeFileSync(metadataFile(repo, 'timestamp.json'), JSON.stringify(stale.toJSON()));
    await expectRefused(gw, await deskWithUpdater(gw, repo), 'expired_metadata');
  });

  it('a snapshot from another release (mix and match)', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    repo.publishBuild('1.2.0');
    await rollOut(gw, '1.2.0');
    // Snapshot 3 replaced by the validly signed snapshot 2, which names the older targets.
    writeFileSync(metadataFile(repo, '3.snapshot.json'), readFileSync(metadataFile(repo, '2.snapshot.json')));
    await expectRefused(gw, await deskWithUpdater(gw, repo), 'snapshot_mismatch');
  });

  it('endless data: a target longer than its signed length', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const mirror = await startHostileMirror(gw.url);
    try {
      mirror.set('.AppImage', 'endless');
      await expectRefused(gw, await deskWithUpdater(gw, repo, { via: mirror.url }), 'endless_data');
      // The desk stopped reading near the signed length (64 KiB), not at whatever the server would send.
      expect(mirror.sent()).toBeLessThan(50 * 1024 * 1024);
    } finally {
      await mirror.close();
    }
  });

  it('slow retrieval: a server that trickles bytes is cut off by the time limit, not waited on', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const mirror = await startHostileMirror(gw.url);
    try {
      mirror.set('.AppImage', 'trickle');
      await expectRefused(gw, await deskWithUpdater(gw, repo, { via: mirror.url, timeoutMs: 2_000 }), 'slow_retrieval');
    } finally {
      await mirror.close();
    }
  });

  it('a root rotation not signed by the old root threshold', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    for (const name of ['evil1', 'evil2']) repo.release('keygen', '--out', repo.key(name));
    repo.release('rotate', 'root', '--key', repo.key('evil1'), '--key', repo.key('evil2'), '--threshold', '2');
    // One stolen old root key and the attacker's own: the release command itself will not publish it.
    repo.release('sign', 'root', '--key', repo.key('root1'), '--key', repo.key('evil1'), '--key', repo.key('evil2'));
    const refused = runReleaseCommand(['publish', '--repo', repo.dir, '--snapshot-key', repo.key('snapshot'), '--timestamp-key', repo.key('timestamp')]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("lacks the threshold of the previous root's keys");
    // The attacker writes it onto the server anyway.
    writeFileSync(metadataFile(repo, '2.root.json'), readFileSync(join(repo.dir, 'staged', 'root.json')));
    await expectRefused(gw, await deskWithUpdater(gw, repo), 'root_rotation_unsigned');
  });
});

describe('key rotation signed by the threshold', () => {
  it('a new timestamp key and new root keys are accepted, and desks keep updating', async ({ gw }) => {
    const repo = makeReleaseRepo(repoDir);
    repo.publishBuild('1.1.0');
    await rollOut(gw, '1.1.0');
    const stateDir = mkdtempSync(join(base, 'desk-'));
    const before = await deskWithUpdater(gw, repo, { stateDir });
    await expect(before.updater.checkOnce()).resolves.toMatchObject({ status: 'handed_over', update: { version: '1.1.0' } });
    await before.desk[Symbol.asyncDispose]();

    for (const name of ['timestamp2', 'root3', 'root4']) repo.release('keygen', '--out', repo.key(name));
    repo.release('rotate', 'timestamp', '--key', repo.key('timestamp2'));
    repo.release('sign', 'root', '--key', repo.key('root1'), '--key', repo.key('root2'));
    repo.release('publish', '--snapshot-key', repo.key('snapshot'), '--timestamp-key', repo.key('timestamp2'));
    repo.release('rotate', 'root', '--key', repo.key('root3'), '--key', repo.key('root4'), '--threshold', '2');
    repo.release('sign', 'root', '--key', repo.key('root1'), '--key', repo.key('root2'), '--key', repo.key('root3'), '--key', repo.key('root4'));
    repo.release('publish', '--snapshot-key', repo.key('snapshot'), '--timestamp-key', repo.key('timestamp2'));
    // The old timestamp key no longer counts.
    expect(runReleaseCommand(['publish', '--repo', repo.dir, '--snapshot-key', repo.key('snapshot'), '--timestamp-key', repo.key('timestamp')]).code).toBe(1);
    repo.publishBuild('1.2.0', { timestampKey: 'timestamp2' });
    await rollOut(gw, '1.2.0');

    const after = await deskWithUpdater(gw, repo, { stateDir });
    await expect(after.updater.checkOnce()).resolves.toMatchObject({ status: 'handed_over', update: { version: '1.2.0' } });
    // The desk walked root 1 → 2 → 3 and trusts the newest.
    expect(readJson(join(stateDir, 'metadata', 'root.json'))).toMatchObject({ signed: { version: 3 } });
    await after.desk[Symbol.asyncDispose]();
  });
});
