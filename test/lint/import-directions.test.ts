// Proves the ESLint import-direction policy of docs/architecture.md fires: each
// fixture is linted with the repo's real eslint.config.ts as if it sat at a path
// inside a layer, among them the layers of server/ (scripts/layer-order.ts).
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/lint', name), 'utf8');

// Only the boundaries rule (and the ban on dynamic imports it cannot read) runs: the fixtures' virtual paths are outside any tsconfig,
// so type-aware rules could not run on them anyway.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/') || ruleId === 'no-restricted-syntax',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function directionErrors(fixtureName: string, lintedAs: string): Promise<string[]> {
  const [result] = await eslint.lintText(fixture(fixtureName), { filePath: join(root, lintedAs) });
  if (result === undefined) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal === true);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('import directions (docs/architecture.md)', () => {
  it.each([
    ['renderer-imports-electron.ts', 'renderer/src/fixture.ts', "renderer may not import 'electron'"],
    ['renderer-imports-main.ts', 'renderer/src/fixture.ts', "renderer may not import '../../main/shell/index.ts'"],
    ['renderer-imports-node.ts', 'renderer/src/fixture.ts', "renderer may not import 'node:fs'"],
    ['shared-imports-server.ts', 'shared/fixture.ts', "shared may not import '../server/index.ts'"],
    ['shared-imports-node.ts', 'shared/fixture.ts', "shared may not import 'node:crypto'"],
    ['server-imports-main.ts', 'server/fixture.ts', "server-composition may not import '../main/shell/index.ts'"],
    ['server-core-imports-storage.ts', 'server/core/fixture.ts', "server-core may not import '../storage/store.ts'"],
    ['server-leaf-imports-feature.ts', 'server/serial-queue.ts', "server-core may not import './supervision/alerts.ts'"],
    // Both files sit directly in server/, in the one element of the top layer: still core below composition.
    ['server-leaf-imports-composition.ts', 'server/errors.ts', "server-core may not import './app.ts'"],
    ['server-feature-imports-type-of-later.ts', 'server/audit/fixture.ts', "server-audit may not import '../identity/tokens.ts'"],
    ['server-feature-imports-later-by-template.ts', 'server/audit/fixture.ts', 'a dynamic import needs a plain string source'],
    ['server-storage-imports-feature.ts', 'server/storage/fixture.ts', "server-storage may not import '../customers/customer-service.ts'"],
    ['server-feature-imports-later-feature.ts', 'server/audit/fixture.ts', "server-audit may not import '../identity/tokens.ts'"],
    ['server-feature-imports-http.ts', 'server/supervision/fixture.ts', "server-supervision may not import '../http/route-binding.ts'"],
    ['main-service-imports-electron.ts', 'main/fixture.ts', "main may not import 'electron'"],
    ['preload-imports-main.ts', 'preload/fixture.ts', "preload may not import '../main/shell/index.ts'"],
  ])('%s fails lint as %s', async (name, lintedAs, expected) => {
    const errors = await directionErrors(name, lintedAs);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ['renderer-imports-shared.ts', 'renderer/src/fixture.ts'],
    ['main-shell-imports-electron.ts', 'main/shell/fixture.ts'],
    ['server-leaf-imports-core.ts', 'server/errors.ts'],
    ['server-feature-imports-below.ts', 'server/audit/fixture.ts'],
    ['server-composition-imports-layers.ts', 'server/fixture.ts'],
  ])('%s passes lint as %s', async (name, lintedAs) => {
    expect(await directionErrors(name, lintedAs)).toEqual([]);
  });
});
