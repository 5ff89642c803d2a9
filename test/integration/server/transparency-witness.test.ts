// The witness program (`npm run witness`), run as a child process against a
// real gateway on both engines (issue 25): it pins the log key, cosigns each
// newer consistent checkpoint in the c2sp.org/tlog-cosignature format, and the
// gateway stores and serves the cosignature; a witness the gateway does not
// know is refused; a rewritten log makes the witness stop with both checkpoints
// and cosign nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { parseCheckpointText } from '../../../shared/transparency/checkpoint.ts';
import { ed25519CosignatureVerifier, ed25519Cosigner } from '../../../shared/transparency/cosignature.ts';
import { ed25519FromSeed, ED25519_COSIGNATURE_TYPE, formatVerifierKey, parseVerifierKey } from '../../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteVerifier } from '../../../shared/transparency/note-signers.ts';
import { formatNote, parseNote, signNote, verifyNote } from '../../../shared/transparency/signed-note.ts';
import { rewriteLoggedEntry } from '../../harness/database/log-rewrite.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const WITNESS = 'witness.test/w1';
const seed = randomBytes(32);
const witnessKey = await ed25519FromSeed(new Uint8Array(seed));
const it = gatewayTestWith({
  customers: 2,
  config: { transparencyLog: { checkpointSeconds: 1, witnessKeys: [formatVerifierKey(WITNESS, witnessKey.publicKey, ED25519_COSIGNATURE_TYPE)] } },
});

/** Runs the witness once; resolves with its exit code and output. */
function witnessOnce(gateway: string, keyFile: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['scripts/witness/witness-cli.ts', '--gateway', gateway, '--key', keyFile, '--name', WITNESS, '--once'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('the witness program', () => {
  it('cosigns consistent checkpoints, which the gateway stores and serves; it stops at a rewritten log and cosigns nothing', async ({ gw }) => {
    const dir = mkdtempSync(join(tmpdir(), 'witness-'));
    try {
      const keyFile = join(dir, 'witness.key');
      writeFileSync(keyFile, `${seed.toString('base64url')}\n`, { mode: 0o600 });
      await gw.login('agent.ana');
      const first = await witnessOnce(gw.url, keyFile);
      expect(first).toMatchObject({ code: 0 });
      const size = Number(/cosigned tree size (\d+)/.exec(first.out)?.[1]);
      expect(size).toBeGreaterThan(0);

      const { origin, verifierKey } = (await gw.route('logKey', {})).body;
      const logKey = parseVerifierKey(verifierKey);
      const served = parseNote((await gw.route('logCosigned', { query: { size } })).body.checkpoint);
      expect(await verifyNote(served, [ed25519CosignatureVerifier(WITNESS, witnessKey.publicKey)])).toEqual([WITNESS]);
      expect(await verifyNote(served, [ed25519NoteVerifier(origin, logKey.publicKey)])).toEqual([origin]);

      // The log grows: the next run checks consistency from what it cosigned and cosigns the newer checkpoint.
      await gw.login('agent.ana');
      const second = await witnessOnce(gw.url, keyFile);
      expect(second).toMatchObject({ code: 0 });
      expect(Number(/cosigned tree size (\d+)/.exec(second.out)?.[1])).toBeGreaterThan(size);

      // A witness the gateway was not told of is refused.
      const stranger = await ed25519FromSeed(new Uint8Array(randomBytes(32)));
      const latest = (await gw.route('logCheckpoint', {})).body.checkpoint;
      const foreign = formatNote(await signNote(parseNote(latest), [ed25519Cosigner('stranger.test/w9', stranger, () => 1_800_000_000)]));
      expect((await gw.route('logCosign', { body: { cosigned: foreign } })).status).toBe(400);

      // The attacker rewrites an old entry and has the new tree signed: the witness refuses it and says why.
      await rewriteLoggedEntry(gw, 1);
      await gw.login('agent.ana');
      const third = await witnessOnce(gw.url, keyFile);
      expect(third.code).toBe(2);
      expect(third.err).toContain('INCONSISTENT LOG');
      const rewritten = parseCheckpointText(parseNote((await gw.route('logCheckpoint', {})).body.checkpoint).text);
      const after = parseNote((await gw.route('logCosigned', { query: { size: rewritten.size } })).body.checkpoint);
      expect(after.signatures.map((s) => s.name)).toEqual([origin]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs a checkpoint of new entries on its own, with nobody asking', async ({ gw }) => {
    await gw.login('agent.ana');
    const log = gw.gateway.store.transparencyLog;
    const size = (await log.head()).size;
    await expect.poll(async () => ((await log.latestCheckpoint())?.size ?? 0) >= size).toBe(true);
  });

  it('answers hostile requests to the log routes with a typed 4xx, never a crash or a hang', async ({ gw }) => {
    const huge = String(2 ** 60);
    for (const query of [`from=0&to=${huge}`, 'from=-1&to=2', 'from=5&to=2', 'from=a&to=b', 'from=1.5&to=2', `from=0&to=${'9'.repeat(400)}`]) {
      const answer = await gw.call('GET', `/v1/audit/log/consistency?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json.error?.code, query).toBe('invalid_request');
    }
    expect((await gw.call('GET', `/v1/audit/log/cosignatures?size=${huge}`)).json.error?.code).toBe('invalid_request');
    expect((await gw.call('GET', '/v1/audit/log/cosignatures?size=123456')).status).toBe(404);
    const latest = (await gw.route('logCheckpoint', {})).body.checkpoint;
    for (const cosigned of ['', latest.slice(0, 40), `${latest}— ${WITNESS} AAAA\n`, latest.replace('audit-log', 'other-log'), `\u0000${latest}`]) {
      const answer = await gw.call('POST', '/v1/audit/log/cosignatures', { body: { cosigned } });
      expect(answer.status, JSON.stringify(cosigned.slice(0, 60))).toBe(400);
      expect(answer.json.error?.code).toBe('invalid_request');
    }
    const oversized = await gw.call('POST', '/v1/audit/log/cosignatures', { body: { cosigned: 'x'.repeat(70_000) } });
    expect([oversized.status, oversized.json.error?.code]).toEqual([413, 'payload_too_large']);
  });
});
