// Issue 19: no code outside server/storage imports the database engines' drivers
// (kysely, pg, better-sqlite3). The rule in eslint.config.ts named the three
// packages exactly, so a subpath of one, a dynamic import or a require through
// createRequire reached the driver with lint green. Each way in is linted here
// as a file of server/identity/, and once as a file of server/storage/, where it is allowed.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);
// The fixtures' virtual paths are outside any tsconfig: only the syntactic rules run.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => RULES.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function engineErrors(source: string, lintedAs: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, lintedAs) });
  if (result === undefined) throw new Error('ESLint returned no result');
  expect(result.messages.filter((m) => m.fatal === true)).toEqual([]);
  return result.messages.filter((m) => m.ruleId !== null && RULES.has(m.ruleId)).map((m) => m.message);
}

const WAYS_IN: [string, string][] = [
  ['the package', "import pg from 'pg';\nexport const x = pg;\n"],
  ['a type from the package', "import type { Kysely } from 'kysely';\nexport type X = Kysely<never>;\n"],
  ['a subpath of pg', "import pg from 'pg/lib/index.js';\nexport const x = pg;\n"],
  ['a subpath of kysely', "import { PostgresDialect } from 'kysely/dist/esm/index.js';\nexport const x = PostgresDialect;\n"],
  ['a subpath of better-sqlite3', "import Database from 'better-sqlite3/lib/index.js';\nexport const x = Database;\n"],
  ['a re-export', "export { Kysely } from 'kysely';\n"],
  ['a dynamic import', "export const load = (): Promise<unknown> => import('better-sqlite3');\n"],
  ['a require through createRequire', "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const x: unknown = require('pg');\n"],
  ['an import() type', "export type X = import('kysely').Kysely<never>;\n"],
  ['a typeof import() type of a subpath', "export type X = typeof import('pg/lib/index.js');\n"],
];

describe('only server/storage reaches the database drivers', () => {
  it.each(WAYS_IN)('%s fails lint in server/identity/', async (_way, source) => {
    const errors = await engineErrors(source, 'server/identity/fixture.ts');
    expect(errors.length, errors.join('\n')).toBeGreaterThanOrEqual(1);
    expect(errors.join('\n')).toMatch(/Only server\/storage talks to the database engine/);
  });

  it.each(WAYS_IN)('%s passes lint in server/storage/', async (_way, source) => {
    expect(await engineErrors(source, 'server/storage/fixture.ts')).toEqual([]);
  });
});

// The engine itself (its name, the raw Kysely handle, the lock call, the pg type parsers) stays inside
// server/storage too: from dialect.ts and open-store.ts the rest of server/ takes only what is engine-free.
const ENGINE_TYPES: [string, string][] = [
  ['the Engine type', "import type { Engine } from '../storage/dialect.ts';\nexport const x = (e: Engine): boolean => e === 'postgres';\n"],
  ['the raw handle (Storage)', "import type { Storage } from '../storage/dialect.ts';\nexport type X = Storage;\n"],
  ['the advisory lock (serialise)', "import { serialise } from '../storage/dialect.ts';\nexport const x = serialise;\n"],
  ['the engine test of a URL', "import { isPostgresUrl } from '../storage/open-store.ts';\nexport const x = isPostgresUrl;\n"],
  ['the pg type parsers', "import { POSTGRES_TYPES } from '../storage/open-store.ts';\nexport const x = POSTGRES_TYPES;\n"],
];

describe("only server/storage knows which engine it runs on", () => {
  it.each(ENGINE_TYPES)('%s fails lint in server/identity/', async (_way, source) => {
    const errors = await engineErrors(source, 'server/identity/fixture.ts');
    expect(errors.join('\n')).toMatch(/Only server\/storage/);
  });

  it.each(ENGINE_TYPES)('%s passes lint in server/storage/repos/', async (_way, source) => {
    expect(await engineErrors(source.replaceAll('../storage/', '../'), 'server/storage/repos/fixture.ts')).toEqual([]);
  });

  it.each([
    ['isUniqueViolation', "import { isUniqueViolation } from '../storage/dialect.ts';\nexport const x = isUniqueViolation;\n", 'server/audit/fixture.ts'],
    ['openStore', "import { openStore, type OpenStoreOptions } from './storage/open-store.ts';\nexport const x = (o: OpenStoreOptions) => openStore(o);\n", 'server/services.ts'],
    ['the store interfaces', "import type { GatewayStore } from '../storage/store.ts';\nexport type X = GatewayStore;\n", 'server/audit/fixture.ts'],
  ])('%s stays open to the rest of server/', async (_what, source, lintedAs) => {
    expect(await engineErrors(source, lintedAs)).toEqual([]);
  });
});
