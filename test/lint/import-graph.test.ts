// Runs the layering measure (scripts/import-graph.ts) as anyone would: server/
// has no import running back up against its declared order and no cycle, and
// the measure does see both in a server-shaped fixture where storage/ imports
// customers/ and audit/ and identity/ import each other.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface GraphReport {
  readonly edges: Record<string, number>;
  readonly backUp: { from: string; to: string }[] | null;
  readonly cycles: string[][];
  readonly backUpCount: number | null;
  readonly cycleCount: number;
}

async function importGraph(...args: string[]): Promise<{ report: GraphReport; exitCode: number }> {
  const run = promisify(execFile)(process.execPath, ['scripts/import-graph.ts', ...args], { cwd: root });
  try {
    return { report: JSON.parse((await run).stdout) as GraphReport, exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { report: JSON.parse(failed.stdout) as GraphReport, exitCode: failed.code };
  }
}

describe('import graph (docs/architecture.md)', () => {
  it('finds no import in server/ running back up and no cycle', async () => {
    const { report, exitCode } = await importGraph('server');
    expect({ backUp: report.backUp, cycles: report.cycles }).toEqual({ backUp: [], cycles: [] });
    expect([report.backUpCount, report.cycleCount, exitCode]).toEqual([0, 0, 0]);
    // The layers below the features are in the graph: the measure did read server/.
    expect(report.edges['audit -> core']).toBeGreaterThan(0);
    expect(report.edges['supervision -> storage']).toBeGreaterThan(0);
  });

  it('counts the edges back up and the cycles of a folder that has them, and exits 1', async () => {
    const { report, exitCode } = await importGraph('test/fixtures/import-graph/server-like', '--order', 'server');
    expect(report.backUp?.map(({ from, to }) => `${from} -> ${to}`)).toEqual(['audit -> identity', 'storage -> customers']);
    expect(report.cycles).toEqual([['audit', 'identity']]);
    expect([report.backUpCount, report.cycleCount, exitCode]).toEqual([2, 1, 1]);
  });

  it('sees the imports the lint policy is blind to without its extra settings: a leaf file to app.ts, an import() type, backticks', async () => {
    const { report, exitCode } = await importGraph('test/fixtures/import-graph/lint-blind-spots', '--order', 'server');
    expect(report.backUp?.map(({ from, to }) => `${from} -> ${to}`)).toEqual(['audit -> identity', 'errors.ts -> app.ts', 'storage -> customers']);
    expect([report.cycleCount, exitCode]).toEqual([0, 1]);
  });
});
