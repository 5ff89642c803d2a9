// Sign-in attempts in flight per account, as one counter row with an expiry.
// Taking a slot is one upsert whose WHERE is checked on the locked row (so
// parallel attempts on any instances never exceed the bound), and a count whose
// holders died lapses at its expiry instead of holding the account forever.
import { sql } from 'kysely';
import type { AttemptSlotRepo } from '../store.ts';
import type { Storage } from '../dialect.ts';
import type { LiveTables } from './tables.ts';

export function liveAttemptSlotRepo({ db }: Storage<LiveTables>): AttemptSlotRepo {
  return {
    async acquire(userId, max, now, ttlMs) {
      const taken = await db
        .insertInto('attempt_slots')
        .values({ user_id: userId, in_flight: 1, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet({
              in_flight: sql<number>`CASE WHEN attempt_slots.expires_at <= ${now} THEN 1 ELSE attempt_slots.in_flight + 1 END`,
              expires_at: now + ttlMs,
            })
            .where((eb) => eb.or([eb('attempt_slots.in_flight', '<', max), eb('attempt_slots.expires_at', '<=', now)])),
        )
        .returning('in_flight')
        .executeTakeFirst();
      return taken !== undefined;
    },
    async release(userId) {
      await db.updateTable('attempt_slots').set({ in_flight: sql<number>`in_flight - 1` }).where('user_id', '=', userId).where('in_flight', '>', 0).execute();
    },
  };
}
