// One section of the assessor's evidence pack: a PCI DSS v4.0 requirement, its
// title, and what produces its files for a range. Sections are listed once, in
// evidence-sections.ts; a new one is one more entry there.
import type { GatewayConfig } from '../../config.ts';
import type { RegularReports } from '../../audit/regular-reports.ts';
import type { GatewayStore } from '../../storage/store.ts';
import { csvTable } from '../../../shared/report-csv.ts';
import { escapeHtml, htmlPage, htmlTable } from './evidence-html.ts';

export interface EvidenceFile {
  /** Inside the section's folder. */
  readonly name: string;
  readonly content: string;
}

export interface EvidenceContext {
  /** The range as instants: [from, to), whole UTC days. */
  readonly from: string;
  readonly to: string;
  readonly store: GatewayStore;
  readonly config: GatewayConfig;
  readonly reports: RegularReports;
  readonly generatedAt: string;
}

export interface EvidenceSection {
  /** The requirement's number, which names its folder: "8.2.6". */
  readonly requirement: string;
  readonly title: string;
  produce(context: EvidenceContext): Promise<EvidenceFile[]>;
}

/** A section's generated record, the configuration in force, and one line on how it was produced. */
export interface EvidenceRecord {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly configuration: Record<string, unknown>;
  readonly method: string;
}

/** The four files every section holds: record.csv, record.html, configuration.json and how-produced.txt. */
export function recordFiles(record: EvidenceRecord, context: EvidenceContext): EvidenceFile[] {
  const csv = csvTable(record.columns, record.rows);
  const html = htmlPage(record.title, [
    `<p>Range: ${context.from} to ${context.to} (end exclusive). Generated ${context.generatedAt}.</p>`,
    `<p>${record.rows.length} rows. How produced: ${escapeHtml(record.method)}</p>`,
    htmlTable(record.columns, record.rows),
    '<p><a href="configuration.json">Configuration in force</a> · <a href="record.csv">CSV</a> · <a href="../index.html">Index</a></p>',
  ]);
  return [
    { name: 'record.csv', content: csv },
    { name: 'record.html', content: html },
    { name: 'configuration.json', content: `${JSON.stringify(record.configuration, null, 2)}\n` },
    { name: 'how-produced.txt', content: `${record.method}\n` },
  ];
}
