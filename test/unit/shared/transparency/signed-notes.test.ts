import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, utf8 } from '../../../../shared/transparency/bytes.ts';
import { openCheckpoint, parseCheckpointText, signCheckpoint, type Checkpoint } from '../../../../shared/transparency/checkpoint.ts';
import { cosignatureTime, ed25519CosignatureVerifier, ed25519Cosigner } from '../../../../shared/transparency/cosignature.ts';
import { ed25519FromSeed, formatVerifierKey, parseVerifierKey, type Ed25519KeyPair } from '../../../../shared/transparency/ed25519-keys.ts';
import { TransparencyError } from '../../../../shared/transparency/errors.ts';
import { ed25519NoteSigner, ed25519NoteVerifier } from '../../../../shared/transparency/note-signers.ts';
import { formatNote, parseNote, signNote, verifyNote } from '../../../../shared/transparency/signed-note.ts';
import { leafHash } from '../../../../shared/transparency/tree-hash.ts';
import { assertAsyncProperty, assertProperty } from '../../../harness/arbitraries/property.ts';

// The published example of golang.org/x/mod/sumdb/note, the reference implementation of c2sp.org/signed-note.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIGNATURE = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const ORIGIN = 'sentinel-desk.example/audit-log';

async function freshKey(): Promise<Ed25519KeyPair> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  return ed25519FromSeed(new Uint8Array(seed));
}

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TransparencyError) return error.code;
    throw error;
  }
  return 'none';
}

const checkpoint = (size: number): Checkpoint => ({ origin: ORIGIN, size, rootHash: leafHash(utf8(`root ${size}`)), extensions: [] });

