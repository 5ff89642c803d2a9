// The lines of an import file as raw records, streamed: NDJSON (one JSON
// record a line) or CSV (a header row naming `type`, `version` and the data's
// fields; a cell holding a JSON array or object, such as an order's items, is
// read as JSON; any other quoted cell is text, and an unquoted one is read as
// JSON when it is JSON, e.g. a number, and as text otherwise). A line that
// cannot be read is handed on as unreadable, never echoed.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setDotted } from './dotted-path.ts';

export type ImportLine = { readonly line: number; readonly record: Record<string, unknown> } | { readonly line: number; readonly unreadable: string };

/** One CSV row's cells, each with whether it was quoted; null when the quotes do not close. */
export function csvCells(row: string): { text: string; quoted: boolean }[] | null {
  const cells: { text: string; quoted: boolean }[] = [];
  let i = 0;
  for (;;) {
    if (row[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= row.length) return null;
        if (row[i] === '"' && row[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (row[i] === '"') {
          i++;
          break;
        } else text += row.charAt(i++);
      }
      cells.push({ text, quoted: true });
    } else {
      const end = row.indexOf(',', i);
      cells.push({ text: row.slice(i, end === -1 ? row.length : end), quoted: false });
      i = end === -1 ? row.length : end;
    }
    if (i >= row.length) return cells;
    if (row[i] !== ',') return null;
    i++;
  }
}

function cellValue(cell: { text: string; quoted: boolean }): unknown {
  if (cell.quoted && !/^[[{]/.test(cell.text)) return cell.text;
  if (cell.text === '') return undefined;
  try {
    return JSON.parse(cell.text) as unknown;
  } catch {
    return cell.text;
  }
}

/** A CSV row as a record: `type` and `version` at the top, every other column in `data` (dots nest: `card.number`). */
function csvRecord(header: readonly string[], cells: readonly { text: string; quoted: boolean }[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const record: Record<string, unknown> = { data };
  for (const [i, name] of header.entries()) {
    const cell = cells[i];
    const value = cell === undefined ? undefined : cellValue(cell);
    if (value === undefined) continue;
    if (name === 'type' || name === 'version') {
      record[name] = value;
      continue;
    }
    setDotted(data, name, value);
  }
  return record;
}

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}(\.[A-Za-z][A-Za-z0-9]{0,39}){0,2}$/;

/** The file's records from line `skip` on (lines count from 0, after a CSV header; blank lines count and yield nothing). */
export async function* importLines(path: string, format: 'ndjson' | 'csv', skip: number): AsyncGenerator<ImportLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header: string[] | null = format === 'csv' ? null : [];
  let line = -1;
  for await (const text of lines) {
    if (header === null) {
      const cells = csvCells(text);
      header = cells?.map((c) => c.text) ?? [];
      if (cells === null || !header.every((name) => HEADER_NAME.test(name))) throw new Error('the CSV header must name type, version and the fields of the data (a-z, digits, dots)');
      continue;
    }
    line++;
    if (line < skip || text.trim() === '') continue;
    if (format === 'ndjson') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        yield { line, unreadable: 'not JSON' };
        continue;
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) yield { line, record: parsed as Record<string, unknown> };
      else yield { line, unreadable: 'not a JSON object' };
      continue;
    }
    const cells = csvCells(text);
    if (cells === null) yield { line, unreadable: 'unbalanced quotes' };
    else yield { line, record: csvRecord(header, cells) };
  }
}
