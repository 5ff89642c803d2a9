// Calls and the contact-center events applied to them. Each event is applied in
// one transaction under a per-call lock: recorded once by (platform, event id),
// then the call row replaced by what the caller's transition makes of it.
import type { Selectable } from 'kysely';
import { CallStateSchema, ContactPlatformSchema } from '../../../shared/schemas/calls.ts';
import { serialise, type Storage } from '../dialect.ts';
import type { CallRepo, StoredCall } from '../store.ts';
import type { CallsTable } from '../tables.ts';

const ON_DESK = ['ringing', 'on_call', 'held', 'wrap_up'] as const;

const toCall = (r: Selectable<CallsTable>): StoredCall => ({
  callId: r.call_id,
  platform: ContactPlatformSchema.parse(r.platform),
  platformCallId: r.platform_call_id,
  queue: r.queue,
  callerHmac: r.caller_hmac,
  callerMasked: r.caller_masked,
  agentUserId: r.agent_user_id,
  state: CallStateSchema.parse(r.state),
  offeredAt: r.offered_at,
  stateSince: r.state_since,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  wrappedAt: r.wrapped_at,
  abandoned: r.abandoned === 1,
  poppedTo: r.popped_to,
  updatedAt: r.updated_at,
});

const toRow = (c: StoredCall): CallsTable => ({
  call_id: c.callId,
  platform: c.platform,
  platform_call_id: c.platformCallId,
  queue: c.queue,
  caller_hmac: c.callerHmac,
  caller_masked: c.callerMasked,
  agent_user_id: c.agentUserId,
  state: c.state,
  offered_at: c.offeredAt,
  state_since: c.stateSince,
  answered_at: c.answeredAt,
  ended_at: c.endedAt,
  wrapped_at: c.wrappedAt,
  abandoned: c.abandoned ? 1 : 0,
  popped_to: c.poppedTo,
  updated_at: c.updatedAt,
});

export function kyselyCallRepo({ db, engine }: Storage): CallRepo {
  return {
    apply: (event, next) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, `call:${event.platform}:${event.platformCallId}`);
        const row = await trx
          .selectFrom('calls')
          .selectAll()
          .where('platform', '=', event.platform)
          .where('platform_call_id', '=', event.platformCallId)
          .executeTakeFirst();
        const current = row === undefined ? null : toCall(row);
        const seen = await trx
          .selectFrom('contact_events')
          .select('event_id')
          .where('platform', '=', event.platform)
          .where('event_id', '=', event.eventId)
          .executeTakeFirst();
        if (seen !== undefined) return { duplicate: true, call: current };
        const call = next(current);
        if (current === null) await trx.insertInto('calls').values(toRow(call)).execute();
        else await trx.updateTable('calls').set(toRow(call)).where('call_id', '=', current.callId).execute();
        await trx
          .insertInto('contact_events')
          .values({ platform: event.platform, event_id: event.eventId, call_id: call.callId, kind: event.kind, at: event.at, received_at: event.receivedAt })
          .execute();
        return { duplicate: false, call };
      }),
    async currentFor(agentUserId) {
      const row = await db
        .selectFrom('calls')
        .selectAll()
        .where('agent_user_id', '=', agentUserId)
        .where('state', 'in', ON_DESK)
        .orderBy('state_since', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? null : toCall(row);
    },
    async markPopped(callId, agentUserId) {
      await db.updateTable('calls').set({ popped_to: agentUserId }).where('call_id', '=', callId).execute();
    },
    async floor({ from, to }) {
      const waiting = await db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'waiting').executeTakeFirst();
      const answered = await db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('answered_at', '>=', from)
        .where('answered_at', '<=', to)
        .executeTakeFirst();
      const active = await db.selectFrom('calls').selectAll().where('state', 'in', ON_DESK).where('agent_user_id', 'is not', null).orderBy('state_since').execute();
      const ended = await db.selectFrom('calls').selectAll().where('ended_at', '>=', from).where('ended_at', '<=', to).execute();
      return { waiting: waiting?.n ?? 0, active: active.map(toCall), answeredIn: answered?.n ?? 0, endedIn: ended.map(toCall) };
    },
    purgeBefore(cutoff) {
      return db.transaction().execute(async (trx) => {
        const expired = trx
          .selectFrom('calls')
          .select('call_id')
          .where((eb) => eb.or([eb('ended_at', '<', cutoff), eb.and([eb('ended_at', 'is', null), eb('updated_at', '<', cutoff)])]));
        // Events first: they reference their call.
        await trx.deleteFrom('contact_events').where('call_id', 'in', expired).execute();
        const gone = await trx.deleteFrom('calls').where('call_id', 'in', expired).executeTakeFirst();
        return Number(gone.numDeletedRows);
      });
    },
  };
}
