// The gateway's per-request plumbing (helmet, connection caps, request ids,
// logging, schema checks) against a bare Fastify route answering the same
// GET /health with the same JSON shape, in the same process, sequentially.
import Fastify from 'fastify';

const REQUESTS = 1000;
const WARM_UP = 100;

async function meanMs(url: string): Promise<number> {
  for (let i = 0; i < WARM_UP; i += 1) await (await fetch(url)).text();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) await (await fetch(url)).text();
  return (performance.now() - started) / REQUESTS;
}

export async function plumbingOverhead(gatewayUrl: string): Promise<{ gatewayHealthMs: number; bareFastifyMs: number; ratio: number; requests: number }> {
  const bare = Fastify();
  bare.get('/health', () => ({ status: 'ok', version: '0.0.0', time: new Date().toISOString() }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    const bareFastifyMs = await meanMs(`${bareUrl}/health`);
    const gatewayHealthMs = await meanMs(`${gatewayUrl}/health`);
    return { gatewayHealthMs: round(gatewayHealthMs, 3), bareFastifyMs: round(bareFastifyMs, 3), ratio: round(gatewayHealthMs / bareFastifyMs, 2), requests: REQUESTS };
  } finally {
    await bare.close();
  }
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));
