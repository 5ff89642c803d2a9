// An agent flooding the audit ingest, over real HTTP: per-device and per-user
// quotas over a rolling window answer 429 with Retry-After (body bytes charged
// before the body is read, so refused batches cost quota too; an exhausted desk
// is turned away unparsed), what is stored stays within the quota,
// the window frees up as it rolls, and one fat event cannot carry a payload.
import { describe, expect } from 'vitest';
import type { AuditBatch } from '../../../shared/api.ts';
import { AUDIT_DETAILS_MAX_JSON } from '../../../shared/audit.ts';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const WINDOW_SECONDS = 60;
const MAX_BYTES = 512 * 1024;
const BATCH = 50;
const it = gatewayTestWith({ customers: 2, config: { audit: { quotas: [{ windowSeconds: WINDOW_SECONDS, maxEvents: 10_000, maxBytes: MAX_BYTES }] } } });

const send = (gw: RunningGateway, token: string, batch: AuditBatch) => gw.route('auditBatches', { token, body: batch });
/** About 2 KB of details: within the cap, as fat as an attacker can make an event. */
const fatDetails = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'x'.repeat(110)]));
const fatEvents = (gw: RunningGateway, device: TestDevice, n: number) =>
  device.append(Array.from({ length: n }, () => device.event({ at: new Date(gw.clock.now()).toISOString(), details: fatDetails })));
/** What the quota counts: the request body as sent. */
const bytesOf = (batch: AuditBatch): number => Buffer.byteLength(JSON.stringify(batch));

describe('ingest quota', () => {
  it('refuses a parallel flood from one desk with 429 and Retry-After once the window is full, and stores no more than the quota', async ({ gw }) => {
    const device = new TestDevice();
    const { token } = await gw.login('agent.ana', { device });
    const entries = fatEvents(gw, device, 20 * BATCH);
    const batches = Array.from({ length: 20 }, (_, i) => device.batch(entries.slice(i * BATCH, (i + 1) * BATCH)));
    const [firstBatch] = batches;
    if (firstBatch === undefined) throw new Error('no batch');
    const perBatch = bytesOf(firstBatch);
    const fits = Math.floor(MAX_BYTES / perBatch);
    expect(fits).toBeGreaterThan(1);
    expect(fits).toBeLessThan(batches.length);

    const answers = await Promise.all(batches.map((b) => send(gw, token, b)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(batches.length - fits);
    for (const answer of limited) {
      expect(answer.error?.code).toBe('rate_limited');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    const stored = (await gw.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === device.deviceId);
    expect(stored.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.event)), 0)).toBeLessThanOrEqual(MAX_BYTES);

    // The same account on a second desk shares the user's quota.
    const second = new TestDevice();
    const { token: secondToken } = await gw.login('agent.ana', { device: second });
    expect((await send(gw, secondToken, second.batch(fatEvents(gw, second, BATCH)))).status).toBe(429);

    // The window rolls: after it, the desk continues from its stored head.
    gw.clock.advance(WINDOW_SECONDS * 1000 + 1);
    const head = await gw.gateway.store.audit.head(device.deviceId);
    const next = await send(gw, token, device.batch(entries.slice(head?.seq ?? 0, (head?.seq ?? 0) + BATCH)));
    expect(next.status).toBe(200);
  });

  it('answers 413 for a batch that could never fit the quota, rather than a Retry-After that would never come true', async ({ gw }) => {
    const device = new TestDevice();
    const { token } = await gw.login('agent.ben', { device });
    const huge = device.batch(fatEvents(gw, device, 300));
    expect(bytesOf(huge)).toBeGreaterThan(MAX_BYTES);
    const answer = await send(gw, token, huge);
    expect(answer.status).toBe(413);
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it(`refuses an event whose details pass ${AUDIT_DETAILS_MAX_JSON} characters of JSON`, async ({ gw }) => {
    const device = new TestDevice();
    const { token } = await gw.login('agent.ana', { device });
    const fat = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, 'y'.repeat(1000)]));
    const answer = await send(gw, token, device.batch(device.append([device.event({ at: new Date(gw.clock.now()).toISOString(), details: fat })])));
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toContain('details');
    expect(await gw.gateway.store.audit.head(device.deviceId)).toBeNull();
  });
});