describe('signed notes (c2sp.org/signed-note)', () => {
  it('reproduces the reference implementation: key ID, verifier key and deterministic signature', async () => {
    const key = await ed25519FromSeed(fromBase64(PETER_SEED, 'key_invalid', 'seed').slice(1));
    expect(formatVerifierKey('PeterNeumann', key.publicKey)).toBe(PETER_VKEY);
    const signed = formatNote(await signNote({ text: PETER_TEXT, signatures: [] }, [ed25519NoteSigner('PeterNeumann', key)]));
    expect(signed).toBe(`${PETER_TEXT}\n— PeterNeumann ${PETER_SIGNATURE}\n`);
    const vkey = parseVerifierKey(PETER_VKEY);
    expect(await verifyNote(parseNote(signed), [ed25519NoteVerifier(vkey.name, vkey.publicKey)])).toEqual(['PeterNeumann']);
  });

  it('ignores unknown keys, refuses a note no known key signed, and a known key whose signature fails', async () => {
    const [mine, theirs] = [await freshKey(), await freshKey()];
    const signed = parseNote(formatNote(await signNote({ text: 'hello\n', signatures: [] }, [ed25519NoteSigner('a.example/log', theirs), ed25519NoteSigner('b.example/log', mine)])));
    expect(await verifyNote(signed, [ed25519NoteVerifier('b.example/log', mine.publicKey)])).toEqual(['b.example/log']);
    // Same name, other key: its key ID differs, so the signature is not from a known key.
    expect(await codeOf(() => verifyNote(signed, [ed25519NoteVerifier('a.example/log', mine.publicKey)]))).toBe('unknown_key');
    const forged = { ...signed, text: 'hullo\n' };
    expect(await codeOf(() => verifyNote(forged, [ed25519NoteVerifier('b.example/log', mine.publicKey)]))).toBe('signature_invalid');
  });

  it('refuses malformed notes with a typed error', async () => {
    const sig = `— PeterNeumann ${PETER_SIGNATURE}\n`;
    for (const note of [
      '',
      PETER_TEXT,
      `${PETER_TEXT}${sig}`,
      `${PETER_TEXT}\n${sig.slice(0, -1)}`,
      `${PETER_TEXT}\n— PeterNeumann\n`,
      `${PETER_TEXT}\n- PeterNeumann ${PETER_SIGNATURE}\n`,
      `${PETER_TEXT}\n— Peter+Neumann ${PETER_SIGNATURE}\n`,
      `${PETER_TEXT}\n— PeterNeumann ${PETER_SIGNATURE.slice(0, -1)}\n`,
      `${PETER_TEXT}\n— PeterNeumann AAAA\n`,
      `${PETER_TEXT}\n\n`,
      `tab\there\n\n${sig}`,
      `nul\u0000\n\n${sig}`,
      `lone \ud800\n\n${sig}`,
      `${'x'.repeat(70_000)}\n\n${sig}`,
      `${PETER_TEXT}\n${sig.repeat(65)}`,
    ]) {
      expect(await codeOf(() => parseNote(note)), JSON.stringify(note.slice(0, 80))).toBe('note_malformed');
    }
  });

  it('refuses verifier keys that are malformed or whose key ID does not match', () => {
    for (const vkey of ['', 'PeterNeumann', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'PeterNeumann+c74f20a3+AhpjZA==', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW']) {
      expect(() => parseVerifierKey(vkey)).toThrow(TransparencyError);
    }
  });

  it('never throws anything but a TransparencyError on arbitrary text', () => {
    const noteish = fc.array(fc.oneof(fc.string(), fc.constantFrom('\n', '\n\n', '— ', ' ', PETER_SIGNATURE, 'PeterNeumann', '+', '=')), { maxLength: 12 }).map((parts) => parts.join(''));
    assertProperty(
      fc.property(noteish, (text) => {
        try {
          parseCheckpointText(parseNote(text).text);
        } catch (error) {
          expect(error).toBeInstanceOf(TransparencyError);
        }
      }),
    );
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('signs and opens a checkpoint; its text is origin, size and base64 root', async () => {
    const key = await freshKey();
    const signed = await signCheckpoint(checkpoint(42), ed25519NoteSigner(ORIGIN, key));
    expect(signed.split('\n').slice(0, 4)).toEqual([ORIGIN, '42', toBase64(checkpoint(42).rootHash), '']);
    const opened = await openCheckpoint(signed, { origin: ORIGIN, verifiers: [ed25519NoteVerifier(ORIGIN, key.publicKey)] });
    expect(opened.checkpoint).toEqual(checkpoint(42));
  });

  it('refuses another origin, another key, an edited size and every truncation', async () => {
    const key = await freshKey();
    const verifiers = [ed25519NoteVerifier(ORIGIN, key.publicKey)];
    const signed = await signCheckpoint(checkpoint(42), ed25519NoteSigner(ORIGIN, key));
    expect(await codeOf(() => openCheckpoint(signed, { origin: 'other.example/log', verifiers }))).toBe('origin_mismatch');
    const otherKey = await freshKey();
    expect(await codeOf(() => openCheckpoint(signed, { origin: ORIGIN, verifiers: [ed25519NoteVerifier(ORIGIN, otherKey.publicKey)] }))).toBe('unknown_key');
    expect(await codeOf(() => openCheckpoint(signed.replace('\n42\n', '\n43\n'), { origin: ORIGIN, verifiers }))).toBe('signature_invalid');
    for (let cut = 0; cut < signed.length; cut++) {
      expect(await codeOf(() => openCheckpoint(signed.slice(0, cut), { origin: ORIGIN, verifiers })), `cut at ${cut}`).not.toBe('none');
    }
  });

  it('refuses checkpoint texts that break the format', () => {
    const root = toBase64(checkpoint(1).rootHash);
    for (const text of [`${ORIGIN}\n1\n`, `\n1\n${root}\n`, `${ORIGIN}\n01\n${root}\n`, `${ORIGIN}\n-1\n${root}\n`, `${ORIGIN}\n${String(2 ** 60)}\n${root}\n`, `${ORIGIN}\n1\n${root.slice(4)}\n`, `${ORIGIN}\n1\n${root}\n\n`, `${ORIGIN}\n1\n${root}`]) {
      expect(() => parseCheckpointText(text), JSON.stringify(text)).toThrow(TransparencyError);
    }
    expect(parseCheckpointText(`${ORIGIN}\n1\n${root}\nextension line\n`).extensions).toEqual(['extension line']);
  });
});

describe('cosignatures (c2sp.org/tlog-cosignature, cosignature/v1)', () => {
  it('a witness cosigns a checkpoint; the log key and the witness key both verify, and the timestamp is read back', async () => {
    const [logKey, witnessKey] = [await freshKey(), await freshKey()];
    const signed = await signCheckpoint(checkpoint(7), ed25519NoteSigner(ORIGIN, logKey));
    const cosigned = parseNote(formatNote(await signNote(parseNote(signed), [ed25519Cosigner('witness.example/w1', witnessKey, () => 1_700_000_000.7)])));
    const cosignature = cosigned.signatures.find((s) => s.name === 'witness.example/w1');
    expect(cosignatureTime(cosignature?.signature ?? new Uint8Array(0))).toBe(1_700_000_000);
    expect(await verifyNote(cosigned, [ed25519CosignatureVerifier('witness.example/w1', witnessKey.publicKey)])).toEqual(['witness.example/w1']);
    expect(await verifyNote(cosigned, [ed25519NoteVerifier(ORIGIN, logKey.publicKey)])).toEqual([ORIGIN]);
    // A cosignature key is not a note key: the type byte is part of the key ID.
    expect(await codeOf(() => verifyNote(cosigned, [ed25519NoteVerifier('witness.example/w1', witnessKey.publicKey)]))).toBe('unknown_key');
    expect(parseVerifierKey(formatVerifierKey('witness.example/w1', witnessKey.publicKey, 0x04)).type).toBe(0x04);
  });

  it('refuses a cosignature whose timestamp or checkpoint was changed', async () => {
    const [logKey, witnessKey] = [await freshKey(), await freshKey()];
    const signed = parseNote(await signCheckpoint(checkpoint(7), ed25519NoteSigner(ORIGIN, logKey)));
    const cosigned = await signNote(signed, [ed25519Cosigner('w.example', witnessKey, () => 1000)]);
    const verifier = [ed25519CosignatureVerifier('w.example', witnessKey.publicKey)];
    const retimed = cosigned.signatures.map((s) => (s.name === 'w.example' ? { ...s, signature: s.signature.map((b, i) => (i === 7 ? b ^ 1 : b)) } : s));
    expect(await codeOf(() => verifyNote({ ...cosigned, signatures: retimed }, verifier))).toBe('signature_invalid');
    expect(await codeOf(() => verifyNote({ ...cosigned, text: cosigned.text.replace('\n7\n', '\n8\n') }, verifier))).toBe('signature_invalid');
  });

  it('a hostile cosignature never crashes verification', async () => {
    const witnessKey = await freshKey();
    const verifier = ed25519CosignatureVerifier('w.example', witnessKey.publicKey);
    await assertAsyncProperty(
      fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), async (bytes) => {
        const outcome = await codeOf(() => verifyNote({ text: 'x\n', signatures: [{ name: 'w.example', keyId: verifier.keyId, signature: bytes }] }, [verifier]));
        expect(['signature_invalid', 'note_malformed']).toContain(outcome);
      }),
    );
  });
});
