// The daily log review's store: what it reads of the trail (counted in the
// database, so a busy month is a few thousand rows, not millions of events) and
// the days it generated, their findings and their sign-offs.
import { sql } from 'kysely';
import { z } from 'zod';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { jsonText, rowPosition, type Storage } from '../dialect.ts';
import type { AccessCount, FindingRecord, ReviewDayRecord, ReviewRepo, SignOffOutcome } from '../store.ts';
import { adminWrite } from './admin-write.ts';
import { toStored } from './audit-repo.ts';

const NumbersSchema = z.record(z.string(), z.number());

export function kyselyReviewRepo(storage: Storage): ReviewRepo {
  const { db, engine } = storage;

  const daysBetween = async (from: string, to: string, executor: Pick<typeof db, 'selectFrom'> = db): Promise<ReviewDayRecord[]> => {
    const days = await executor.selectFrom('review_days').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
    if (days.length === 0) return [];
    const findings = await executor
      .selectFrom('review_findings')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('severity')
      .orderBy('finding_id')
      .execute();
    const byDay = new Map<string, FindingRecord[]>();
    for (const f of findings) {
      const record: FindingRecord = {
        findingId: f.finding_id,
        day: f.day,
        rule: f.rule,
        severity: f.severity,
        subjectKind: f.subject_kind,
        subjectId: f.subject_id,
        summary: f.summary,
        numbers: NumbersSchema.parse(JSON.parse(f.numbers)),
        note: f.note,
      };
      byDay.set(f.day, [...(byDay.get(f.day) ?? []), record]);
    }
    return days.map((d) => ({
      day: d.day,
      generatedAt: d.generated_at,
      signedAt: d.signed_at,
      signedByUserId: d.signed_by_user_id,
      signedBy: d.signed_by,
      overdueAlertedAt: d.overdue_alerted_at,
      findings: byDay.get(d.day) ?? [],
    }));
  };

  return {
    async accessCounts(from, to) {
      const by = jsonText(engine, 'event', ['details', 'by']);
      const day = sql<string>`substr(at, 1, 10)`;
      const hour = sql<string>`substr(at, 12, 2)`;
      const rows = await db
        .selectFrom('audit_events')
        .select((eb) => ['user_id', day.as('day'), hour.as('hour'), 'type', by.as('by'), eb.fn.countAll<number>().as('count')])
        .where('device_id', '=', GATEWAY_DEVICE_ID)
        .where('outcome', '=', 'success')
        .where('type', 'in', ['customer.lookup', 'customer.view'])
        .where('user_id', 'is not', null)
        .where('flag', 'is', null)
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy(['user_id', day, hour, 'type', by])
        .execute();
      return rows.map(
        (r): AccessCount => ({
          userId: r.user_id ?? '',
          day: r.day,
          hour: Number(r.hour),
          kind: r.type === 'customer.view' ? 'record_read' : r.by === 'card' ? 'card_lookup' : 'other_lookup',
          count: r.count,
        }),
      );
    },

    async customersReadByMany(from, to, minUsers) {
      const rows = await db
        .selectFrom('audit_events')
        .select(['customer_id', 'user_id'])
        .distinct()
        .where('device_id', '=', GATEWAY_DEVICE_ID)
        .where('type', '=', 'customer.view')
        .where('outcome', '=', 'success')
        .where('customer_id', 'is not', null)
        .where('user_id', 'is not', null)
        .where('at', '>=', from)
        .where('at', '<', to)
        .where('customer_id', 'in', (eb) =>
          eb
            .selectFrom('audit_events')
            .select('customer_id')
            .where('device_id', '=', GATEWAY_DEVICE_ID)
            .where('type', '=', 'customer.view')
            .where('outcome', '=', 'success')
            .where('at', '>=', from)
            .where('at', '<', to)
            .groupBy('customer_id')
            .having((h) => h.fn.count('user_id').distinct(), '>=', minUsers),
        )
        .orderBy('customer_id')
        .orderBy('user_id')
        .execute();
      const byCustomer = new Map<string, string[]>();
      for (const r of rows) byCustomer.set(r.customer_id ?? '', [...(byCustomer.get(r.customer_id ?? '') ?? []), r.user_id ?? '']);
      return [...byCustomer].map(([customerId, users]) => ({ customerId, users }));
    },

    async eventsOfTypes(from, to, types, limit) {
      if (types.length === 0) return [];
      const position = rowPosition(engine, 'audit_events');
      const rows = await db
        .selectFrom('audit_events')
        .select([position.as('position'), 'device_id', 'seq', 'event', 'received_at', 'flag'])
        .where('type', 'in', [...types])
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .orderBy('device_id')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toStored);
    },

    async lastGeneratedDay() {
      const row = await db.selectFrom('review_days').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
      return row?.day ?? null;
    },

    async storeDay(day, generatedAt, findings) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx.insertInto('review_days').values({ day, generated_at: generatedAt }).onConflict((oc) => oc.column('day').doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        for (const f of findings) {
          await trx
            .insertInto('review_findings')
            .values({
              finding_id: f.findingId,
              day,
              rule: f.rule,
              severity: f.severity,
              subject_kind: f.subjectKind,
              subject_id: f.subjectId,
              summary: f.summary,
              numbers: JSON.stringify(f.numbers),
              note: null,
            })
            .execute();
        }
        return true;
      });
    },

    days: (from, to) => daysBetween(from, to),

    signOff: (change, record) =>
      adminWrite(
        storage,
        async (trx): Promise<SignOffOutcome> => {
          const [day] = await daysBetween(change.day, change.day, trx);
          if (day === undefined) return { ok: false, refusal: 'not_found' };
          if (day.signedAt !== null) return { ok: false, refusal: 'already_signed' };
          const ids = day.findings.map((f) => f.findingId);
          if (ids.length !== change.notes.size || ids.some((id) => !change.notes.has(id))) return { ok: false, refusal: 'notes_mismatch' };
          // Separation of duties: nobody signs off findings about themselves.
          if (day.findings.some((f) => f.subjectKind === 'account' && f.subjectId === change.byUserId)) return { ok: false, refusal: 'own_finding' };
          for (const [findingId, note] of change.notes) await trx.updateTable('review_findings').set({ note }).where('finding_id', '=', findingId).execute();
          await trx
            .updateTable('review_days')
            .set({ signed_at: change.at, signed_by_user_id: change.byUserId, signed_by: change.by })
            .where('day', '=', change.day)
            .where('signed_at', 'is', null)
            .execute();
          const [signed] = await daysBetween(change.day, change.day, trx);
          return signed === undefined ? { ok: false, refusal: 'not_found' } : { ok: true, day: signed };
        },
        record,
      ),

    async overdueDays(generatedBefore) {
      const rows = await db
        .selectFrom('review_days')
        .select('day')
        .where('generated_at', '<=', generatedBefore)
        .where('signed_at', 'is', null)
        .where('overdue_alerted_at', 'is', null)
        .orderBy('day')
        .execute();
      return rows.map((r) => r.day);
    },

    async markOverdueAlerted(day, at) {
      await db.updateTable('review_days').set({ overdue_alerted_at: at }).where('day', '=', day).where('overdue_alerted_at', 'is', null).execute();
    },
  };
}
