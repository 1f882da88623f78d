import { eq } from 'drizzle-orm';
import type { Change, PullPageBody } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { syncState } from '../db/schema.js';
import { SYNCED_TABLES, removeRow, upsertRow } from './entities.js';
import { reapplyPendingCreates, rebasePending } from './outbox.js';

const reject = (why: string): never => {
  throw new CustosError('SYNC_PAGE_REJECTED', `Sync page refused: ${why}.`);
};

/**
 * Checks a page before anything is written: it must continue from our cursor, belong to our
 * tenant, and carry strictly increasing versions inside (from, to]. A page that fails is
 * refused whole, never half-applied.
 */
export function verifyPage(page: PullPageBody, expected: { cursor: number; tenantId: string | null }): void {
  if (page.from !== expected.cursor) reject(`it continues from ${page.from}, the cache is at ${expected.cursor}`);
  if (expected.tenantId !== null && page.tenantId !== expected.tenantId) reject('it belongs to another tenant');
  if (page.to < page.from || page.head < page.to) reject('its cursor range is inconsistent');
  let last = page.from;
  for (const c of page.changes) {
    if (c.version <= last) reject('its changes are out of order');
    if (c.version > page.to) reject('a change lies beyond the page end');
    if (!c.deleted && c.data === null) reject('a live row has no data');
    if (c.data !== null && c.data.id !== c.id) reject('a row id does not match its data');
    last = c.version;
  }
}

function applyChange(db: CacheDb, c: Change): void {
  if (c.deleted || !c.data) removeRow(db, c.entity, c.id);
  else upsertRow(db, c.entity, c.data as Record<string, unknown>, c.version);
}

export interface CursorState {
  cursor: number;
  tenantId: string | null;
  lastSyncedAt: string | null;
  scope: string;
}

export function readCursor(db: CacheDb): CursorState {
  const row = db.select().from(syncState).where(eq(syncState.id, 1)).get();
  return { cursor: row?.cursor ?? 0, tenantId: row?.tenantId ?? null, lastSyncedAt: row?.lastSyncedAt ?? null, scope: row?.scope ?? '' };
}

/**
 * Applies a verified page and stores its cursor in one transaction: all of it or none. Commands
 * still waiting in the outbox are re-applied on top of the fresh server rows (rebase), so the
 * admin keeps seeing their own pending edits.
 */
export function applyPage(db: CacheDb, page: PullPageBody, now: string): void {
  applyPages(db, [page], now);
}

/**
 * Several consecutive verified pages in one transaction, the cursor moved to the last one's end.
 * A commit writes out every index page the transaction touched, and a large tenant's inserts are
 * spread over its indexes, so a first sync commits every few pages rather than every page
 * (npm run bench: the cache ingest rate).
 */
export function applyPages(db: CacheDb, pages: readonly PullPageBody[], now: string): void {
  const last = pages[pages.length - 1];
  if (!last) return;
  db.$client.transaction(() => {
    // A sync from the start (first sync, or after a reset) brings every row: their lookup keys
    // append without the key index, which buildLookupIndex then makes in one sorted pass.
    if (pages[0]!.from === 0) db.$client.exec(`DROP INDEX IF EXISTS ${SUBJECT_KEY_INDEX}`);
    const touched = new Set<string>();
    for (const page of pages)
      for (const c of page.changes) {
        applyChange(db, c);
        touched.add(`${c.entity}:${c.id}`);
      }
    rebasePending(db, touched);
    const state = { id: 1, tenantId: last.tenantId, cursor: last.to, lastSyncedAt: now, scope: last.scope };
    db.insert(syncState).values(state).onConflictDoUpdate({ target: syncState.id, set: state }).run();
  })();
}

const SUBJECT_KEY_INDEX = 'subject_key_key_idx';

/**
 * Makes the index data-subject lookups probe, if a sync from the start dropped it: at the end of
 * that sync, and when the console starts (a sync cut short by a crash leaves the rows and their
 * keys, only the index missing; lookups scan meanwhile). The same definition as migration 0006.
 */
export function buildLookupIndex(db: CacheDb): void {
  db.$client.exec(`CREATE INDEX IF NOT EXISTS ${SUBJECT_KEY_INDEX} ON subject_key (key)`);
}

/**
 * Forgets all synced rows: on reset (the outbox stays, its commands are re-applied as their rows
 * return) or when another tenant signs in (its outbox goes too: those commands belong elsewhere).
 */
export function clearSyncedData(db: CacheDb, opts: { outbox?: boolean } = {}): void {
  db.$client.transaction(() => {
    for (const table of SYNCED_TABLES) db.$client.exec(`DELETE FROM ${table}`);
    db.$client.exec('DELETE FROM sync_state');
    if (opts.outbox) db.$client.exec('DELETE FROM outbox');
    else reapplyPendingCreates(db);
  })();
}
