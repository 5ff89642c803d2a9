// The renderer's CSP is sent twice: as the app:// header and as a meta tag in
// index.html (which scanners and a page opened outside app:// see). They must
// not drift: the meta carries every directive of the header except
// frame-ancestors, which browsers ignore in a meta tag.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../main/shell/csp.ts';

const html = readFileSync(join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');

describe('renderer CSP meta tag', () => {
  it('is the header policy without frame-ancestors, and comes before any script', () => {
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/g)].map((m) => m[1]);
    expect(metas).toHaveLength(1);
    const expected = RENDERER_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(metas[0]).toBe(expected);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });
});
