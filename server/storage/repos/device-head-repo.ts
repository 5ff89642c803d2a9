// The highest audit queue head each device has promised in a signed heartbeat,
// and the promise the gateway is waiting to see synced.
import type { Storage } from '../dialect.ts';
import type { DeviceHeadRepo } from '../store.ts';

export function kyselyDeviceHeadRepo({ db }: Storage): DeviceHeadRepo {
  return {
    async get(deviceId) {
      const row = await db.selectFrom('device_promised_heads').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
      return row === undefined ? null : { deviceId: row.device_id, seq: row.seq, hash: row.hash, awaitSeq: row.await_seq, awaitSince: row.await_since };
    },
    async put(head) {
      await db
        .insertInto('device_promised_heads')
        .values({ device_id: head.deviceId, seq: head.seq, hash: head.hash, await_seq: head.awaitSeq, await_since: head.awaitSince })
        .onConflict((oc) =>
          oc.column('device_id').doUpdateSet((eb) => ({
            seq: eb.ref('excluded.seq'),
            hash: eb.ref('excluded.hash'),
            await_seq: eb.ref('excluded.await_seq'),
            await_since: eb.ref('excluded.await_since'),
          })),
        )
        .execute();
    },
  };
}
