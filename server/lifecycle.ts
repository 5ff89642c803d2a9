// The gateway's resources and background jobs, in the order they started, so
// shutdown can close them in reverse: what started last (and may use what came
// before it) closes first. One close that throws does not keep the others open;
// the failures are reported together once every part had its turn.

export interface LifecyclePart {
  /** What the part is, for the shutdown error. */
  readonly name: string;
  /** Runs when the part is registered; a part that throws here is not registered. */
  readonly start?: () => void | Promise<void>;
  readonly close: () => void | Promise<void>;
}

export interface Lifecycle {
  /** Starts the part and registers its close. Refused once closing began: nothing would close it. */
  register(part: LifecyclePart): Promise<void>;
  /** Closes every registered part in reverse order; a second call waits for the same shutdown. */
  close(): Promise<void>;
}

export function createLifecycle(): Lifecycle {
  const parts: LifecyclePart[] = [];
  let closing: Promise<void> | null = null;
  // A function, not the variable: shutdown may begin across the await in register, where narrowing cannot see it.
  const shuttingDown = (): boolean => closing !== null;

  const closeAll = async (): Promise<void> => {
    const failures: Error[] = [];
    for (const part of parts.splice(0).reverse()) {
      try {
        await part.close();
      } catch (error) {
        failures.push(new Error(`${part.name} did not close: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    }
    const [first] = failures;
    if (failures.length === 1 && first !== undefined) throw first;
    if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => f.message).join('; '));
  };

  return {
    async register(part) {
      if (shuttingDown()) throw new Error(`${part.name} registered after shutdown began`);
      await part.start?.();
      // Shutdown began while it started: it missed the list, so it closes now.
      if (shuttingDown()) {
        await part.close();
        throw new Error(`${part.name} started after shutdown began`);
      }
      parts.push(part);
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
