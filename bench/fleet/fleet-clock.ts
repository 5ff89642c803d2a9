// The gateway time of a fleet run: the bench reads it here (TOTP codes, signed
// heartbeats) and every instance's gateway process follows each move.
export interface FleetClock {
  now(): number;
  /** Moves the time on; resolves once every instance follows. */
  advance(ms: number): Promise<void>;
  /** An instance whose clock moves with this one. */
  follow(instance: { setClock(now: number): Promise<void> }): void;
}

export function fleetClock(start: number): FleetClock {
  let current = start;
  const followers: { setClock(now: number): Promise<void> }[] = [];
  return {
    now: () => current,
    async advance(ms) {
      current += ms;
      await Promise.all(followers.map((f) => f.setClock(current)));
    },
    follow(instance) {
      followers.push(instance);
    },
  };
}
