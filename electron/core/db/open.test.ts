import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openCache } from './open.js';
import { CustosError } from '../../../shared/errors.js';
import { loadMigrations } from './migrate.js';

const migrationsDir = resolve(__dirname, '../../../migrations');
const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-cache-'));
  dirs.push(dir);
  return join(dir, 'cache.sqlite');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CustosError ? err.code : `not a CustosError: ${String(err)}`;
  }
  return undefined;
}

describe('openCache', () => {
  it('creates an encrypted, migrated cache with WAL and secure_delete', () => {
    const file = tempFile();
    const key = randomBytes(32);
    const cache = openCache({ file, key, migrationsDir });
    expect(cache.schemaVersion).toBe(loadMigrations(migrationsDir).length);
    expect(cache.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
    cache.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('probe', '\"plaintext-marker-4711\"')").run();
    cache.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    cache.close();
    // The file on disk must not contain the marker nor the SQLite header.
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('plaintext-marker-4711'))).toBe(false);
    expect(bytes.subarray(0, 15).toString()).not.toBe('SQLite format 3');
    // Reopens with the same key and keeps the data.
    const again = openCache({ file, key, migrationsDir });
    expect(again.sqlite.prepare("SELECT value FROM setting WHERE key = 'probe'").get()).toEqual({ value: '"plaintext-marker-4711"' });
    again.close();
  });

  it('refuses a wrong key with CACHE_UNREADABLE and leaves the file untouched', () => {
    const file = tempFile();
    openCache({ file, key: randomBytes(32), migrationsDir }).close();
    const before = readFileSync(file);
    expect(codeOf(() => openCache({ file, key: randomBytes(32), migrationsDir }))).toBe('CACHE_UNREADABLE');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database', () => {
    const file = tempFile();
    writeFileSync(file, 'this is not a database, just text '.repeat(200));
    expect(codeOf(() => openCache({ file, key: randomBytes(32), migrationsDir }))).toBe('CACHE_UNREADABLE');
  });

  it('refuses a cache written by a newer schema', () => {
    const file = tempFile();
    const key = randomBytes(32);
    openCache({ file, key, migrationsDir }).close();
    const raw = new Database(file);
    raw.pragma(`cipher='chacha20'`);
    raw.key(key);
    raw.pragma('user_version = 999');
    raw.close();
    expect(codeOf(() => openCache({ file, key, migrationsDir }))).toBe('CACHE_NEWER_SCHEMA');
  });

  it('applies pending migrations atomically: a failing migration leaves the old schema', () => {
    const file = tempFile();
    const key = randomBytes(32);
    const dir = mkdtempSync(join(tmpdir(), 'custos-mig-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'meta'));
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ entries: [{ idx: 0, tag: '0000_a' }, { idx: 1, tag: '0001_b' }] }));
    writeFileSync(join(dir, '0000_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '0001_b.sql'), 'CREATE TABLE b (x INTEGER);\n--> statement-breakpoint\nTHIS IS NOT SQL;');
    expect(() => openCache({ file, key, migrationsDir: dir })).toThrow();
    const raw = new Database(file);
    raw.pragma(`cipher='chacha20'`);
    raw.key(key);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name IN ('a','b')").all()).toEqual([]);
    raw.close();
  });
});
