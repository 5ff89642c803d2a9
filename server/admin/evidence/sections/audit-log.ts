// Evidence for the audit-log requirements: what the trail recorded in the
// range for each item of 10.2.1 (10.2.1.x), and audit-log retention with the
// monthly retrieval checks of archived months (10.5.1).
import { AUDIT_EVENT_TYPES, PCI_10_2_1, type PciRequirement } from '../../../../shared/audit.ts';
import { RETAINED_MONTHS, SEARCHABLE_MONTHS } from '../../../audit/retention.ts';
import { recordFiles, type EvidenceSection } from '../evidence-section.ts';

export const loggedEvents: EvidenceSection = {
  requirement: '10.2.1.x',
  title: 'Audit logs capture the events of 10.2.1.1 to 10.2.1.7',
  async produce(context) {
    const counts = await context.store.evidence.eventCounts(context.from, context.to);
    const types = Object.entries(AUDIT_EVENT_TYPES) as [string, readonly PciRequirement[]][];
    const rows = (Object.keys(PCI_10_2_1) as PciRequirement[]).flatMap((item) =>
      types.filter(([, items]) => items.includes(item)).map(([type]) => [item, PCI_10_2_1[item], type, counts.get(type) ?? 0]),
    );
    return recordFiles(
      {
        title: '10.2.1.x Audit events recorded in the range, per requirement item and event type',
        columns: ['item', 'requirement', 'eventType', 'eventsInRange'],
        rows,
        configuration: { eventTypesPerItem: Object.fromEntries((Object.keys(PCI_10_2_1) as PciRequirement[]).map((item) => [item, types.filter(([, items]) => items.includes(item)).map(([t]) => t)])) },
        method: 'Counted in the stored audit trail (desks and gateway, archived months still kept included) by event type, mapped to 10.2.1 items by shared/audit.ts.',
      },
      context,
    );
  },
};

export const retention: EvidenceSection = {
  requirement: '10.5.1',
  title: 'Audit log history is retained for at least 12 months, three immediately available',
  async produce(context) {
    const checks = await context.store.reports.retrievalChecks(context.from, context.to);
    const archive = context.store.retention.partitioned ? await context.store.retention.archiveLog() : [];
    return recordFiles(
      {
        title: '10.5.1 Retrieval checks of archived audit months in the range',
        columns: ['checkId', 'runAt', 'month', 'source', 'expectedRows', 'retrievedRows', 'retrievalMillis', 'outcome'],
        rows: checks.map((c) => [c.checkId, c.runAt, c.month, c.source, c.expectedRows, c.retrievedRows, c.millis, c.outcome]),
        configuration: {
          retainedMonths: RETAINED_MONTHS,
          searchableMonths: SEARCHABLE_MONTHS,
          engine: context.store.retention.partitioned ? 'postgresql: month partitions, detached then archived to files' : 'sqlite: every event kept in place',
          archivedMonths: archive.map((m) => ({ month: m.month, rows: m.rows, detachedAt: m.detached_at, archivedAt: m.archived_at, droppedAt: m.dropped_at })),
        },
        method: 'Each row is one run of the monthly retrieval job (server/audit/retrieval-check.ts): a random kept month read back in full, its rows counted against the record, and timed.',
      },
      context,
    );
  },
};
