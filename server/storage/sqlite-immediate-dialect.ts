// Kysely's SQLite transactions, begun IMMEDIATE. A deferred BEGIN reads first and asks for the
// write lock at its first write; when another process (an admin CLI beside the gateway) wrote in
// between, SQLite answers "database is locked" at once rather than wait, since waiting could not help.
// Taking the write lock at BEGIN makes such a transaction wait its turn under busy_timeout instead.
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

class SqliteImmediateDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }
}

export class SqliteImmediateDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new SqliteImmediateDriver(this.#config);
  }
}
