import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CustosError } from '../../../shared/errors.js';

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface CacheMigration {
  tag: string;
  statements: string[];
}

/** Reads the drizzle-kit journal and SQL files from a migrations folder. */
export function loadMigrations(migrationsDir: string): CacheMigration[] {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => ({
      tag: e.tag,
      statements: readFileSync(join(migrationsDir, `${e.tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
}

/**
 * Brings the cache to the newest schema. The schema version is SQLite's `user_version`
 * (the number of migrations applied). Pending migrations and the new version are written in
 * one transaction, so a crash leaves either the old schema or the new one, never half.
 * A cache written by a newer Custos is refused rather than guessed at.
 */
export function migrateCache(db: Database.Database, migrations: CacheMigration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > migrations.length) {
    throw new CustosError(
      'CACHE_NEWER_SCHEMA',
      `This cache was written by a newer version of Custos (schema ${from}, this version knows ${migrations.length}). Update Custos, or move the data folder aside to start a fresh cache.`,
    );
  }
  if (from === migrations.length) return { from, to: from };
  db.transaction(() => {
    for (const m of migrations.slice(from)) for (const stmt of m.statements) db.exec(stmt);
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return { from, to: migrations.length };
}
