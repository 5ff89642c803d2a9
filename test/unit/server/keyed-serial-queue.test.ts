// One device's chain work runs one task at a time; another device's runs beside it.
import { describe, expect, it } from 'vitest';
import { createKeyedSerialQueue } from '../../../server/serial-queue.ts';

/** A task that runs until the test releases it, and says when it started. */
function gate() {
  let release = (): void => undefined;
  let started = (): void => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    running,
    release,
    task: async (log: string[], name: string) => {
      log.push(`start ${name}`);
      started();
      await released;
      log.push(`end ${name}`);
      return name;
    },
  };
}

describe('keyed serial queue', () => {
  it('runs tasks of one key in order, one at a time, and tasks of another key meanwhile', async () => {
    const queue = createKeyedSerialQueue();
    const log: string[] = [];
    const a1 = gate();
    const a2 = gate();
    const b1 = gate();
    const first = queue.run('desk-a', () => a1.task(log, 'a1'));
    const second = queue.run('desk-a', () => a2.task(log, 'a2'));
    const other = queue.run('desk-b', () => b1.task(log, 'b1'));
    // desk-b starts while desk-a's first task still holds its queue.
    await Promise.all([a1.running, b1.running]);
    expect(log).toEqual(['start a1', 'start b1']);
    b1.release();
    expect(await other).toBe('b1');
    expect(log).not.toContain('start a2');
    a1.release();
    await a2.running;
    a2.release();
    expect(await Promise.all([first, second])).toEqual(['a1', 'a2']);
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
  });

  it('runs the next task of a key after one that failed, and hands each caller its own outcome', async () => {
    const queue = createKeyedSerialQueue();
    const failed = queue.run('desk-a', () => Promise.reject(new Error('refused')));
    const next = queue.run('desk-a', () => Promise.resolve('stored'));
    await expect(failed).rejects.toThrow('refused');
    expect(await next).toBe('stored');
  });
});
