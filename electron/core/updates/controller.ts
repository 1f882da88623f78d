import { existsSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { CustosError } from '../../../shared/errors.js';
import type { BusyReason, UpdateChannel, UpdateErrorCode, UpdateState } from '../../../shared/updates.js';
import type { Logger } from '../logging.js';
import { acceptedFeedUrl, downloadFile, fetchRelease, pickFile, UpdateFeedError, type FeedRelease } from './feed.js';
import { CHECK_INTERVAL_MS, START_DELAY_MS, isOffered, restartOffer, shouldCheck, type CheckReason } from './policy.js';

/** What a host plugs in to fetch, download and install (electron-updater on the desktop). */
export interface UpdateDriver {
  /** The newest release the feed lists on this channel (offered or not: the policy decides). */
  latest(feedUrl: string, channel: UpdateChannel): Promise<{ version: string; releaseDate: string | null }>;
  /** Downloads the release `latest` last returned, verifying it. */
  download(onProgress: (p: { transferred: number; total: number }) => void): Promise<void>;
  /** Quits and installs the downloaded release. */
  install(): void;
}

export interface UpdateControllerOptions {
  currentVersion: string;
  /** Null when updates are off here, with the reason. */
  unsupported: UpdateState['unsupported'];
  feedUrl: string | null;
  driver: UpdateDriver | null;
  channel: { get(): UpdateChannel; set(channel: UpdateChannel): void };
  /** The long job a restart would cut short, if any. */
  busy(): BusyReason | null;
  logger: Logger;
  now?: () => Date;
}

/**
 * The update flow: checks on start, every few hours and on demand; downloads an offered
 * release with progress; offers the restart only while no long job runs, and refuses it
 * otherwise. One instance per console.
 */
export class UpdateController {
  private phase: UpdateState['phase'] = 'idle';
  private available: UpdateState['available'] = null;
  private progress: UpdateState['progress'] = null;
  private lastCheckedAt: Date | null = null;
  private error: UpdateErrorCode | null = null;
  private timers: NodeJS.Timeout[] = [];
  /** Bumped on a channel switch so a check begun on the old channel cannot land. */
  private generation = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly opts: UpdateControllerOptions) {}

  private readonly now = () => (this.opts.now ? this.opts.now() : new Date());

  state(): UpdateState {
    const { heldBy } = restartOffer(this.phase, this.opts.busy());
    return {
      unsupported: this.opts.unsupported,
      currentVersion: this.opts.currentVersion,
      channel: this.opts.channel.get(),
      feedUrl: this.opts.feedUrl,
      phase: this.phase,
      available: this.available,
      progress: this.progress,
      lastCheckedAt: this.lastCheckedAt?.toISOString() ?? null,
      error: this.error,
      heldBy,
    };
  }

  /** Checks on start (after a short delay) and then on a timer; the policy skips needless checks. */
  start(): void {
    if (this.opts.unsupported) return;
    const first = setTimeout(() => void this.check('start'), START_DELAY_MS);
    const again = setInterval(() => void this.check('timer'), Math.min(CHECK_INTERVAL_MS, 60 * 60 * 1000));
    first.unref();
    again.unref();
    this.timers.push(first, again);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  /**
   * Reads the feed and, when a newer release is offered, starts its download. Resolves once
   * the check is done (the download goes on; `state()` shows its progress); `settled()` waits
   * for both.
   */
  async check(reason: CheckReason): Promise<UpdateState> {
    if (this.opts.unsupported || !this.opts.driver || !this.opts.feedUrl) {
      if (reason === 'user') throw new CustosError('UPDATE_UNAVAILABLE', 'Updates are not available in this installation.');
      return this.state();
    }
    if (!shouldCheck({ reason, phase: this.phase, lastCheckedAt: this.lastCheckedAt, now: this.now() })) return this.state();
    const driver = this.opts.driver;
    const channel = this.opts.channel.get();
    const generation = this.generation;
    this.phase = 'checking';
    this.error = null;
    let latest: { version: string; releaseDate: string | null };
    try {
      latest = await driver.latest(this.opts.feedUrl, channel);
    } catch (err) {
      if (generation !== this.generation) return this.state();
      this.fail(err, 'feed-unreachable');
      return this.state();
    }
    if (generation !== this.generation) return this.state();
    this.lastCheckedAt = this.now();
    if (!isOffered(latest.version, this.opts.currentVersion, channel)) {
      this.phase = 'up-to-date';
      this.available = null;
      return this.state();
    }
    this.available = latest;
    this.phase = 'downloading';
    this.progress = { percent: 0, transferred: 0, total: 0 };
    this.opts.logger.info('update offered', { version: latest.version, channel });
    this.running = this.download(driver, generation);
    return this.state();
  }

  /** Waits for a running download (tests, and the host before quitting). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async download(driver: UpdateDriver, generation: number): Promise<void> {
    try {
      await driver.download(({ transferred, total }) => {
        if (generation !== this.generation) return;
        this.progress = { percent: total > 0 ? Math.min(100, (transferred / total) * 100) : 0, transferred, total };
      });
      if (generation !== this.generation) return;
      this.phase = 'ready';
      this.progress = null;
    } catch (err) {
      if (generation === this.generation) this.fail(err, 'download-failed');
    }
  }

  private fail(err: unknown, fallback: UpdateErrorCode): void {
    this.phase = 'error';
    this.progress = null;
    this.error = err instanceof UpdateFeedError ? err.code : fallback;
    this.opts.logger.warn('update failed', { error: this.error });
  }

  /** A channel switch forgets what the old channel offered and looks at the new one. */
  async setChannel(channel: UpdateChannel): Promise<UpdateState> {
    if (channel === this.opts.channel.get()) return this.state();
    this.opts.channel.set(channel);
    this.generation += 1;
    this.phase = 'idle';
    this.available = null;
    this.progress = null;
    this.error = null;
    if (this.opts.unsupported) return this.state();
    return this.check('user');
  }

  /** "Restart to update": refused unless an update is downloaded and no long job runs. */
  install(): void {
    if (this.phase !== 'ready' || !this.opts.driver) throw new CustosError('UPDATE_NOT_READY', 'No downloaded update is waiting.');
    const busy = this.opts.busy();
    if (busy) throw new CustosError('UPDATE_BUSY', `A running ${busy} job must finish before the restart.`);
    this.opts.logger.info('update installing', { version: this.available?.version ?? null });
    this.opts.driver.install();
  }
}

/** A driver on the plain-Node feed reader: used by the tests' loopback feed. */
export class FeedDriver implements UpdateDriver {
  private release: FeedRelease | null = null;
  private feedUrl: string | null = null;
  downloaded: string | null = null;

  constructor(
    private readonly opts: { downloadDir: string; platform: string; arch: string; install: (file: string) => void },
  ) {}

  async latest(feedUrl: string, channel: UpdateChannel) {
    this.release = await fetchRelease(feedUrl, channel, this.opts.platform);
    this.feedUrl = feedUrl;
    return { version: this.release.version, releaseDate: this.release.releaseDate };
  }

  async download(onProgress: (p: { transferred: number; total: number }) => void): Promise<void> {
    if (!this.release || !this.feedUrl) throw new UpdateFeedError('download-failed', 'Nothing to download.');
    this.downloaded = await downloadFile(this.feedUrl, pickFile(this.release, this.opts.platform, this.opts.arch), this.opts.downloadDir, onProgress);
  }

  install(): void {
    if (!this.downloaded) throw new CustosError('UPDATE_NOT_READY', 'No downloaded update is waiting.');
    this.opts.install(this.downloaded);
  }
}

/**
 * Where the feed URL comes from, first match wins: `CUSTOS_UPDATE_URL`; a machine's
 * `update.json` (`{"url": …}`, deployable by the enterprise's device management); the
 * `app-update.yml` electron-builder writes into a packaged app from `publish.url`.
 * Only https (or http to this machine) is accepted.
 */
export function resolveFeedUrl(sources: { env?: string | undefined; machineConfigFile?: string; packagedConfigFile?: string }): string | null {
  const fromFile = (file: string | undefined, parse: (text: string) => unknown): string | null => {
    if (!file || !existsSync(file)) return null;
    try {
      const value = parse(readFileSync(file, 'utf8')) as { url?: unknown } | null;
      return typeof value?.url === 'string' ? acceptedFeedUrl(value.url) : null;
    } catch {
      return null;
    }
  };
  return (
    acceptedFeedUrl(sources.env) ??
    fromFile(sources.machineConfigFile, (t) => JSON.parse(t)) ??
    fromFile(sources.packagedConfigFile, (t) => yaml.load(t))
  );
}
