// Runs a benchmark on SQLite, then on a throwaway PostgreSQL cluster when its
// binaries are here; each run gets its engine's database (undefined: SQLite).
import { postgresAvailable, startPostgresCluster } from '../scripts/postgres-cluster.ts';

export async function onEachEngine<T>(run: (database: string | undefined) => Promise<T>): Promise<T[]> {
  const results = [await run(undefined)];
  if (postgresAvailable()) {
    const cluster = await startPostgresCluster();
    try {
      results.push(await run(await cluster.createDatabase()));
    } finally {
      await cluster.stop();
    }
  }
  return results;
}
