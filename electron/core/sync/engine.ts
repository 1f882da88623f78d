import type { SyncStatus } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import type { CloudClient } from '../cloud/client.js';
import type { CacheDb } from '../db/open.js';
import type { Logger } from '../logging.js';
import type { SessionManager } from '../session/session.js';
import { applyPage, clearSyncedData, readCursor, verifyPage } from './apply.js';

export interface SyncEngineOptions {
  pageSize?: number;
  /** Time between background pulls. */
  intervalMs?: number;
  now?: () => Date;
}

/**
 * The pull loop: asks the cloud for changes since the stored cursor, page by page; each page is
 * verified, then applied together with its new cursor in one transaction, so a crash at any
 * point neither loses nor repeats a change. One run at a time; callers share the running one.
 */
export class SyncEngine {
  private state: SyncStatus['state'] = 'idle';
  private progress: SyncStatus['progress'] = null;
  private errorCode: string | null = null;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly pageSize: number;
  private readonly intervalMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: CacheDb,
    private readonly cloud: CloudClient,
    private readonly session: SessionManager,
    private readonly logger: Logger,
    opts: SyncEngineOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? 1000;
    this.intervalMs = opts.intervalMs ?? 15_000;
    this.now = opts.now ?? (() => new Date());
  }

  status(): SyncStatus {
    const { cursor, lastSyncedAt } = readCursor(this.db);
    const state = this.session.user() ? this.state : 'signed_out';
    return { state, progress: this.progress, lastSyncedAt, cursor, errorCode: state === 'signed_out' ? null : this.errorCode };
  }

  /** Runs a pull now (or joins the one running) and resolves when it ends, successful or not. */
  syncNow(): Promise<void> {
    this.running ??= this.pullAll().finally(() => (this.running = null));
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    void this.syncNow();
    this.timer = setInterval(() => void this.syncNow(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pullAll(): Promise<void> {
    if (!this.session.user()) return;
    this.state = 'syncing';
    this.errorCode = null;
    let applied = 0;
    let resets = 0;
    try {
      for (;;) {
        const { cursor, tenantId } = readCursor(this.db);
        const page = await this.cloud.pull(await this.session.accessToken(), cursor, this.pageSize);
        if (page.kind === 'reset') {
          // The server cannot continue from our cursor (scope changed, cursor too old): start over.
          if (++resets > 2) throw new CustosError('SYNC_RESET', 'The cloud keeps asking for a full resync.');
          this.logger.info('sync reset', { reason: page.reason });
          clearSyncedData(this.db);
          applied = 0;
          continue;
        }
        verifyPage(page, { cursor, tenantId });
        applyPage(this.db, page, this.now().toISOString());
        applied += page.changes.length;
        this.progress = { applied, total: applied + page.remaining };
        if (page.to >= page.head || page.changes.length === 0) break;
      }
      this.state = 'idle';
      this.logger.debug('sync done', { applied });
    } catch (err) {
      const code = err instanceof CustosError ? err.code : 'INTERNAL';
      if (code === 'UNAUTHENTICATED') this.session.expire();
      this.state = code === 'CLOUD_UNREACHABLE' ? 'offline' : 'error';
      this.errorCode = code;
      this.logger.warn('sync failed', { code });
    } finally {
      this.progress = null;
    }
  }
}
