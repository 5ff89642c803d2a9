// The gateway's requests to an identity provider: bounded in time and size,
// answered as JSON; a transport failure is the provider being unavailable.
import { SsoProviderUnavailable } from './sso-refusal.ts';

export type HttpFetch = typeof fetch;

const TIMEOUT_MS = 10_000;
/** Discovery documents, key sets and token answers are a few kilobytes. */
const MAX_BYTES = 256 * 1024;

interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

export async function requestJson(fetcher: HttpFetch, url: URL, init: RequestInit = {}): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new SsoProviderUnavailable(`${url.origin} could not be reached`, { cause: error });
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new SsoProviderUnavailable(`${url.origin} answered with more than ${MAX_BYTES} bytes`);
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new SsoProviderUnavailable(`${url.origin} answered ${response.status} without JSON`);
  }
}

export async function fetchJson(fetcher: HttpFetch, url: URL): Promise<unknown> {
  const answer = await requestJson(fetcher, url, { headers: { accept: 'application/json' } });
  if (answer.status !== 200) throw new SsoProviderUnavailable(`${url.origin} answered ${answer.status}`);
  return answer.body;
}
