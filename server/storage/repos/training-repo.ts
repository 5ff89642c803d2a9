// Security awareness on both engines (migration 019). A publication numbers
// its version inside its transaction, under one lock, so two admins publishing
// at once get two versions; every write appends its audit record before it commits.
import type { Selectable } from 'kysely';
import { serialise, type Storage } from '../dialect.ts';
import type { StoredCompletion, StoredModule, StoredPolicy, StoredQuestion, TrainingRepo } from '../training-store.ts';
import type { TrainingModulesTable, TrainingPoliciesTable, TrainingRecordsTable } from '../tables.ts';
import { appendGatewayEvents } from './gateway-chain.ts';

const TRAINING_LOCK = 'training-publish';

const policyOf = (row: Selectable<TrainingPoliciesTable>): StoredPolicy => ({
  version: row.version,
  title: row.title,
  body: row.body,
  publishedAt: row.published_at,
  publishedBy: row.published_by,
});

const moduleOf = (row: Selectable<TrainingModulesTable>): StoredModule => ({
  moduleId: row.module_id,
  version: row.version,
  title: row.title,
  body: row.body,
  quiz: JSON.parse(row.quiz) as StoredQuestion[],
  passPercent: row.pass_percent,
  publishedAt: row.published_at,
  publishedBy: row.published_by,
});

const completionOf = (row: Selectable<TrainingRecordsTable>): StoredCompletion => ({
  recordId: row.record_id,
  userId: row.user_id,
  username: row.username,
  kind: row.kind === 'policy' ? 'policy' : 'module',
  subject: row.subject,
  version: row.version,
  at: row.at,
  score: row.score,
  passed: row.passed === 1,
});

export function kyselyTrainingRepo({ db, engine }: Storage): TrainingRepo {
  return {
    publishPolicy: (draft, record) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, TRAINING_LOCK);
        const last = await trx.selectFrom('training_policies').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
        const policy: StoredPolicy = { ...draft, version: (last?.version ?? 0) + 1 };
        await trx
          .insertInto('training_policies')
          .values({ version: policy.version, title: policy.title, body: policy.body, published_at: policy.publishedAt, published_by: policy.publishedBy })
          .execute();
        return { outcome: policy, chained: await appendGatewayEvents(trx, engine, [record(policy.version)]) };
      }),
    publishModule: (draft, record) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, TRAINING_LOCK);
        const last = await trx
          .selectFrom('training_modules')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('module_id', '=', draft.moduleId)
          .executeTakeFirst();
        const module: StoredModule = { ...draft, version: (last?.version ?? 0) + 1 };
        await trx
          .insertInto('training_modules')
          .values({
            module_id: module.moduleId,
            version: module.version,
            title: module.title,
            body: module.body,
            quiz: JSON.stringify(module.quiz),
            pass_percent: module.passPercent,
            published_at: module.publishedAt,
            published_by: module.publishedBy,
          })
          .execute();
        return { outcome: module, chained: await appendGatewayEvents(trx, engine, [record(module.version)]) };
      }),
    async currentPolicy() {
      const row = await db.selectFrom('training_policies').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
      return row === undefined ? null : policyOf(row);
    },
    async currentModules() {
      const rows = await db
        .selectFrom('training_modules as m')
        .selectAll('m')
        .where((eb) =>
          eb('m.version', '=', eb.selectFrom('training_modules as n').select((n) => n.fn.max('n.version').as('v')).whereRef('n.module_id', '=', 'm.module_id')),
        )
        .orderBy('m.module_id')
        .execute();
      return rows.map(moduleOf);
    },
    complete: (completion, record) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('training_records')
          .values({
            record_id: completion.recordId,
            user_id: completion.userId,
            username: completion.username,
            kind: completion.kind,
            subject: completion.subject,
            version: completion.version,
            at: completion.at,
            score: completion.score,
            passed: completion.passed ? 1 : 0,
          })
          .execute();
        return { outcome: completion, chained: await appendGatewayEvents(trx, engine, [record]) };
      }),
    async completions(userIds, range) {
      if (userIds !== null && userIds.length === 0) return [];
      let query = db.selectFrom('training_records').selectAll();
      if (userIds !== null) query = query.where('user_id', 'in', userIds);
      if (range !== undefined) query = query.where('at', '>=', range.from).where('at', '<=', range.to);
      const rows = await query.orderBy('at').orderBy('record_id').execute();
      return rows.map(completionOf);
    },
    async noteReminder(userId, dueAt, at) {
      const inserted = await db
        .insertInto('training_reminders')
        .values({ user_id: userId, due_at: dueAt, sent_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'due_at']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
