// The published TUF repository on the gateway's disk: its files served byte
// for byte, and the releases its newest signed targets list. The gateway does
// not verify the signatures (the desk does); it only reads which signed
// targets exist, so that an offer names one.
import { createReadStream, existsSync, readFileSync, statSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { SignedReleaseFactsSchema, type SignedReleaseFacts } from '../../shared/schemas/updates.ts';
import { GatewayError } from '../errors.ts';

/** One signed target: the build's name and the facts signed with it. */
export interface SignedRelease extends SignedReleaseFacts {
  readonly target: string;
}

export interface UpdateRepository {
  metadata(file: string): Buffer;
  target(file: string): { stream: ReadStream; length: number };
  /** The releases in the newest published targets metadata, oldest first. */
  releases(): SignedRelease[];
}

/** Metadata files stay small (tuf-js caps root at 512 kB); a bigger one is not read into memory. */
const METADATA_MAX_BYTES = 5_000_000;

export function createUpdateRepository(folder: string | undefined): UpdateRepository {
  const notServed = (): never => {
    throw new GatewayError('not_found', 'This gateway serves no desk updates');
  };
  const fileIn = (sub: 'metadata' | 'targets', file: string): string => {
    if (folder === undefined) return notServed();
    // The route's schema allows only plain names (no separators), so the path stays inside the folder.
    const path = join(folder, sub, file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new GatewayError('not_found', `No such ${sub === 'metadata' ? 'metadata' : 'target'} file`);
    return path;
  };
  const metadata = (file: string): Buffer => {
    const path = fileIn('metadata', file);
    if (statSync(path).size > METADATA_MAX_BYTES) throw new GatewayError('internal', `${file} is larger than metadata may be`);
    return readFileSync(path);
  };
  const readJson = (file: string): unknown => JSON.parse(metadata(file).toString('utf8')) as unknown;
  const versionOf = (value: unknown, ...path: string[]): number | null => {
    let node = value;
    for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    return typeof node === 'number' && Number.isSafeInteger(node) ? node : null;
  };
  return {
    metadata,
    target(file) {
      const path = fileIn('targets', file);
      return { stream: createReadStream(path), length: statSync(path).size };
    },
    releases() {
      if (folder === undefined || !existsSync(join(folder, 'metadata', 'timestamp.json'))) return [];
      const snapshotVersion = versionOf(readJson('timestamp.json'), 'signed', 'meta', 'snapshot.json', 'version');
      if (snapshotVersion === null) return [];
      const targetsVersion = versionOf(readJson(`${snapshotVersion}.snapshot.json`), 'signed', 'meta', 'targets.json', 'version');
      if (targetsVersion === null) return [];
      const targets = (readJson(`${targetsVersion}.targets.json`) as { signed?: { targets?: Record<string, { custom?: unknown }> } }).signed?.targets ?? {};
      const releases: SignedRelease[] = [];
      for (const [target, entry] of Object.entries(targets)) {
        const facts = SignedReleaseFactsSchema.safeParse(entry.custom);
        if (facts.success) releases.push({ target, ...facts.data });
      }
      return releases;
    },
  };
}
