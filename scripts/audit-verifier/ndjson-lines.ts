// Reads a bundle file one line at a time, each checked against its schema, so
// a file of millions of entries never sits in memory. A line that is not what
// the schema says is a BundleProblem naming the file and line, and so is a
// line with fields the schema does not know: the schema would drop them before
// any hash is checked, so they would ride along in a VERIFIED bundle unchecked.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { canonicalJson, CanonicalJsonError } from '../../shared/canonical-json.ts';
import { BundleProblem } from './bundle-problem.ts';

/** Lines longer than this are refused unread: no entry or proof comes near it. */
const MAX_LINE = 1_000_000;

export async function* ndjsonLines<S extends z.ZodType>(path: string, schema: S): AsyncGenerator<z.infer<S>> {
  if (!existsSync(path)) throw new BundleProblem(null, `${path} is missing`);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.length > MAX_LINE) throw new BundleProblem(null, `${path} line ${number} is longer than ${MAX_LINE} characters`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BundleProblem(null, `${path} line ${number} is not JSON`);
    }
    const parsed = schema.safeParse(value);
    const index = typeof value === 'object' && value !== null && typeof (value as { i?: unknown }).i === 'number' ? (value as { i: number }).i : null;
    if (!parsed.success) throw new BundleProblem(index, `${path} line ${number} is not a valid record: ${parsed.error.issues[0]?.message ?? 'schema'}`);
    if (!sameJson(value, parsed.data)) throw new BundleProblem(index, `${path} line ${number} carries fields the bundle format does not have (added after the export)`);
    yield parsed.data;
  }
}

/** Whether the line as written is exactly what the schema read (the bundle schemas transform nothing). */
function sameJson(written: unknown, read: unknown): boolean {
  try {
    return canonicalJson(written) === canonicalJson(read);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return false;
    throw error;
  }
}
