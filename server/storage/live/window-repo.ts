// Sliding windows of hits (failed sign-ins, card lookups) and the open alert
// per attacking address, on both engines. A count read right after its insert
// includes every hit committed so far, this one too; parallel hits can report
// the same count, never a smaller one than the sequential order would.
import type { WindowRepo } from '../store.ts';
import type { LiveStorage } from './handle.ts';

export function liveWindowRepo({ db }: LiveStorage): WindowRepo {
  return {
    async hit(windowName, subject, at, windowMs) {
      await db.insertInto('window_hits').values({ window_name: windowName, subject, at }).execute();
      const row = await db
        .selectFrom('window_hits')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('window_name', '=', windowName)
        .where('subject', '=', subject)
        .where('at', '>', at - windowMs)
        .executeTakeFirst();
      return Number(row?.n ?? 1);
    },
    async sourceAlert(source) {
      const row = await db.selectFrom('source_alerts').select('alert_id').where('source', '=', source).executeTakeFirst();
      return row?.alert_id ?? null;
    },
    async setSourceAlert(source, alertId, at) {
      await db
        .insertInto('source_alerts')
        .values({ source, alert_id: alertId, at })
        .onConflict((oc) => oc.column('source').doUpdateSet({ alert_id: alertId, at }))
        .execute();
    },
    async prune(hitsBefore, sourcesBefore) {
      await db.deleteFrom('window_hits').where('at', '<=', hitsBefore).execute();
      await db.deleteFrom('source_alerts').where('at', '<=', sourcesBefore).execute();
    },
  };
}
