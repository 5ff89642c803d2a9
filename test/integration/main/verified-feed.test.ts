// Issue 28: electron-updater is only ever pointed at the loopback feed of one
// verified file. The channel file it reads names that file with the SHA-512 and
// size of its bytes; nothing else is served, and the feed's path is random.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serveVerifiedFeed } from '../../../main/updates/verified-feed.ts';

describe('the verified feed', () => {
  it('offers exactly the verified file, with its own SHA-512 and size, on 127.0.0.1 only', async () => {
    const content = randomBytes(100_000);
    const file = join(mkdtempSync(join(tmpdir(), 'sentinel-feed-')), 'sentinel-desk-1.1.0.AppImage');
    writeFileSync(file, content);
    const feed = await serveVerifiedFeed({ file, version: '1.1.0', action: 'install' }, () => new Date('2026-12-07T10:00:00.000Z'));
    try {
      expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/$/);
      const channel = parse(await (await fetch(`${feed.url}latest-linux.yml`)).text()) as Record<string, unknown>;
      const sha512 = createHash('sha512').update(content).digest('base64');
      expect(channel).toEqual({
        version: '1.1.0',
        files: [{ url: 'sentinel-desk-1.1.0.AppImage', sha512, size: content.length }],
        path: 'sentinel-desk-1.1.0.AppImage',
        sha512,
        releaseDate: '2026-12-07T10:00:00.000Z',
      });
      expect(Buffer.from(await (await fetch(`${feed.url}sentinel-desk-1.1.0.AppImage`)).arrayBuffer())).toEqual(content);
      const origin = new URL(feed.url).origin;
      for (const path of ['/latest.yml', `${new URL(feed.url).pathname}../etc/passwd`, `${new URL(feed.url).pathname}other.AppImage`, `${new URL(feed.url).pathname}%2e%2e%2fsecret`]) {
        expect((await fetch(`${origin}${path}`)).status, path).toBe(404);
      }
      expect((await fetch(`${feed.url}latest.yml`, { method: 'POST' })).status).toBe(404);
    } finally {
      await feed.close();
    }
  });
});
