import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The definition the audit chain and page signatures were made with: sorted keys, recursively. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`)
    .join(',')}}`;
}

/** A small deterministic generator (xorshift) of JSON-like values with awkward keys and strings. */
function generator(seed: number) {
  let x = seed;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  const KEYS = ['b', 'a', 'Z', 'é', '名', 'a b', '"q"', '10', '9', '0', '01', '-1', '1.5', '__proto__', 'constructor', ''];
  const STRINGS = ['', '钱多多', 'line\nbreak', '\u2028', 'quote"', '\\', 'x'.repeat(50), '\ud83d\ude00'];
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.35) {
      const s = next();
      return s < 0.2 ? null : s < 0.3 ? undefined : s < 0.45 ? Math.round(next() * 1e6) - 5e5 : s < 0.5 ? next() * 1e-3 : s < 0.6 ? next() < 0.5 : STRINGS[Math.floor(next() * STRINGS.length)];
    }
    if (r < 0.55) return Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    const n = Math.floor(next() * 6);
    for (let i = 0; i < n; i++) Object.defineProperty(obj, KEYS[Math.floor(next() * KEYS.length)]!, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
    return obj;
  };
  return value;
}

describe('canonical JSON', () => {
  it('writes exactly what the recursive definition writes, for thousands of awkward values', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const v = generator(seed)(0);
      expect(canonicalJson(v), `seed ${seed}`).toBe(reference(v));
    }
  });

  it('sorts keys at every level, whatever order they came in', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson(JSON.parse('{"b":2,"a":1}')));
  });

  it('keeps the old text for index-like keys, Dates and a top-level undefined', () => {
    expect(canonicalJson({ 9: 'a', 10: 'b', x: 1 })).toBe('{"10":"b","9":"a","x":1}');
    const at = new Date(0);
    expect(canonicalJson({ at })).toBe(reference({ at }));
    expect(canonicalJson(undefined)).toBe('null');
  });
});
