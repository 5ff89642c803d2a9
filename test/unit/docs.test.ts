// The documentation a newcomer reads: a README that fits a page, every docs/
// page reachable from it, no relative link that leads nowhere, and no citation
// of a design file that is not in the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const README = join(root, 'README.md');
const DOCS = join(root, 'docs');
const README_MAX_LINES = 160;

const docsFiles = readdirSync(DOCS).map((name) => join(DOCS, name));
const docsPages = docsFiles.filter((file) => file.endsWith('.md'));

/** The targets of Markdown links `[text](target)` that stay inside the repository (`#heading` included). */
function relativeLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? '');
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

function resolveLink(file: string, target: string): string {
  const path = target.split('#')[0] ?? '';
  return path === '' ? file : join(dirname(file), decodeURIComponent(path));
}

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(file: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1] !== undefined) {
      anchors.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
    }
  }
  return anchors;
}

/** Why a relative link leads nowhere: its file is missing, or its file has no such heading. */
function brokenLink(file: string, target: string): string | null {
  const path = resolveLink(file, target);
  if (!existsSync(path)) return 'no such file';
  const anchor = target.split('#')[1];
  if (anchor === undefined || !path.endsWith('.md')) return null;
  return headingAnchors(path).has(anchor) ? null : 'no such heading';
}

describe('documentation', () => {
  it('keeps the README to a page', () => {
    const lines = readFileSync(README, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    expect(lines.length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links every file in docs/ from the README', () => {
    expect(docsPages.length).toBeGreaterThan(0);
    const linked = new Set(relativeLinks(README).map((target) => resolveLink(README, target)));
    const unlinked = docsFiles.filter((file) => !linked.has(file)).map((file) => relative(root, file));
    expect(unlinked).toEqual([]);
  });

  it('has no relative link that points at a missing file or heading', () => {
    const broken = [README, ...docsPages].flatMap((file) =>
      relativeLinks(file).flatMap((target) => {
        const why = brokenLink(file, target);
        return why === null ? [] : [`${relative(root, file)} → ${target}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('cites no design file outside the repository', () => {
    // Built by concatenation so that this file does not name it itself.
    const outsideFile = 'DESIGN' + '.md';
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((path) => path !== '' && !path.startsWith('node_modules/'));
    const citing = tracked.filter((path) => {
      const file = join(root, path);
      return existsSync(file) && readFileSync(file, 'utf8').includes(outsideFile);
    });
    expect(citing).toEqual([]);
  });
});
