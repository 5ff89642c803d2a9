import type { ActivityReport } from './schemas/supervision.ts';
export declare const ACTIVITY_CSV_COLUMNS: readonly ["userId", "username", "lookupsByCustomerId", "lookupsByOrder", "lookupsByCard", "recordsViewed", "notesAdded", "extensions", "failedLogins", "locks"];
/** RFC 4180 quoting, plus a leading apostrophe so a spreadsheet never runs a cell as a formula. */
export declare function csvCell(value: string | number): string;
export declare function activityCsv(report: ActivityReport): string;
