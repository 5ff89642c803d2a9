// The evidence pack's sections, in pack order: one entry per PCI DSS v4.0
// requirement folder. Another feature's evidence is one more entry here.
import type { EvidenceSection } from './evidence-section.ts';
import { accessReviews, inactiveAccounts, lockout, multiFactor, passwordPolicy } from './sections/accounts.ts';
import { loggedEvents, retention } from './sections/audit-log.ts';
import { securityAwareness } from './sections/awareness.ts';
import { maskedDisplay, storedCardData, unreadableStoredPan } from './sections/card-data.ts';
import { controlFailures, dailyLogReview } from './sections/monitoring.ts';

export const EVIDENCE_SECTIONS: readonly EvidenceSection[] = [
  storedCardData,
  maskedDisplay,
  unreadableStoredPan,
  accessReviews,
  inactiveAccounts,
  lockout,
  passwordPolicy,
  multiFactor,
  loggedEvents,
  dailyLogReview,
  retention,
  controlFailures,
  securityAwareness,
];
