// Alert acknowledgements over real HTTP: parallel acks are all kept, in order,
// none overwriting another; a note carrying a card number in any form is refused
// and stored nowhere; an ack whose audit event cannot be written is not stored;
// and the acks table refuses edits made straight in the database (the SQLite
// file, or PostgreSQL as its superuser).
import { describe, expect } from 'vitest';
import { ALERT_MAX_ACKS, type Alert } from '../../../shared/schemas/supervision.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RouteResponse } from '../../harness/gateway/route-client.ts';
import { writtenForms } from '../../harness/leaks/pan-forms.ts';
import { filesAtRest, openRawDatabase, refuseInserts } from '../../harness/database/raw-database.ts';

const PAN = '4111111111111111';

interface AlertDesk {
  /** A fresh open alert, as a rule would raise it. */
  readonly openAlert: () => Promise<Alert>;
  /** sup.sara acknowledges an alert with a note. */
  readonly ack: (alertId: string, note: string) => Promise<RouteResponse<'ackAlert'>>;
}

const it = gatewayTestWith({ customers: 2 }).extend<{ $file: { alerts: AlertDesk } }>({
  alerts: [
    async ({ gw }, use) => {
      const supervisor = (await gw.login('sup.sara')).token;
      let subject = 0;
      await use({
        openAlert: () =>
          gw.gateway.alerts.raise({ kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId: `desk-ack-${++subject}`, message: 'Audit sync is behind' }),
        ack: (alertId, note) => gw.route('ackAlert', { params: { alertId }, token: supervisor, body: { note } }),
      });
    },
    { scope: 'file' },
  ],
});

