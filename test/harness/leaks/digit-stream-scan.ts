// A leak scanner that owes nothing to shared/pan.ts: it decodes bytes every way
// a card number could have been written (UTF-8 and UTF-16, %-escapes, \u-escapes),
// normalises with NFKC, maps every Unicode decimal digit to its value, drops
// everything else (up to a bounded gap) and looks for the exact digit strings a test sent.
import { decimalDigitValues } from '../arbitraries/unicode-categories.ts';

const percentRuns = /(?:%[0-9A-Fa-f]{2})+/g;
const jsonEscapes = /\\u([0-9A-Fa-f]{4})/g;

const percentDecoded = (text: string): string =>
  text.replace(percentRuns, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
const jsonUnescaped = (text: string): string => text.replace(jsonEscapes, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/**
 * Characters that may stand between two digits of one written number: the generator puts at most 3 separators
 * in a gap, NFKC may widen each to 3 (U+2026 is "..."), and a writer may escape each as \uXXXX, so 32 leaves room.
 * Without a bound, digits thousands of characters apart (a binary page read as UTF-16) join into numbers nobody sent.
 */
const MAX_GAP = 32;
/** The shortest number sentNumbersIn looks for. */
const MIN_DIGITS = 12;

/**
 * A control character other than tab, line feed and carriage return never stands inside written text: no
 * separator the generators draw is one. Between digits it means binary data, whose bytes 0x30-0x39 read as
 * digits: the big-endian timestamps of consecutive index entries once spelled a test PAN, '5' and '4' bytes
 * a few control bytes apart. A run bridges one such gap (a text value may continue on an overflow page or in a
 * TOAST chunk, behind a binary header), never two.
 */
const isBinary = (cp: number): boolean => cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d;

/**
 * The digit runs of a text, each digit as its ASCII value whatever script it was written in, split where more
 * than MAX_GAP other characters stand between two digits, or at a second gap of binary data (isBinary).
 */
export function digitRuns(text: string): string[] {
  const values = decimalDigitValues();
  const runs: string[] = [];
  let run = '';
  /** The digits of the run since its binary gap, if it bridged one: where a run restarts at the next. */
  let sinceBinary: string | null = null;
  let gap = 0;
  let gapIsBinary = false;
  const end = (): void => {
    if (run.length >= MIN_DIGITS) runs.push(run);
  };
  const normalized = text.normalize('NFKC');
  // By index, not for-of: a WAL is tens of millions of characters, and a string per character cost most of the scan.
  for (let i = 0; i < normalized.length; i++) {
    const cp = normalized.codePointAt(i) ?? 0;
    if (cp > 0xffff) i += 1;
    const digit = cp >= 48 && cp <= 57 ? cp - 48 : cp > 127 ? values.get(cp) : undefined;
    if (digit === undefined) {
      gap += 1;
      gapIsBinary ||= isBinary(cp);
      continue;
    }
    if (run.length > 0 && gap > MAX_GAP) {
      end();
      run = '';
      sinceBinary = null;
    } else if (run.length > 0 && gapIsBinary) {
      if (sinceBinary !== null) {
        end();
        run = sinceBinary;
      }
      sinceBinary = '';
    }
    run += String(digit);
    if (sinceBinary !== null) sinceBinary += String(digit);
    gap = 0;
    gapIsBinary = false;
  }
  end();
  return runs;
}

/** Every decoding of the bytes that could reveal a number, reduced to digits. */
export function digitStreams(bytes: Buffer | string): string[] {
  const texts = typeof bytes === 'string' ? [bytes] : [bytes.toString('utf8'), bytes.toString('utf16le')];
  const twice = (text: string): string => percentDecoded(percentDecoded(text));
  // A decoding that changed nothing is not read again: most files hold no escapes, and a WAL is read in seconds less.
  return texts.flatMap((text) => [...new Set([text, twice(text), jsonUnescaped(text), jsonUnescaped(twice(text))])].flatMap(digitRuns));
}

const PREFIX = 6;

/** Which of the sent digit strings (12+ digits) occur in any of the streams. */
export function sentNumbersIn(streams: readonly string[], sent: Iterable<string>): Set<string> {
  const byPrefix = new Map<string, string[]>();
  for (const number of sent) {
    const list = byPrefix.get(number.slice(0, PREFIX)) ?? [];
    list.push(number);
    byPrefix.set(number.slice(0, PREFIX), list);
  }
  const found = new Set<string>();
  for (const stream of streams) {
    for (let i = 0; i + PREFIX <= stream.length; i++) {
      const candidates = byPrefix.get(stream.slice(i, i + PREFIX));
      if (candidates === undefined) continue;
      for (const number of candidates) if (stream.startsWith(number, i)) found.add(number);
    }
  }
  return found;
}
