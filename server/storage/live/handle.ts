// A Kysely handle over (at least) the live-state tables and the engine behind it.
import type { Kysely } from 'kysely';
import type { LiveTables } from './tables.ts';

export type LiveEngine = 'sqlite' | 'postgres';

export interface LiveStorage {
  readonly db: Kysely<LiveTables>;
  readonly engine: LiveEngine;
}
