// Runs async tasks one at a time. Chain appends read the head and then write
// after it; two interleaved appends would both build on the same head.
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * One serial queue per key: tasks of one key (one device's chain) run one at a
 * time, tasks of different keys side by side, so one desk's batch never waits
 * for another's.
 */
export interface KeyedSerialQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedSerialQueue(): KeyedSerialQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // A key is forgotten once its last task is done: the map holds only keys with work in flight.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
