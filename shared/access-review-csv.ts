// The access review as CSV, for the gateway's download and the desk's export
// alike. Columns are ordered so that every cell a person typed or a number
// could fill sits between cells made of letters: the DLP scan joins digit
// groups across commas, and two neighbouring cells must never read as a card number.
import { csvCell } from './report-csv.ts';
import type { AccessReview } from './schemas/admin.ts';

export const ACCESS_REVIEW_CSV_COLUMNS = ['userId', 'roles', 'username', 'status', 'displayName', 'mfaEnrolled', 'lastSignInAt', 'disabledReason', 'changes'] as const;

export function accessReviewCsv(review: AccessReview): string {
  const lines = [ACCESS_REVIEW_CSV_COLUMNS.join(',')];
  for (const row of review.rows) {
    // Each change starts with its action word and ends with its reason, so a reason's digits never meet the next timestamp's.
    const changes = row.changesSinceLastReview.map((c) => `${c.action} by ${c.by ?? 'system'} at ${c.at}: ${c.reason ?? ''}`).join('; ');
    const cells = [row.userId, row.roles.join('+'), row.username, row.status, row.displayName, String(row.mfaEnrolled), row.lastSignInAt ?? '', row.disabledReason ?? '', changes];
    lines.push(cells.map((cell) => csvCell(cell)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
