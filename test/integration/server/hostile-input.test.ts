// Hostile input gets a clear 4xx and the gateway keeps serving: wrong types,
// oversized bodies, SQL-ish strings, deep JSON, broken JSON, random bodies.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let token: string;
let supervisor: string;
beforeAll(async () => {
  gw = await startGateway({ customers: 5, config: { authRateLimitPerMinute: 10_000 } });
  token = (await gw.login('agent.ana')).token;
  supervisor = (await gw.login('sup.sara')).token;
});
afterAll(async () => {
  await gw.close();
});

const expectClear4xx = (answer: { status: number; json: { error?: { code: string; message: string } } }, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.json.error?.code).toMatch(/^[a-z_]+$/);
  expect(answer.json.error?.message.length).toBeGreaterThan(5);
  expect(JSON.stringify(answer.json)).not.toMatch(/at .+\.ts:\d+/);
};

describe('hostile input', () => {
  it('names the field of a wrong type', async () => {
    const answer = await gw.call('POST', '/v1/auth/login', { body: { username: 42, password: ['x'], device: 'no' } });
    expectClear4xx(answer, 400);
    expect(answer.json.error?.message).toContain('username');
  });

  it('refuses an oversized body with 413', async () => {
    const answer = await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value: 'x'.repeat(200_000) } });
    expectClear4xx(answer, 413);
  });

  it('treats SQL-ish strings as data', async () => {
    for (const value of ["CUS-1' OR '1'='1", 'CUS-1; DROP TABLE customers; --']) {
      expectClear4xx(await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value } }), 400);
    }
    const login = await gw.call('POST', '/v1/auth/login', {
      body: { username: "admin' --", password: "' OR 1=1 --", device: { deviceId: 'desk-sqlish', publicKey: 'A'.repeat(43), appVersion: '1' } },
    });
    expectClear4xx(login, 400);
    // A user ID has an ID's shape (its search is itself audited), so the quote is refused before any query runs.
    const search = await gw.call('GET', `/v1/supervisor/audit?userId=${encodeURIComponent("x' OR '1'='1")}`, { token: supervisor });
    expectClear4xx(search, 400);
    expect(search.json.error?.message).toContain('userId');
    expect(await gw.gateway.store.customers.count()).toBe(5);
  });

  it('refuses deeply nested JSON', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const answer = await gw.call('POST', '/v1/customers/lookup', { token, rawBody: deep, headers: { 'content-type': 'application/json' } });
    expectClear4xx(answer, 400);
    const nestedObject = `{"by":"card","value":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expectClear4xx(await gw.call('POST', '/v1/customers/lookup', { token, rawBody: nestedObject, headers: { 'content-type': 'application/json' } }), 400);
  });

  it('answers broken JSON with a fixed message that does not quote the body', async () => {
    const answer = await gw.call('POST', '/v1/customers/lookup', {
      token,
      rawBody: '{"by":"card","value":"4111111111111111"',
      headers: { 'content-type': 'application/json' },
    });
    expectClear4xx(answer, 400);
    expect(answer.text).not.toContain('4111');
  });

  it('refuses other content types', async () => {
    const answer = await gw.call('POST', '/v1/customers/lookup', { token, rawBody: 'by=card', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([400, 415]).toContain(answer.status);
    expect(answer.json.error?.code).toBe('invalid_request');
  });

  it('answers unknown routes and bad tokens with 404 and 401', async () => {
    expectClear4xx(await gw.call('GET', '/v1/../../etc/passwd'), 404);
    expectClear4xx(await gw.call('GET', '/v1/supervisor/agents', { token: 'not.a.jwt' }), 401);
    expectClear4xx(await gw.call('GET', '/v1/supervisor/agents', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401);
  });

  it('property: random bodies on every JSON route get 4xx, never 5xx', async () => {
    const posts = Object.values(routes).filter((r) => r.method === 'POST');
    const concretePath = (path: string) => path.replace(':customerId', 'CUS-000001').replace(':subscriptionId', 'SUB-1').replace(':alertId', 'x');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.jsonValue({ maxDepth: 4 }), async (route, body) => {
        const answer = await gw.call('POST', concretePath(route.path), { token: route.path.includes('alerts') ? supervisor : token, body });
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps serving after all of it', async () => {
    const health = await gw.call('GET', '/health');
    expect(health.status).toBe(200);
    const lookup = await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
    expect(lookup.status).toBe(200);
  });
});

describe('HTTP hygiene', () => {
  it('sends security headers and no-store', async () => {
    const answer = await gw.call('GET', '/health');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('serves OpenAPI generated from the shared route table', async () => {
    const answer = await gw.call('GET', '/v1/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(routes)) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
  });
});
