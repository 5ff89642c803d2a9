// Lint for the whole repo. The `boundaries/dependencies` policy below is the one
// place that enforces DESIGN.md's import directions.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig, globalIgnores } from 'eslint/config';
import type { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// The package is CommonJS typed as an ES default export; under NodeNext the type is the
// module namespace while the runtime value is the plugin itself.
const boundariesPlugin = boundaries as unknown as ESLint.Plugin;

const ELECTRON = { module: { origin: 'external', source: 'electron' } };
const NODE_BUILTIN = { module: { origin: 'core' } };
const EXTERNAL = { module: { origin: 'external' } };
const element = (...types: string[]) => ({ element: { types: { anyOf: types } } });

export default defineConfig([
  globalIgnores(['out/**', 'dist/**', '.tsbuild/**', 'node_modules/**', 'test/fixtures/lint/**']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `onChange={(e) => setValue(e.target.value)}` is the React idiom; the rule still checks everything else.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { boundaries: boundariesPlugin },
    settings: {
      'boundaries/elements': [
        { type: 'shared', pattern: 'shared/**', partialMatch: false },
        { type: 'main-shell', pattern: 'main/shell/**', partialMatch: false },
        { type: 'main', pattern: 'main/**', partialMatch: false },
        { type: 'preload', pattern: 'preload/**', partialMatch: false },
        { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
        { type: 'server', pattern: 'server/**', partialMatch: false },
        { type: 'tooling', pattern: ['test/**', 'bench/**', 'scripts/**'], partialMatch: false },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          checkUnknownLocals: true,
          message: "Import direction (DESIGN.md): {{from.type}} may not import '{{dependency.source}}' ({{to.module.origin}} {{to.type}})",
          policies: [
            { from: element('shared'), allow: { to: [element('shared'), { module: { origin: 'external', source: 'zod' } }] } },
            { from: element('renderer'), allow: { to: [element('renderer', 'shared'), EXTERNAL] } },
            { from: element('preload'), allow: { to: [element('preload', 'shared'), EXTERNAL] } },
            { from: element('server'), allow: { to: [element('server', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('main'), allow: { to: [element('main', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('main-shell'), allow: { to: [element('main-shell', 'main', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('tooling'), allow: { to: [element('*'), EXTERNAL, NODE_BUILTIN] } },
            // Later policies win: only the shell layer and the preload may touch Electron.
            { from: element('shared', 'renderer', 'server', 'main'), disallow: { to: ELECTRON } },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The gateway's store is one abstraction: only server/storage knows the database engines and their drivers.
    files: ['server/**/*.ts'],
    ignores: ['server/storage/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['kysely', 'pg', 'better-sqlite3'].map((name) => ({ name, message: 'Only server/storage talks to the database engine: use the store (openStore).' })) }],
    },
  },
]);
