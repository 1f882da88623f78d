import { z } from 'zod';

/**
 * Desktop self-update: the vocabulary the renderer, the core's update controller and the
 * Electron driver share. Enterprises host their own feed (electron-builder's "generic"
 * provider: `latest.yml`, `beta.yml` and the installers in one folder); the console checks it
 * on start and on demand, downloads with progress and offers a restart only when no long job
 * (sync, export, import, disposition) is running.
 */
export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export const UpdateChannelSchema = z.enum(UPDATE_CHANNELS);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const UPDATE_PHASES = ['idle', 'checking', 'up-to-date', 'available', 'downloading', 'ready', 'error'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

/** Why updates are off on this install. */
export const UPDATE_UNSUPPORTED = ['browser-host', 'not-packaged', 'no-feed'] as const;

/** Long work a restart would cut short. */
export const BUSY_REASONS = ['sync', 'export', 'import', 'disposition'] as const;
export type BusyReason = (typeof BUSY_REASONS)[number];

export const UPDATE_ERRORS = ['feed-unreachable', 'feed-invalid', 'download-failed', 'checksum-mismatch', 'signature-invalid'] as const;
export type UpdateErrorCode = (typeof UPDATE_ERRORS)[number];

export const UpdateStateSchema = z.object({
  /** Null when updates work here; else why not (the Settings card says so). */
  unsupported: z.enum(UPDATE_UNSUPPORTED).nullable(),
  currentVersion: z.string(),
  channel: UpdateChannelSchema,
  /** The feed's base URL (from configuration, never from the renderer). */
  feedUrl: z.string().nullable(),
  phase: z.enum(UPDATE_PHASES),
  available: z.object({ version: z.string(), releaseDate: z.string().nullable() }).nullable(),
  progress: z.object({ percent: z.number().min(0).max(100), transferred: z.number().int(), total: z.number().int() }).nullable(),
  lastCheckedAt: z.string().nullable(),
  error: z.enum(UPDATE_ERRORS).nullable(),
  /** Set while an update is ready but a long job holds the restart back. */
  heldBy: z.enum(BUSY_REASONS).nullable(),
});
export type UpdateState = z.infer<typeof UpdateStateSchema>;

/**
 * The file electron-builder's generic provider publishes per channel and platform:
 * `latest.yml` (Windows), `latest-mac.yml`, `latest-linux.yml`; `beta*.yml` for beta.
 */
export function channelFileName(channel: UpdateChannel, platform: string): string {
  const base = channel === 'stable' ? 'latest' : 'beta';
  const suffix = platform === 'darwin' ? '-mac' : platform === 'linux' ? '-linux' : '';
  return `${base}${suffix}.yml`;
}
