/**
 * JSON with object keys sorted at every level, so a hash or signature does not depend on key
 * order: PostgreSQL's jsonb reorders keys, and zod's parse rebuilds objects in schema order.
 *
 * The audit chain hashes events through this (sync pages are signed over their bytes as sent
 * instead): the native JSON.stringify does the writing, with each object's keys re-inserted in
 * sorted order. Two shapes where that would not give the text the audit chain was hashed with
 * take the plain recursive path: keys that look like array indexes (JavaScript enumerates them
 * first, in numeric order), a `__proto__` key, and Date objects (written as {} here, as they always were).
 */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

export function canonicalJson(value: unknown): string {
  let plain = true;
  const text = JSON.stringify(value ?? null, function sortKeys(this: unknown, key: string, v: unknown) {
    if ((this as Record<string, unknown>)[key] instanceof Date) plain = false;
    if (!plain || v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    const sorted: Record<string, unknown> = {};
    for (const k of keys) {
      if (INDEX_LIKE.test(k) || k === '__proto__') plain = false;
      sorted[k] = obj[k];
    }
    return sorted;
  });
  return plain ? text : recursiveCanonicalJson(value);
}

function recursiveCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(recursiveCanonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${recursiveCanonicalJson(obj[k])}`)
    .join(',')}}`;
}
