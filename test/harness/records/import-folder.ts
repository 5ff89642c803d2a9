// The data folder of a test file that runs the import and admin CLIs as child
// processes (and, on PostgreSQL, the database of that folder): made for the
// file, dropped after its last test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { dropTestDatabase, testDatabaseFor } from '../database/test-database.ts';

export interface ImportFolder {
  readonly dir: string;
  /** The CLI arguments that point a command at the folder's store. */
  readonly databaseArgs: () => Promise<string[]>;
}

export function importFolder(prefix: string): ImportFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(async () => {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    databaseArgs: async () => {
      const database = await testDatabaseFor(dir);
      return ['--data', join(dir, 'data'), ...(database === undefined ? [] : ['--database', database])];
    },
  };
}
