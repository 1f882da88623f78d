import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import { SYNCED_TABLES } from '../../electron/core/sync/entities.js';
import type { OutputOf } from '../../shared/contract.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MIGRATIONS = join(ROOT, 'migrations');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `custos-${prefix}-`));
}

export function openClient(dataDir: string, cloudUrl: string, key: Buffer | null, pageSize = 500): Core {
  return createCore({ dataDir, cacheKey: key, cloudUrl, host: 'browser', migrationsDir: MIGRATIONS, version: 'test', logger: silentLogger, autoSync: false, sync: { pageSize } });
}

export async function call<T = unknown>(core: Core, name: string, input: unknown = {}): Promise<T> {
  const r = await core.invoke(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Syncs until the outbox is empty and the cursor is at the cloud's head (or gives up). */
export async function settle(core: Core, attempts = 30): Promise<OutputOf<'sync.status'>> {
  let status = await call<OutputOf<'sync.status'>>(core, 'sync.now');
  for (let i = 0; i < attempts && !(status.state === 'idle' && status.queued === 0); i++) status = await call<OutputOf<'sync.status'>>(core, 'sync.now');
  return status;
}

/** Every synced row of a cache, in a stable order: two caches that agree dump the same. */
export function dumpCache(core: Core): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of SYNCED_TABLES) {
    const order = table === 'employee_department' ? 'employee_id, department_id' : table === 'employee_search' ? 'employee_id' : table === 'subject_key' ? 'entity, entity_id, key' : 'id';
    out[table] = core.cache.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
  }
  return out;
}

/** The cloud's state as a fresh client sees it: a new cache synced from zero. */
export async function freshDump(cloudUrl: string, key: Buffer, credentials: { email: string; password: string }): Promise<Record<string, unknown[]>> {
  const core = openClient(tempDir('fresh'), cloudUrl, key, 2000);
  await call(core, 'session.signIn', credentials);
  await settle(core);
  const dump = dumpCache(core);
  await core.close();
  return dump;
}
