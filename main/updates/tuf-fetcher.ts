// tuf-js's fetcher for the desk: every file through the gateway's
// /v1/updates/ routes, each request (headers and body) bounded by one time
// limit so a slow server cannot hold the desk, no retries, and a note of what
// was fetched last so a refusal can say where verification stopped.
import { BaseFetcher } from 'tuf-js';
// Not re-exported by tuf-js's index, but the class its updater checks a 404 of N.root.json against ("no newer root").
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import type { FetchPhase } from './update-refusal.ts';

/** The part of WHATWG fetch used here; tests and the shell pass their own. */
export type FetchFunction = (url: string, init: { signal: AbortSignal; redirect: 'error' }) => Promise<Response>;

function phaseOf(url: string): FetchPhase {
  const file = url.slice(url.lastIndexOf('/') + 1);
  if (url.includes('/targets/') && !url.includes('/metadata/')) return 'target';
  if (file.endsWith('.root.json')) return 'root';
  if (file === 'timestamp.json') return 'timestamp';
  if (file.endsWith('.snapshot.json')) return 'snapshot';
  return 'targets';
}

export class GatewayTufFetcher extends BaseFetcher {
  /** What the last request was for. */
  phase: FetchPhase = 'none';
  private readonly fetchFn: FetchFunction;
  private readonly timeoutMs: number;

  constructor(options: { fetch: FetchFunction; timeoutMs: number }) {
    super();
    this.fetchFn = options.fetch;
    this.timeoutMs = options.timeoutMs;
  }

  override async fetch(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    this.phase = phaseOf(url);
    // The signal stays with the body: reading it after the limit fails too.
    const response = await this.fetchFn(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new DownloadHTTPError(`GET ${url.slice(url.lastIndexOf('/') + 1)} answered ${response.status}`, response.status);
    }
    return response.body as ReadableStream<Uint8Array<ArrayBuffer>>;
  }
}
