// The live-state repositories over one Kysely handle, on either engine.
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { LiveStateStore } from '../store.ts';
import { liveAttemptSlotRepo } from './attempt-slot-repo.ts';
import { liveFeedRepo } from './feed-repo.ts';
import type { LiveStorage } from './handle.ts';
import { liveIngestChargeRepo } from './ingest-charge-repo.ts';
import { livePresenceRepo } from './presence-repo.ts';
import { createLiveTables } from './schema.ts';
import type { LiveTables } from './tables.ts';
import { liveWindowRepo } from './window-repo.ts';

export function liveStateStore(storage: LiveStorage): LiveStateStore {
  return {
    feed: liveFeedRepo(storage),
    presence: livePresenceRepo(storage),
    ingestCharges: liveIngestChargeRepo(storage),
    windows: liveWindowRepo(storage),
    attemptSlots: liveAttemptSlotRepo(storage),
  };
}

/** The live-state store inside the gateway's SQLite database (the embedded default), its tables created when missing. */
export async function openSqliteLiveState(database: Database.Database): Promise<LiveStateStore> {
  const db = new Kysely<LiveTables>({ dialect: new SqliteDialect({ database }) });
  await createLiveTables(db, 'sqlite');
  return liveStateStore({ db, engine: 'sqlite' });
}
