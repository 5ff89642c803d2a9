// The only feed electron-updater is given: a loopback server that offers one
// file, the one the update service verified against signed TUF metadata, with
// the SHA-512 computed here from that file. electron-updater's own download
// and hash check then run over bytes that were already verified; it never
// reaches a server whose answers nothing vouches for.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { VerifiedUpdate } from './desk-updater.ts';

export interface VerifiedFeed {
  /** The generic-provider feed URL for electron-updater (127.0.0.1, a random path). */
  readonly url: string;
  close(): Promise<void>;
}

/** electron-updater's channel files: latest.yml (Windows), latest-mac.yml, latest-linux.yml. */
const CHANNEL_FILES = new Set(['latest.yml', 'latest-mac.yml', 'latest-linux.yml']);

export function channelFile(update: VerifiedUpdate, now: Date): string {
  const name = basename(update.file);
  const sha512 = createHash('sha512').update(readFileSync(update.file)).digest('base64');
  const size = statSync(update.file).size;
  // JSON strings are valid YAML scalars: no quoting rules to get wrong.
  return [
    `version: ${JSON.stringify(update.version)}`,
    'files:',
    `  - url: ${JSON.stringify(name)}`,
    `    sha512: ${JSON.stringify(sha512)}`,
    `    size: ${size}`,
    `path: ${JSON.stringify(name)}`,
    `sha512: ${JSON.stringify(sha512)}`,
    `releaseDate: ${JSON.stringify(now.toISOString())}`,
    '',
  ].join('\n');
}

export async function serveVerifiedFeed(update: VerifiedUpdate, now: () => Date = () => new Date()): Promise<VerifiedFeed> {
  const prefix = `/${randomBytes(16).toString('hex')}/`;
  const name = basename(update.file);
  const channel = channelFile(update, now());
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const file = path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length).split('?')[0] ?? '') : '';
    if (req.method !== 'GET' || (!CHANNEL_FILES.has(file) && file !== name)) {
      res.writeHead(404).end();
      return;
    }
    if (CHANNEL_FILES.has(file)) {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(channel);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(update.file).size });
    createReadStream(update.file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
