// Issue 22: the public webhook route costs an account lookup and a signature
// check per delivery, so one address is cut off after its per-minute limit
// (limits.webhooksPerMinutePerIp), before any of that work, over real HTTP.
import { expect } from 'vitest';
import { TIMESTAMP_HEADER, SIGNATURE_HEADER } from '../../../server/records/webhook-receiver.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ config: { limits: { webhooksPerMinutePerIp: 3 } } });

it('answers 429 once an address has sent its deliveries for the minute', async ({ gw }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const answer = await gw.route('receiveWebhook', { params: { source: 'nobody' }, body: { event: 'x' }, headers: { [TIMESTAMP_HEADER]: '1', [SIGNATURE_HEADER]: 'v1=' } });
    statuses.push(answer.status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});
