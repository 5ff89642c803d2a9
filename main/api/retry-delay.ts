// How long a desk loop waits before it tries the gateway again: full jitter (a
// random wait up to the capped exponential step, so thousands of desks that
// lost one gateway do not come back in step), and never sooner than the
// gateway's Retry-After.
export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

export function retryDelayMs(backoff: Backoff, attempt: number, retryAfterSeconds: number | null, random: () => number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(Math.floor(random() * ceiling), (retryAfterSeconds ?? 0) * 1000);
}
