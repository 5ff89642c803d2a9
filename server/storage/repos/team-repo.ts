// Teams and their members. Creating a team and assigning an account are admin
// writes (admin-write.ts): decided under the admin lock and committed together
// with their audit record.
import type { Storage } from '../dialect.ts';
import type { TeamChangeOutcome, TeamRecord, TeamRepo } from '../store.ts';
import { actorIsActiveAdmin, adminWrite, type AdminTrx } from './admin-write.ts';

type Reader = Pick<AdminTrx, 'selectFrom'>;

async function teamsOf(db: Reader, teamId?: string): Promise<TeamRecord[]> {
  let teams = db.selectFrom('teams').selectAll();
  if (teamId !== undefined) teams = teams.where('team_id', '=', teamId);
  const rows = await teams.orderBy('name').execute();
  let members = db.selectFrom('team_members').select(['team_id', 'user_id']);
  if (teamId !== undefined) members = members.where('team_id', '=', teamId);
  const byTeam = new Map<string, string[]>();
  for (const m of await members.orderBy('user_id').execute()) byTeam.set(m.team_id, [...(byTeam.get(m.team_id) ?? []), m.user_id]);
  return rows.map((row) => ({ teamId: row.team_id, name: row.name, createdAt: row.created_at, createdBy: row.created_by, members: byTeam.get(row.team_id) ?? [] }));
}

export function kyselyTeamRepo(storage: Storage): TeamRepo {
  const { db } = storage;
  return {
    list: () => teamsOf(db),

    create: (change, record) =>
      adminWrite(
        storage,
        async (trx): Promise<TeamChangeOutcome> => {
          if (!(await actorIsActiveAdmin(trx, change.actorId))) return { ok: false, refusal: 'actor_inactive' };
          const taken = await trx.selectFrom('teams').select('team_id').where('name', '=', change.name).executeTakeFirst();
          if (taken !== undefined) return { ok: false, refusal: 'name_taken' };
          await trx.insertInto('teams').values({ team_id: change.teamId, name: change.name, created_at: change.at, created_by: change.actorId }).execute();
          return { ok: true, team: { teamId: change.teamId, name: change.name, createdAt: change.at, createdBy: change.actorId, members: [] }, previousTeamId: null };
        },
        record,
      ),

    assign: (change, record) =>
      adminWrite(
        storage,
        async (trx): Promise<TeamChangeOutcome> => {
          if (!(await actorIsActiveAdmin(trx, change.actorId))) return { ok: false, refusal: 'actor_inactive' };
          const [team] = await teamsOf(trx, change.teamId);
          if (team === undefined) return { ok: false, refusal: 'not_found' };
          const account = await trx.selectFrom('users').select('user_id').where('user_id', '=', change.userId).executeTakeFirst();
          if (account === undefined) return { ok: false, refusal: 'no_account' };
          const previous = await trx.selectFrom('team_members').select('team_id').where('user_id', '=', change.userId).executeTakeFirst();
          if (previous?.team_id === change.teamId) return { ok: false, refusal: 'unchanged' };
          const row = { team_id: change.teamId, assigned_at: change.at, assigned_by: change.actorId };
          await trx
            .insertInto('team_members')
            .values({ user_id: change.userId, ...row })
            .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
            .execute();
          const [updated] = await teamsOf(trx, change.teamId);
          return { ok: true, team: updated ?? team, previousTeamId: previous?.team_id ?? null };
        },
        record,
      ),

    async memberships() {
      const rows = await db.selectFrom('team_members').select(['user_id', 'team_id']).execute();
      return new Map(rows.map((r) => [r.user_id, r.team_id]));
    },
  };
}
