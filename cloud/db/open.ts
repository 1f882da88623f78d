import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  /** Most PostgreSQL connections this process opens (CUSTOS_DB_POOL_MAX; default 10, at least 2). */
  poolMax?: number;
}

export interface CloudDbHandle {
  db: CloudDb;
  kind: CloudDbKind;
  /**
   * Runs `fn` holding the named lock across every cloud instance on this database (a PostgreSQL
   * session advisory lock, on a connection of its own; in-process on PGlite, which has one
   * process). With `wait: false` it answers `{ ran: false }` at once when another holds it. An
   * instance that dies drops its connection, and with it the lock.
   */
  withLock<T>(name: string, fn: () => Promise<T>, opts?: { wait?: boolean }): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

export const DEFAULT_POOL_MAX = 10;

/** The pool size from CUSTOS_DB_POOL_MAX (see docs/deploy.md for the arithmetic). */
export function poolMaxFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CUSTOS_DB_POOL_MAX;
  if (raw === undefined || raw === '') return DEFAULT_POOL_MAX;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 || n > 1000) throw new Error(`CUSTOS_DB_POOL_MAX must be an integer from 2 to 1000, not "${raw}"`);
  return n;
}

/** Session advisory locks on a dedicated pool connection, keyed by a 64-bit hash of the name. */
function postgresLocks(pool: pg.Pool): CloudDbHandle['withLock'] {
  return async (name, fn, opts) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const key = 'select hashtextextended($1, 0) as k';
      const [{ k }] = (await client.query<{ k: string }>(key, [name])).rows as [{ k: string }];
      if (opts?.wait === false) {
        const got = (await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [k])).rows[0]?.ok;
        if (!got) return { ran: false };
      } else await client.query('select pg_advisory_lock($1::bigint)', [k]);
      try {
        return { ran: true, value: await fn() };
      } finally {
        await client.query('select pg_advisory_unlock($1::bigint)', [k]).catch((err: Error) => (broken = err));
      }
    } finally {
      // A connection whose unlock failed is closed rather than reused, which drops the lock.
      client.release(broken);
    }
  };
}

/** The same contract in one process (PGlite): a queue per name. */
function inProcessLocks(): CloudDbHandle['withLock'] {
  const held = new Map<string, Promise<unknown>>();
  return async (name, fn, opts) => {
    if (opts?.wait === false && held.has(name)) return { ran: false };
    while (held.has(name)) await held.get(name)!.catch(() => undefined);
    const run = fn();
    held.set(name, run);
    try {
      return { ran: true, value: await run };
    } finally {
      held.delete(name);
    }
  };
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Takes every permission but the owner's from a data folder and what it holds: an older
 * version, or PGlite itself, left it 0755 with files 0666, readable and writable by any local
 * user. Symbolic links are left alone (never followed). No-op where modes mean nothing (Windows).
 */
export function closeToOthers(dir: string): void {
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o077) !== 0) chmodSync(path, 0o700);
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if ((st.mode & 0o077) !== 0) chmodSync(path, st.mode & 0o700);
  };
  walk(dir);
}

/** Opens the cloud database and applies pending migrations. */
export async function openCloudDb(opts: OpenCloudDbOptions = {}): Promise<CloudDbHandle> {
  const migrationsFolder = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: Math.max(2, opts.poolMax ?? DEFAULT_POOL_MAX) });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    try {
      const db = drizzlePg({ client: pool, schema });
      const withLock = postgresLocks(pool);
      // Instances started together on an empty database migrate one after the other (the
      // others then find nothing pending); without the lock two of three crashed creating the
      // same schema (issue 29).
      await withLock('custos:migrate', () => migratePg(db, { migrationsFolder }));
      let closing: Promise<void> | undefined;
      return { db: db as unknown as CloudDb, kind: 'postgres', withLock, close: () => (closing ??= pool.end()) };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }
  // PGlite creates its own folder but not the parents of it; the folder is the owner's alone.
  if (opts.dataDir !== undefined) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    closeToOthers(opts.dataDir);
  }
  const client = opts.dataDir === undefined ? new PGlite() : new PGlite(opts.dataDir);
  try {
    await client.waitReady;
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    // What PGlite created on this first open, closed too.
    if (opts.dataDir !== undefined) closeToOthers(opts.dataDir);
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= client.closed ? Promise.resolve() : client.close());
    return { db: db as unknown as CloudDb, kind: 'pglite', withLock: inProcessLocks(), close };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
