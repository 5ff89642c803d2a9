// `npm run audit-export` and its admin route: writes the evidence bundle of a
// time range (shared/audit-bundle.ts) to a new folder. The range is widened to
// whole checkpoints: from the first entry stored at or after `from` through the
// first signed checkpoint that covers the last entry stored before `to`. Entries
// stream out a page at a time, so a month of millions fits in bounded memory.
// The manifest is written last: a folder without one is an export that failed.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from '../../shared/audit-bundle.ts';
import { toBase64 } from '../../shared/transparency/bytes.ts';
import { buildProof } from '../../shared/transparency/proof-build.ts';
import { inclusionPlan } from '../../shared/transparency/proof-plan.ts';
import { edgeNodes } from '../../shared/transparency/tree-edge.ts';
import type { Clock } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { AuditExportRepo } from '../storage/repos/audit-export-repo.ts';
import type { AuditRepo } from '../storage/store.ts';
import type { TransparencyLogRepo } from '../storage/repos/tlog-repo.ts';
import type { TransparencyLog } from './transparency-log.ts';

const PAGE = 2000;

export interface ExportSummary {
  readonly start: number;
  readonly end: number;
  readonly entries: number;
  readonly archived: number;
  readonly checkpoints: number;
  readonly batches: number;
}

export interface AuditExport {
  write(range: { from: string; to: string }, outDir: string): Promise<ExportSummary>;
}

/** NDJSON lines to a new file, waiting for the stream to drain: memory stays at one buffer. */
function lines(path: string): { put(value: unknown): Promise<void>; close(): Promise<void> } {
  const stream: WriteStream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  return {
    async put(value) {
      if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}

export function createAuditExport(deps: {
  repo: AuditExportRepo;
  /** Where each device's kept chain starts once retention dropped months. */
  audit: Pick<AuditRepo, 'chainFloors'>;
  nodes: Pick<TransparencyLogRepo, 'nodeHashes'>;
  log: Pick<TransparencyLog, 'key' | 'latest' | 'consistency' | 'cosigned'>;
  clock: Clock;
}): AuditExport {
  const { repo, log } = deps;
  const subtrees = (nodes: Parameters<TransparencyLogRepo['nodeHashes']>[0]) => deps.nodes.nodeHashes(nodes);

  return {
    async write(range, outDir) {
      if (!(Date.parse(range.from) < Date.parse(range.to))) throw new GatewayError('invalid_request', '--from must be a date before --to');
      const latest = await log.latest();
      const bounds = await repo.leafBounds(new Date(range.from).toISOString(), new Date(range.to).toISOString());
      if (bounds === null) throw new GatewayError('not_found', 'No audit entry was stored in that range');
      const start = bounds.first;
      const [end] = await repo.checkpointSizes(bounds.last + 1, latest.size);
      if (end === undefined) throw new GatewayError('not_found', 'No signed checkpoint covers that range yet');
      mkdirSync(outDir, { recursive: true, mode: 0o700 });
      const floors = await deps.audit.chainFloors();

      const entries = lines(join(outDir, BUNDLE_FILES.entries));
      let archived = 0;
      for (let next = start; next < end; ) {
        const page = await repo.leaves(next, end, PAGE);
        if (page.length === 0) break;
        for (const leaf of page) {
          if ('gone' in leaf) {
            const leafHash = toBase64(new Uint8Array(Buffer.from(leaf.leafHashHex, 'hex')));
            // Gone with a month retention dropped after archiving, or deleted: the verifier must tell them apart.
            if (leaf.seq <= (floors.get(leaf.deviceId)?.seq ?? 0)) {
              archived++;
              await entries.put({ i: leaf.i, archived: true, leafHash });
            } else {
              await entries.put({ i: leaf.i, missing: true, deviceId: leaf.deviceId, seq: leaf.seq, leafHash });
            }
          } else {
            await entries.put(leaf);
          }
        }
        next = (page.at(-1)?.i ?? end) + 1;
      }
      await entries.close();

      const sizes = await repo.checkpointSizes(start, end);
      const checkpoints = lines(join(outDir, BUNDLE_FILES.checkpoints));
      const consistency = lines(join(outDir, BUNDLE_FILES.consistency));
      for (const [k, size] of sizes.entries()) {
        await checkpoints.put({ size, note: await log.cosigned(size) });
        const previous = sizes[k - 1];
        if (previous !== undefined) await consistency.put(await log.consistency(previous, size));
      }
      await Promise.all([checkpoints.close(), consistency.close()]);

      const batches = lines(join(outDir, BUNDLE_FILES.batches));
      const inclusion = lines(join(outDir, BUNDLE_FILES.inclusion));
      let batchCount = 0;
      for (let after: string | null = null; ; ) {
        const page = await repo.batches(start, end, after, PAGE);
        for (const batch of page) {
          await batches.put(batch);
          const hashes = await buildProof(inclusionPlan(batch.leafIndex, end), subtrees);
          await inclusion.put({ leafIndex: batch.leafIndex, treeSize: end, hashes: hashes.map(toBase64) });
        }
        batchCount += page.length;
        after = page.at(-1)?.batchId ?? null;
        if (page.length < PAGE) break;
      }
      await Promise.all([batches.close(), inclusion.close()]);

      const devices = lines(join(outDir, BUNDLE_FILES.devices));
      for (const device of await repo.devices()) await devices.put(device);
      await devices.close();

      const key = await log.key();
      const manifest: BundleManifest = {
        format: BUNDLE_FORMAT,
        origin: key.origin,
        logKey: key.verifierKey,
        from: range.from,
        to: range.to,
        start,
        end,
        startEdge: (await subtrees(edgeNodes(start))).map(toBase64),
        exportedAt: new Date(deps.clock.now()).toISOString(),
      };
      const written = lines(join(outDir, BUNDLE_FILES.manifest));
      await written.put(manifest);
      await written.close();
      return { start, end, entries: end - start, archived, checkpoints: sizes.length, batches: batchCount };
    },
  };
}
