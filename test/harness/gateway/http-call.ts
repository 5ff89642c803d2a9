// One HTTP request to a gateway as tests and benchmarks send it: a method, a
// path and optionally a token and a JSON (or raw) body, answered with the status,
// headers, text and parsed JSON. The route client builds on it; tests call it
// directly only to send what no route declares (malformed or hostile input).
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body; `{}` when the body is not JSON. */
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; retryAfterSeconds?: number } };
}

export interface HttpCallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export type HttpCall = (method: string, path: string, options?: HttpCallOptions) => Promise<HttpAnswer>;

/** Sends one request; the default is fetch, HTTPS with a test CA uses https-transport.ts. */
export type Transport = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; headers: Headers; text: string }>;

const fetchTransport: Transport = async (url, init) => {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
};

export function httpCaller(url: string, transport: Transport = fetchTransport): HttpCall {
  return async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) {
      body = JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await transport(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const { text } = response;
    let json: HttpAnswer['json'] = {};
    try {
      json = JSON.parse(text) as HttpAnswer['json'];
    } catch {
      // CSV and empty bodies are read through `text`.
    }
    return { status: response.status, headers: response.headers, text, json };
  };
}
