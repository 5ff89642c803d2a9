// Retention where every audit event stays in place (SQLite): its append-only
// triggers are never weakened for a purge, so there is no partition to create,
// detach or drop, and no archive step.
import type { RetentionRepo } from '../store.ts';

export const inPlaceRetentionRepo: RetentionRepo = {
  partitioned: false,
  ensurePartition: () => Promise.resolve(),
  attachedMonths: () => Promise.resolve([]),
  detach: () => Promise.resolve(null),
  archiveLog: () => Promise.resolve([]),
  archivedRows: () => Promise.resolve([]),
  markArchived: () => Promise.resolve(),
  drop: () => Promise.resolve(false),
  chainFloors: () => Promise.resolve(new Map()),
};
