import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type CloudSchema = typeof schema;
/** The cloud database, whichever driver backs it (node-postgres or PGlite). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CloudDb = PgDatabase<any, CloudSchema>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CloudTx = PgTransaction<any, CloudSchema, ExtractTablesWithRelations<CloudSchema>>;
/** Anything queries can run on: the database or an open transaction. */
export type CloudExecutor = CloudDb | CloudTx;

export type CloudDbKind = 'postgres' | 'pglite';

/** The rows of a raw `execute`: node-postgres answers a result with `rows`, PGlite may answer them bare. */
export const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[]));

export interface OpenCloudDbOptions {
  /** PostgreSQL connection string. When absent, an embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory; in-memory when undefined. Ignored with databaseUrl. */
  dataDir?: string;
  /** Folder holding the drizzle migrations (override for packaged layouts). */
  migrationsDir?: string;
}

export interface CloudDbHandle {
  db: CloudDb;
  kind: CloudDbKind;
  close(): Promise<void>;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens the cloud database and applies pending migrations. */
export async function openCloudDb(opts: OpenCloudDbOptions = {}): Promise<CloudDbHandle> {
  const migrationsFolder = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    try {
      const db = drizzlePg({ client: pool, schema });
      await migratePg(db, { migrationsFolder });
      let closing: Promise<void> | undefined;
      return { db: db as unknown as CloudDb, kind: 'postgres', close: () => (closing ??= pool.end()) };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }
  // PGlite creates its own folder but not the parents of it.
  if (opts.dataDir !== undefined) mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const client = opts.dataDir === undefined ? new PGlite() : new PGlite(opts.dataDir);
  try {
    await client.waitReady;
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= client.closed ? Promise.resolve() : client.close());
    return { db: db as unknown as CloudDb, kind: 'pglite', close };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
