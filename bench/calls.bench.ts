// Contact events over real HTTP on 127.0.0.1, on each engine (SQLite in a temp
// folder, then a throwaway PostgreSQL cluster when its binaries are here): 500
// calls on the 10,000-customer demo data, each offered to agent.ana and
// answered (1,000 signed events, one sender, each awaited), and after each the
// pop as the agent's desk reads it (the call and its matched customers, the
// first read audited), in process. The platform is a service account made as
// `npm run admin -- create-service-account` makes one. Prints JSON.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { routes } from '../shared/api.ts';
import { buildGateway } from '../server/app.ts';
import { onEachEngine } from './each-engine.ts';
import { CreateServiceAccountRequestSchema } from '../shared/schemas/service-accounts.ts';
import { SENTINEL_SIGNATURE_HEADER, sentinelSignature } from '../server/calls/contact-signature.ts';
import { systemClock } from '../server/config.ts';
import { createServiceAccounts } from '../server/records/service-accounts.ts';
import { seedDemo } from '../server/seed/demo-seed.ts';

const CALLS = 500;
const SOURCE = 'bench-relay';
const ANA = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const], deviceId: 'desk-bench-0001', familyId: 'bench', pendingSetup: [] };

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(3));
  return { p50: at(50), p95: at(95), p99: at(99) };
};

async function runOn(database: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-calls-bench-'));
  const gateway = await buildGateway({
    dataDir,
    database,
    logLevel: 'silent',
  });
  try {
    await seedDemo(gateway.store, gateway.seal, gateway.pepper);
    const accounts = createServiceAccounts({ repo: gateway.store.serviceAccounts, seal: gateway.seal, audit: gateway.audit, clock: systemClock });
    const request = { source: SOURCE, recordTypes: ['contact_event'], reason: 'The calls benchmark', contactCenter: { platform: 'sentinel', agents: { ana: 'agent.ana' } } };
    const { webhookSecret } = await accounts.create({ userId: null, username: 'bench', roles: [] }, CreateServiceAccountRequestSchema.parse(request));
    if (webhookSecret === null) throw new Error('no webhook secret');
    const url = await gateway.listen(0);
    const path = routes.contactEvents.path.replace(':source', SOURCE);
    const [customer] = await gateway.store.customers.summaries(['CUS-000042']);
    const send = async (body: unknown): Promise<void> => {
      const text = JSON.stringify(body);
      const seconds = Math.floor(Date.now() / 1000);
      const answer = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SENTINEL_SIGNATURE_HEADER]: `t=${seconds},v1=${sentinelSignature(webhookSecret, seconds, Buffer.from(text))}` },
        body: text,
      });
      if (answer.status !== 200) throw new Error(`event answered ${answer.status}: ${await answer.text()}`);
    };
    const events: number[] = [];
    const pops: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const callId = `bench-${randomUUID()}`;
      for (const kind of ['offered', 'answered'] as const) {
        const start = performance.now();
        await send({ eventId: randomUUID(), callId, kind, at: new Date().toISOString(), callerNumber: customer?.customer.phone ?? null, queue: 'orders', agent: 'ana' });
        events.push(performance.now() - start);
      }
      const start = performance.now();
      const pop = await gateway.calls.current(ANA);
      pops.push(performance.now() - start);
      if (pop.call === null || pop.call.matches.length === 0) throw new Error('no pop');
    }
    return {
      engine: database === undefined ? 'sqlite' : 'postgres',
      customers: await gateway.store.customers.count(),
      events: events.length,
      /** One sender, each event awaited: the route's own rate, the pop reads between calls not counted. */
      eventsPerSecond: Math.round(events.length / (events.reduce((sum, ms) => sum + ms, 0) / 1000)),
      eventMs: percentiles(events),
      popReadMs: percentiles(pops),
    };
  } finally {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = await onEachEngine(runOn);
process.stdout.write(`${JSON.stringify({ bench: 'calls', results }, null, 2)}\n`);
