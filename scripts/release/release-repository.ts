// The TUF repository IT builds releases in. `staged/` holds what is being
// prepared and signed (root and targets, signed offline by a threshold of
// keys); `published/` is what the gateway (or a CDN) serves: consistent
// snapshots (N.root.json, N.targets.json, N.snapshot.json, timestamp.json) and
// targets named by their SHA-256. Publishing refuses metadata short of its
// threshold, and a new root not signed by the old root's threshold as well.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Key, MetadataKind, Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { compareVersions, SignedReleaseFactsSchema, TargetNameSchema } from '../../shared/schemas/updates.ts';
import type { KeySigner } from './key-files.ts';

export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
}

const SPEC_VERSION = '1.0.31';
const DAY_MS = 86_400_000;
/** Default lifetimes: root and targets are signed offline, so they last; snapshot and timestamp are re-signed at each publish. */
export const DEFAULT_EXPIRY_DAYS = { root: 365, targets: 180, snapshot: 30, timestamp: 7 } as const;

export type SigningRole = 'root' | 'targets';
type AnyMetadata = Metadata<Root> | Metadata<Targets> | Metadata<Snapshot> | Metadata<Timestamp>;

export interface RoleKeys {
  readonly keys: readonly Key[];
  readonly threshold: number;
}

export interface ReleaseRepository {
  init(roles: Record<'root' | 'targets' | 'snapshot' | 'timestamp', RoleKeys>): void;
  add(buildPath: string, facts: { version: string; releasedAt: string; name?: string }): { name: string; length: number; sha256: string };
  sign(role: SigningRole, signer: KeySigner): { keyId: string; signatures: number; threshold: number };
  /** Stages a root with `role`'s keys replaced: it must be signed by the old root's threshold and the new one's before publish. */
  rotate(role: 'root' | 'targets' | 'snapshot' | 'timestamp', keys: RoleKeys): number;
  publish(online: { snapshot: KeySigner; timestamp: KeySigner }): { root: number; targets: number; snapshot: number; timestamp: number };
  readonly publishedDir: string;
}

const expiresIn = (now: number, days: number): string => new Date(now + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');

function writeAtomically(path: string, data: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, data, { mode: 0o644 });
  renameSync(temp, path);
}

function readMetadata(path: string, kind: MetadataKind): AnyMetadata {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof Metadata.fromJSON>[1];
  switch (kind) {
    case MetadataKind.Root:
      return Metadata.fromJSON(MetadataKind.Root, json);
    case MetadataKind.Targets:
      return Metadata.fromJSON(MetadataKind.Targets, json);
    case MetadataKind.Snapshot:
      return Metadata.fromJSON(MetadataKind.Snapshot, json);
    default:
      return Metadata.fromJSON(MetadataKind.Timestamp, json);
  }
}

const toText = (metadata: AnyMetadata): string => `${JSON.stringify(metadata.toJSON(), null, 1)}\n`;

/** True when `metadata` carries the threshold of `role`'s signatures under `root`. */
function meetsThreshold(root: Metadata<Root>, role: string, metadata: AnyMetadata): boolean {
  try {
    root.verifyDelegate(role, metadata);
    return true;
  } catch {
    return false;
  }
}

