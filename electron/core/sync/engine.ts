import type { SyncStatus } from '../../../shared/contract.js';
import type { PullPage, PullPageBody } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import type { CloudClient } from '../cloud/client.js';
import type { CacheDb } from '../db/open.js';
import type { Logger } from '../logging.js';
import type { SessionManager } from '../session/session.js';
import { applyPages, buildLookupIndex, clearSyncedData, readCursor, verifyPage, verifyPageMac } from './apply.js';
import { outboxCounts, pendingCommands, recordResults } from './outbox.js';
import { clientId } from '../settings.js';

/**
 * Changes per pulled page: the cloud's maximum. Each page is one transaction in the cache, and a
 * commit rewrites every index page the transaction touched, so fewer, larger pages make a first
 * sync of a large tenant several times faster (npm run bench).
 */
export const DEFAULT_PAGE_SIZE = 5000;

/**
 * Pages that arrive back to back (a first sync) are written together, up to this many rows or
 * until this long after the first of them arrived, whichever comes first: larger transactions
 * ingest faster (each commit rewrites every index page it touched), and the time bound caps
 * the work a crash can throw away. A pull's first page is written on its own, so a pull cut
 * short early has still kept something; while a large backlog remains, the time bound doubles
 * with each batch of the same pull up to 16 times its start.
 * (L tenant, apply path alone: 78 s at 25,000 rows per batch, 66 s at 100,000.)
 */
export const DEFAULT_APPLY_BATCH_ROWS = 100_000;
export const DEFAULT_APPLY_BATCH_MS = 250;
const MAX_APPLY_BATCH_GROWTH = 16;

export interface SyncEngineOptions {
  pageSize?: number;
  /** Rows written per transaction when pages arrive back to back, and the longest wait for more. */
  applyBatchRows?: number;
  applyBatchMs?: number;
  /** Time between background runs while all is well. */
  intervalMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  pushBatch?: number;
  now?: () => Date;
}

/**
 * One sync run = push the outbox, then pull changes since the cursor. Pushing first means the
 * pull brings back the server's rows with our commands applied. Each pulled page is verified
 * (signature, order, cursor) and applied with its new cursor in one transaction; each batch of
 * push answers is recorded in one transaction. A crash at any point loses nothing and repeats
 * nothing the cloud would apply twice (mutation ids make pushes idempotent).
 */
export class SyncEngine {
  private state: SyncStatus['state'] = 'idle';
  private progress: SyncStatus['progress'] = null;
  private errorCode: string | null = null;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private nextRunAt = 0;
  private cancelRequested = false;
  private readonly opts: Required<Omit<SyncEngineOptions, 'now'>> & { now: () => Date };

  constructor(
    private readonly db: CacheDb,
    private readonly cloud: CloudClient,
    private readonly session: SessionManager,
    private readonly logger: Logger,
    opts: SyncEngineOptions = {},
  ) {
    this.opts = {
      pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
      applyBatchRows: opts.applyBatchRows ?? DEFAULT_APPLY_BATCH_ROWS,
      applyBatchMs: opts.applyBatchMs ?? DEFAULT_APPLY_BATCH_MS,
      intervalMs: opts.intervalMs ?? 15_000,
      backoffMs: opts.backoffMs ?? 1_000,
      maxBackoffMs: opts.maxBackoffMs ?? 60_000,
      pushBatch: opts.pushBatch ?? 50,
      now: opts.now ?? (() => new Date()),
    };
  }

  status(): SyncStatus {
    const { cursor, lastSyncedAt } = readCursor(this.db);
    const state = this.session.user() ? this.state : 'signed_out';
    return {
      state,
      ...outboxCounts(this.db),
      nextAttemptAt: this.failures > 0 ? new Date(this.nextRunAt).toISOString() : null,
      progress: this.progress,
      lastSyncedAt,
      cursor,
      errorCode: state === 'signed_out' ? null : this.errorCode,
    };
  }

