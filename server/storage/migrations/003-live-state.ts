// Migration 003: what gateway instances used to keep in memory (presence, the
// live feed, rolling windows, sign-in slots), so several instances can share one
// database (server/storage/live/).
import { liveSchemaStatements } from '../live/schema.ts';
import type { Migration } from './migration.ts';

export const liveState: Migration = {
  version: 3,
  name: 'live-state',
  sqlite: liveSchemaStatements('sqlite'),
  postgres: liveSchemaStatements('postgres'),
};
