// Changes that need a second admin. The request, the approval with the change
// it makes, and the rejection each run in one admin-write transaction, so the
// rules a parallel admin could race (the request still open, the approver
// still eligible, the account's roles as they are now) hold at the commit.
import type { Selectable } from 'kysely';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { Storage } from '../dialect.ts';
import type { AdminApprovalRecord, AdminApprovalRepo, ApprovalOutcome, RecordOf } from '../store.ts';
import type { AdminApprovalsTable } from '../tables.ts';
import { createAccountIn, guardedChange, setRolesRule } from './admin-repo.ts';
import { actorIsActiveAdmin, adminWrite, adminWriteAll, type AdminTrx } from './admin-write.ts';
import { isUsableAdmin, rolesOf } from './user-columns.ts';

/** decided_by of an approval the host made (npm run admin -- approve): no account. */
const HOST_DECIDER = 'npm run admin';

type Row = Selectable<AdminApprovalsTable> & { requested_by_username: string | null; decided_by_username: string | null };

const toApproval = (row: Row): AdminApprovalRecord => ({
  approvalId: row.approval_id,
  kind: row.kind === 'create' ? 'create' : 'roles',
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  roles: rolesOf(row),
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedByUsername: row.requested_by_username ?? row.requested_by,
  requestedAt: row.requested_at,
  expiresAt: row.expires_at,
  decision: row.decision === 'approved' || row.decision === 'rejected' ? row.decision : null,
  decidedByUsername: row.decided_by_username,
  decidedAt: row.decided_at,
});

/** Approvals with the usernames of the admins involved. */
const approvals = (db: Storage['db'] | AdminTrx) =>
  db
    .selectFrom('admin_approvals as a')
    .leftJoin('users as r', 'r.user_id', 'a.requested_by')
    .leftJoin('users as d', 'd.user_id', 'a.decided_by')
    .selectAll('a')
    .select(['r.username as requested_by_username', 'd.username as decided_by_username']);

const readApproval = async (trx: AdminTrx, approvalId: string): Promise<AdminApprovalRecord | null> => {
  const row = await approvals(trx).where('a.approval_id', '=', approvalId).executeTakeFirst();
  return row === undefined ? null : toApproval(row);
};

/** The accounts that created `userId`, its creator's creator and so on; a loop in the chain ends it. */
async function creatorsOf(trx: AdminTrx, userId: string): Promise<string[]> {
  const creators: string[] = [];
  let current = userId;
  for (;;) {
    const row = await trx.selectFrom('users').select('created_by').where('user_id', '=', current).executeTakeFirst();
    const creator = row?.created_by ?? null;
    if (creator === null || creator === userId || creators.includes(creator)) return creators;
    creators.push(creator);
    current = creator;
  }
}

/** Why `actorId` may not decide this open request as its second admin; null when it may. */
async function approverRefusal(trx: AdminTrx, approval: AdminApprovalRecord, actorId: string, at: number): Promise<ApprovalOutcome & { ok: false } | null> {
  if (!(await actorIsActiveAdmin(trx, actorId))) return { ok: false, refusal: 'actor_inactive' };
  if (approval.requestedBy === actorId) return { ok: false, refusal: 'own_request' };
  if (approval.userId === actorId) return { ok: false, refusal: 'own_account' };
  // An account the requester created (or one that account created, and so on) may be his own second account,
  // and so may the account that created the requester: either way it is no second person.
  if ((await creatorsOf(trx, actorId)).includes(approval.requestedBy)) return { ok: false, refusal: 'created_by_requester' };
  if ((await creatorsOf(trx, approval.requestedBy)).includes(actorId)) return { ok: false, refusal: 'creator_of_requester' };
  if (approval.expiresAt <= at) return { ok: false, refusal: 'expired' };
  if (!(await actorIsActiveAdmin(trx, approval.requestedBy))) return { ok: false, refusal: 'requester_inactive' };
  return null;
}

/**
 * Why the host may not approve: only while no usable admin could (a new store's first admin asking for a second),
 * so the host is the second person; and the request must be unexpired and its requester still an active admin.
 */
async function hostRefusal(trx: AdminTrx, approval: AdminApprovalRecord, at: number): Promise<ApprovalOutcome & { ok: false } | null> {
  // A role change ends sessions, which only a running gateway can announce to their desks.
  if (approval.kind !== 'create') return { ok: false, refusal: 'host_creates_only' };
  if (approval.expiresAt <= at) return { ok: false, refusal: 'expired' };
  if (!(await actorIsActiveAdmin(trx, approval.requestedBy))) return { ok: false, refusal: 'requester_inactive' };
  const admins = await trx.selectFrom('users').selectAll().where('disabled_at', 'is', null).execute();
  const couldApprove = admins.filter((row) => isUsableAdmin(row, at) && row.user_id !== approval.requestedBy && row.user_id !== approval.userId && row.created_by !== approval.requestedBy);
  return couldApprove.length > 0 ? { ok: false, refusal: 'approver_exists' } : null;
}

