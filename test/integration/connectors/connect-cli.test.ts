// npm run connect's entry refuses what it cannot run with a usage error (exit
// 2) that names the flag, never the secret it read.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../connectors/connect-cli.ts');
const run = async (args: readonly string[]) => {
  const env = { ...process.env, VENDURE_ADMIN_TOKEN: '', SENTINEL_SOURCE_TOKEN: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { timeout: 30_000, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
};

it('answers usage errors with exit 2, naming the flag and never the secret', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'connect-cli-'));
  try {
    const shopToken = join(dir, 'shop-token');
    await writeFile(shopToken, 'vendure-secret-token-7f3a', { mode: 0o600 });
    const cases = [
      { args: [], says: 'name one connector: vendure' },
      { args: ['magento'], says: 'name one connector: vendure' },
      { args: ['vendure', '--gateway', 'http://127.0.0.1:1'], says: '--shop takes a URL' },
      { args: ['vendure', '--shop', 'http://127.0.0.1:1/admin-api'], says: 'give --shop-token-file FILE or set VENDURE_ADMIN_TOKEN' },
      { args: ['vendure', '--shop', 'http://127.0.0.1:1/admin-api', '--shop-token-file', shopToken, '--gateway', 'http://127.0.0.1:1'], says: 'give --token-file FILE or set SENTINEL_SOURCE_TOKEN' },
      { args: ['vendure', '--shop', 'http://127.0.0.1:1/admin-api', '--shop-token-file', shopToken, '--sweep-interval', 'soon'], says: '--sweep-interval takes a number of seconds' },
      { args: ['vendure', '--shop', 'http://127.0.0.1:1/admin-api', '--shop-token-file', shopToken, '--refund-window-days', 'a-week'], says: '--refund-window-days takes a number of days' },
      { args: ['vendure', '--shop-token', 'vendure-secret-token-on-argv'], says: "Unknown option '--shop-token'" },
    ];
    for (const { args, says } of cases) {
      const { code, output } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(output).toContain(says);
      expect(output).not.toContain('vendure-secret-token-7f3a');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
