// vitest globalSetup of the server-postgres project: ONE throwaway PostgreSQL
// cluster for the whole run; each test gateway then gets a fresh database on it
// (test/harness/database/test-database.ts).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from '../../../scripts/postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresDataDir: string;
  }
}

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  project.provide('postgresDataDir', cluster.dataDir);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
