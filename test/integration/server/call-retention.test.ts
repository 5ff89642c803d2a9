// Retention of calls and contact events (issue 22), on the run's engine: the
// housekeeping rule (server/calls/call-retention.ts) forgets a call with its
// events once contactCenter.callRetentionDays have passed since it ended, or
// since its last change when it never ended, and keeps a younger one; events
// arrive over real HTTP, signed as Amazon Connect sends them.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { callRetention } from '../../../server/calls/call-retention.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { sendConnect } from '../../harness/gateway/contact-center.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTest;
const DAY_MS = 86_400_000;

/** Each call as its state and the day it was offered (the gateway keeps the platform's call ID only as a hash), and how many events are kept. */
async function rows(gw: RunningGateway, start: number): Promise<{ calls: string[]; events: number }> {
  const raw = openRawKysely(gw);
  try {
    const calls = await raw.selectFrom('calls').select(['state', 'offered_at']).execute();
    const events = await raw.selectFrom('contact_events').select('event_id').execute();
    return { calls: calls.map((c) => `${c.state} day ${Math.floor((c.offered_at - start) / DAY_MS)}`).sort(), events: events.length };
  } finally {
    await raw.destroy();
  }
}

it('forgets a call and its events the configured days after it ended, or after its last change, and keeps younger ones', async ({ gw }) => {
  const days = gw.gateway.config.contactCenter.callRetentionDays;
  const purge = callRetention({ calls: gw.gateway.store.calls, clock: gw.clock, config: gw.gateway.config });
  const [ended, waiting, recent] = [randomUUID(), randomUUID(), randomUUID()];
  const send = async (eventType: 'QUEUED' | 'DISCONNECTED', contactId: string): Promise<void> => {
    expect((await sendConnect(gw, { eventType, contactId, at: gw.clock.now() })).body.outcome).toBe('applied');
  };
  const start = gw.clock.now();
  await send('QUEUED', ended);
  await send('DISCONNECTED', ended);
  await send('QUEUED', waiting);
  expect(await rows(gw, start)).toEqual({ calls: ['ended day 0', 'waiting day 0'], events: 3 });

  // A day short of the period: nothing is forgotten.
  gw.clock.advance((days - 1) * DAY_MS);
  await send('QUEUED', recent);
  expect(await purge()).toBe(0);
  expect(await rows(gw, start)).toEqual({ calls: ['ended day 0', 'waiting day 0', `waiting day ${days - 1}`], events: 4 });

  // Past it: the ended call and the one never touched again go, with their events; the recent one stays.
  gw.clock.advance(DAY_MS + 1);
  expect(await purge()).toBe(2);
  expect(await rows(gw, start)).toEqual({ calls: [`waiting day ${days - 1}`], events: 1 });
  // Idempotent: a second pass (another instance's) finds nothing more.
  expect(await purge()).toBe(0);
});
