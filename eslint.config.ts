// Lint for the whole repo. The `boundaries/dependencies` policy below is the one
// place that enforces the import directions of docs/architecture.md, among them
// the layer order of server/ (scripts/layer-order.ts).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig, globalIgnores } from 'eslint/config';
import type { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { SERVER_LAYERS } from './scripts/layer-order.ts';

// The package is CommonJS typed as an ES default export; under NodeNext the type is the
// module namespace while the runtime value is the plugin itself.
const boundariesPlugin = boundaries as unknown as ESLint.Plugin;

const ELECTRON = { module: { origin: 'external', source: 'electron' } };
const NODE_BUILTIN = { module: { origin: 'core' } };
const EXTERNAL = { module: { origin: 'external' } };
const element = (...types: string[]) => ({ element: { types: { anyOf: types } } });

const directionMessage = (fromType: string): string =>
  `Import direction (docs/architecture.md): ${fromType} may not import '{{dependency.source}}' ({{to.module.origin}} {{to.type}})`;

// The layers of server/, bottom up (scripts/layer-order.ts). The plugin classifies folders as elements and
// single files by category: a layer's folders are `server-<layer>` elements, its files (errors.ts, config.ts, …)
// `server-<layer>` files. The top layer's `server/**` comes last, so it takes every folder no layer below names.
const SERVER_TYPES = SERVER_LAYERS.map((layer) => `server-${layer.name}`);
const serverFolders = SERVER_LAYERS.flatMap((layer) => {
  const folders = layer.members === null ? ['server/**'] : layer.members.filter((m) => !m.endsWith('.ts')).map((m) => `server/${m}/**`);
  return folders.length === 0 ? [] : [{ type: `server-${layer.name}`, pattern: folders, partialMatch: false }];
});
const serverFiles = SERVER_LAYERS.flatMap((layer) => {
  const files = (layer.members ?? []).filter((m) => m.endsWith('.ts')).map((m) => `server/${m}`);
  return files.length === 0 ? [] : [{ category: `server-${layer.name}`, pattern: files }];
});
const filesOf = (...types: string[]) => ({ file: { categories: { anyOf: types } } });
// A server layer imports shared, packages, Node, itself and the layers below it: never one above.
// A dynamic import of anything but a string literal (backticks, a computed path) would cross the layer policy unseen.
const DYNAMIC_IMPORT_NEEDS_LITERAL = {
  selector: 'ImportExpression[source.type!="Literal"]',
  message: 'Import direction (docs/architecture.md): a dynamic import needs a plain string source, which the layer policy can check',
};
// The database drivers, which only server/storage may load: by name, by subpath, dynamically or through require.
const ENGINE_PACKAGES = ['kysely', 'pg', 'better-sqlite3'];
const ENGINE_MESSAGE = 'Only server/storage talks to the database engine: use the store (openStore).';
const ENGINE_SOURCE = `/^(${ENGINE_PACKAGES.join('|')})($|\\u002F)/`;

const serverPolicies = [
  ...SERVER_TYPES.map((type, rank) => {
    const below = SERVER_TYPES.slice(0, rank + 1);
    return { from: element(type), allow: { to: [element('shared', ...below), filesOf(...below), EXTERNAL, NODE_BUILTIN] } };
  }),
  // A layer's single files also belong to the element of the folder they sit in (server/, the top layer), whose
  // policy above lets them import anything: after it (later policies win) they are held to their own layer.
  ...serverFiles.flatMap(({ category: type }) => {
    const rank = SERVER_TYPES.indexOf(type);
    return [
      { from: filesOf(type), disallow: { to: element(...SERVER_TYPES.slice(rank + 1)) }, message: directionMessage(type) },
      { from: filesOf(type), allow: { to: filesOf(...SERVER_TYPES.slice(0, rank + 1)) } },
    ];
  }),
];

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
        ...serverFolders,
        // Shop connectors (issue 22): outside processes that reach the shop and the gateway over HTTP only.
        { type: 'connectors', pattern: 'connectors/**', partialMatch: false },
        { type: 'tooling', pattern: ['test/**', 'bench/**', 'scripts/**', 'dev/**'], partialMatch: false },
      ],
      'boundaries/files': serverFiles,
      // A type written as import('…') depends on that module like an import declaration does.
      'boundaries/additional-dependency-nodes': [{ selector: 'TSImportType > Literal', kind: 'type', name: 'import-type' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          checkUnknownLocals: true,
          // Every file directly in server/ (the core layer's leaf files, app.ts, the CLIs) is one element: its
          // imports among themselves are internal to it, and only checked with this on.
          checkInternals: true,
          message: directionMessage('{{from.type}}'),
          policies: [
            { from: element('shared'), allow: { to: [element('shared'), { module: { origin: 'external', source: 'zod' } }] } },
            { from: element('renderer'), allow: { to: [element('renderer', 'shared'), EXTERNAL] } },
            { from: element('preload'), allow: { to: [element('preload', 'shared'), EXTERNAL] } },
            ...serverPolicies,
            { from: element('connectors'), allow: { to: [element('connectors', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('main'), allow: { to: [element('main', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('main-shell'), allow: { to: [element('main-shell', 'main', 'shared'), EXTERNAL, NODE_BUILTIN] } },
            { from: element('tooling'), allow: { to: [element('*'), EXTERNAL, NODE_BUILTIN] } },
            // Later policies win: only the shell layer and the preload may touch Electron.
            { from: element('shared', 'renderer', ...SERVER_TYPES, 'main', 'connectors'), disallow: { to: ELECTRON } },
          ],
        },
      ],
    },
  },
  {
    // The layer policy reads an import's source as a string: a dynamic import of anything else (backticks, a
    // computed path) would cross it unseen. The tooling may load files by computed path.
    files: ['{shared,main,preload,renderer,server,connectors}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', DYNAMIC_IMPORT_NEEDS_LITERAL],
    },
  },
  {
    // A connector reaches its shop over the shop's public API, as any outside system: never through the shop's own code.
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@vendure/*'], message: 'A connector talks to its shop over HTTP, never through the shop platform\'s packages.' }] }],
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
      'no-restricted-imports': [
        'error',
        {
          paths: ENGINE_PACKAGES.map((name) => ({ name, message: ENGINE_MESSAGE })),
          // A subpath of a driver (pg/lib/…, kysely/dist/…) is the driver all the same.
          patterns: [
            { group: ENGINE_PACKAGES.map((name) => `${name}/*`), message: ENGINE_MESSAGE },
            // From storage's own engine files, only what is the same on both engines.
            { group: ['**/storage/dialect.ts'], allowImportNames: ['isUniqueViolation'], message: ENGINE_MESSAGE },
            { group: ['**/storage/open-store.ts'], allowImportNames: ['openStore', 'OpenStoreOptions'], message: ENGINE_MESSAGE },
            { group: ['**/storage/store-location.ts'], allowImportNames: ['storeLocation', 'StoreLocation', 'StoreLocationError'], message: ENGINE_MESSAGE },
          ],
        },
      ],
      // The rule above reads static imports only: a dynamic import or a require (createRequire) of a driver is
      // refused here, together with the dynamic import the layer policy cannot read (this setting replaces that one).
      'no-restricted-syntax': [
        'error',
        DYNAMIC_IMPORT_NEEDS_LITERAL,
        { selector: `ImportExpression[source.value=${ENGINE_SOURCE}]`, message: ENGINE_MESSAGE },
        { selector: `CallExpression[arguments.0.value=${ENGINE_SOURCE}]`, message: ENGINE_MESSAGE },
        // A type written as import('kysely').Kysely names the driver without an import statement.
        { selector: `TSImportType[argument.literal.value=${ENGINE_SOURCE}]`, message: ENGINE_MESSAGE },
      ],
    },
  },
]);
