// The lifecycle registry: parts start as they register and close in reverse,
// a close that throws does not keep the others open, and shutdown happens once.
import { describe, expect, it } from 'vitest';
import { createLifecycle, type LifecyclePart } from '../../../server/lifecycle.ts';

function recorder() {
  const log: string[] = [];
  const part = (name: string, options: { failClose?: boolean; failStart?: boolean } = {}): LifecyclePart => ({
    name,
    start: () => {
      log.push(`start ${name}`);
      if (options.failStart === true) throw new Error(`${name} refused to start`);
    },
    close: async () => {
      await Promise.resolve();
      log.push(`close ${name}`);
      if (options.failClose === true) throw new Error(`${name} broke`);
    },
  });
  return { log, part };
}

describe('lifecycle', () => {
  it('starts parts as they register and closes them in reverse order', async () => {
    const { log, part } = recorder();
    const lifecycle = createLifecycle();
    for (const name of ['store', 'feed', 'jobs', 'http']) await lifecycle.register(part(name));
    await lifecycle.close();
    expect(log).toEqual(['start store', 'start feed', 'start jobs', 'start http', 'close http', 'close jobs', 'close feed', 'close store']);
  });

  it('closes every other part when one close throws, then reports that one by name', async () => {
    const { log, part } = recorder();
    const lifecycle = createLifecycle();
    await lifecycle.register(part('store'));
    await lifecycle.register(part('feed', { failClose: true }));
    await lifecycle.register(part('http'));
    await expect(lifecycle.close()).rejects.toThrow('feed did not close: feed broke');
    expect(log.filter((l) => l.startsWith('close'))).toEqual(['close http', 'close feed', 'close store']);
  });

  it('reports every failed close together', async () => {
    const { part } = recorder();
    const lifecycle = createLifecycle();
    await lifecycle.register(part('store', { failClose: true }));
    await lifecycle.register(part('feed', { failClose: true }));
    const failure: unknown = await lifecycle.close().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((e: Error) => e.message)).toEqual(['feed did not close: feed broke', 'store did not close: store broke']);
  });

  it('closes once when closed twice, the second call waiting for the first', async () => {
    const { log, part } = recorder();
    const lifecycle = createLifecycle();
    await lifecycle.register(part('store'));
    const [a, b] = [lifecycle.close(), lifecycle.close()];
    expect(b).toBe(a);
    await Promise.all([a, b]);
    await lifecycle.close();
    expect(log.filter((l) => l === 'close store')).toHaveLength(1);
  });

  it('does not register a part whose start throws', async () => {
    const { log, part } = recorder();
    const lifecycle = createLifecycle();
    await lifecycle.register(part('store'));
    await expect(lifecycle.register(part('feed', { failStart: true }))).rejects.toThrow('feed refused to start');
    await lifecycle.close();
    expect(log).toEqual(['start store', 'start feed', 'close store']);
  });

  it('refuses a part after shutdown began, and closes one that finished starting during it', async () => {
    const { log, part } = recorder();
    const lifecycle = createLifecycle();
    let finishStart = (): void => undefined;
    const slow = lifecycle.register({ name: 'slow', start: () => new Promise<void>((resolve) => (finishStart = resolve)), close: () => void log.push('close slow') });
    const closed = lifecycle.close();
    await expect(lifecycle.register(part('late'))).rejects.toThrow('late registered after shutdown began');
    finishStart();
    await expect(slow).rejects.toThrow('slow started after shutdown began');
    await closed;
    expect(log).toEqual(['close slow']);
  });
});