/** The open request, or why there is none to decide. */
const openApproval = async (trx: AdminTrx, approvalId: string): Promise<AdminApprovalRecord | (ApprovalOutcome & { ok: false })> => {
  const approval = await readApproval(trx, approvalId);
  if (approval === null) return { ok: false, refusal: 'not_found' };
  if (approval.decision !== null) return { ok: false, refusal: 'decided' };
  return approval;
};

const decide = async (trx: AdminTrx, approvalId: string, decision: 'approved' | 'rejected', actorId: string, at: number): Promise<AdminApprovalRecord> => {
  await trx.updateTable('admin_approvals').set({ decision, decided_by: actorId, decided_at: at }).where('approval_id', '=', approvalId).execute();
  const decided = await readApproval(trx, approvalId);
  if (decided === null) throw new Error(`approval ${approvalId} vanished in its own transaction`);
  return decided;
};

export function kyselyAdminApprovalRepo(storage: Storage): AdminApprovalRepo {
  return {
    async list() {
      return (await approvals(storage.db).orderBy('a.requested_at', 'desc').orderBy('a.approval_id').limit(500).execute()).map(toApproval);
    },

    request: (approval, record: RecordOf<ApprovalOutcome>) =>
      adminWrite(
        storage,
        async (trx): Promise<ApprovalOutcome> => {
          if (!(await actorIsActiveAdmin(trx, approval.requestedBy))) return { ok: false, refusal: 'actor_inactive' };
          const named = await trx.selectFrom('users').select(['user_id']).where(approval.kind === 'create' ? 'username' : 'user_id', '=', approval.kind === 'create' ? approval.username : approval.userId).executeTakeFirst();
          if (approval.kind === 'create' && named !== undefined) return { ok: false, refusal: 'username_taken' };
          if (approval.kind === 'roles' && named === undefined) return { ok: false, refusal: 'not_found' };
          const open = await trx
            .selectFrom('admin_approvals')
            .select('approval_id')
            .where(approval.kind === 'create' ? 'username' : 'user_id', '=', approval.kind === 'create' ? approval.username : approval.userId)
            .where('decided_at', 'is', null)
            .where('expires_at', '>', approval.requestedAt)
            .executeTakeFirst();
          // One open request per account: a second one would let one approval be mistaken for the other.
          if (open !== undefined) return { ok: false, refusal: 'pending_exists' };
          await trx
            .insertInto('admin_approvals')
            .values({
              approval_id: approval.approvalId,
              kind: approval.kind,
              user_id: approval.userId,
              username: approval.username,
              display_name: approval.displayName,
              roles: JSON.stringify(approval.roles),
              reason: approval.reason,
              requested_by: approval.requestedBy,
              requested_at: approval.requestedAt,
              expires_at: approval.expiresAt,
            })
            .execute();
          const stored = await readApproval(trx, approval.approvalId);
          return stored === null ? { ok: false, refusal: 'not_found' } : { ok: true, approval: stored, change: null };
        },
        record,
      ),

    approve: ({ approvalId, actorId, at, passwordHash, passwordExpiresAt }, record: (outcome: ApprovalOutcome) => readonly AuditEvent[]) =>
      adminWriteAll(
        storage,
        async (trx): Promise<ApprovalOutcome> => {
          const approval = await openApproval(trx, approvalId);
          if ('ok' in approval) return approval;
          const refused = actorId === null ? await hostRefusal(trx, approval, at) : await approverRefusal(trx, approval, actorId, at);
          if (refused !== null) return refused;
          // The host acts for no account: the change's own check of an active admin is the requester's.
          const acting = actorId ?? approval.requestedBy;
          const change =
            approval.kind === 'create'
              ? await createAccountIn(trx, {
                  actorId: acting,
                  // The requester asked for it: the new account counts as his, so it can never approve his requests.
                  createdBy: approval.requestedBy,
                  account: { userId: approval.userId, username: approval.username, displayName: approval.displayName, roles: approval.roles, passwordHash, passwordExpiresAt, createdAt: at },
                })
              : await guardedChange(trx, { actorId: acting, userId: approval.userId, at }, setRolesRule(approval.roles, false));
          if (!change.ok) return change;
          return { ok: true, approval: await decide(trx, approvalId, 'approved', actorId ?? HOST_DECIDER, at), change };
        },
        record,
      ),

    reject: ({ approvalId, actorId, at }, record) =>
      adminWrite(
        storage,
        async (trx): Promise<ApprovalOutcome> => {
          const approval = await openApproval(trx, approvalId);
          if ('ok' in approval) return approval;
          if (!(await actorIsActiveAdmin(trx, actorId))) return { ok: false, refusal: 'actor_inactive' };
          return { ok: true, approval: await decide(trx, approvalId, 'rejected', actorId, at), change: null };
        },
        record,
      ),
  };
}
