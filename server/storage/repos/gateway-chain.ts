// Appends the gateway's own audit events inside a caller's transaction, so an
// administrative change and its record commit together or not at all. The
// gateway chain's head row is read FOR UPDATE first, so
// a parallel append on any instance waits for this transaction instead of
// building on a head that is about to move (SQLite's write transactions are
// already serial).
import type { Transaction } from 'kysely';
import type { AuditEvent } from '../../../shared/audit.ts';
import { GENESIS_HASH } from '../../../shared/audit-chain.ts';
import type { ChainedEvent } from '../../core/audit-port.ts';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { chainHash } from '../../core/hashing.ts';
import type { Engine } from '../dialect.ts';
import type { StoredEntry } from '../store.ts';
import type { Database } from '../tables.ts';
import { appendEntries } from './audit-repo.ts';

export async function appendGatewayEvents(trx: Transaction<Database>, engine: Engine, events: readonly AuditEvent[]): Promise<ChainedEvent[]> {
  if (events.length === 0) return [];
  const head = await trx
    .selectFrom('device_heads')
    .select(['seq', 'hash'])
    .where('device_id', '=', GATEWAY_DEVICE_ID)
    .$if(engine === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  let prev = { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
  const entries: StoredEntry[] = events.map((event) => {
    const seq = prev.seq + 1;
    const entry = { deviceId: GATEWAY_DEVICE_ID, seq, prevHash: prev.hash, hash: chainHash(prev.hash, seq, event), event, receivedAt: event.at };
    prev = { seq, hash: entry.hash };
    return entry;
  });
  await appendEntries(trx, engine, entries, null);
  return entries.map(({ seq, receivedAt, event }) => ({ seq, receivedAt, event }));
}
