// AuditQueue.append() (canonical JSON, SHA-256 chain, AES-256-GCM, zod check,
// FULL durability) against raw better-sqlite3 single-row inserts of the same
// size and durability, in one run on the same disk. The raw side does only
// what the queue's storage does: it binds a row of the same shape and size,
// its nonce and ciphertext bytes taken from CSPRNG output drawn once up front
// (the queue draws nonces from a pool too), so the ratio is the cost of
// hashing, sealing and validating. Prints JSON.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditQueue } from '../main/audit/audit-queue.ts';
import { systemClock } from '../main/clock.ts';
import { lookupEvent } from '../test/harness/desk/audit-queue.ts';
import { testKeychain } from '../test/harness/keychain/keychain.ts';

const ROUNDS = 5;
const PER_ROUND = 1500;

const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-audit-'));
const keychain = testKeychain();
try {
  const queue = await AuditQueue.open({
    dbPath: join(dir, 'queue.sqlite'),
    deviceId: 'desk-bench-0001',
    appVersion: '0.1.0-bench',
    host: 'bench',
    secrets: keychain,
    clock: systemClock,
    maxUnsynced: 10_000_000,
    retentionDays: 30,
  });
  const raw = new Database(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(
    'CREATE TABLE events (seq INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, key_id TEXT NOT NULL, nonce BLOB NOT NULL, sealed BLOB NOT NULL, created_at INTEGER NOT NULL)',
  );
  const insert = raw.prepare('INSERT INTO events (seq, prev_hash, hash, key_id, nonce, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

  // Row size as the queue writes it, so the raw inserts carry the same bytes.
  queue.append(lookupEvent(0));
  const probe = new Database(join(dir, 'queue.sqlite'), { readonly: true });
  const sealedBytes = probe.prepare<[], { n: number }>('SELECT MAX(LENGTH(sealed)) AS n FROM events').get()?.n ?? 0;
  probe.close();

  // CSPRNG bytes drawn once: per row the raw side slices them, as seal.ts slices its nonce pool.
  const nonces = randomBytes(12 * PER_ROUND * ROUNDS);
  const bodies = randomBytes(sealedBytes * 64);
  let rawSeq = 0;
  const rounds: { appendPerSec: number; rawPerSec: number }[] = [];
  const timed = (run: () => void): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) run();
    return PER_ROUND / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so disk warm-up favours neither.
    const appendFirst = round % 2 === 0;
    const doAppend = () => timed(() => queue.append(lookupEvent(round)));
    const doRaw = () =>
      timed(() => {
        rawSeq += 1;
        const at = (rawSeq % 64) * sealedBytes;
        insert.run(rawSeq, 'a'.repeat(64), 'b'.repeat(64), 'k1', nonces.subarray((rawSeq - 1) * 12, rawSeq * 12), bodies.subarray(at, at + sealedBytes), Date.now());
      });
    const [first, second] = appendFirst ? [doAppend(), doRaw()] : [doRaw(), doAppend()];
    rounds.push(appendFirst ? { appendPerSec: first, rawPerSec: second } : { appendPerSec: second, rawPerSec: first });
  }
  queue.close();
  raw.close();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const appendPerSec = median(rounds.map((r) => r.appendPerSec));
  const rawPerSec = median(rounds.map((r) => r.rawPerSec));
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'audit',
        node: process.version,
        at: new Date().toISOString(),
        durability: 'WAL + synchronous=FULL, one transaction per event',
        rawSide: 'same row shape and size; nonce and ciphertext sliced from CSPRNG bytes drawn once (no per-row randomBytes)',
        rowBytes: sealedBytes,
        rounds: rounds.map((r) => ({ appendPerSec: Math.round(r.appendPerSec), rawPerSec: Math.round(r.rawPerSec) })),
        appendPerSec: Math.round(appendPerSec),
        rawInsertPerSec: Math.round(rawPerSec),
        appendToRawRatio: Number((appendPerSec / rawPerSec).toFixed(3)),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await keychain.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
