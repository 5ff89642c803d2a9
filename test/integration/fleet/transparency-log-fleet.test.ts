// The transparency log grown by two gateway instances on one PostgreSQL
// database (issue 25): desks' batches and the gateway's own events go to both
// at once while both are asked for checkpoints. Every stored entry is one leaf
// of one tree, and every checkpoint either instance signed is consistent with
// every earlier one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, type Checkpoint } from '../../../shared/transparency/checkpoint.ts';
import { parseVerifierKey } from '../../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteVerifier } from '../../../shared/transparency/note-signers.ts';
import { decodeProofHashes } from '../../../shared/transparency/proof-schemas.ts';
import { verifyConsistency } from '../../../shared/transparency/proof-verify.ts';
import { appendLeaves, EMPTY_EDGE, edgeRoot } from '../../../shared/transparency/tree-edge.ts';
import { loggedLeaves } from '../../harness/database/log-rewrite.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { recordGatewayEvent } from '../../harness/gateway/gateway-events.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';

let a: RunningGateway;
let b: RunningGateway;
beforeAll(async () => {
  a = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 100_000, limits: { connectionsPerIp: 1_000 } } });
  if (a.database === undefined) throw new Error('the fleet test runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  b = await startSecondInstance(a);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

describe('the transparency log grown by two instances', () => {
  it('holds every entry once in one tree, and every checkpoint is consistent with every earlier one', async () => {
    const { origin, verifierKey } = (await a.route('logKey', {})).body;
    expect((await b.route('logKey', {})).body).toEqual({ origin, verifierKey });
    const key = parseVerifierKey(verifierKey);
    const open = async (note: string): Promise<Checkpoint> => (await openCheckpoint(note, { origin, verifiers: [ed25519NoteVerifier(key.name, key.publicKey)] })).checkpoint;

    // One sign-in at a time: the account's sign-ins are serialised.
    const desks: { device: TestDevice; token: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const device = new TestDevice();
      desks.push({ device, token: (await (i % 2 === 0 ? a : b).login('agent.ana', { device })).token });
    }
    const notes: string[] = [];
    const checkpointFrom = async (gw: RunningGateway): Promise<void> => {
      notes.push((await gw.route('logCheckpoint', {})).body.checkpoint);
    };
    // Four rounds: every desk sends a batch to one instance, the gateway records on both, and both sign checkpoints, all at once.
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        ...desks.map(async ({ device, token }, i) => {
          const batch = device.batch(device.append(Array.from({ length: 5 + i }, () => device.event())));
          const ack = await (i % 2 === round % 2 ? a : b).route('auditBatches', { body: batch, token });
          expect(ack.status).toBe(200);
          expect(ack.body.receipt?.proof.treeSize).toBeGreaterThan(0);
          notes.push(ack.body.receipt?.checkpoint ?? '');
        }),
        ...Array.from({ length: 6 }, (_, i) => recordGatewayEvent(i % 2 === 0 ? a : b, round * 10 + i)),
        checkpointFrom(a),
        checkpointFrom(b),
      ]);
    }
    await checkpointFrom(b);

    const checkpoints = await Promise.all(notes.map(open));
    checkpoints.sort((x, y) => x.size - y.size);
    // Every pair, through either instance: one history.
    for (const [i, earlier] of checkpoints.entries()) {
      for (const later of checkpoints.slice(i)) {
        const proof = (await (i % 2 === 0 ? a : b).route('logConsistency', { query: { from: earlier.size, to: later.size } })).body;
        verifyConsistency(earlier.size, later.size, earlier.rootHash, later.rootHash, decodeProofHashes(proof.hashes));
      }
    }

    // The tree holds each stored entry exactly once, and its root recomputed from them is the newest checkpoint's.
    const leaves = await loggedLeaves(a);
    const raw = await openRawDatabase(a);
    const [{ n }] = (await raw.rows<{ n: number }>('SELECT COUNT(*)::int AS n FROM audit_events')) as [{ n: number }];
    await raw.close();
    expect(leaves).toHaveLength(n);
    const newest = checkpoints.at(-1);
    expect(edgeRoot(appendLeaves(EMPTY_EDGE, leaves.slice(0, newest?.size)).edge)).toEqual(newest?.rootHash);
  });
});
