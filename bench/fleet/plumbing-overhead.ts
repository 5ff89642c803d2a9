// The gateway's per-request plumbing (helmet, connection caps, request ids,
// logging, schema checks) against a bare Fastify route answering the same
// GET /health with the same JSON shape, in the same process. The two are
// measured in alternating blocks so a change in machine load hits both alike.
import Fastify from 'fastify';

const BLOCKS = 10;
const PER_BLOCK = 100;
const REQUESTS = BLOCKS * PER_BLOCK;
const WARM_UP = 100;

async function blockMs(url: string, requests: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < requests; i += 1) await (await fetch(url)).text();
  return performance.now() - started;
}

export async function plumbingOverhead(gatewayUrl: string): Promise<{ gatewayHealthMs: number; bareFastifyMs: number; ratio: number; requests: number }> {
  const bare = Fastify();
  bare.get('/health', () => ({ status: 'ok', version: '0.0.0', time: new Date().toISOString() }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    await blockMs(`${bareUrl}/health`, WARM_UP);
    await blockMs(`${gatewayUrl}/health`, WARM_UP);
    let bareTotal = 0;
    let gatewayTotal = 0;
    for (let block = 0; block < BLOCKS; block += 1) {
      bareTotal += await blockMs(`${bareUrl}/health`, PER_BLOCK);
      gatewayTotal += await blockMs(`${gatewayUrl}/health`, PER_BLOCK);
    }
    const bareFastifyMs = bareTotal / REQUESTS;
    const gatewayHealthMs = gatewayTotal / REQUESTS;
    return { gatewayHealthMs: round(gatewayHealthMs, 3), bareFastifyMs: round(bareFastifyMs, 3), ratio: round(gatewayHealthMs / bareFastifyMs, 2), requests: REQUESTS };
  } finally {
    await bare.close();
  }
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));
