// vitest globalSetup of the PostgreSQL projects (server-postgres, fleet-postgres):
// ONE throwaway PostgreSQL cluster for the whole run, shared by every project that
// lists this file, and on it ONE database migrated to the latest schema that test
// databases are copied from (CREATE DATABASE … TEMPLATE). Each test gateway then
// gets a fresh database on it (test/harness/database/test-database.ts).
//
// vitest runs each project's globalSetup in this one process, all setups before the
// first test and all teardowns after the last, so the cluster is kept on
// globalThis (not in this module, which vitest may load once per project) and the
// last project to tear down stops it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../../server/storage/open-store.ts';
import { createDatabaseAt, startPostgresCluster, type PostgresCluster } from '../../../scripts/postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresDataDir: string;
    /** The migrated database that test databases are copied from. */
    postgresTemplate: string;
    /** The UTC month (YYYY-MM) the template was migrated in: migration 001 made audit partitions for it and the next. */
    postgresTemplateMonth: string;
  }
}

interface SharedCluster {
  readonly cluster: PostgresCluster;
  readonly template: string;
  readonly templateMonth: string;
}

const KEY = Symbol.for('sentinel-desk.test.postgres-cluster');
interface Holder {
  starting?: Promise<SharedCluster>;
  users: number;
}
const holder = ((globalThis as Record<symbol, Holder | undefined>)[KEY] ??= { users: 0 });

export const TEMPLATE_DATABASE = 'sentinel_migrated';

/** Migrates a fresh database with the gateway's own openStore, then makes it a template no one can connect to. */
async function migratedTemplate(cluster: PostgresCluster): Promise<string> {
  const url = await createDatabaseAt(cluster.adminUrl, TEMPLATE_DATABASE);
  const scratch = mkdtempSync(join(tmpdir(), 'sentinel-pg-template-'));
  try {
    const store = await openStore({ dataDir: scratch, database: url });
    await store.close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
  return TEMPLATE_DATABASE;
}

async function start(): Promise<SharedCluster> {
  const cluster = await startPostgresCluster();
  try {
    const templateMonth = new Date().toISOString().slice(0, 7);
    const template = await migratedTemplate(cluster);
    return { cluster, template, templateMonth };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export async function setup(project: TestProject): Promise<void> {
  holder.users += 1;
  holder.starting ??= start();
  const { cluster, template, templateMonth } = await holder.starting;
  project.provide('postgresAdminUrl', cluster.adminUrl);
  project.provide('postgresDataDir', cluster.dataDir);
  project.provide('postgresTemplate', template);
  project.provide('postgresTemplateMonth', templateMonth);
}

export async function teardown(): Promise<void> {
  holder.users -= 1;
  if (holder.users > 0 || holder.starting === undefined) return;
  const starting = holder.starting;
  delete holder.starting;
  const shared = await starting.catch(() => undefined);
  await shared?.cluster.stop();
}