  /** Runs push + pull now (or joins the run under way) and resolves when it ends, successful or not. */
  syncNow(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** A command was queued: send it soon, without waiting for the next background tick. */
  nudge(): void {
    if (this.failures === 0) this.nextRunAt = 0;
    if (this.timer) setTimeout(() => void this.tick(), 50).unref();
  }

  /** Stops the current run after the page being applied; the next run resumes from the cursor. */
  cancel(): void {
    if (this.running) this.cancelRequested = true;
  }

  /** Resolves once no run is in progress (after a cancel: once the page being applied is done). */
  async settled(): Promise<void> {
    await this.running;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), 1_000);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.cancel();
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running || Date.now() < this.nextRunAt) return;
    await this.syncNow();
  }

  private async run(): Promise<void> {
    if (!this.session.user()) return;
    this.state = 'syncing';
    this.errorCode = null;
    this.cancelRequested = false;
    try {
      await this.push();
      await this.pull();
      this.state = 'idle';
      this.failures = 0;
      this.nextRunAt = Date.now() + this.opts.intervalMs;
    } catch (err) {
      const code = err instanceof CustosError ? err.code : 'INTERNAL';
      if (code === 'UNAUTHENTICATED') this.session.expire();
      this.state = code === 'CLOUD_UNREACHABLE' ? 'offline' : 'error';
      this.errorCode = code;
      this.failures++;
      // Exponential backoff with jitter, so many consoles coming back online do not stampede.
      const delay = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (this.failures - 1));
      this.nextRunAt = Date.now() + delay * (0.75 + Math.random() * 0.5);
      this.logger.warn('sync failed', { code, failures: this.failures });
    } finally {
      this.progress = null;
    }
  }

  private async push(): Promise<void> {
    for (;;) {
      const batch = pendingCommands(this.db, this.opts.pushBatch);
      if (batch.length === 0) return;
      const { results } = await this.cloud.push(await this.session.accessToken(), clientId(this.db), batch);
      const sent = new Set(batch.map((c) => c.id));
      if (results.some((r) => !sent.has(r.id))) throw new CustosError('SYNC_PAGE_REJECTED', 'The cloud answered for commands that were not sent.');
      recordResults(this.db, results);
      this.logger.debug('pushed', { sent: batch.length, answered: results.length });
      if (results.length < batch.length || this.cancelRequested) return;
    }
  }

  private async pull(): Promise<void> {
    let applied = 0;
    let resets = 0;
    // The next page, asked for while the pages before it are being written: the cloud reads and
    // signs it while we apply, instead of each side waiting for the other (bench: first sync).
    let next: Promise<PullPage> | null = null;
    let batchMs = 0; // the first batch: the first page alone, however slow the link
    for (;;) {
      if (this.cancelRequested) return;
      const { cursor, tenantId, scope } = readCursor(this.db);
      // Pages are verified one by one as they arrive, then written together (see applyPages).
      const batch: PullPageBody[] = [];
      let at = { cursor, scope };
      let rows = 0;
      let more = true;
      let reset: string | null = null;
      let firstArrived = Infinity;
      while (more && rows < this.opts.applyBatchRows && performance.now() - firstArrived < batchMs) {
        const page = await (next ?? this.requestPage(at.cursor, at.scope));
        next = null;
        if (page.kind === 'reset') {
          reset = page.reason;
          break;
        }
        verifyPageMac(page, this.session.syncKey());
        verifyPage(page, { cursor: at.cursor, tenantId });
        batch.push(page);
        if (batch.length === 1) firstArrived = performance.now();
        rows += page.changes.length;
        at = { cursor: page.to, scope: page.scope };
        more = page.to < page.head && page.changes.length > 0;
      }
      if (reset !== null && batch.length === 0) {
        // The cloud cannot continue from our cursor (scope changed, cursor too old): start over.
        // The outbox stays; its commands are re-applied as their rows arrive again.
        if (++resets > 2) throw new CustosError('SYNC_RESET', 'The cloud keeps asking for a full resync.');
        this.logger.info('sync reset', { reason: reset });
        clearSyncedData(this.db);
        applied = 0;
        continue;
      }
      if (more && reset === null) {
        next = this.requestPage(at.cursor, at.scope);
        next.catch(() => undefined); // awaited on the next turn; dropped if this one fails
        // Let the request leave before the synchronous write below holds the event loop.
        await new Promise((r) => setImmediate(r));
      }
      applyPages(this.db, batch, this.opts.now().toISOString());
      // Longer batches only while a full batch or more remains: a small backlog keeps committing
      // at the short bound, so a pull cut short early has kept nearly all it received.
      batchMs = batch[batch.length - 1]!.remaining >= this.opts.applyBatchRows ? Math.min(Math.max(batchMs * 2, this.opts.applyBatchMs), this.opts.applyBatchMs * MAX_APPLY_BATCH_GROWTH) : this.opts.applyBatchMs;
      applied += rows;
      this.progress = { applied, total: applied + batch[batch.length - 1]!.remaining };
      // A reset met after some pages: those are kept, and the next turn asks again from their end.
      if (!more && reset === null) {
        buildLookupIndex(this.db);
        return;
      }
    }
  }

  private async requestPage(cursor: number, scope: string): Promise<PullPage> {
    return this.cloud.pull(await this.session.accessToken(), cursor, this.opts.pageSize, scope);
  }
}
