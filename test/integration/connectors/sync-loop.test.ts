// The connector's sync round against a real gateway, with a shop connector that
// answers fixed records (any ShopConnector): the cursor moves only after the
// gateway has answered, a refused record is reported by code and field without
// holding back the rest, a gateway that cannot be reached leaves the cursor
// where it was, a state file that is not this connector's is refused, and a
// refused token is reported without the token.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorStateError } from '../../../connectors/cursor-state.ts';
import { gatewayRecordsClient } from '../../../connectors/gateway-records-client.ts';
import type { ConnectorCursor, ConnectorRecord, ShopConnector } from '../../../connectors/shop-connector.ts';
import { syncOnce } from '../../../connectors/sync-loop.ts';
import { freePort } from '../../../scripts/postgres-cluster.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, customerRecord, orderRecord, testPan } from '../../harness/records/source-records.ts';

/** A shop that always answers the same records and hands back `next` as its cursor. */
const fixedShop = (records: readonly ConnectorRecord[], next: ConnectorCursor): ShopConnector => ({
  name: 'fixed',
  pull: () => Promise.resolve({ records, nextCursor: next }),
});

let gw: RunningGateway;
let token: string;
let dir: string;
beforeAll(async () => {
  gw = await startGateway();
  token = (await createSource(gw, (await gw.login('admin.ivan')).token, 'fixed-shop', ['customer', 'order'])).token;
  dir = await mkdtemp(join(tmpdir(), 'sync-loop-'));
});
afterAll(async () => {
  await gw[Symbol.asyncDispose]();
  await rm(dir, { recursive: true, force: true });
});

describe('a sync round', () => {
  it('writes, reports a refused record by code and field, and moves the cursor', async () => {
    const statePath = join(dir, 'moves.json');
    const records = [customerRecord('CUS-SL-1'), orderRecord('ORD-SL-1', 'CUS-SL-1', 1, { status: `paid ${testPan()}` }), orderRecord('ORD-SL-2', 'CUS-SL-1')] as ConnectorRecord[];
    const options = { connector: fixedShop(records, { at: 'one' }), gateway: gatewayRecordsClient({ gatewayUrl: gw.url, token }), statePath };
    const summary = await syncOnce(options);
    expect(summary).toEqual({ pulled: 3, stored: 2, updated: 0, unchanged: 0, stale: 0, refused: [{ index: 1, code: 'pan_refused', field: 'data.status' }] });
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toEqual({ connector: 'fixed', cursor: { at: 'one' } });
    // The same round again (a restart before the cursor was saved) carries the same idempotency key: the gateway
    // answers with its record of the first, and stores nothing twice.
    expect(await syncOnce(options)).toEqual(summary);
    expect((await gw.gateway.store.customers.detail('CUS-SL-1'))?.orders.map((o) => o.orderId)).toEqual(['ORD-SL-2']);
  });

  it('leaves the cursor where it was when the gateway cannot be reached', async () => {
    const statePath = join(dir, 'stays.json');
    await writeFile(statePath, JSON.stringify({ connector: 'fixed', cursor: { at: 'before' } }));
    const closed = await freePort();
    const round = syncOnce({ connector: fixedShop([customerRecord('CUS-SL-3')] as ConnectorRecord[], { at: 'after' }), gateway: gatewayRecordsClient({ gatewayUrl: `http://127.0.0.1:${String(closed)}`, token }), statePath });
    await expect(round).rejects.toThrow();
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toEqual({ connector: 'fixed', cursor: { at: 'before' } });
  });

  it('refuses a state file that is malformed or another connector\'s, and leaves it as it was', async () => {
    const gateway = gatewayRecordsClient({ gatewayUrl: gw.url, token });
    for (const [name, content] of [['malformed.json', '{"connector":"fixed","cursor":{"at":7}}'], ['truncated.json', '{"connector":"fi'], ['other.json', '{"connector":"shopify","cursor":{}}']] as const) {
      const statePath = join(dir, name);
      await writeFile(statePath, content);
      await expect(syncOnce({ connector: fixedShop([], { at: 'x' }), gateway, statePath })).rejects.toThrow(CursorStateError);
      expect(await readFile(statePath, 'utf8')).toBe(content);
    }
  });

  it('answers a gateway refusal of the token as an error, without the token', async () => {
    const wrong = gatewayRecordsClient({ gatewayUrl: gw.url, token: 'sdsa_not-a-real-token-000000000000' });
    const error = await wrong.write([customerRecord('CUS-SL-4')] as ConnectorRecord[]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/gateway answered 401/);
    expect(String(error)).not.toContain('sdsa_not-a-real-token');
  });
});
