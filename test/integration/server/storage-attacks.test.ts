// The database-backed state of one gateway attacked by a hostile client, on
// either engine: the supervisor stream resumed with Last-Event-IDs no client
// should send, a resume with more missed events than the replay cap, and the
// ack cap of an alert raced through two stores on one database (PostgreSQL) or
// one (SQLite) past what the service's own check sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_MAX_ACKS, type Alert } from '../../../shared/schemas/supervision.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import type { GatewayStore } from '../../../server/storage/store.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';
import { knownTestDatabase, TEST_ENGINE } from '../../harness/database/test-database.ts';

const REPLAY_CAP = 5;
let gw: RunningGateway;
let supervisor: string;
beforeAll(async () => {
  gw = await startGateway({ customers: 2, config: { stream: { maxReplayEvents: REPLAY_CAP } } });
  supervisor = (await gw.login('sup.sara')).token;
});
afterAll(async () => {
  await gw.close();
});

const streamUrl = (): string => `${gw.url}/v1/supervisor/stream`;
/** Header values go out as bytes: unicode text as a hostile client would send it, UTF-8. */
const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

describe('hostile Last-Event-ID', () => {
  const HOSTILE: [string, () => Promise<string>][] = [
    ['-1', () => Promise.resolve('-1')],
    ['1e309', () => Promise.resolve('1e309')],
    ['20 nines', () => Promise.resolve('99999999999999999999')],
    ['arabic-indic digits', () => Promise.resolve(asBytes('١٢٣'))],
    ['full-width digits', () => Promise.resolve(asBytes('１２'))],
    ['NaN', () => Promise.resolve('NaN')],
    ['4,000 digits', () => Promise.resolve('7'.repeat(4000))],
    ['MAX_SAFE_INTEGER', () => Promise.resolve(String(Number.MAX_SAFE_INTEGER))],
    ['one past the newest id', async () => String((await gw.gateway.live.feed.lastId()) + 1)],
  ];
  for (const [name, value] of HOSTILE) {
    it(`a stream resumed with ${name} opens and delivers the next live event`, async () => {
      const stream = await watchStream(streamUrl(), supervisor, { 'last-event-id': await value() });
      try {
        const desk = new TestDevice();
        const { token } = await gw.login('agent.ana', { device: desk });
        const marker = desk.event();
        expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append([marker])) })).status).toBe(200);
        await stream.waitFor((e) => e.type === 'audit' && e.data.event.id === marker.id);
        // Whatever came first is in feed order, each id once.
        const ids = [...stream.text().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
        expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0))).toBe(true);
      } finally {
        stream.close();
      }
      expect((await gw.route('agents', { token: supervisor })).status).toBe(200);
    });
  }

  it('answers a header too large for the server with a clear 431, and keeps serving', async () => {
    const response = await fetch(streamUrl(), { headers: { authorization: `Bearer ${supervisor}`, 'last-event-id': '9'.repeat(64 * 1024) } });
    expect(response.status).toBe(431);
    expect((await gw.route('agents', { token: supervisor })).status).toBe(200);
  });
});

describe('a resume with more missed events than the replay cap', () => {
  // A capped replay ends the stream (event-stream.ts) so the client resumes from the last id it got; going live
  // instead would silently skip what lies between the cap and the first live event.
  it('either delivers every missed event before the next live one, or ends the stream so the client resumes', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const from = await gw.gateway.live.feed.lastId();
    const missed = Array.from({ length: REPLAY_CAP + 3 }, () => desk.event());
    for (const event of missed) expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append([event])) })).status).toBe(200);
    const stream = await watchStream(streamUrl(), supervisor, { 'last-event-id': String(from) });
    try {
      const live = desk.event();
      expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append([live])) })).status).toBe(200);
      const outcome = await Promise.race([
        stream.waitFor((e) => e.type === 'audit' && e.data.event.id === live.id).then(() => 'live' as const),
        stream.ended.then(() => 'ended' as const),
      ]);
      const seen = stream.events.flatMap((e) => (e.type === 'audit' && e.data.deviceId === desk.deviceId ? [e.data.event.id] : []));
      if (outcome === 'live') expect(seen).toEqual([...missed, live].map((e) => e.id));
      else expect(missed.map((e) => e.id).slice(0, seen.length)).toEqual(seen);
    } finally {
      stream.close();
    }
  });
});

describe('the ack cap of an alert, checked by the database', () => {
  let second: GatewayStore | null = null;
  afterAll(async () => {
    await second?.close();
  });

  it(`stores at most ${ALERT_MAX_ACKS} acks of ${ALERT_MAX_ACKS + 10} appended at once (through two stores on PostgreSQL), and the alert still reads`, async () => {
    const stores = [gw.gateway.store];
    if (TEST_ENGINE === 'postgres') {
      second = await openStore({ dataDir: gw.dataDir, database: knownTestDatabase(gw.dataDir) });
      stores.push(second);
    }
    const alert: Alert = await gw.gateway.alerts.raise({ kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId: 'desk-cap', message: 'Audit sync is behind' });
    const at = new Date(gw.clock.now()).toISOString();
    const results = await Promise.all(
      Array.from({ length: ALERT_MAX_ACKS + 10 }, (_, i) => (stores[i % stores.length] ?? gw.gateway.store).alerts.appendAck(alert.alertId, { by: 'u-sup-sara', at, note: `ack ${i}` })),
    );
    expect(results.filter((r) => r === 'full')).toHaveLength(10);
    const stored = await gw.gateway.store.alerts.find(alert.alertId);
    expect(stored?.acks).toHaveLength(ALERT_MAX_ACKS);
    expect((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).status).toBe(200);
    const refused = await gw.route('ackAlert', { params: { alertId: alert.alertId }, token: supervisor, body: { note: 'one more' } });
    expect(refused.status).toBe(409);
  });
});
