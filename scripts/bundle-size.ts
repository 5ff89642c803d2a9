// Prints the renderer bundle's sizes after `npm run build`, and fails when its
// JavaScript passes the 300 KB gzipped budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 300 * 1024;
const dir = join(import.meta.dirname, '..', 'out', 'renderer', 'assets');
let jsGzip = 0;
for (const file of readdirSync(dir).sort()) {
  const bytes = readFileSync(join(dir, file));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith('.js')) jsGzip += gzip;
  process.stdout.write(`renderer bundle: ${file} ${(bytes.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzipped\n`);
}
process.stdout.write(`renderer JavaScript: ${(jsGzip / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_GZIP_BYTES / 1024} KB)\n`);
if (jsGzip > BUDGET_GZIP_BYTES) {
  process.stderr.write('renderer JavaScript is over its gzip budget\n');
  process.exit(1);
}
