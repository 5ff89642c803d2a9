// Measures a folder's layering: `node scripts/import-graph.ts server` prints, as
// JSON, the import graph between the folders and files directly under it, the
// edges that run back up against its declared order (scripts/layer-order.ts),
// and its cycles. Exits 1 when there is either, so it can gate a build.
// `--order <folder>` measures against another folder's order (the tests' fixtures).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { LAYER_ORDERS, type Layer } from './layer-order.ts';

interface Edge {
  readonly from: string;
  readonly to: string;
  /** Each import behind the edge, as `importing file -> imported file` from the repository root. */
  readonly imports: string[];
}

const root = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { order: { type: 'string' } } });
const folder = positionals[0]?.replace(/\/+$/, '');
if (folder === undefined || positionals.length > 1) {
  process.stderr.write('usage: node scripts/import-graph.ts <folder> [--order <folder with a declared order>]\n');
  process.exit(2);
}
if (values.order !== undefined && !(values.order in LAYER_ORDERS)) {
  process.stderr.write(`no declared order for ${values.order}; folders with one: ${Object.keys(LAYER_ORDERS).join(', ')}\n`);
  process.exit(2);
}
const folderPath = resolve(root, folder);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The folder or file directly under the measured folder that holds `path`; null outside it. */
function nodeOf(path: string): string | null {
  const inside = relative(folderPath, path);
  if (inside === '' || inside.startsWith('..')) return null;
  return inside.split(sep)[0] ?? null;
}

const fromRoot = (path: string): string => relative(root, path).split(sep).join('/');

const edges = new Map<string, Edge>();
for (const file of sourceFiles(folderPath)) {
  const from = nodeOf(file);
  // Static imports, `export … from` and dynamic `import()`: the compiler's own scan, not a regex.
  for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = resolve(file, '..', fileName);
    const to = nodeOf(target);
    if (from === null || to === null || to === from) continue;
    const key = `${from}\u0000${to}`;
    const edge = edges.get(key) ?? { from, to, imports: [] };
    edge.imports.push(`${fromRoot(file)} -> ${fromRoot(target)}`);
    edges.set(key, edge);
  }
}

function rankOf(layers: readonly Layer[], node: string): number {
  const index = layers.findIndex((layer) => layer.members?.includes(node) === true);
  return index === -1 ? layers.findIndex((layer) => layer.members === null) : index;
}

/** The strongly connected components of more than one node (Tarjan): each is one cycle or a knot of them. */
function cyclesOf(graph: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (stack.includes(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member !== undefined) component.push(member);
    } while (member !== undefined && member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

const graph = [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
const layers = LAYER_ORDERS[values.order ?? folder] ?? null;
// Without a declared order there is no "up": only the cycles are measured.
const backUp = layers === null ? null : graph.filter((edge) => rankOf(layers, edge.from) < rankOf(layers, edge.to));
const cycles = cyclesOf(graph);

const report = {
  folder,
  layers: layers === null ? null : Object.fromEntries(layers.map((layer) => [layer.name, layer.members?.join(', ') ?? 'everything else'])),
  /** Imports per edge. */
  edges: Object.fromEntries(graph.map(({ from, to, imports }) => [`${from} -> ${to}`, imports.length])),
  backUp,
  cycles,
  backUpCount: backUp?.length ?? null,
  cycleCount: cycles.length,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if ((backUp?.length ?? 0) > 0 || cycles.length > 0) process.exitCode = 1;
