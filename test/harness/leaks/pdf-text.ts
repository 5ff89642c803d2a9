// What a PDF says, for leak scans: every stream inflated (pdfkit compresses
// its content with Flate), and the text of each TJ/Tj operator decoded from its
// hex or literal strings, one operator per line, plus the document's uncompressed
// parts (its info dictionary), so a card number cannot hide in a compressed stream.
import { inflateSync } from 'node:zlib';

const STREAM = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
const SHOW_TEXT = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9A-Fa-f\s]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g;
const STRING = /<([0-9A-Fa-f\s]*)>|\(((?:[^)\\]|\\.)*)\)/g;

const decoded = (strings: string): string =>
  [...strings.matchAll(STRING)].map((m) => (m[1] === undefined ? (m[2] ?? '').replace(/\\(.)/g, '$1') : Buffer.from(m[1].replace(/\s/g, ''), 'hex').toString('latin1'))).join('');

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts = [raw.replace(STREAM, '')];
  for (const match of raw.matchAll(STREAM)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      content = match[1] ?? '';
    }
    parts.push(content, ...[...content.matchAll(SHOW_TEXT)].map((m) => decoded(m[1] ?? m[2] ?? '')));
  }
  return parts.join('\n');
}
