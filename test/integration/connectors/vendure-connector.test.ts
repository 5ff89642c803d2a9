// Issue 22's reference connector against a real shop: Vendure runs in this
// process (@vendure/testing, sql.js) on 127.0.0.1, a seeded gateway runs from
// the harness, and the connector runs as its own process (npm run connect's
// entry) between them over HTTP with its service account's token. An order a
// shopper places in Vendure appears to an agent looking up its number; a refund
// made in Vendure's back office shows under "was I charged" (the desk's own
// charge rows) after a restart of the connector from its state file, with the
// records it had already sent answered as unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { moneyRows } from '../../../renderer/src/views/customer/Charges.tsx';
import { startGateway } from '../../harness/gateway/gateway.ts';
import { createSource } from '../../harness/records/source-records.ts';
import { startVendureShop } from '../../harness/shop/vendure-shop.ts';
import { placeOrder, refundOrder, shipOrder } from '../../harness/shop/vendure-shop-actions.ts';

const CLI = join(import.meta.dirname, '../../../connectors/connect-cli.ts');

interface Connector {
  readonly rounds: Record<string, unknown>[];
  readonly stderr: string[];
  stop(): Promise<number | null>;
}

function startConnector(args: readonly string[]): Connector {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'vendure', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const rounds: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) rounds.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return {
    rounds,
    stderr,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

it('brings an order placed in Vendure to the desk, and then its refund', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vendure-connector-'));
  try {
    await using gw = await startGateway();
    await using shop = await startVendureShop();
    const admin = (await gw.login('admin.ivan')).token;
    const source = await createSource(gw, admin, 'shop', ['customer', 'order', 'payment', 'shipment']);
    const shopTokenFile = join(dir, 'shop-token');
    const tokenFile = join(dir, 'gateway-token');
    await writeFile(shopTokenFile, shop.adminToken, { mode: 0o600 });
    await writeFile(tokenFile, source.token, { mode: 0o600 });
    const args = ['--shop', shop.adminApiUrl, '--shop-token-file', shopTokenFile, '--gateway', gw.url, '--token-file', tokenFile, '--state', join(dir, 'state.json'), '--interval', '0.2', '--sweep-interval', '0'];

    const placed = await placeOrder(shop, { email: 'mira@example.com', firstName: 'Mira', lastName: 'Kovač', phone: '+44 20 7946 0000' });
    await shipOrder(shop, placed.id, 'JD0146000GB');
    const agent = (await gw.login('agent.ana')).token;
    const orderId = `ORD-${placed.code}`;
    const first = startConnector(args);
    const lookup = () => gw.route('lookup', { token: agent, body: { by: 'order', value: orderId } });
    // Waits on the connector's report of a round the gateway answered, not by polling the agent's lookups:
    // those are capped reads, and polling them would spend the agent's cap.
    await expect.poll(() => first.rounds.some((round) => typeof round.stored === 'number' && round.stored > 0), { timeout: 60_000 }).toBe(true);
    expect(await first.stop(), first.stderr.join('')).toBe(0);

    const [found] = (await lookup()).body.results;
    expect(found).toMatchObject({ displayName: 'Mira Kovač', country: 'GB', cards: [] });
    const customerId = found?.customerId ?? '';
    const detail = async () => (await gw.route('customer', { token: agent, params: { customerId } })).body;
    const before = await detail();
    expect(before.orders).toHaveLength(1);
    expect(before.orders[0]).toMatchObject({ orderId, status: 'shipped', totalMinor: 5490, items: [{ sku: 'KETTLE-1', quantity: 1 }] });
    expect(before.orders[0]?.payments).toMatchObject([{ status: 'captured', amountMinor: 5490, card: null, refunds: [] }]);
    expect(before.orders[0]?.shipments).toMatchObject([{ carrier: 'DHL', trackingNumber: 'JD0146000GB', status: 'in_transit' }]);

    await refundOrder(shop, placed.id, 1000);
    const second = startConnector(args);
    const count = (round: Record<string, unknown>, key: string): number => (typeof round[key] === 'number' ? round[key] : 0);
    const total = (key: string): number => second.rounds.reduce((sum, round) => sum + count(round, key), 0);
    // The refund reaches the gateway in the round whose sweep re-reads the order: wait on that round's report.
    await expect.poll(() => total('updated'), { timeout: 60_000 }).toBeGreaterThan(0);
    // In either order: a refund made within the charge's second ties with it on time.
    expect(moneyRows((await detail()).orders).map((row) => [row.kind, row.amountMinor, row.status])).toEqual(
      expect.arrayContaining([
        ['refund', 1000, 'Refund'],
        ['charge', 5490, 'Charged, partly refunded'],
      ]),
    );
    expect(moneyRows((await detail()).orders)).toHaveLength(2);
    expect(await second.stop(), second.stderr.join('')).toBe(0);
    // Restarted from its state file, it sent what the gateway already had as unchanged, never as new, and only
    // the refunded payment as updated.
    expect({ stored: total('stored'), updated: total('updated'), stale: total('stale') }).toEqual({ stored: 0, updated: 1, stale: 0 });
    expect(second.rounds.filter((round) => !Array.isArray(round.refused) || round.refused.length > 0)).toEqual([]);
    expect(count(second.rounds[0] ?? {}, 'unchanged')).toBeGreaterThanOrEqual(3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
