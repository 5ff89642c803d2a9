// Crash safety: a child process appending events is SIGKILLed at random
// moments, 50 times. Every append() that returned must be there afterwards,
// and the chain must verify.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queueFixture } from '../../harness/desk/audit-queue.ts';

const KILLS = 50;
const appender = join(import.meta.dirname, '..', '..', 'harness', 'desk', 'audit-appender.ts');
const fixture = queueFixture('desk-crash-0001');

afterAll(async () => {
  await fixture.keychain.cleanup();
});

function runAndKill(afterMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [appender, fixture.dbPath, fixture.keychain.service, fixture.deviceId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const returned = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          setTimeout(() => child.kill('SIGKILL'), afterMs);
          continue;
        }
        const [seq, id] = line.split(' ');
        if (seq !== undefined && id !== undefined) returned.set(Number(seq), id);
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(returned);
      else reject(new Error(`appender exited without being killed: ${stderr}`));
    });
  });
}

describe('audit queue under SIGKILL', () => {
  it(`keeps every returned append across ${KILLS} random kills, and the chain verifies`, async () => {
    // The keychain entries are created once up front, so kills land in the append loop.
    (await fixture.open()).close();
    const returned = new Map<number, string>();
    for (let i = 0; i < KILLS; i++) {
      for (const [seq, id] of await runAndKill(5 + Math.floor(Math.random() * 120))) returned.set(seq, id);
    }
    expect(returned.size).toBeGreaterThan(KILLS);

    const queue = await fixture.open();
    try {
      expect(queue.verification).toMatchObject({ ok: true });
      const stored = new Map(queue.pending(10_000_000).map((e) => [e.seq, e.event.id]));
      for (const [seq, id] of returned) expect(stored.get(seq), `seq ${seq}`).toBe(id);
    } finally {
      queue.close();
    }
  }, 180_000);
});
