// The transparency log (issue 25), measured. Prints one JSON object:
// - appends per second with tree maintenance, on each engine: synthetic chained
//   entries stored through the store's appendBatch (the entry, its leaf, every
//   subtree it completes and the tree head, in one transaction), batches of
//   AUDIT_LOG_BENCH_BATCH for AUDIT_LOG_BENCH_SECONDS per engine;
// - proof sizes at 10 million entries, computed from the proof plans (no tree needed);
// - offline verification of a bundle of AUDIT_LOG_BENCH_VERIFY_ENTRIES entries
//   (default 1,000,000): generated (a chain, its tree, a signed checkpoint every
//   100,000 entries with consistency proofs), then checked by the verifier.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '../scripts/audit-verifier/verify-bundle.ts';
import { startPostgresCluster } from '../scripts/postgres-cluster.ts';
import { openStore } from '../server/storage/open-store.ts';
import type { StoredEntry } from '../server/storage/store.ts';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from '../shared/audit-bundle.ts';
import { chainMessage, GENESIS_HASH } from '../shared/audit-chain.ts';
import type { AuditEvent } from '../shared/audit.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import { panFreeId } from '../shared/pan.ts';
import { auditLeafHash } from '../shared/transparency/audit-leaf.ts';
import { toBase64 } from '../shared/transparency/bytes.ts';
import { signCheckpoint } from '../shared/transparency/checkpoint.ts';
import { ed25519FromSeed, formatVerifierKey } from '../shared/transparency/ed25519-keys.ts';
import { ed25519NoteSigner } from '../shared/transparency/note-signers.ts';
import { consistencyPlan, inclusionPlan, planNodes } from '../shared/transparency/proof-plan.ts';
import { appendLeaves, edgeRoot, EMPTY_EDGE, type TreeEdge } from '../shared/transparency/tree-edge.ts';
import { resolvePlan } from '../shared/transparency/proof-build.ts';
import { sampleAuditEvent } from '../test/harness/device/audit-events.ts';

const SECONDS = Number(process.env.AUDIT_LOG_BENCH_SECONDS ?? 8);
const BATCH = Number(process.env.AUDIT_LOG_BENCH_BATCH ?? 500);
const VERIFY_ENTRIES = Number(process.env.AUDIT_LOG_BENCH_VERIFY_ENTRIES ?? 1_000_000);
const CHECKPOINT_EVERY = 100_000;
const PROOF_TREE = 10_000_000;
const HASH = 32;

/** A chain of entries for one device, continuing from `head`. */
function chained(deviceId: string, head: { seq: number; hash: string }, count: number, template: AuditEvent): { entries: StoredEntry[]; head: { seq: number; hash: string } } {
  const entries: StoredEntry[] = [];
  let { seq, hash } = head;
  const receivedAt = new Date().toISOString();
  for (let n = 0; n < count; n++) {
    const event = { ...template, id: panFreeId(randomUUID), origin: { ...template.origin, deviceId } };
    const prevHash = hash;
    seq++;
    hash = createHash('sha256').update(chainMessage(prevHash, seq, canonicalJson(event))).digest('hex');
    entries.push({ deviceId, seq, prevHash, hash, event, receivedAt });
  }
  return { entries, head: { seq, hash } };
}

