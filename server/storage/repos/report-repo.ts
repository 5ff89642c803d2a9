// Scheduled reports and the retrieval checks of archived audit months
// (migration 020). A report is inserted once per period and start: a second
// insert of the same one (two instances at once) is a no-op that says so.
import type { Selectable } from 'kysely';
import { isUniqueViolation, type Storage } from '../dialect.ts';
import type { ReportRepo, RetrievalCheckRecord, StoredReportRecord } from '../store.ts';
import type { AuditRetrievalChecksTable, StoredReportsTable } from '../tables.ts';

const toReport = (row: Selectable<StoredReportsTable>): StoredReportRecord => ({
  reportId: row.report_id,
  period: row.period,
  from: row.range_from,
  to: row.range_to,
  generatedAt: row.generated_at,
  content: row.content,
  contentHash: row.content_hash,
});

const toCheck = (row: Selectable<AuditRetrievalChecksTable>): RetrievalCheckRecord => ({
  checkId: row.check_id,
  runAt: row.run_at,
  month: row.month,
  source: row.source,
  expectedRows: row.expected_rows,
  retrievedRows: row.retrieved_rows,
  millis: row.millis,
  outcome: row.outcome,
});

export function kyselyReportRepo({ db }: Storage): ReportRepo {
  return {
    async insert(report) {
      try {
        await db
          .insertInto('stored_reports')
          .values({
            report_id: report.reportId,
            period: report.period,
            range_from: report.from,
            range_to: report.to,
            generated_at: report.generatedAt,
            content: report.content,
            content_hash: report.contentHash,
          })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async find(reportId) {
      const row = await db.selectFrom('stored_reports').selectAll().where('report_id', '=', reportId).executeTakeFirst();
      return row === undefined ? null : toReport(row);
    },
    async list(query) {
      const rows = await db
        .selectFrom('stored_reports')
        .selectAll()
        .$if(query.period !== undefined, (qb) => qb.where('period', '=', query.period ?? ''))
        .$if(query.from !== undefined, (qb) => qb.where('range_from', '>=', query.from ?? ''))
        .$if(query.to !== undefined, (qb) => qb.where('range_to', '<=', query.to ?? ''))
        .orderBy('range_from', 'desc')
        .orderBy('period')
        .limit(query.limit)
        .execute();
      return rows.map(toReport);
    },
    async alertsPerUser(from, to) {
      const rows = await db
        .selectFrom('alerts')
        .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
        .where('user_id', 'is not', null)
        .where('raised_at', '>=', from)
        .where('raised_at', '<', to)
        .groupBy('user_id')
        .execute();
      return new Map(rows.flatMap((r) => (r.user_id === null ? [] : [[r.user_id, r.n] as const])));
    },
    async insertRetrievalCheck(check) {
      await db
        .insertInto('audit_retrieval_checks')
        .values({
          check_id: check.checkId,
          run_at: check.runAt,
          month: check.month,
          source: check.source,
          expected_rows: check.expectedRows,
          retrieved_rows: check.retrievedRows,
          millis: check.millis,
          outcome: check.outcome,
        })
        .execute();
    },
    async retrievalChecks(from, to) {
      const rows = await db.selectFrom('audit_retrieval_checks').selectAll().where('run_at', '>=', from).where('run_at', '<', to).orderBy('run_at').execute();
      return rows.map(toCheck);
    },
  };
}
