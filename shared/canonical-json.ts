// Deterministic JSON for hashing (the RFC 8785 subset our audit events use):
// object keys sorted by UTF-16 code units, no whitespace, ECMAScript number and
// string serialization. Anything JSON cannot carry faithfully is refused rather
// than silently changed, because a hash over a lossy encoding proves nothing.

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${message} at ${path || '<root>'}`);
    this.path = path;
  }
}

const MAX_DEPTH = 64;

export function canonicalJson(value: unknown): string {
  // The path is kept as a stack and only turned into text for an error: this runs on every audit append.
  const path: (string | number)[] = [];
  const ancestors = new Set<object>();
  const fail = (message: string): never => {
    throw new CanonicalJsonError(path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''), message);
  };
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

  const encode = (item: unknown, depth: number): string => {
    if (depth > MAX_DEPTH) return fail(`nesting deeper than ${MAX_DEPTH}`);
    if (item === null) return 'null';
    switch (typeof item) {
      case 'boolean':
        return item ? 'true' : 'false';
      case 'string':
        return item.isWellFormed() ? JSON.stringify(item) : fail('string with a lone surrogate');
      case 'number':
        return Number.isFinite(item) ? JSON.stringify(item) : fail('non-finite number');
      case 'object':
        break;
      default:
        return fail(`${typeof item} is not JSON`);
    }
    if (ancestors.has(item)) return fail('cyclic structure');
    ancestors.add(item);
    let out: string;
    if (Array.isArray(item)) {
      const parts: string[] = [];
      for (let i = 0; i < item.length; i++) {
        const element: unknown = item[i];
        path.push(i);
        if (element === undefined) fail('undefined array item');
        parts.push(encode(element, depth + 1));
        path.pop();
      }
      out = `[${parts.join(',')}]`;
    } else {
      const proto: unknown = Object.getPrototypeOf(item);
      if (proto !== Object.prototype && proto !== null) fail('not a plain object');
      const record = item as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort(byCodeUnit)) {
        const member = record[key];
        if (member === undefined) continue;
        path.push(key);
        parts.push(`${JSON.stringify(key)}:${encode(member, depth + 1)}`);
        path.pop();
      }
      out = `{${parts.join(',')}}`;
    }
    ancestors.delete(item);
    return out;
  };
  return encode(value, 0);
}
