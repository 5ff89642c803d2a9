// Wrap-up on both engines (migration 023). Admin changes go through adminWrite
// (audited in their transaction); a code's retirement and a wrap-up using it
// take the same per-code lock, so one of them is first and the other sees it.
import type { Selectable } from 'kysely';
import { serialise, type Storage } from '../dialect.ts';
import type { NoteTemplatesTable, WrapupCodesTable } from '../tables.ts';
import type { ListChange, StoredNoteTemplate, StoredWrapupCode, WrapupRepo } from '../wrapup-store.ts';
import { adminWrite } from './admin-write.ts';
import { appendGatewayEvents } from './gateway-chain.ts';

const codeLock = (code: string): string => `wrapup-code:${code}`;

const codeOf = (row: Selectable<WrapupCodesTable>): StoredWrapupCode => ({
  code: row.code,
  label: row.label,
  createdAt: row.created_at,
  createdBy: row.created_by,
  retiredAt: row.retired_at,
});

const templateOf = (row: Selectable<NoteTemplatesTable>): StoredNoteTemplate => ({
  templateId: row.template_id,
  title: row.title,
  body: row.body,
  createdAt: row.created_at,
  createdBy: row.created_by,
  retiredAt: row.retired_at,
});

export function kyselyWrapupRepo(storage: Storage): WrapupRepo {
  const { db, engine } = storage;
  return {
    async codes() {
      return (await db.selectFrom('wrapup_codes').selectAll().orderBy('code').execute()).map(codeOf);
    },
    createCode: (code, record) =>
      adminWrite(
        storage,
        async (trx): Promise<ListChange<StoredWrapupCode>> => {
          await serialise(trx, engine, codeLock(code.code));
          const inserted = await trx
            .insertInto('wrapup_codes')
            .values({ code: code.code, label: code.label, created_at: code.createdAt, created_by: code.createdBy, retired_at: null })
            .onConflict((oc) => oc.column('code').doNothing())
            .executeTakeFirst();
          return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 ? { done: { ...code, retiredAt: null } } : { refused: 'exists' };
        },
        record,
      ),
    retireCode: (code, at, record) =>
      adminWrite(
        storage,
        async (trx): Promise<ListChange<StoredWrapupCode>> => {
          await serialise(trx, engine, codeLock(code));
          const row = await trx.selectFrom('wrapup_codes').selectAll().where('code', '=', code).executeTakeFirst();
          if (row === undefined) return { refused: 'unknown' };
          if (row.retired_at !== null) return { refused: 'retired' };
          await trx.updateTable('wrapup_codes').set({ retired_at: at }).where('code', '=', code).execute();
          return { done: { ...codeOf(row), retiredAt: at } };
        },
        record,
      ),
    async templates() {
      return (await db.selectFrom('note_templates').selectAll().orderBy('created_at').orderBy('template_id').execute()).map(templateOf);
    },
    createTemplate: (template, record) =>
      adminWrite(
        storage,
        async (trx): Promise<ListChange<StoredNoteTemplate>> => {
          await trx
            .insertInto('note_templates')
            .values({ template_id: template.templateId, title: template.title, body: template.body, created_at: template.createdAt, created_by: template.createdBy, retired_at: null })
            .execute();
          return { done: { ...template, retiredAt: null } };
        },
        record,
      ),
    retireTemplate: (templateId, at, record) =>
      adminWrite(
        storage,
        async (trx): Promise<ListChange<StoredNoteTemplate>> => {
          const row = await trx.selectFrom('note_templates').selectAll().where('template_id', '=', templateId).executeTakeFirst();
          if (row === undefined) return { refused: 'unknown' };
          if (row.retired_at !== null) return { refused: 'retired' };
          await trx.updateTable('note_templates').set({ retired_at: at }).where('template_id', '=', templateId).where('retired_at', 'is', null).execute();
          return { done: { ...templateOf(row), retiredAt: at } };
        },
        record,
      ),
    record: (wrapup, record) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, codeLock(wrapup.code));
        const code = await trx.selectFrom('wrapup_codes').select('retired_at').where('code', '=', wrapup.code).executeTakeFirst();
        const outcome = code === undefined ? 'unknown_code' : code.retired_at !== null ? 'retired_code' : 'recorded';
        if (outcome === 'recorded') {
          await trx
            .insertInto('wrapups')
            .values({
              wrapup_id: wrapup.wrapupId,
              customer_id: wrapup.customerId,
              code: wrapup.code,
              agent_id: wrapup.agentId,
              agent_name: wrapup.agentName,
              at: wrapup.at,
              note_id: wrapup.noteId,
            })
            .execute();
        }
        const event = record(outcome);
        return { outcome, chained: await appendGatewayEvents(trx, engine, event === null ? [] : [event]) };
      }),
    async counts({ from, to }) {
      const rows = await db
        .selectFrom('wrapups')
        .select((eb) => ['agent_id', 'code', eb.fn.max('agent_name').as('agent_name'), eb.fn.countAll().as('count')])
        .where('at', '>=', from)
        .where('at', '<=', to)
        .groupBy(['agent_id', 'code'])
        .execute();
      return rows.map((row) => ({ agentId: row.agent_id, agentName: row.agent_name, code: row.code, count: Number(row.count) }));
    },
  };
}
