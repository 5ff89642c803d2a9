// The contact-events route is public (the platform signs each body), so one
// address's flood is cut off before its bodies are read and checked.
import { describe, expect } from 'vitest';
import { eventsPath, SOURCES } from '../../harness/gateway/contact-center.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const LIMIT = 3;
const it = gatewayTestWith({ customers: 1, config: { contactCenter: { eventsPerMinutePerIp: LIMIT } } });

describe('contact events rate limit', () => {
  it('answers 429 once an address has sent its events for the minute, signed or not', async ({ gw }) => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      statuses.push((await gw.call('POST', eventsPath(SOURCES.sentinel), { rawBody: '{}', headers: { 'content-type': 'application/json' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
