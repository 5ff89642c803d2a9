// The gateway's per-request plumbing (helmet, connection caps, request ids,
// logging, schema checks) against a bare Fastify route answering the same
// GET /health with the same JSON shape, in the same process. Throughput is
// measured as autocannon does: several kept-alive connections, each sending its
// next request as soon as the last one is answered, from a load generator on
// its own thread (its own event loop, so it does not queue behind the server's).
// The two servers are loaded in alternating blocks so a change in machine load
// hits both alike.
import Fastify from 'fastify';
import { Worker } from 'node:worker_threads';

const BLOCKS = 6;
const BLOCK_MS = 1_000;
const WARM_UP_MS = 1_000;
const CONNECTIONS = 10;
/** Issue #20: the gateway's /health serves at least this share of a bare Fastify route's requests per second. */
const GOAL_RATIO = 0.7;

// Plain JavaScript for the worker: `eval` workers get no type stripping.
const LOAD_GENERATOR = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { url, ms, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const deadline = Date.now() + ms;
let done = 0;
let failed = 0;
const one = () => new Promise((resolve) => {
  http.get(url, { agent }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) done++; else failed++; resolve(); });
  }).on('error', () => { failed++; resolve(); });
});
const loop = async () => { while (Date.now() < deadline) await one(); };
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ done, failed });
});
`;

/** Answered requests per second against `url` over `ms`; a failed request stops the bench, it would flatter the figure. */
function requestsPerSecond(url: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { url, ms, connections: CONNECTIONS } });
    worker.once('message', ({ done, failed }: { done: number; failed: number }) => {
      if (failed > 0) reject(new Error(`${failed} requests to ${url} failed`));
      else resolve((done * 1000) / ms);
    });
    worker.once('error', reject);
  });
}

export interface PlumbingOverhead {
  /** Wall time per answered request under the load: the inverse of the rate, so bareFastifyMs / gatewayHealthMs is the throughput ratio. */
  readonly gatewayHealthMs: number;
  readonly bareFastifyMs: number;
  /** gatewayHealthMs / bareFastifyMs, as before: above 1 is slower than bare. */
  readonly ratio: number;
  /** Requests the gateway answered in the measured blocks. */
  readonly requests: number;
  readonly gatewayHealthRps: number;
  readonly bareFastifyRps: number;
  /** Gateway requests per second over bare Fastify's: the goal's figure. */
  readonly throughputRatio: number;
  readonly goal: string;
  readonly met: boolean;
  readonly connections: number;
  readonly seconds: number;
}

export async function plumbingOverhead(gatewayUrl: string): Promise<PlumbingOverhead> {
  const bare = Fastify();
  bare.get('/health', () => ({ status: 'ok', version: '0.0.0', time: new Date().toISOString() }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    await requestsPerSecond(`${bareUrl}/health`, WARM_UP_MS);
    await requestsPerSecond(`${gatewayUrl}/health`, WARM_UP_MS);
    let bareTotal = 0;
    let gatewayTotal = 0;
    for (let block = 0; block < BLOCKS; block += 1) {
      bareTotal += await requestsPerSecond(`${bareUrl}/health`, BLOCK_MS);
      gatewayTotal += await requestsPerSecond(`${gatewayUrl}/health`, BLOCK_MS);
    }
    const seconds = (BLOCKS * BLOCK_MS) / 1000;
    const throughputRatio = gatewayTotal / bareTotal;
    return {
      gatewayHealthMs: round((1000 * BLOCKS) / gatewayTotal, 4),
      bareFastifyMs: round((1000 * BLOCKS) / bareTotal, 4),
      ratio: round(bareTotal / gatewayTotal, 2),
      requests: Math.round(gatewayTotal * (BLOCK_MS / 1000)),
      gatewayHealthRps: Math.round(gatewayTotal / BLOCKS),
      bareFastifyRps: Math.round(bareTotal / BLOCKS),
      throughputRatio: round(throughputRatio, 2),
      goal: `gateway /health at least ${GOAL_RATIO} of bare Fastify's requests per second`,
      met: throughputRatio >= GOAL_RATIO,
      connections: CONNECTIONS,
      seconds,
    };
  } finally {
    await bare.close();
  }
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));
