// Per-device and per-user ingest quotas over rolling windows: what one desk (or
// one account with many desks) may send in any window, counted in events and in
// bytes of request body. A refusal says when the window will have room again.
import type { IngestQuota } from '../config.ts';

interface Charge {
  readonly at: number;
  readonly events: number;
  readonly bytes: number;
}

export type QuotaDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number | null };

/** Keys with nothing left in their window are dropped once the map grows past this. */
const SWEEP_ABOVE_KEYS = 10_000;

export class IngestQuotas {
  private readonly charges = new Map<string, Charge[]>();
  private readonly quotas: readonly IngestQuota[];
  private readonly longestMs: number;

  constructor(quotas: readonly IngestQuota[]) {
    this.quotas = quotas;
    this.longestMs = Math.max(...quotas.map((q) => q.windowSeconds * 1000));
  }

  /**
   * Charges `events` and `bytes` to every key, or to none: refused when any key
   * would pass any quota. `retryAfterMs` is null when the request can never fit.
   */
  charge(keys: readonly string[], now: number, usage: { events: number; bytes: number }): QuotaDecision {
    const { events, bytes } = usage;
    if (this.quotas.some((q) => events > q.maxEvents || bytes > q.maxBytes)) return { ok: false, retryAfterMs: null };
    let waitMs = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      for (const quota of this.quotas) waitMs = Math.max(waitMs, this.waitFor(recent, quota, now, events, bytes));
    }
    if (waitMs > 0) return { ok: false, retryAfterMs: waitMs };
    for (const key of keys) this.charges.set(key, [...this.recent(key, now), { at: now, events, bytes }]);
    if (this.charges.size > SWEEP_ABOVE_KEYS) this.sweep(now);
    return { ok: true };
  }

  private recent(key: string, now: number): Charge[] {
    return (this.charges.get(key) ?? []).filter((c) => c.at > now - this.longestMs);
  }

  /** Milliseconds until enough of the window has expired for the request to fit; 0 when it fits now. */
  private waitFor(recent: readonly Charge[], quota: IngestQuota, now: number, events: number, bytes: number): number {
    const windowMs = quota.windowSeconds * 1000;
    const inWindow = recent.filter((c) => c.at > now - windowMs);
    let usedEvents = inWindow.reduce((sum, c) => sum + c.events, 0);
    let usedBytes = inWindow.reduce((sum, c) => sum + c.bytes, 0);
    if (usedEvents + events <= quota.maxEvents && usedBytes + bytes <= quota.maxBytes) return 0;
    for (const oldest of inWindow) {
      usedEvents -= oldest.events;
      usedBytes -= oldest.bytes;
      if (usedEvents + events <= quota.maxEvents && usedBytes + bytes <= quota.maxBytes) return oldest.at + windowMs - now;
    }
    return windowMs;
  }

  private sweep(now: number): void {
    for (const key of [...this.charges.keys()]) {
      if (this.recent(key, now).length === 0) this.charges.delete(key);
    }
  }
}
