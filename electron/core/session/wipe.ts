import type { Cache } from '../db/open.js';

/** Settings that are this computer's preferences, not anyone's data: they survive a wipe. */
const KEPT_SETTINGS = ['language', 'updateChannel', 'idleLockMinutes'];

/**
 * Empties the cache file of everything it held (synced rows, search keys, the outbox, sync
 * state, session and client settings), then rebuilds the file and truncates its WAL, so no
 * page of the old data remains (secure_delete zeroes freed pages too). The file stays, empty
 * and encrypted, for the next sign-in.
 */
export function wipeCache(cache: Cache): { tables: number } {
  const sqlite = cache.sqlite;
  const all = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  // A virtual table (FTS) is emptied through itself, never through its shadow tables.
  const tables = all.map((t) => t.name).filter((name) => !virtual.some((v) => name.startsWith(`${v}_`)));
  sqlite.transaction(() => {
    for (const name of tables) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      if (name === 'setting') sqlite.prepare(`DELETE FROM setting WHERE key NOT IN (${KEPT_SETTINGS.map(() => '?').join(', ')})`).run(...KEPT_SETTINGS);
      else sqlite.exec(`DELETE FROM ${quoted}`);
    }
  })();
  sqlite.exec('VACUUM');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { tables: tables.length };
}
