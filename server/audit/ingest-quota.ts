// Per-device and per-user ingest quotas over rolling windows: what one desk (or
// one account with many desks) may send in any window, counted in events and in
// bytes of request body. The windows live in the database, so a desk that
// spreads its batches over several gateway instances gets no more than from one.
// A refusal says when the window will have room again.
import type { IngestQuota } from '../config.ts';
import type { IngestCharge, IngestChargeRepo } from '../storage/store.ts';

export type QuotaDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number | null };

export class IngestQuotas {
  private readonly repo: IngestChargeRepo;
  private readonly quotas: readonly IngestQuota[];
  /** The longest window: charges older than this no longer count anywhere. */
  readonly longestMs: number;

  constructor(repo: IngestChargeRepo, quotas: readonly IngestQuota[]) {
    this.repo = repo;
    this.quotas = quotas;
    this.longestMs = Math.max(...quotas.map((q) => q.windowSeconds * 1000));
  }

  /**
   * Charges `events` and `bytes` to every key, or to none: refused when any key
   * would pass any quota. `retryAfterMs` is null when the request can never fit.
   */
  async charge(keys: readonly string[], now: number, usage: { events: number; bytes: number }): Promise<QuotaDecision> {
    const { events, bytes } = usage;
    if (this.quotas.some((q) => events > q.maxEvents || bytes > q.maxBytes)) return { ok: false, retryAfterMs: null };
    if (await this.repo.charge(keys, now, usage, this.quotas)) return { ok: true };
    // Refused atomically above; this read only tells the caller when to come back.
    const recent = await this.repo.recent(keys, now - this.longestMs);
    let waitMs = 0;
    for (const key of keys) {
      const mine = recent.filter((c) => c.subject === key);
      for (const quota of this.quotas) waitMs = Math.max(waitMs, this.waitFor(mine, quota, now, events, bytes));
    }
    // A parallel charge may have made room meanwhile: a short wait, never a wrong "never".
    return { ok: false, retryAfterMs: Math.max(waitMs, 1) };
  }

  /** Forgets charges no window counts any more. */
  prune(now: number): Promise<void> {
    return this.repo.prune(now - this.longestMs);
  }

  /** Milliseconds until enough of the window has expired for the request to fit; 0 when it fits now. */
  private waitFor(recent: readonly IngestCharge[], quota: IngestQuota, now: number, events: number, bytes: number): number {
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
}
