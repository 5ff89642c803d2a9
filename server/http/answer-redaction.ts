// The last line of defence on every answer: a PAN-like number is redacted before
// it leaves the gateway. SHA-256 digests are left whole: a digest's hex holds a
// Luhn-valid run of 13-19 digits about once in a hundred, and redacting it broke
// the digest (a stored report's content hash then failed its own schema at the
// client). A digest here is a whole JSON string of 64 lowercase hex characters;
// no person types one, and every value a person or a source writes was scanned
// for card numbers when it came in.
import { containsPan, redactPans } from '../../shared/pan.ts';

const DIGEST_STRING = /"[0-9a-f]{64}"/g;

/**
 * Letters only, so a placeholder never joins the digits around it into a card number, between NULs, which a
 * JSON text never holds raw, so no value of the answer can be mistaken for one.
 */
const placeholder = (index: number): string => `"\u0000${index.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'.charAt(Number(d)))}\u0000"`;

/** The answer with every PAN-like number outside a digest redacted; the same string when there is none. */
export function redactAnswer(payload: string): string {
  if (!containsPan(payload)) return payload;
  const digests: string[] = [];
  const masked = payload.replace(DIGEST_STRING, (digest) => placeholder(digests.push(digest) - 1));
  if (!containsPan(masked)) return payload;
  // Redaction never touches a placeholder (it holds no digit), so each is put back as it was.
  return digests.reduce((text, digest, index) => text.replace(placeholder(index), digest), redactPans(masked));
}
