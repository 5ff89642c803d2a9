// The live-state repositories over one Kysely handle, on either engine (the
// gateway's own database: migration 003 creates their tables).
import type { LiveStateStore } from '../store.ts';
import { liveAttemptSlotRepo } from './attempt-slot-repo.ts';
import { liveFeedRepo } from './feed-repo.ts';
import type { Storage } from '../dialect.ts';
import type { LiveTables } from './tables.ts';
import { liveIngestChargeRepo } from './ingest-charge-repo.ts';
import { livePresenceRepo } from './presence-repo.ts';
import { liveWindowRepo } from './window-repo.ts';

export function liveStateStore(storage: Storage<LiveTables>): LiveStateStore {
  return {
    feed: liveFeedRepo(storage),
    presence: livePresenceRepo(storage),
    ingestCharges: liveIngestChargeRepo(storage),
    windows: liveWindowRepo(storage),
    attemptSlots: liveAttemptSlotRepo(storage),
  };
}

