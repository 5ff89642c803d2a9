// PCI DSS 10.5.1: once a month a job restores one audit month picked at random
// from those kept beyond the searchable window, checks every row came back, and
// records how long the retrieval took. On PostgreSQL the month is read from its
// archive file when the archive step wrote one, else from the archive schema;
// with no month archived yet (always on SQLite, which keeps every month in
// place) a random past month is read back from the live store. Each check is stored and on the gateway's own chain.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../../shared/audit.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { addMonths } from '../storage/repos/retention-repo.ts';
import type { AuditRepo, EvidenceRepo, ReportRepo, RetentionRepo, RetrievalCheckRecord } from '../storage/store.ts';
import { realScheduler, type Scheduler } from './chain-verifier.ts';
import { monthOf, RETAINED_MONTHS } from './retention.ts';

const DAY_MS = 86_400_000;
const monthStart = (month: string): string => `${month}-01T00:00:00.000Z`;

interface Candidate {
  readonly month: string;
  readonly expectedRows: number;
  readonly source: RetrievalCheckRecord['source'];
  /** Reads the month back; resolves to the rows retrieved. */
  readonly retrieve: () => Promise<number>;
}

export interface RetrievalCheck {
  /** Restores one random month now; null when no past month holds any event. */
  runNow(): Promise<RetrievalCheckRecord | null>;
  start(): void;
  stop(): Promise<void>;
}

export function createRetrievalCheck(deps: {
  retention: RetentionRepo;
  audit: AuditRepo;
  evidence: EvidenceRepo;
  reports: ReportRepo;
  gatewayAudit: GatewayAudit;
  clock: Clock;
  /** In [0, 1): picks the month. */
  random: () => number;
  scheduler?: Scheduler;
  onError: (error: unknown) => void;
}): RetrievalCheck {
  let timer: { cancel(): void } | null = null;
  let running: Promise<RetrievalCheckRecord | null> | null = null;

  const pagedCount = async (month: string): Promise<number> => {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await deps.audit.search({ from: monthStart(month), to: monthStart(addMonths(month, 1)), limit: 500, ...(cursor === undefined ? {} : { cursor }) });
      count += page.events.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return count;
  };

  /** Past months still in the live store (SQLite keeps them all; PostgreSQL until they are detached). */
  const liveMonths = async (): Promise<Candidate[]> => {
    const current = monthOf(deps.clock.now());
    const found: Candidate[] = [];
    for (let back = 1; back < RETAINED_MONTHS; back++) {
      const month = addMonths(current, -back);
      const counts = await deps.evidence.eventCounts(monthStart(month), monthStart(addMonths(month, 1)));
      const expectedRows = [...counts.values()].reduce((a, b) => a + b, 0);
      if (expectedRows > 0) found.push({ month, expectedRows, source: 'live-store', retrieve: () => pagedCount(month) });
    }
    return found;
  };

  /** The archived months when there are any, else the past months still in the live store. */
  const candidates = async (): Promise<Candidate[]> => {
    const archived = deps.retention.partitioned ? (await deps.retention.archiveLog()).filter((r) => r.dropped_at === null || r.archive_file !== null) : [];
    if (archived.length === 0) return liveMonths();
    return archived.map((r) => ({
      month: r.month,
      expectedRows: r.rows,
      source: r.archive_file === null ? 'archive-schema' : 'archive-file',
      retrieve: async () =>
        r.archive_file === null ? (await deps.retention.archivedRows(r.month)).length : readFileSync(r.archive_file, 'utf8').split('\n').filter((line) => line.trim() !== '').length,
    }));
  };

  const pass = async (): Promise<RetrievalCheckRecord | null> => {
    const all = await candidates();
    const picked = all[Math.min(all.length - 1, Math.floor(deps.random() * all.length))];
    if (picked === undefined) return null;
    const started = performance.now();
    let retrievedRows = 0;
    let outcome = 'ok';
    try {
      retrievedRows = await picked.retrieve();
      if (retrievedRows !== picked.expectedRows) outcome = 'row_count_mismatch';
    } catch {
      outcome = 'unreadable';
    }
    const check: RetrievalCheckRecord = {
      checkId: `rtv-${randomUUID()}`,
      runAt: new Date(deps.clock.now()).toISOString(),
      month: picked.month,
      source: picked.source,
      expectedRows: picked.expectedRows,
      retrievedRows,
      millis: Math.round(performance.now() - started),
      outcome,
    };
    await deps.reports.insertRetrievalCheck(check);
    await deps.gatewayAudit.record({
      type: 'audit.read',
      outcome: outcome === 'ok' ? 'success' : 'failure',
      ...(outcome === 'ok' ? {} : { reason: outcome }),
      actor: SYSTEM_ACTOR,
      target: { kind: 'audit-log', id: picked.month },
      details: { action: 'retrieval_check', source: check.source, expectedRows: check.expectedRows, retrievedRows, millis: check.millis },
    });
    return check;
  };

  const runNow = (): Promise<RetrievalCheckRecord | null> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  /** Once a month: the daily tick runs a check when none ran yet this month. */
  const tick = async (): Promise<void> => {
    const month = monthOf(deps.clock.now());
    if ((await deps.reports.retrievalChecks(monthStart(month), monthStart(addMonths(month, 1)))).length === 0) await runNow();
  };

  return {
    runNow,
    start() {
      tick().catch(deps.onError);
      timer ??= (deps.scheduler ?? realScheduler).every(DAY_MS, () => {
        tick().catch(deps.onError);
      });
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
