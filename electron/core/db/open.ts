import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { CustosError } from '../../../shared/errors.js';
import * as schema from './schema.js';
import { loadMigrations, migrateCache } from './migrate.js';

export type CacheDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenCacheOptions {
  file: string;
  /** 32-byte key; null opens the file unencrypted (tests that scan raw bytes only). */
  key: Buffer | null;
  migrationsDir: string;
  /** The SQLite binding built for this runtime's ABI (the desktop app in development); default: the package's own. */
  nativeBinding?: string;
}

export interface Cache {
  db: CacheDb;
  sqlite: Database.Database;
  schemaVersion: number;
  encrypted: boolean;
  close(): void;
}

/**
 * Opens (or creates) the encrypted cache: applies the key before any read, proves the key
 * works, sets WAL and secure_delete, then migrates. Every failure is a CustosError with a
 * message a person can act on; the file is never modified when it cannot be read.
 */
export function openCache(opts: OpenCacheOptions): Cache {
  const existed = existsSync(opts.file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(opts.file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw new CustosError('CACHE_UNREADABLE', `The cache file cannot be opened: ${(err as Error).message}`);
  }
  try {
    if (opts.key) {
      sqlite.pragma(`cipher='chacha20'`);
      sqlite.key(opts.key);
    }
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new CustosError(
        'CACHE_UNREADABLE',
        existed
          ? 'The cache file cannot be read with this key: it was encrypted with another key (for example copied from another machine), or it is not a Custos cache. Nothing was changed; move the data folder aside to start a fresh cache.'
          : 'A new cache file could not be created.',
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('secure_delete = ON');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a sync page's inserts land all over the
    // large tables' indexes, and every page read from disk is decrypted again (npm run bench).
    sqlite.pragma('cache_size = -65536');
    const { to } = migrateCache(sqlite, loadMigrations(opts.migrationsDir));
    const db = drizzle({ client: sqlite as never, schema });
    return { db, sqlite, schemaVersion: to, encrypted: opts.key !== null, close: () => sqlite.close() };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
