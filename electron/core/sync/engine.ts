import type { SyncStatus } from '../../../shared/contract.js';
import { PULL_LIMIT_MAX, type PullPage, type PullPageBody } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import type { CloudClient } from '../cloud/client.js';
import type { CacheDb } from '../db/open.js';
import type { Logger } from '../logging.js';
import type { SessionManager } from '../session/session.js';
import { START, applyStep, buildLookupIndex, clearSyncedData, readCursor, verifyPage, type ApplyPosition } from './apply.js';
import { outboxCounts, pendingCommands, recordResults } from './outbox.js';
import { clientId } from '../settings.js';

/**
 * Changes per pulled page while the console is nearly up to date: small pages keep each pull
 * cheap for the cloud and each write short.
 */
export const DEFAULT_PAGE_SIZE = 5000;

/**
 * Rows written per transaction while catching up: larger transactions ingest faster (each commit
 * rewrites every index page it touched; L tenant, apply path alone: 78 s at 25,000 rows per
 * batch, 66 s at 100,000). While at least this many rows remain, the console asks for pages up to
 * this large (as large as the link carries in DEFAULT_PAGE_BUDGET_MS), so the cloud reads and
 * signs the next one while the console writes the last (L: first sync 118 → 64 s); smaller
 * pages that arrive back to back are written together until this many rows or until
 * DEFAULT_APPLY_BATCH_MS after the first of them arrived, which caps the work a crash can throw
 * away. A pull's first page is written on its own, so a pull cut short early has kept something.
 */
export const DEFAULT_APPLY_BATCH_ROWS = PULL_LIMIT_MAX;
export const DEFAULT_APPLY_BATCH_MS = 250;

/**
 * The longest one write transaction runs while applying pulled pages: the core answers contract
 * calls between such steps, so a query waits behind at most about this much writing (issue 21).
 */
export const DEFAULT_APPLY_STEP_MS = 25;

/**
 * The longest a catch-up page should take to arrive, judged from the pull's first (small) page:
 * on loopback or a LAN pages grow to a whole batch; on a slow link they stay as large as arrive
 * in this time, well inside the request timeout, so a large page cannot keep timing out.
 */
export const DEFAULT_PAGE_BUDGET_MS = 3000;

/**
 * The page size to ask for next: `catchUp` (a whole batch, as far as the link allows) while a
 * batch or more remains, else the normal page size (also for a pull's first page, `remaining`
 * not yet known). The bench's download baseline asks by the same rule.
 */
export function nextPageLimit(remaining: number | null, sizes: { pageSize: number; applyBatchRows: number; catchUp: number }): number {
  return remaining !== null && remaining >= sizes.applyBatchRows ? sizes.catchUp : sizes.pageSize;
}

/** A push request's target duration: batches are sized so one takes about this long. */
export const DEFAULT_PUSH_BUDGET_MS = 1500;

/**
 * The number of commands to push next, from how long the last push took for the commands it
 * answered: as many as fit in `budgetMs` at that pace, at most doubling, between 1 and `max`.
 * Under load (many consoles, one tenant) batches shrink, so a push answers well inside the
 * request timeout instead of timing out while the cloud keeps working; on an idle cloud they
 * grow back to `max`.
 */
export function nextPushBatch(answered: number, elapsedMs: number, sizes: { current: number; max: number; budgetMs: number }): number {
  if (answered <= 0) return Math.max(1, Math.floor(sizes.current / 2));
  const perCommand = Math.max(elapsedMs, 1) / answered;
  const fits = Math.floor(sizes.budgetMs / perCommand);
  return Math.max(1, Math.min(sizes.max, fits, sizes.current * 2));
}

