import { eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { CacheDb } from './db/open.js';
import { setting } from './db/schema.js';

/** Typed access to the cache's key/value settings. */
export function readSetting<T>(db: CacheDb, key: string): T | null {
  const row = db.select().from(setting).where(eq(setting.key, key)).get();
  return row ? (JSON.parse(row.value) as T) : null;
}

export function writeSetting(db: CacheDb, key: string, value: unknown): void {
  if (value === null) {
    db.delete(setting).where(eq(setting.key, key)).run();
    return;
  }
  const json = JSON.stringify(value);
  db.insert(setting).values({ key, value: json }).onConflictDoUpdate({ target: setting.key, set: { value: json } }).run();
}

/** This cache's client id, made once: the cloud tells our own earlier commands from others' edits. */
export function clientId(db: CacheDb): string {
  const existing = readSetting<string>(db, 'clientId');
  if (existing) return existing;
  const id = ulid();
  writeSetting(db, 'clientId', id);
  return id;
}