describe('alert acknowledgements', () => {
  it('keeps every one of several parallel acks, in order, and the first is never overwritten', async ({ gw, alerts: { openAlert, ack } }) => {
    const alert = await openAlert();
    const notes = Array.from({ length: 6 }, (_, i) => `Follow-up ${i + 1}: checked with the agent`);
    const answers = await Promise.all(notes.map((note) => ack(alert.alertId, note)));
    expect(answers.map((a) => a.status)).toEqual(notes.map(() => 200));
    const stored = await gw.gateway.store.alerts.find(alert.alertId);
    expect(stored?.status).toBe('acknowledged');
    expect(stored?.acks.map((a) => a.note).sort()).toEqual([...notes].sort());
    expect(stored?.acks.every((a) => a.by === 'u-sup-sara')).toBe(true);
    // Each later answer shows the earlier acks too.
    const longest = answers.map((a) => a.body.acks.length).sort((a, b) => a - b);
    expect(longest).toEqual([1, 2, 3, 4, 5, 6]);
    const audited = (await gw.gateway.store.audit.search({ type: 'alert.ack', limit: 500 })).events.filter((e) => e.event.target.id === alert.alertId);
    expect(audited).toHaveLength(notes.length);
  });

  it(`refuses acks past ${ALERT_MAX_ACKS} with 409, also when they all arrive at once`, async ({ gw, alerts: { openAlert, ack } }) => {
    const alert = await openAlert();
    const answers = await Promise.all(Array.from({ length: ALERT_MAX_ACKS + 5 }, (_, i) => ack(alert.alertId, `note number ${i}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(ALERT_MAX_ACKS);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    expect((await gw.gateway.store.alerts.find(alert.alertId))?.acks).toHaveLength(ALERT_MAX_ACKS);
  });

  it('refuses a note carrying a card number, however it is written, and stores it nowhere', async ({ gw, alerts: { openAlert, ack } }) => {
    const alert = await openAlert();
    const fullWidth = PAN.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const forms = [...writtenForms(PAN), fullWidth];
    const answers = await Promise.all(forms.map((form) => ack(alert.alertId, `Customer card ${form} verified`)));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain(PAN);
    }
    expect((await gw.gateway.store.alerts.find(alert.alertId))?.acks).toEqual([]);
    const files = await filesAtRest(gw);
    expect(files.map((f) => f.name)).toContain('gateway.log');
    for (const { name, bytes } of files) for (const form of writtenForms(PAN)) expect(bytes.includes(Buffer.from(form)), name).toBe(false);
  });

  it('stores no ack when its audit event cannot be written (the audit write comes first)', async ({ gw, alerts: { openAlert, ack } }) => {
    const alert = await openAlert();
    // A fault in the real store: the gateway's alert.ack events can no longer be inserted.
    const fault = await refuseInserts(gw, 'audit_events', "NEW.type = 'alert.ack'", 'disk full');
    try {
      const answer = await ack(alert.alertId, 'Should not be stored');
      expect(answer.status).toBe(503);
      expect(answer.error?.code).toBe('audit_unavailable');
      expect((await gw.gateway.store.alerts.find(alert.alertId))?.acks).toEqual([]);
    } finally {
      await fault.restore();
    }
    expect((await ack(alert.alertId, 'Now it is audited and stored')).status).toBe(200);
  });

  it('refuses edits, deletions and replacement of an ack made straight in the database file', async ({ gw, alerts: { openAlert, ack } }) => {
    const alert = await openAlert();
    expect((await ack(alert.alertId, 'Original answer')).status).toBe(200);
    const db = await openRawDatabase(gw);
    // Replacing a row: SQLite's INSERT OR REPLACE, PostgreSQL's upsert (an UPDATE underneath).
    const replace =
      db.engine === 'sqlite'
        ? `INSERT OR REPLACE INTO alert_acks (alert_id, n, by_user_id, at, note) VALUES ('${alert.alertId}', 1, 'u-x', '2026-01-01T00:00:00.000Z', 'rewritten')`
        : `INSERT INTO alert_acks (alert_id, n, by_user_id, at, note) VALUES ('${alert.alertId}', 1, 'u-x', '2026-01-01T00:00:00.000Z', 'rewritten') ON CONFLICT (alert_id, n) DO UPDATE SET note = excluded.note`;
    try {
      for (const sql of [
        `UPDATE alert_acks SET note = 'rewritten' WHERE alert_id = '${alert.alertId}'`,
        `DELETE FROM alert_acks WHERE alert_id = '${alert.alertId}'`,
        replace,
        `UPDATE alerts SET message = 'nothing happened' WHERE alert_id = '${alert.alertId}'`,
        `DELETE FROM alerts WHERE alert_id = '${alert.alertId}'`,
      ]) {
        await expect(db.exec(sql), sql).rejects.toThrow(/append-only/);
      }
    } finally {
      await db.close();
    }
    expect((await gw.gateway.store.alerts.find(alert.alertId))?.acks.map((a) => a.note)).toEqual(['Original answer']);
  });

  it('keeps a condition that persists quiet after its ack for the configured period, its count still rising, then opens a new alert', async ({ gw, alerts: { ack } }) => {
    const raise = () =>
      Promise.all(
        Array.from({ length: 3 }, () =>
          gw.gateway.alerts.raise({ kind: 'capture_unprotected', severity: 'warning', userId: 'u-agent-ana', deviceId: 'desk-quiet', message: 'Screen-capture protection is off' }),
        ),
      );
    const [first] = await raise();
    if (first === undefined) throw new Error('no alert raised');
    expect((await ack(first.alertId, 'Known: Linux desk, watermarked')).status).toBe(200);
    // The same minute, in parallel: no new alert, and the acknowledged one counts the repeats.
    const repeats = await raise();
    expect(new Set(repeats.map((a) => a.alertId))).toEqual(new Set([first.alertId]));
    const subject = async () => (await gw.gateway.alerts.list('all')).filter((a) => a.deviceId === 'desk-quiet');
    expect(await subject()).toMatchObject([{ alertId: first.alertId, status: 'acknowledged', occurrences: 6 }]);
    // Past the quiet period (60 minutes by default) the condition opens a new alert. Last in the file: the clock jump ends the file's sessions.
    gw.clock.advance(61 * 60_000);
    await raise();
    const after = await subject();
    expect(after.filter((a) => a.status === 'open')).toHaveLength(1);
    expect(after.find((a) => a.status === 'open')?.occurrences).toBe(3);
  });
});