async function appendRate(engine: 'sqlite' | 'postgres', database: string | undefined): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `sentinel-audit-log-bench-${engine}-`));
  const store = await openStore({ dataDir: dir, database });
  try {
    const template = sampleAuditEvent();
    let head = { seq: 0, hash: GENESIS_HASH };
    let appended = 0;
    const started = performance.now();
    while (performance.now() - started < SECONDS * 1000) {
      const next = chained('bench-desk', head, BATCH, template);
      await store.audit.appendBatch(next.entries, null);
      head = next.head;
      appended += BATCH;
    }
    const seconds = (performance.now() - started) / 1000;
    const tree = await store.transparencyLog.head();
    return { engine, batch: BATCH, appended, treeSize: tree.size, seconds: Number(seconds.toFixed(2)), entriesPerSecond: Math.round(appended / seconds) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function proofSizes(): Record<string, unknown> {
  const samples = [0, 1, PROOF_TREE / 2, PROOF_TREE - 2, PROOF_TREE - 1, 1_234_567];
  const inclusion = Math.max(...samples.map((i) => inclusionPlan(i, PROOF_TREE).length));
  const consistency = Math.max(...[1, 1000, PROOF_TREE / 2, PROOF_TREE - 1, 7_777_777].map((m) => consistencyPlan(m, PROOF_TREE).length));
  return { treeSize: PROOF_TREE, inclusionHashes: inclusion, inclusionBytes: inclusion * HASH, consistencyHashes: consistency, consistencyBytes: consistency * HASH, goalBytes: 1024 };
}

/** Writes a bundle of `count` entries with a signed checkpoint every CHECKPOINT_EVERY; returns its folder and pinned key. */
async function generatedBundle(count: number): Promise<{ dir: string; key: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-audit-log-bundle-'));
  mkdirSync(dir, { recursive: true });
  const origin = 'bench.local/audit-log';
  const key = await ed25519FromSeed(new Uint8Array(32).fill(9));
  const signer = ed25519NoteSigner(origin, key);
  const template = sampleAuditEvent();
  const entries = createWriteStream(join(dir, BUNDLE_FILES.entries));
  const nodes = new Map<string, Uint8Array>();
  const sizes: number[] = [];
  const checkpoints: string[] = [];
  let edge: TreeEdge = EMPTY_EDGE;
  let head = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < count; i += 10_000) {
    const next = chained('gateway', head, Math.min(10_000, count - i), template);
    head = next.head;
    for (const [n, e] of next.entries.entries()) {
      if (!entries.write(`${JSON.stringify({ i: i + n, deviceId: e.deviceId, seq: e.seq, prevHash: e.prevHash, hash: e.hash, receivedAt: e.receivedAt, event: e.event })}\n`)) await once(entries, 'drain');
      const grown = appendLeaves(edge, [auditLeafHash(e)]);
      edge = grown.edge;
      // Consistency proofs between checkpoints (sizes multiples of 16) need only subtrees of level 4 and up.
      for (const f of grown.finished) if (f.level >= 4) nodes.set(`${f.level}/${f.index}`, f.hash);
      if (edge.size % CHECKPOINT_EVERY === 0 || edge.size === count) {
        sizes.push(edge.size);
        checkpoints.push(JSON.stringify({ size: edge.size, note: await signCheckpoint({ origin, size: edge.size, rootHash: edgeRoot(edge), extensions: [] }, signer) }));
      }
    }
  }
  entries.end();
  await once(entries, 'finish');
  const consistency = sizes.slice(1).map((size, n) => {
    const from = sizes[n] ?? 0;
    const plan = consistencyPlan(from, size);
    const missing = planNodes(plan).filter((node) => !nodes.has(`${node.level}/${node.index}`));
    if (missing.length > 0) throw new Error(`bench tree lacks ${missing.length} subtrees for a proof`);
    return JSON.stringify({ fromSize: from, toSize: size, hashes: resolvePlan(plan, (node) => nodes.get(`${node.level}/${node.index}`) ?? new Uint8Array(0)).map(toBase64) });
  });
  writeFileSync(join(dir, BUNDLE_FILES.checkpoints), `${checkpoints.join('\n')}\n`);
  writeFileSync(join(dir, BUNDLE_FILES.consistency), consistency.length === 0 ? '' : `${consistency.join('\n')}\n`);
  for (const file of [BUNDLE_FILES.inclusion, BUNDLE_FILES.batches, BUNDLE_FILES.devices]) writeFileSync(join(dir, file), '');
  const verifierKey = formatVerifierKey(origin, key.publicKey);
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, origin, logKey: verifierKey, from: '2000-01-01', to: '2100-01-01', start: 0, end: count, startEdge: [], exportedAt: new Date().toISOString() };
  writeFileSync(join(dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest)}\n`);
  return { dir, key: verifierKey };
}

const loadAtStart = loadavg().map((n) => Number(n.toFixed(2)));
const cluster = await startPostgresCluster();
let appends;
try {
  appends = [await appendRate('sqlite', undefined), await appendRate('postgres', await cluster.createDatabase())];
} finally {
  await cluster.stop();
}
const generating = performance.now();
const bundle = await generatedBundle(VERIFY_ENTRIES);
const generatedSeconds = (performance.now() - generating) / 1000;
const verifying = performance.now();
const verdict = await verifyBundle(bundle.dir, { keys: [bundle.key], earlier: [] });
const verifySeconds = (performance.now() - verifying) / 1000;
rmSync(bundle.dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'audit-log',
      node: process.version,
      at: new Date().toISOString(),
      machine: 'shared: the benchmark, the database and other engineers’ work run on the same 2 cores',
      loadAverage1_5_15min: { atStart: loadAtStart, atEnd: loadavg().map((n) => Number(n.toFixed(2))) },
      appendsWithTree: { goal: '10,000 entries/s on PostgreSQL', results: appends },
      proofSizeAt10Million: proofSizes(),
      offlineVerification: {
        goal: 'under 30 s for 1,000,000 entries',
        entries: VERIFY_ENTRIES,
        checkpoints: Math.ceil(VERIFY_ENTRIES / CHECKPOINT_EVERY),
        generateSeconds: Number(generatedSeconds.toFixed(2)),
        verifySeconds: Number(verifySeconds.toFixed(2)),
        verified: verdict.ok,
        verdict: verdict.lines.at(-1),
      },
    },
    null,
    2,
  )}\n`,
);
