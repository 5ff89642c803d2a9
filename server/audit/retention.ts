// Audit retention (PCI DSS 10.5.1): twelve months kept, the last three in the
// supervisor's default search. On PostgreSQL a daily job creates the month
// partitions ahead (so the default partition never holds a month that later
// needs its own), detaches months past the searchable window into the
// audit_archive schema, and drops months past twelve only once the archive
// step recorded them as exported; a month past twelve still not archived raises
// an alert instead. Every step is on the gateway's own chain ('audit.purge').
// SQLite keeps every event: its append-only triggers are never weakened for a purge.
import { writeFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../../shared/audit.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import { digestForAudit, sha256Hex } from '../core/hashing.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { addMonths } from '../storage/repos/retention-repo.ts';
import type { ArchivedMonth, RetentionRepo } from '../storage/store.ts';
import { realScheduler, type Scheduler } from './chain-verifier.ts';

export const SEARCHABLE_MONTHS = 3;
export const RETAINED_MONTHS = 12;
export const PARTITIONS_AHEAD = 2;
const DAY_MS = 86_400_000;

export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** The earliest event time the supervisor's default search covers: the start of the month three months back. */
export function searchableFrom(ms: number): string {
  return `${addMonths(monthOf(ms), -(SEARCHABLE_MONTHS - 1))}-01T00:00:00.000Z`;
}

export interface RetentionPass {
  readonly created: string[];
  readonly detached: string[];
  readonly dropped: string[];
  /** Months past twelve still waiting for the archive step. */
  readonly overdue: string[];
}

export interface AuditRetention {
  runNow(): Promise<RetentionPass>;
  /** The archive step: writes a detached month to `file` (JSON lines), checks the row count, marks it archived. */
  archiveMonth(month: string, file: string): Promise<ArchivedMonth>;
  start(): void;
  stop(): Promise<void>;
}

export function createAuditRetention(deps: {
  repo: RetentionRepo;
  clock: Clock;
  audit: GatewayAudit;
  alerts: AlertService;
  scheduler?: Scheduler;
  onError: (error: unknown) => void;
}): AuditRetention {
  const scheduler = deps.scheduler ?? realScheduler;
  const { repo } = deps;
  let timer: { cancel(): void } | null = null;
  let running: Promise<RetentionPass> | null = null;
  const nowIso = (): string => new Date(deps.clock.now()).toISOString();
  const purged = (month: string, action: 'detach' | 'archive' | 'drop', details: Record<string, string | number | null>) =>
    deps.audit.record({ type: 'audit.purge', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'audit-log', id: month }, details: { action, month, ...details } });

  const pass = async (): Promise<RetentionPass> => {
    if (!repo.partitioned) return { created: [], detached: [], dropped: [], overdue: [] };
    const current = monthOf(deps.clock.now());
    const created: string[] = [];
    const before = new Set(await repo.attachedMonths());
    for (let ahead = 0; ahead <= PARTITIONS_AHEAD; ahead++) {
      const month = addMonths(current, ahead);
      await repo.ensurePartition(month);
      if (!before.has(month)) created.push(month);
    }
    // Months before this one leave the default search (the current month counts as one of the three).
    const firstSearchable = addMonths(current, -(SEARCHABLE_MONTHS - 1));
    const firstKept = addMonths(current, -(RETAINED_MONTHS - 1));
    const detached: string[] = [];
    for (const month of (await repo.attachedMonths()).filter((m) => m < firstSearchable)) {
      const record = await repo.detach(month, nowIso());
      if (record === null) continue;
      detached.push(month);
      await purged(month, 'detach', { rows: record.rows, firstHashBase64url: digestForAudit(record.first_hash), lastHashBase64url: digestForAudit(record.last_hash) });
    }
    const dropped: string[] = [];
    const overdue: string[] = [];
    for (const record of (await repo.archiveLog()).filter((r) => r.month < firstKept && r.dropped_at === null)) {
      if (record.archived_at === null) {
        overdue.push(record.month);
        continue;
      }
      if (await repo.drop(record.month, nowIso())) {
        dropped.push(record.month);
        await purged(record.month, 'drop', { rows: record.rows, archivedAt: record.archived_at });
      }
    }
    if (overdue.length > 0) {
      await deps.alerts.raise({
        kind: 'audit_archive_overdue',
        severity: 'critical',
        userId: null,
        deviceId: null,
        message: `Audit months ${overdue.join(', ')} are past twelve months and not archived: run "npm run server -- archive-month YYYY-MM"`.slice(0, 500),
      });
    }
    return { created, detached, dropped, overdue };
  };

  const runNow = (): Promise<RetentionPass> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const scheduled = (): void => {
    runNow().catch(deps.onError);
  };

  return {
    runNow,
    async archiveMonth(month, file) {
      if (!repo.partitioned) throw new Error('SQLite keeps every audit event in place: there is no archive step');
      const record = (await repo.archiveLog()).find((r) => r.month === month);
      if (record?.dropped_at !== null) throw new Error(`audit month ${month} is not detached (or already dropped)`);
      const rows = await repo.archivedRows(month);
      if (rows.length !== record.rows) throw new Error(`audit month ${month} holds ${rows.length} rows, ${record.rows} were detached`);
      const text = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      const sha256 = sha256Hex(text);
      const at = nowIso();
      await repo.markArchived(month, at, file);
      await purged(month, 'archive', { rows: rows.length, sha256Base64url: digestForAudit(sha256) });
      return { ...record, archived_at: at, archive_file: file };
    },
    start() {
      if (!repo.partitioned) return;
      scheduled();
      timer ??= scheduler.every(DAY_MS, scheduled);
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
