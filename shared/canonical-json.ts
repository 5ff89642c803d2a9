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
  return encode(value, '', 0, new Set());
}

function encode(value: unknown, path: string, depth: number, ancestors: Set<object>): string {
  if (depth > MAX_DEPTH) throw new CanonicalJsonError(path, `nesting deeper than ${MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      if (!value.isWellFormed()) throw new CanonicalJsonError(path, 'string with a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'non-finite number');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'cyclic structure');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, i) => {
        if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, 'undefined array item');
        return encode(item, `${path}[${i}]`, depth + 1, ancestors);
      });
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(path, 'not a plain object');
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => `${JSON.stringify(key)}:${encode(record[key], `${path}.${key}`, depth + 1, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
