// Where the operator put the store, read from `--database` (or
// SENTINEL_DATABASE_URL): nothing is the embedded SQLite file in the data
// folder, `sqlite:DIR` that file in DIR, and a postgres:// URL a database
// server. The command line learns only what it needs of the choice, so no code
// outside server/storage knows the engines apart.
import { resolve } from 'node:path';

export interface StoreLocation {
  /** The data folder: the SQLite file's, and the demo's generated secrets'. */
  readonly dataDir: string;
  /** What openStore takes as `database`: the server URL, or undefined for the embedded file. */
  readonly database: string | undefined;
  /** A database server that other instances may share: a start on one is a production start. */
  readonly shared: boolean;
  /** For the start line; never the URL, which may hold a password. */
  readonly label: string;
}

/** A `--database` value that names no store this gateway opens; the message never echoes the value. */
export class StoreLocationError extends Error {
  override readonly name = 'StoreLocationError';
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

export function storeLocation(option: string | undefined, dataDir: string): StoreLocation {
  const embedded = (dir: string): StoreLocation => ({ dataDir: dir, database: undefined, shared: false, label: `SQLite in ${dir}` });
  if (option === undefined) return embedded(dataDir);
  if (isPostgresUrl(option)) {
    if (!URL.canParse(option)) throw new StoreLocationError('--database is not a valid postgres:// URL');
    return { dataDir, database: option, shared: true, label: 'PostgreSQL' };
  }
  if (option.startsWith('sqlite:')) return embedded(resolve(option.slice('sqlite:'.length) || dataDir));
  throw new StoreLocationError('--database must be postgres://… or sqlite:DIR');
}
