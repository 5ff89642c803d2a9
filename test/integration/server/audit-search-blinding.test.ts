// Audit search against fat events, over real HTTP: an agent fills the store
// with events as fat as the schema allows so that a page of 500 would pass what
// the answer's PAN scan reads. The search still answers 200, in pages bounded by
// bytes, and paging through reaches every event.
import { describe, expect } from 'vitest';
import { FIND_PANS_MAX_TEXT } from '../../../shared/pan.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RouteCall, RouteResponse } from '../../harness/gateway/route-client.ts';

const FAT_EVENTS = 500;
type Search = (query: RouteCall<'auditSearch'>['query']) => Promise<RouteResponse<'auditSearch'>>;

/** The file's gateway with FAT_EVENTS fat events from agent.ana's desk, and sup.sara to search them. */
const it = gatewayTestWith({ customers: 2 }).extend<{ $file: { fat: { deviceId: string; search: Search } } }>({
  fat: [
    async ({ gw }, use) => {
      const supervisor = (await gw.login('sup.sara')).token;
      const device = new TestDevice();
      const { token } = await gw.login('agent.ana', { device });
      // Each event's details as close to the cap as the schema lets them be.
      const details = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'z'.repeat(110)]));
      const entries = device.append(
        Array.from({ length: FAT_EVENTS }, () => device.event({ type: 'customer.view', at: new Date(gw.clock.now()).toISOString(), details, target: { kind: 'customer', id: 'CUS-000001' } })),
      );
      for (let i = 0; i < FAT_EVENTS; i += 100) {
        const answer = await gw.route('auditBatches', { token, body: device.batch(entries.slice(i, i + 100)) });
        expect(answer.status).toBe(200);
      }
      await use({ deviceId: device.deviceId, search: (query) => gw.route('auditSearch', { query, token: supervisor }) });
    },
    { scope: 'file' },
  ],
});
describe('audit search over fat events', () => {
  it('answers 200 to parallel searches that would have passed the PAN scan limit, each page short of it', async ({ fat: { search } }) => {
    const queries = [{ limit: 500 }, { limit: 500, type: 'customer.view' }, { limit: 500, customerId: 'CUS-000001' }, { limit: 500, userId: 'u-agent-ana' }, { limit: 499 }] as const;
    const answers = await Promise.all(queries.map(search));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text.length).toBeLessThan(FIND_PANS_MAX_TEXT);
      const page = answer.body;
      expect(page.events.length).toBeGreaterThan(0);
      expect(page.events.length).toBeLessThan(FAT_EVENTS);
      expect(page.nextCursor).not.toBeNull();
    }
    // What a full page of these events would have weighed: more than the scan reads.
    const one = answers[1]?.body.events[0];
    expect(JSON.stringify(one).length * FAT_EVENTS).toBeGreaterThan(FIND_PANS_MAX_TEXT);
  });

  it('pages through every fat event exactly once', async ({ fat: { deviceId, search } }) => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const answer = await search({ limit: 500, type: 'customer.view', ...(cursor === null ? {} : { cursor }) });
      expect(answer.status).toBe(200);
      const page = answer.body;
      seen.push(...page.events.filter((e) => e.deviceId === deviceId).map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: FAT_EVENTS }, (_, i) => i + 1));
  });
});
