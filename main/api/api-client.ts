// main's HTTP client for the gateway (axios). The base URL and TLS pins come
// from policy; TLS 1.2 is the minimum. The access token is added here, in main,
// and nowhere else. Answers are validated with the shared route schemas: a
// malformed answer is an error, never passed on.
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { createHash, X509Certificate } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { routes, type RouteAnswer, type RouteName, type RouteRequest } from '../../shared/api.ts';
import { ErrorBodySchema, type ErrorCode } from '../../shared/errors.ts';

export type ApiErrorKind = 'network' | 'timeout' | 'http' | 'invalid_response' | 'session_expired';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | null;
  /** The parsed error body, for callers that read route-specific fields (the 409 audit reject). */
  readonly body: unknown;
  constructor(kind: ApiErrorKind, code: ErrorCode, message: string, extra: { status?: number; retryAfterSeconds?: number | null; body?: unknown } = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.status = extra.status ?? null;
    this.retryAfterSeconds = extra.retryAfterSeconds ?? null;
    this.body = extra.body;
  }
}

/** Where the client gets the access token, and how it asks for a fresh one (once) after a 401. */
export interface AccessTokenSource {
  accessToken(): string | null;
  /**
   * True with a fresh access token; false when the session has ended. Rejects
   * with the ApiError of a transient refresh failure (429, 5xx, network): the
   * call fails with that error, and the session stays for the next call to retry.
   * `rejected` is the token the 401 refused: when another call has already
   * replaced it, the source answers true without refreshing again.
   */
  refreshAccessToken(rejected: string | null): Promise<boolean>;
}

export type { RouteAnswer, RouteRequest };

/** For a call that is meant to take long (the held session watch): its own time limit, and a way to give up on it. */
export interface CallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  readonly baseUrl: string;
  call<K extends RouteName>(route: K, request: RouteRequest<K>, options?: CallOptions): Promise<RouteAnswer<K>>;
  /** The supervisor event stream as raw text chunks, over the same TLS checks and token handling. */
  openStream(route: 'supervisorStream', signal: AbortSignal, lastEventId?: string): Promise<AsyncIterable<Buffer>>;
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly tlsPins: readonly string[];
  readonly timeoutMs?: number;
  readonly tokens?: () => AccessTokenSource | null;
  /** Extra trusted CA certificates (PEM), for a gateway behind a private CA. */
  readonly ca?: string;
}

/** The standard pin: SHA-256 over the certificate's DER SubjectPublicKeyInfo, base64. */
export function spkiPin(cert: PeerCertificate): string {
  const spki = new X509Certificate(cert.raw).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function pathFor(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name] ?? '';
    // The URL parser removes a '.' or '..' segment (also written %2E), so the call would go to another path.
    if (value === '.' || value === '..') throw new ApiError('http', 'invalid_request', `${name} cannot be '${value}'`);
    return encodeURIComponent(value);
  });
}

/** The 401 codes that speak of a request's own credential (a wrong current password or one-time code), not of its token. */
const CREDENTIAL_REFUSALS: ReadonlySet<ErrorCode> = new Set(['invalid_credentials', 'mfa_required']);

/**
 * Whether a 401 refused the access token, so that a refresh and one retry may help. A wrong code sent with a
 * valid token is the person's mistake: refreshing would send it again (two failures for one try) and then
 * end the session as if it had expired.
 */
function refusedTheToken(body: string): boolean {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(body));
    return !parsed.success || !CREDENTIAL_REFUSALS.has(parsed.data.error.code);
  } catch {
    return true;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const pins = new Set(options.tlsPins);
  const httpsAgent = new HttpsAgent({
    minVersion: 'TLSv1.2',
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    checkServerIdentity: (host, cert) => {
      const identityError = checkServerIdentity(host, cert);
      if (identityError !== undefined) return identityError;
      if (pins.size > 0 && !pins.has(spkiPin(cert))) return new Error(`the server key for ${host} matches none of the pinned keys`);
      return undefined;
    },
  });
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? 15_000,
    httpsAgent,
    // The client judges every status itself, and reads bodies as text to validate them.
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
  });

  const send = async (route: RouteName, request: Record<string, unknown>, token: string | null, options: CallOptions = {}) => {
    const spec = routes[route];
    const url = pathFor(spec.path, request.params as Record<string, string> | undefined);
    try {
      return await http.request<string>({
        method: spec.method,
        url,
        params: request.query,
        // A POST without a body (mfa/start) still sends JSON: the gateway accepts that type only.
        data: request.body ?? (spec.method === 'POST' ? {} : undefined),
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      if (error instanceof AxiosError && (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED')) {
        throw new ApiError('timeout', 'server_unreachable', 'The gateway did not answer in time', { body: null });
      }
      const cause = error instanceof Error ? error.message : String(error);
      throw new ApiError('network', 'server_unreachable', `The gateway cannot be reached: ${cause}`);
    }
  };

  return {
    baseUrl: options.baseUrl,
    async openStream(route, signal, lastEventId) {
      const spec = routes[route];
      const tokens = options.tokens?.() ?? null;
      const open = (token: string | null) =>
        http.request<AsyncIterable<Buffer>>({
          method: spec.method,
          url: spec.path,
          responseType: 'stream',
          transformResponse: undefined,
          timeout: 0,
          signal,
          headers: {
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
            ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
          },
        });
      try {
        const sent = tokens?.accessToken() ?? null;
        let response = await open(sent);
        if (response.status === 401 && tokens !== null && (await tokens.refreshAccessToken(sent))) response = await open(tokens.accessToken());
        if (response.status === 401) throw new ApiError('session_expired', 'session_expired', 'The session has expired; sign in again', { status: 401 });
        if (response.status !== 200) throw new ApiError('http', response.status === 403 ? 'forbidden' : 'internal', `The gateway answered ${response.status}`, { status: response.status });
        return response.data;
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError('network', 'server_unreachable', `The gateway cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async call(route, request, callOptions) {
      const spec = routes[route];
      const needsToken = spec.access !== 'public';
      const tokens = needsToken ? (options.tokens?.() ?? null) : null;
      const sent = tokens?.accessToken() ?? null;
      let response = await send(route, request, sent, callOptions);
      if (response.status === 401 && tokens !== null && refusedTheToken(response.data)) {
        if (await tokens.refreshAccessToken(sent)) response = await send(route, request, tokens.accessToken(), callOptions);
        if (response.status === 401) throw new ApiError('session_expired', 'session_expired', 'The session has expired; sign in again', { status: 401 });
      }
      let body: unknown;
      try {
        body = response.data === '' ? {} : JSON.parse(response.data);
      } catch {
        throw new ApiError('invalid_response', 'invalid_response', `The gateway answered ${response.status} with a body that is not JSON`, { status: response.status });
      }
      if (response.status < 200 || response.status >= 300) {
        const parsed = ErrorBodySchema.safeParse(body);
        const retryAfterSeconds = parseRetryAfter(response.headers['retry-after']) ?? (parsed.success ? (parsed.data.error.retryAfterSeconds ?? null) : null);
        throw new ApiError(
          'http',
          parsed.success ? parsed.data.error.code : response.status >= 500 ? 'internal' : 'invalid_request',
          parsed.success ? parsed.data.error.message : `The gateway answered ${response.status}`,
          { status: response.status, retryAfterSeconds, body },
        );
      }
      const checked = spec.response.safeParse(body);
      if (!checked.success) {
        throw new ApiError('invalid_response', 'invalid_response', `The gateway's answer to ${route} does not match the contract`, { status: response.status });
      }
      return checked.data as RouteAnswer<typeof route>;
    },
  };
}
