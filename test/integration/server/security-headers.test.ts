// The security headers, worked out once from @fastify/helmet under the gateway's
// policy, reach every kind of answer: a route's, an error's, a refusal before
// any route ran, and an unknown path's.
import { describe, expect } from 'vitest';
import { securityHeaders } from '../../../server/http/security-headers.ts';
import { gatewayTest as it } from '../../harness/gateway/gateway-test.ts';

describe('security headers', () => {
  it('are the policy the gateway states: nothing may load or frame an answer, HTTPS only, no referrer, no sniffing', async () => {
    expect(await securityHeaders()).toMatchObject({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  it('reach a route answer, a refusal, a malformed request and an unknown path alike', async ({ gw }) => {
    const expected = await securityHeaders();
    const answers = [
      await gw.call('GET', '/health'),
      await gw.call('GET', '/v1/supervisor/agents'),
      await gw.call('POST', '/v1/auth/login', { rawBody: '{"username":', headers: { 'content-type': 'application/json' } }),
      await gw.call('GET', '/no/such/route'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 404]);
    for (const answer of answers) {
      for (const [name, value] of Object.entries(expected)) expect(answer.headers.get(name), name).toBe(value);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });
});
