// The per-address failed sign-in alert and the rolling windows behind it, hit
// the way a sprayer does: many failures from one address at the same moment.
// The promise (window-repo.ts): parallel hits count exactly as sequential ones,
// each count its place in line; so one open failed_logins_source alert per
// address whose occurrences are the failures at or past the threshold, and a
// rate limit that lets exactly its maximum through.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveHousekeeping } from '../../../server/supervision/live-housekeeping.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';

const PER_SOURCE = 5;
let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway({
    config: {
      authRateLimitPerMinute: 100_000,
      limits: { connectionsPerIp: 1_000 },
      alerts: { failedLogins: { threshold: 1_000, perSourceThreshold: PER_SOURCE, globalThreshold: 100_000 } },
    },
    customers: 2,
  });
});
afterAll(async () => {
  await gw.close();
});

const openSourceAlerts = async (source: string) =>
  (await gw.gateway.alerts.list('open')).filter((al) => al.kind === 'failed_logins_source' && al.message.includes(` ${source} `));

describe('parallel hits of one rolling window', () => {
  it('count 1 to n, each its place in line, when n arrive at once', async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => gw.gateway.live.windows.hit('failed_logins_source', 'hits-at-once', gw.clock.now(), 60_000)));
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('failed sign-ins from one address at once', () => {
  it('open one per-address alert whose occurrences are exactly the failures at or past the threshold (service)', async () => {
    const source = '198.51.100.61';
    const failures = PER_SOURCE + 12;
    await Promise.all(Array.from({ length: failures }, (_, i) => gw.gateway.alerts.noteFailedLogin({ username: `spray-${i}`, userId: null, source })));
    const open = await openSourceAlerts(source);
    expect(open).toHaveLength(1);
    expect(open[0]?.occurrences).toBe(failures - PER_SOURCE + 1);
  });

  it('open exactly one alert per address, each counted exactly, when twelve addresses spray at once', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `192.0.2.${i + 10}`);
    const perAddress = PER_SOURCE + 2;
    await Promise.all(
      addresses.flatMap((source, a) =>
        Array.from({ length: perAddress }, (_, i) => gw.gateway.alerts.noteFailedLogin({ username: `many-${a}-${i}`, userId: null, source })),
      ),
    );
    for (const source of addresses) {
      const open = await openSourceAlerts(source);
      expect(open, source).toHaveLength(1);
      expect(open[0]?.occurrences, source).toBe(perAddress - PER_SOURCE + 1);
    }
  });

  it('open one per-address alert counted exactly when the failures are real sign-ins over HTTP', async () => {
    const failures = PER_SOURCE + 7;
    const answers = await Promise.all(Array.from({ length: failures }, (_, i) => gw.attemptLogin(`nobody.spray${i}`, 'Wrong password entirely 11', { device: new TestDevice() })));
    expect(answers.map((x) => x.status)).toEqual(Array.from({ length: failures }, () => 401));
    const open = await openSourceAlerts('127.0.0.1');
    expect(open).toHaveLength(1);
    expect(open[0]?.occurrences).toBe(failures - PER_SOURCE + 1);
  });
});

describe('the per-address sign-in rate limit under a burst', () => {
  it('lets exactly authRateLimitPerMinute of 12 challenges sent at once through, not fewer', async () => {
    await using limited = await startGateway({ config: { authRateLimitPerMinute: 5, limits: { connectionsPerIp: 1_000 } }, customers: 2 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => limited.route('challenge', { body: { deviceId: new TestDevice().deviceId } })));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(5);
    expect(answers.filter((x) => x.status === 429)).toHaveLength(7);
  });
});

describe('one address however it is written', () => {
  // An IPv4 client is `::ffff:a.b.c.d` to a gateway listening on `::` and `a.b.c.d` to one on 0.0.0.0, and a proxy
  // named by --trust-proxy may spell an IPv6 address in capitals or uncompressed: the same sprayer either way.
  const SPELLINGS = {
    'an IPv4 address and its IPv4-mapped IPv6 forms': ['198.51.100.80', '::ffff:198.51.100.80', '::FFFF:198.51.100.80', '0:0:0:0:0:ffff:c633:6450'],
    'an IPv6 address in capitals and uncompressed': ['2001:db8::7', '2001:DB8::7', '2001:0db8:0000:0000:0000:0000:0000:0007'],
  };
  for (const [name, spellings] of Object.entries(SPELLINGS)) {
    it(`counts ${name} as one address, in one alert`, async () => {
      const failures = PER_SOURCE * 2;
      for (let i = 0; i < failures; i++) {
        await gw.gateway.alerts.noteFailedLogin({ username: `spelled-${name.length}-${i}`, userId: null, source: spellings[i % spellings.length] ?? '' });
      }
      const open = (await gw.gateway.alerts.list('open')).filter((al) => al.kind === 'failed_logins_source' && spellings.some((s) => al.message.includes(` ${s} `)));
      expect(open.map((al) => al.message.replace(/^\d+ /, ''))).toHaveLength(1);
      expect(open[0]?.occurrences).toBe(failures - PER_SOURCE + 1);
    });
  }
});

describe('an address that keeps spraying for more than a day', () => {
  it('keeps folding into its one open alert after housekeeping, until a supervisor acknowledges it', async () => {
    const { live, config } = gw.gateway;
    const housekeep = liveHousekeeping({ live, alerts: gw.gateway.store.alerts, clock: gw.clock, config });
    const source = '198.51.100.99';
    const spray = async (n: number, tag: string) => {
      for (let i = 0; i < n; i++) await gw.gateway.alerts.noteFailedLogin({ username: `day-${tag}-${i}`, userId: null, source });
    };
    await spray(PER_SOURCE, 'first');
    expect(await openSourceAlerts(source)).toHaveLength(1);
    // Every hour for a day and a bit the address is still at it, and the gateway's housekeeping runs.
    for (let hour = 1; hour <= 26; hour++) {
      gw.clock.advance(3_600_000);
      await housekeep();
      await spray(PER_SOURCE, `h${hour}`);
    }
    const open = await openSourceAlerts(source);
    expect(open.map((al) => `${al.raisedAt} x${al.occurrences}`)).toHaveLength(1);
    // Each hour's burst passed the threshold once: its last failure is at it, the others below.
    expect(open[0]?.occurrences).toBe(27);

    // Acknowledged, its record goes at the next housekeeping past a day, and the address's next burst opens one new alert.
    await gw.gateway.store.alerts.appendAck(open[0]?.alertId ?? '', { by: 'u-sup-sara', at: new Date(gw.clock.now()).toISOString(), note: 'blocked upstream' });
    gw.clock.advance(25 * 3_600_000);
    await housekeep();
    const raw = openRawKysely(gw);
    const kept = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM source_alerts WHERE source = ${source}`.execute(raw).finally(() => raw.destroy());
    expect(Number(kept.rows[0]?.n)).toBe(0);
    await spray(PER_SOURCE, 'after');
    const again = await openSourceAlerts(source);
    expect(again).toHaveLength(1);
    expect(again[0]?.alertId).not.toBe(open[0]?.alertId);
  });
});