export interface SyncEngineOptions {
  /** Changes per page when fewer than applyBatchRows remain. */
  pageSize?: number;
  /** Rows per page and per transaction while catching up, and the longest wait for more small pages. */
  applyBatchRows?: number;
  applyBatchMs?: number;
  /** See DEFAULT_APPLY_STEP_MS (Infinity: each batch in one transaction, the bench's "before"). */
  applyStepMs?: number;
  /** See DEFAULT_PAGE_BUDGET_MS. */
  pageBudgetMs?: number;
  /** Time between background runs while all is well. */
  intervalMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Most commands per push request (the batch is sized below this by measured latency). */
  pushBatch?: number;
  /** See DEFAULT_PUSH_BUDGET_MS. */
  pushBudgetMs?: number;
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
  /** Commands in the next push, adjusted after each push (nextPushBatch); starts small. */
  private pushSize = 10;
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
      applyStepMs: opts.applyStepMs ?? DEFAULT_APPLY_STEP_MS,
      pageBudgetMs: opts.pageBudgetMs ?? DEFAULT_PAGE_BUDGET_MS,
      intervalMs: opts.intervalMs ?? 15_000,
      backoffMs: opts.backoffMs ?? 1_000,
      maxBackoffMs: opts.maxBackoffMs ?? 60_000,
      pushBatch: opts.pushBatch ?? 50,
      pushBudgetMs: opts.pushBudgetMs ?? DEFAULT_PUSH_BUDGET_MS,
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
      const batch = pendingCommands(this.db, Math.min(this.pushSize, this.opts.pushBatch));
      if (batch.length === 0) return;
      const asked = performance.now();
      const { results } = await this.cloud.push(await this.session.accessToken(), clientId(this.db), batch);
      const elapsed = performance.now() - asked;
      const sent = new Set(batch.map((c) => c.id));
      if (results.some((r) => !sent.has(r.id))) throw new CustosError('SYNC_PAGE_REJECTED', 'The cloud answered for commands that were not sent.');
      recordResults(this.db, results);
      this.pushSize = nextPushBatch(results.length, elapsed, { current: this.pushSize, max: this.opts.pushBatch, budgetMs: this.opts.pushBudgetMs });
      this.logger.debug('pushed', { sent: batch.length, answered: results.length, ms: Math.round(elapsed), next: this.pushSize });
      // A shorter answer is the cloud's time budget: the rest goes in the next, smaller, batch.
      if (results.length === 0 || this.cancelRequested) return;
    }
  }

  private async pull(): Promise<void> {
    let applied = 0;
    let resets = 0;
    // The next page, asked for while the pages before it are being written: the cloud reads and
    // signs it while we apply, instead of each side waiting for the other (bench: first sync).
    let next: Promise<PullPage> | null = null;
    let batchMs = 0; // the first batch: the first page alone, however slow the link
    let remaining: number | null = null; // unknown until the first page arrives
    let catchUpLimit = this.opts.pageSize; // page size while a batch or more remains, from the first page's speed
    const limitFor = (left: number | null) => nextPageLimit(left, { ...this.opts, catchUp: catchUpLimit });
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
        const asked = performance.now();
        const page: PullPage = await (next ?? this.requestPage(at.cursor, at.scope, limitFor(remaining)));
        next = null;
        if (page.kind === 'reset') {
          reset = page.reason;
          break;
        }
        if (remaining === null) catchUpLimit = this.catchUpPageSize(performance.now() - asked);
        verifyPage(page, { cursor: at.cursor, tenantId });
        batch.push(page);
        if (batch.length === 1) firstArrived = performance.now();
        rows += page.changes.length;
        remaining = page.remaining;
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
        batchMs = 0;
        remaining = null;
        continue;
      }
      if (more && reset === null) {
        next = this.requestPage(at.cursor, at.scope, limitFor(remaining));
        next.catch(() => undefined); // awaited on the next turn; dropped if this one fails
        // Let the request leave before the synchronous write below holds the event loop.
        await new Promise((r) => setImmediate(r));
      }
      // Written in steps of at most applyStepMs, each its own transaction with the cursor where
      // it stopped; between steps the event loop answers contract calls (and a cancel stops here).
      const total = applied + rows + batch[batch.length - 1]!.remaining;
      for (let step: ApplyPosition | null = START; step; ) {
        if (step !== START) {
          await new Promise((r) => setImmediate(r));
          if (this.cancelRequested) return;
        }
        const before = step;
        step = applyStep(this.db, batch, step, this.opts.now().toISOString(), this.opts.applyStepMs);
        applied += changesBetween(batch, before, step);
        this.progress = { applied, total };
      }
      batchMs = this.opts.applyBatchMs;
      // A reset met after some pages: those are kept, and the next turn asks again from their end.
      if (!more && reset === null) {
        buildLookupIndex(this.db);
        return;
      }
    }
  }

  /**
   * Pages while catching up: as many changes as arrive within the page budget at the speed the
   * first page came (see DEFAULT_PAGE_BUDGET_MS), from the normal page size up to a whole batch.
   */
  private catchUpPageSize(firstPageMs: number): number {
    const fits = Math.floor((this.opts.pageSize * this.opts.pageBudgetMs) / Math.max(firstPageMs, 1));
    return Math.max(this.opts.pageSize, Math.min(fits, this.opts.applyBatchRows, PULL_LIMIT_MAX));
  }

  private async requestPage(cursor: number, scope: string, limit: number): Promise<PullPage> {
    return this.cloud.pull(await this.session.accessToken(), this.session.syncKey(), cursor, limit, scope);
  }
}

/** The changes of `pages` from `from` up to `to` (null: their end). */
function changesBetween(pages: readonly PullPageBody[], from: ApplyPosition, to: ApplyPosition | null): number {
  const end = to ?? { page: pages.length, change: 0 };
  let n = -from.change;
  for (let p = from.page; p < end.page; p++) n += pages[p]!.changes.length;
  return n + end.change;
}
