import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openCloudDb, type CloudDbHandle } from '../db/open.js';

/**
 * Test backends: in-memory PGlite always; real PostgreSQL when DATABASE_URL (or the local
 * default postgres://postgres@127.0.0.1:5432/postgres) is reachable. Each Postgres test file
 * gets a fresh database `custos_test_<random>` that is dropped afterwards.
 */
export const PG_ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresAvailable: boolean = await reachable(PG_ADMIN_URL);

export interface TestDb extends CloudDbHandle {
  /** Closes the database and drops it (Postgres). */
  dispose(): Promise<void>;
  databaseUrl?: string;
}

/** Runs one statement on the admin database (CREATE/DROP DATABASE). */
export async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, migrated Postgres database for one test file. */
export async function createPostgresTestDb(): Promise<TestDb> {
  const name = `custos_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openCloudDb({ databaseUrl: url.toString() });
  return {
    ...handle,
    databaseUrl: url.toString(),
    async dispose() {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function createPgliteTestDb(): Promise<TestDb> {
  const handle = await openCloudDb({});
  return { ...handle, dispose: () => handle.close() };
}

export const BACKENDS = [
  { name: 'pglite (in-memory)', skip: false, create: createPgliteTestDb },
  {
    name: postgresAvailable ? 'postgres' : `postgres (skipped: no PostgreSQL reachable at DATABASE_URL or ${PG_ADMIN_URL})`,
    skip: !postgresAvailable,
    create: createPostgresTestDb,
  },
] as const;
