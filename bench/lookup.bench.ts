// Card-lookup latency over the desk's full path (bridge WebSocket → router →
// audit append → gateway over HTTP → back) against a direct in-process call of
// the gateway's lookup, 1,000 each on the 10,000-customer demo data. Prints JSON.
import { WebSocket } from 'ws';
import { DEMO_TEST_CARDS } from '../server/seed/demo-data.ts';
import { startPreviewStack } from '../dev/preview/preview-stack.ts';
import { startSeededGateway } from '../test/harness/gateway/gateway.ts';
import { testKeychain } from '../test/harness/keychain/keychain.ts';

const LOOKUPS = 1000;
const keychain = testKeychain();
// The latency of a lookup, not the per-user cap on them (which refuses past 20 per 10 minutes by default), is measured here.
const seeded = await startSeededGateway({ gatewayConfig: { customerAccess: { cardLookups: { max: 10 * LOOKUPS } } } });
const stack = await startPreviewStack({ gateway: seeded, secrets: keychain });

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(3));
  return { p50: at(50), p95: at(95), p99: at(99), mean: Number((sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(3)) };
};

try {
  const socket = new WebSocket(`${stack.site.url.replace('http', 'ws')}bridge?token=${stack.bridge.token}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { kind: string; id?: number; result?: unknown };
    if (message.kind === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (channel: string, payload: unknown): Promise<{ ok: boolean }> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (value: unknown) => void);
      socket.send(JSON.stringify({ id, channel, payload }));
    });

  const login = await call('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' });
  if (!login.ok) throw new Error('bench login failed');
  const pans = DEMO_TEST_CARDS.map((c) => c.pan);
  const fullPath: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const start = performance.now();
    const result = await call('customers.lookup', { by: 'card', value: pans[i % pans.length] });
    fullPath.push(performance.now() - start);
    if (!result.ok) throw new Error(`lookup ${i} failed`);
  }
  const principal = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const], deviceId: stack.desk.queue.deviceId, familyId: 'bench', pendingSetup: [] };
  const direct: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const start = performance.now();
    await seeded.gateway.customers.lookup(principal, { by: 'card', value: pans[i % pans.length] ?? '' });
    direct.push(performance.now() - start);
  }
  socket.close();
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'lookup',
        node: process.version,
        at: new Date().toISOString(),
        customers: await seeded.gateway.store.customers.count(),
        lookups: LOOKUPS,
        unit: 'ms',
        fullPath: { path: 'bridge → router → audit append (fsync) → gateway HTTP → back', ...percentiles(fullPath) },
        directInProcess: { path: 'gateway customer service, in process', ...percentiles(direct) },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await stack.close();
  await seeded.gateway.close();
  await keychain.cleanup();
}
