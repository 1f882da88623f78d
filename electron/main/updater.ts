/**
 * The desktop's update driver: electron-updater on the enterprise's generic feed. The
 * decisions (when to check, what to offer, when to restart) live in electron/core/updates;
 * this file only translates. Signature and checksum checks stay electron-updater's defaults.
 */
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { UpdateChannel } from '../../shared/updates.js';
import type { UpdateDriver } from '../core/updates/controller.js';
import { UpdateFeedError } from '../core/updates/feed.js';
import type { Logger } from '../core/logging.js';

function asFeedError(err: unknown, fallback: 'feed-unreachable' | 'download-failed'): UpdateFeedError {
  const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`;
  if (/checksum|sha512/i.test(text)) return new UpdateFeedError('checksum-mismatch', 'The downloaded update does not match the feed’s checksum.');
  if (/signature|not signed|code sign/i.test(text)) return new UpdateFeedError('signature-invalid', 'The downloaded update is not signed by the application’s publisher.');
  if (/yaml|parse|latest.*\.yml|Cannot find/i.test(text)) return new UpdateFeedError('feed-invalid', 'The update feed cannot be read.');
  return new UpdateFeedError(fallback, fallback === 'feed-unreachable' ? 'The update feed cannot be reached.' : 'The update download failed.');
}

export function electronUpdaterDriver(updater: AppUpdater, logger: Logger): UpdateDriver {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.fullChangelog = false;
  updater.logger = {
    info: () => undefined,
    warn: (m: unknown) => logger.warn('electron-updater', { detail: String(m).slice(0, 200) }),
    error: (m: unknown) => logger.warn('electron-updater', { detail: String(m).slice(0, 200) }),
  };
  return {
    async latest(feedUrl: string, channel: UpdateChannel) {
      updater.setFeedURL({ provider: 'generic', url: feedUrl, channel: channel === 'stable' ? 'latest' : 'beta' });
      updater.allowPrerelease = channel === 'beta';
      // Setting a channel turns downgrades on in electron-updater; the policy never offers one.
      updater.allowDowngrade = false;
      try {
        const result = await updater.checkForUpdates();
        if (!result) throw new Error('updater inactive');
        return { version: result.updateInfo.version, releaseDate: result.updateInfo.releaseDate ?? null };
      } catch (err) {
        throw asFeedError(err, 'feed-unreachable');
      }
    },
    async download(onProgress) {
      const listener = (p: ProgressInfo) => onProgress({ transferred: p.transferred, total: p.total });
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } catch (err) {
        throw asFeedError(err, 'download-failed');
      } finally {
        updater.off('download-progress', listener);
      }
    },
    install() {
      // After the contract call has answered: quit, install silently, relaunch.
      setImmediate(() => updater.quitAndInstall(false, true));
    },
  };
}
