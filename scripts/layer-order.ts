// The declared layer order of a folder, bottom up: a file may import its own
// layer and the layers below it, never one above. eslint.config.ts enforces it
// (boundaries/dependencies) and scripts/import-graph.ts measures against it;
// docs/architecture.md explains it.
export interface Layer {
  readonly name: string;
  /** Folders and files directly under the folder; null for the top layer, which holds everything no layer below names. */
  readonly members: readonly string[] | null;
}

export const SERVER_LAYERS: readonly Layer[] = [
  // What every feature writes through (Principal, the audit and alert ports, hashing, signatures) and the leaf files.
  { name: 'core', members: ['core', 'errors.ts', 'config.ts', 'secrets.ts', 'serial-queue.ts'] },
  { name: 'storage', members: ['storage'] },
  { name: 'supervision', members: ['supervision'] },
  { name: 'audit', members: ['audit'] },
  { name: 'identity', members: ['identity'] },
  { name: 'customers', members: ['customers'] },
  // Systems of record: service accounts, record upserts, webhooks, the importer's core.
  { name: 'records', members: ['records'] },
  { name: 'calls', members: ['calls'] },
  { name: 'admin', members: ['admin'] },
  // Desk updates: the published TUF repository, rollouts and rings, the minimum-version rule.
  { name: 'updates', members: ['updates'] },
  { name: 'http', members: ['http'] },
  // app.ts, the lifecycle registry, the command-line tools, index.ts, seed/, deploy/.
  { name: 'composition', members: null },
];

/** The folders with a declared order, by their path from the repository root. */
export const LAYER_ORDERS: Readonly<Record<string, readonly Layer[]>> = { server: SERVER_LAYERS };
