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
 * Several consecutive verified pages in one transaction, the cursor moved to the last one's end
 * (the tests' and the bench baseline's path; the engine writes in steps, see applyStep).
 */
export function applyPages(db: CacheDb, pages: readonly PullPageBody[], now: string): void {
  for (let at: ApplyPosition | null = START; at; ) at = applyStep(db, pages, at, now, Infinity);
}

/** The next change to write: `change` of `pages[page]`. */
export interface ApplyPosition {
  page: number;
  change: number;
}
export const START: ApplyPosition = { page: 0, change: 0 };

/**
 * One step of writing verified pages: from `at`, in one transaction, until the pages end or
 * `budgetMs` has passed (checked every 8 changes), so the core answers contract calls between
 * steps instead of waiting behind a whole batch (issue 21). The cursor moves with the rows:
 * to the page's end when a page is finished, else to the last change written: a page holds every
 * change of its tenant and scope up to its end in version order, so a change's version is an
 * exact resume point, and a crash between steps keeps every step written before it. Pending
 * outbox commands are re-applied on the rows the step touched (rebase). Returns where the next
 * step starts, or null when every page is written.
 */
export function applyStep(db: CacheDb, pages: readonly PullPageBody[], at: ApplyPosition, now: string, budgetMs: number): ApplyPosition | null {
  let { page: p, change: c } = at;
  if (p >= pages.length) return null;
  const started = performance.now();
  db.$client.transaction(() => {
    // A sync from the start (first sync, or after a reset) brings every row: their lookup keys
    // append without the key index, which buildLookupIndex then makes in one sorted pass.
    if (p === 0 && c === 0 && pages[0]!.from === 0) db.$client.exec(`DROP INDEX IF EXISTS ${SUBJECT_KEY_INDEX}`);
    const touched = new Set<string>();
    let page: PullPageBody;
    let cursor: number;
    for (let written = 0; ; ) {
      page = pages[p]!;
      if (c < page.changes.length) {
        const change = page.changes[c++]!;
        applyChange(db, change);
        touched.add(`${change.entity}:${change.id}`);
        cursor = change.version;
        if (++written % 8 === 0 && c < page.changes.length && performance.now() - started >= budgetMs) break;
        continue;
      }
      cursor = page.to;
      p++;
      c = 0;
      if (p >= pages.length || performance.now() - started >= budgetMs) break;
    }
    rebasePending(db, touched);
    const state = { id: 1, tenantId: page.tenantId, cursor, lastSyncedAt: now, scope: page.scope };
    db.insert(syncState).values(state).onConflictDoUpdate({ target: syncState.id, set: state }).run();
  })();
  return p < pages.length ? { page: p, change: c } : null;
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
