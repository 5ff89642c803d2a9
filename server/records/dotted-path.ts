// Sets a value at a dotted field name (`card.expiry`) in a plain object, making
// the objects on the way: how a CSV column and a webhook mapping's field both
// name a nested field of a record's data.
export function setDotted(target: Record<string, unknown>, name: string, value: unknown): void {
  const keys = name.split('.');
  const last = keys.pop() ?? name;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[last] = value;
}
