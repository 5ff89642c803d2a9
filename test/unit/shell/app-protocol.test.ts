// The app:// handler against a real folder: traversal in every spelling is
// refused, and assets are served with their MIME type and the CSP.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAppAsset, serveAppRequest } from '../../../main/shell/app-protocol.ts';
import { RENDERER_CSP } from '../../../main/shell/csp.ts';

let root: string;
let outside: string;
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'sentinel-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  outside = join(base, 'secret.txt');
  writeFileSync(outside, 'not for the renderer');
  symlinkSync(outside, join(root, 'assets', 'link.js'));
  symlinkSync(base, join(root, 'up'));
});

describe('app:// protocol', () => {
  it('serves index.html for / and assets with their MIME type and the CSP', async () => {
    const index = await serveAppRequest(root, { method: 'GET', url: 'app://desk/' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await index.text()).toContain('<title>desk</title>');
    const js = await serveAppRequest(root, { method: 'GET', url: 'app://desk/assets/index-abc.js' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await serveAppRequest(root, { method: 'GET', url: 'app://desk/assets/index-abc.css' });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each([
    'app://desk/../secret.txt',
    'app://desk/assets/../../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/%2E%2E%2Fsecret.txt',
    'app://desk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://desk/%252e%252e/secret.txt',
    'app://desk/..%5csecret.txt',
    'app://desk//etc/passwd',
    'app://desk/%2Fetc%2Fpasswd',
    'app://desk/assets/link.js',
    'app://desk/up/secret.txt',
    'app://desk/index.html%00.js',
  ])('refuses %s', async (url) => {
    const answer = await serveAppRequest(root, { method: 'GET', url });
    expect([400, 403, 404]).toContain(answer.status);
    expect(await answer.text()).not.toContain('not for the renderer');
  });

  it('refuses other origins and methods', async () => {
    expect(await resolveAppAsset(root, 'GET', 'app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveAppAsset(root, 'GET', 'file:///etc/passwd')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveAppAsset(root, 'POST', 'app://desk/index.html')).toMatchObject({ ok: false, status: 405 });
    expect(await resolveAppAsset(root, 'GET', 'app://desk/missing.js')).toMatchObject({ ok: false, status: 404 });
  });
});
