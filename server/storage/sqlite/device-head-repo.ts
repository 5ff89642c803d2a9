// The highest audit queue head each device has promised in a signed heartbeat,
// and the promise the gateway is waiting to see synced. Kept in the gateway's
// database so a restart does not forget what a desk promised.
import type Database from 'better-sqlite3';

export interface PromisedHead {
  readonly deviceId: string;
  readonly seq: number;
  readonly hash: string;
  /** The promised seq that must reach the gateway, and since when; null when everything promised was synced. */
  readonly awaitSeq: number | null;
  readonly awaitSince: number | null;
}

export interface DeviceHeadRepo {
  get(deviceId: string): Promise<PromisedHead | null>;
  put(head: PromisedHead): Promise<void>;
}

export function sqliteDeviceHeadRepo(db: Database.Database): DeviceHeadRepo {
  db.exec(`CREATE TABLE IF NOT EXISTS device_promised_heads (
    device_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    await_seq INTEGER,
    await_since INTEGER
  ) STRICT`);
  const select = db.prepare<[string], { device_id: string; seq: number; hash: string; await_seq: number | null; await_since: number | null }>(
    'SELECT * FROM device_promised_heads WHERE device_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO device_promised_heads (device_id, seq, hash, await_seq, await_since) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, await_seq = excluded.await_seq, await_since = excluded.await_since`,
  );
  return {
    get(deviceId) {
      const row = select.get(deviceId);
      return Promise.resolve(
        row === undefined ? null : { deviceId: row.device_id, seq: row.seq, hash: row.hash, awaitSeq: row.await_seq, awaitSince: row.await_since },
      );
    },
    put(head) {
      upsert.run(head.deviceId, head.seq, head.hash, head.awaitSeq, head.awaitSince);
      return Promise.resolve();
    },
  };
}
