// Import files as a company's export would hold them (issue 22): per customer,
// its customer, order, payment (with a card number built in code), shipment and
// subscription records, one a line, in NDJSON or CSV; optionally with lines the
// importer must refuse (a card number in a free-text field, a broken line).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { luhnCheckDigit } from '../../../shared/pan.ts';
import { customerRecord, recordSet } from './source-records.ts';

/** A distinct Luhn-valid Visa test number per customer. */
const panOf = (n: number): string => {
  const partial = `4${String(n).padStart(14, '0')}`;
  return partial + String(luhnCheckDigit(partial));
};

export const RECORDS_PER_CUSTOMER = 5;

/** The records of customer `n`: its record set with its own card number. */
export function customerRecords(n: number, version = 1): Record<string, unknown>[] {
  return recordSet(`IMP${String(n).padStart(7, '0')}`, version).map((r) =>
    r.type === 'payment' ? { ...r, data: { ...r.data, card: { number: panOf(n), expiry: '12/29' } } } : r,
  );
}

/** Lines the importer refuses, and why: a card number in a free-text field (the number is never printed), a broken line. */
export function badLines(n: number, format: 'ndjson' | 'csv' = 'ndjson'): { line: string; reason: string }[] {
  const customer = customerRecord(`IMP${String(n).padStart(7, '0')}`, 1, { city: `card ${panOf(n)}` });
  if (format === 'csv') {
    return [
      { line: csvLine(customer), reason: 'pan_refused data.city' },
      { line: '"customer,1', reason: 'unreadable_line unbalanced quotes' },
    ];
  }
  return [
    { line: JSON.stringify(customer), reason: 'pan_refused data.city' },
    { line: '{"type": "customer", "version": 1, "data": {', reason: 'unreadable_line not JSON' },
  ];
}

const CSV_COLUMNS = [
  'type', 'version', 'customerId', 'displayName', 'email', 'phone', 'city', 'postcode', 'country', 'memberSince', 'orderId', 'placedAt', 'status',
  'totalMinor', 'currency', 'items', 'transactionId', 'amountMinor', 'at', 'card.number', 'card.expiry', 'refunds', 'shipmentId', 'carrier',
  'trackingNumber', 'eta', 'trackingUrl', 'history', 'subscriptionId', 'product', 'kind', 'startedAt', 'expiresAt', 'autoRenew',
];

const csvCell = (value: unknown): string => {
  if (value === undefined) return '';
  // Text is quoted (so "00123" stays text); numbers, booleans, null and arrays are written as JSON.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return typeof value === 'string' || /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One record as a CSV line under the file's header. */
export function csvLine(record: Record<string, unknown>): string {
  const data = record.data as Record<string, unknown>;
  const card = data.card as Record<string, unknown> | undefined;
  return CSV_COLUMNS.map((column) => {
    if (column === 'type' || column === 'version') return csvCell(record[column]);
    if (column.startsWith('card.')) return csvCell(card?.[column.slice(5)]);
    return csvCell(data[column]);
  }).join(',');
}

/** Writes `customers` customers' records (and, every `badEvery` customers, the bad lines) to `path`; returns the lines written. */
export async function writeImportFile(path: string, options: { customers: number; format: 'ndjson' | 'csv'; badEvery?: number; from?: number }): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let lines = 0;
  const write = async (text: string): Promise<void> => {
    lines++;
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  };
  if (options.format === 'csv') out.write(`${CSV_COLUMNS.join(',')}\n`);
  const from = options.from ?? 0;
  for (let n = from; n < from + options.customers; n++) {
    for (const record of customerRecords(n)) await write(options.format === 'csv' ? csvLine(record) : JSON.stringify(record));
    if (options.badEvery !== undefined && n % options.badEvery === 0) for (const bad of badLines(n, options.format)) await write(bad.line);
  }
  out.end();
  await once(out, 'finish');
  return lines;
}