export function openReleaseRepository(dir: string, now: () => number = Date.now): ReleaseRepository {
  const staged = join(dir, 'staged');
  const stagedFiles = join(staged, 'files');
  const publishedDir = join(dir, 'published');
  const metadataDir = join(publishedDir, 'metadata');
  const targetsDir = join(publishedDir, 'targets');
  const stagedRootPath = join(staged, 'root.json');
  const stagedTargetsPath = join(staged, 'targets.json');

  const stagedRoot = (): Metadata<Root> => {
    if (!existsSync(stagedRootPath)) throw new ReleaseError(`no repository at ${dir}: run init first`);
    return readMetadata(stagedRootPath, MetadataKind.Root) as Metadata<Root>;
  };
  const stagedTargets = (): Metadata<Targets> => readMetadata(stagedTargetsPath, MetadataKind.Targets) as Metadata<Targets>;
  /** The newest published version of a role's metadata, or 0. */
  const publishedVersion = (role: 'root' | 'targets' | 'snapshot'): number => {
    if (!existsSync(metadataDir)) return 0;
    const versions = readdirSync(metadataDir)
      .map((file) => new RegExp(`^(\\d+)\\.${role}\\.json$`).exec(file)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number);
    return versions.length === 0 ? 0 : Math.max(...versions);
  };
  const publishedRoot = (): Metadata<Root> | null => {
    const version = publishedVersion('root');
    return version === 0 ? null : (readMetadata(join(metadataDir, `${version}.root.json`), MetadataKind.Root) as Metadata<Root>);
  };
  const publishedTimestampVersion = (): number => {
    const path = join(metadataDir, 'timestamp.json');
    return existsSync(path) ? readMetadata(path, MetadataKind.Timestamp).signed.version : 0;
  };
  const rootFor = (keysOf: Record<string, RoleKeys>, version: number): Root => {
    const keys: Record<string, ReturnType<Key['toJSON']>> = {};
    const roles: Record<string, { keyids: string[]; threshold: number }> = {};
    for (const [name, { keys: roleKeys, threshold }] of Object.entries(keysOf)) {
      const keyIds = [...new Set(roleKeys.map((key) => key.keyID))];
      if (keyIds.length === 0) throw new ReleaseError(`${name}: at least one key`);
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > keyIds.length) throw new ReleaseError(`${name}: threshold must be 1 to ${keyIds.length} (its distinct keys)`);
      for (const key of roleKeys) keys[key.keyID] = key.toJSON();
      roles[name] = { keyids: keyIds, threshold };
    }
    // Root's own constructor wants the library's Role class, which it does not export: built from its JSON form instead.
    return Root.fromJSON({ _type: 'root', spec_version: SPEC_VERSION, version, expires: expiresIn(now(), DEFAULT_EXPIRY_DAYS.root), keys, roles, consistent_snapshot: true });
  };
  const roleKeysOf = (root: Root, role: string): RoleKeys => {
    const entry = root.roles[role];
    if (entry === undefined) throw new ReleaseError(`root has no ${role} role`);
    return { keys: entry.keyIDs.map((id) => root.keys[id]).filter((key): key is Key => key !== undefined), threshold: entry.threshold };
  };

  return {
    publishedDir,
    init(roles) {
      if (existsSync(stagedRootPath) || existsSync(metadataDir)) throw new ReleaseError(`${dir} already holds a repository`);
      mkdirSync(stagedFiles, { recursive: true });
      writeAtomically(stagedRootPath, toText(new Metadata(rootFor(roles, 1))));
      writeAtomically(stagedTargetsPath, toText(new Metadata(new Targets({ version: 1, specVersion: SPEC_VERSION, expires: expiresIn(now(), DEFAULT_EXPIRY_DAYS.targets) }))));
    },
    add(buildPath, facts) {
      const checked = SignedReleaseFactsSchema.safeParse({ version: facts.version, releasedAt: facts.releasedAt });
      if (!checked.success) throw new ReleaseError(`--version must be MAJOR.MINOR.PATCH and --released-at an ISO time in UTC (got ${JSON.stringify(facts.version)}, ${JSON.stringify(facts.releasedAt)})`);
      const { version, releasedAt } = checked.data;
      const parsedName = TargetNameSchema.safeParse(facts.name ?? basename(buildPath));
      if (!parsedName.success) throw new ReleaseError(`target name ${JSON.stringify(facts.name ?? basename(buildPath))}: letters, digits and . _ - only`);
      const name = parsedName.data;
      const current = stagedTargets();
      for (const [path, target] of Object.entries(current.signed.targets)) {
        if (path === name) throw new ReleaseError(`${name} is already a target`);
        const signedVersion = SignedReleaseFactsSchema.safeParse(target.custom).data?.version;
        if (signedVersion !== undefined && compareVersions(signedVersion, version) >= 0) throw new ReleaseError(`version ${version} is not newer than the signed ${signedVersion}`);
      }
      let data: Buffer;
      try {
        data = readFileSync(buildPath);
      } catch (error) {
        throw new ReleaseError(`cannot read build ${buildPath}: ${(error as Error).message}`);
      }
      const sha256 = createHash('sha256').update(data).digest('hex');
      const sha512 = createHash('sha512').update(data).digest('hex');
      copyFileSync(buildPath, join(stagedFiles, name));
      // New content: a new version whose old signatures no longer count.
      const targets = new Targets({
        version: Math.max(current.signed.version, publishedVersion('targets') + 1),
        specVersion: SPEC_VERSION,
        expires: expiresIn(now(), DEFAULT_EXPIRY_DAYS.targets),
        targets: current.signed.targets,
      });
      targets.addTarget(new TargetFile({ path: name, length: data.length, hashes: { sha256, sha512 }, unrecognizedFields: { custom: { version, releasedAt } } }));
      writeAtomically(stagedTargetsPath, toText(new Metadata(targets)));
      return { name, length: data.length, sha256 };
    },
    sign(role, signer) {
      const root = stagedRoot();
      const previous = publishedRoot();
      const metadata = role === 'root' ? root : stagedTargets();
      // A new root may also carry the old root keys' signatures: the desks trust it only through them.
      const allowed = new Set([...(root.signed.roles[role]?.keyIDs ?? []), ...(role === 'root' ? (previous?.signed.roles.root?.keyIDs ?? []) : [])]);
      if (!allowed.has(signer.key.keyID)) throw new ReleaseError(`key ${signer.key.keyID.slice(0, 12)}… is not a ${role} key of this repository`);
      metadata.sign(signer.sign, true);
      writeAtomically(role === 'root' ? stagedRootPath : stagedTargetsPath, toText(metadata));
      const entry = root.signed.roles[role];
      return { keyId: signer.key.keyID, signatures: Object.keys(metadata.signatures).length, threshold: entry?.threshold ?? 1 };
    },
    rotate(role, keys) {
      const root = stagedRoot();
      const all: Record<string, RoleKeys> = {};
      for (const name of ['root', 'targets', 'snapshot', 'timestamp']) all[name] = name === role ? keys : roleKeysOf(root.signed, name);
      const version = Math.max(root.signed.version, publishedVersion('root') + 1);
      writeAtomically(stagedRootPath, toText(new Metadata(rootFor(all, version))));
      return version;
    },
    publish(online) {
      const root = stagedRoot();
      const previous = publishedRoot();
      const rootVersion = root.signed.version;
      if (previous === null || rootVersion > previous.signed.version) {
        if (!meetsThreshold(root, 'root', root)) throw new ReleaseError(`root ${rootVersion} lacks the threshold of its own root keys`);
        if (previous !== null && !meetsThreshold(previous, 'root', root)) throw new ReleaseError(`root ${rootVersion} lacks the threshold of the previous root's keys`);
        if (previous !== null && rootVersion !== previous.signed.version + 1) throw new ReleaseError(`root versions go one at a time: ${previous.signed.version} to ${previous.signed.version + 1}`);
      }
      const targets = stagedTargets();
      if (!meetsThreshold(root, 'targets', targets)) throw new ReleaseError('targets metadata lacks the threshold of targets keys: sign targets first');
      for (const [role, signer] of [['snapshot', online.snapshot], ['timestamp', online.timestamp]] as const) {
        if (!(root.signed.roles[role]?.keyIDs ?? []).includes(signer.key.keyID)) throw new ReleaseError(`key ${signer.key.keyID.slice(0, 12)}… is not a ${role} key of this repository`);
      }
      mkdirSync(metadataDir, { recursive: true });
      mkdirSync(targetsDir, { recursive: true });
      // Bottom up, timestamp last: a desk that reads the new timestamp finds everything it names.
      for (const [name, target] of Object.entries(targets.signed.targets)) {
        const published = join(targetsDir, `${target.hashes.sha256}.${name}`);
        if (!existsSync(published)) copyFileSync(join(stagedFiles, name), published);
      }
      if (previous === null || rootVersion > previous.signed.version) {
        writeAtomically(join(metadataDir, `${rootVersion}.root.json`), toText(root));
      }
      const targetsVersion = targets.signed.version;
      if (targetsVersion > publishedVersion('targets')) writeAtomically(join(metadataDir, `${targetsVersion}.targets.json`), toText(targets));
      const snapshot = new Metadata(
        new Snapshot({
          version: publishedVersion('snapshot') + 1,
          specVersion: SPEC_VERSION,
          expires: expiresIn(now(), DEFAULT_EXPIRY_DAYS.snapshot),
          meta: { 'targets.json': new MetaFile({ version: Math.max(targetsVersion, publishedVersion('targets')) }) },
        }),
      );
      snapshot.sign(online.snapshot.sign, false);
      const snapshotText = toText(snapshot);
      writeAtomically(join(metadataDir, `${snapshot.signed.version}.snapshot.json`), snapshotText);
      const timestamp = new Metadata(
        new Timestamp({
          version: publishedTimestampVersion() + 1,
          specVersion: SPEC_VERSION,
          expires: expiresIn(now(), DEFAULT_EXPIRY_DAYS.timestamp),
          snapshotMeta: new MetaFile({
            version: snapshot.signed.version,
            length: Buffer.byteLength(snapshotText),
            hashes: { sha256: createHash('sha256').update(snapshotText).digest('hex') },
          }),
        }),
      );
      timestamp.sign(online.timestamp.sign, false);
      writeAtomically(join(metadataDir, 'timestamp.json'), toText(timestamp));
      return { root: rootVersion, targets: targetsVersion, snapshot: snapshot.signed.version, timestamp: timestamp.signed.version };
    },
  };
}
