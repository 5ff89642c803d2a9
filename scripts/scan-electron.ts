// Runs Electronegativity (@doyensec/electronegativity) on the built out/ and
// prints its findings as JSON. Fails on any HIGH finding and on any MEDIUM one
// of firm or certain confidence, except the reviewed findings below, each with
// the exact count expected and why it is accepted: a new occurrence fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REVIEWED: Record<string, { readonly count: number; readonly why: string }> = {
  PRELOAD_JS_CHECK: {
    count: 1,
    why: 'The check flags every preload for manual review. The one preload (preload/index.ts) only exposes the typed window.agent API through contextBridge, derived from the contract; it runs sandboxed with context isolation.',
  },
};

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'sentinel-electronegativity-'));
const csv = join(dir, 'findings.csv');
try {
  const bin = join(root, 'node_modules', '.bin', 'electronegativity');
  const run = spawnSync(bin, ['-i', join(root, 'out'), '-r', '-o', csv], { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`electronegativity failed: ${run.stderr || run.stdout}`);
  const findings = readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => /^([A-Z_]+),"(\w+)","(\w+)","([^"]*)","([^"]*)"/.exec(line))
    .filter((match) => match !== null)
    .map(([, check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));
  const blocking = findings.filter((f) => f.severity === 'HIGH' || (f.severity === 'MEDIUM' && (f.confidence === 'FIRM' || f.confidence === 'CERTAIN')));
  const counts = new Map<string, number>();
  for (const f of blocking) counts.set(f.check ?? '', (counts.get(f.check ?? '') ?? 0) + 1);
  const failing = blocking.filter((f) => {
    const reviewed = REVIEWED[f.check ?? ''];
    return reviewed === undefined || counts.get(f.check ?? '') !== reviewed.count;
  });
  const reviewed = blocking.filter((f) => !failing.includes(f)).map((f) => ({ ...f, why: REVIEWED[f.check ?? '']?.why }));
  const tentative = findings.filter((f) => !blocking.includes(f));
  process.stdout.write(`${JSON.stringify({ scanner: 'electronegativity', input: 'out/', findings: findings.length, failing, reviewed, tentativeOrLow: tentative }, null, 2)}\n`);
  if (failing.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
