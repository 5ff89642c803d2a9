// Which engine the gateway tests run on: SQLite in the data folder by default,
// or (SENTINEL_TEST_DATABASE=postgres, the PostgreSQL projects) a fresh
// database on the run's throwaway PostgreSQL cluster, copied from its migrated
// template unless the test asks for an empty one. A restart on the same data
// folder finds the same database again.
import { inject } from 'vitest';
import { createDatabaseAt, dropDatabaseAt } from '../../../scripts/postgres-cluster.ts';
import type { Engine } from '../../../server/storage/dialect.ts';

export const TEST_ENGINE: Engine = process.env.SENTINEL_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

const databases = new Map<string, { url: string; name: string }>();
const pending = new Map<string, Promise<string>>();
let counter = 0;

export interface TestDatabaseOptions {
  /**
   * PostgreSQL: start from an empty database, for tests of migrating itself (or of a gateway migrating as
   * another role). By default the database is a copy of the run's template, which openStore migrated to the
   * latest schema once per cluster (postgres-global-setup.ts), so the gateway finds it current, as after its
   * first start. A run that crosses into a new month copies no template: migration 001 made that template's
   * audit partitions for the month it ran in.
   */
  readonly empty?: boolean;
}

/** The template a new test database is copied from: the migrated one, or template0 (empty). */
function templateFor(options: TestDatabaseOptions): string {
  if (options.empty === true) return 'template0';
  return inject('postgresTemplateMonth') === new Date().toISOString().slice(0, 7) ? inject('postgresTemplate') : 'template0';
}

/**
 * The database URL for a gateway over `dataDir`: undefined on SQLite (the file in the folder), the folder's own
 * database on PostgreSQL. The options count only for the call that creates the folder's database.
 */
export async function testDatabaseFor(dataDir: string, options: TestDatabaseOptions = {}): Promise<string | undefined> {
  if (TEST_ENGINE === 'sqlite') return undefined;
  // The creation is remembered before it finishes: parallel callers for one folder get the same database.
  let creating = pending.get(dataDir);
  if (creating === undefined) {
    const name = `gw_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
    creating = createDatabaseAt(inject('postgresAdminUrl'), name, templateFor(options)).then((url) => {
      databases.set(dataDir, { url, name });
      return url;
    });
    pending.set(dataDir, creating);
  }
  return creating;
}

/** The database a gateway over `dataDir` already uses, if any (for tests that open its store directly). */
export function knownTestDatabase(dataDir: string): string | undefined {
  return databases.get(dataDir)?.url;
}

export async function dropTestDatabase(dataDir: string): Promise<void> {
  const known = databases.get(dataDir);
  if (known === undefined) return;
  databases.delete(dataDir);
  pending.delete(dataDir);
  await dropDatabaseAt(inject('postgresAdminUrl'), known.name);
}

/** The superuser URL of the run's cluster (PostgreSQL tests that act as an attacker with database access). */
export function postgresAdminUrl(): string {
  return inject('postgresAdminUrl');
}

export function postgresDataDir(): string {
  return inject('postgresDataDir');
}
