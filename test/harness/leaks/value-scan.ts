// A byte scan for exact personal values: every file under the given paths (a
// data folder, a database cluster, an export) is searched for each value's UTF-8
// bytes, as written and in NFKC form. Used to prove an erased person is gone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ValueHit {
  readonly file: string;
  readonly value: string;
}

function filesUnder(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return [];
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) return [];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Each (file, value) where the file holds the value's UTF-8 bytes, or those of its NFKC form. */
export function valuesInFiles(paths: readonly string[], values: readonly string[]): ValueHit[] {
  const needles = values.map((value) => ({ value, forms: [...new Set([value, value.normalize('NFKC')])].map((form) => Buffer.from(form, 'utf8')) }));
  return paths.flatMap(filesUnder).flatMap((file) => {
    // A file may vanish while a live database rotates its segments: it then holds nothing to find.
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return [];
    }
    return needles.filter((n) => n.forms.some((form) => bytes.includes(form))).map((n) => ({ file, value: n.value }));
  });
}
