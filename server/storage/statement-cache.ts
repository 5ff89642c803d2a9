// SQLite statements prepared once per SQL text and reused. Kysely asks the
// database to prepare every query it runs, and better-sqlite3 compiles it anew
// each time, though the gateway runs the same few dozen query shapes over and
// over (reusing them took a fifth to a quarter off a card lookup's CPU). Reuse
// is safe on the one connection: Kysely runs one query at a time on it,
// better-sqlite3 resets a statement after each run and recompiles one whose
// schema changed.
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept; shapes that vary (a list of N values) fall out, least recently used first. */
const CAPACITY = 256;

export function withStatementCache(database: SqliteDatabase, capacity = CAPACITY): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value ?? '');
      } else {
        // Kept in order of last use: the oldest is the first key.
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
