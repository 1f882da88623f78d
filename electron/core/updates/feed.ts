import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { secureTransportUrl } from '../../../shared/transport.js';
import { channelFileName, type UpdateChannel, type UpdateErrorCode } from '../../../shared/updates.js';

/**
 * A plain-Node reader of electron-builder's generic update feed. The desktop host lets
 * electron-updater do the same work (and its signature checks); this reader serves the tests,
 * which serve a feed on loopback, and the feed-URL check the Settings card shows.
 */
export class UpdateFeedError extends Error {
  constructor(readonly code: UpdateErrorCode, message: string) {
    super(message);
    this.name = 'UpdateFeedError';
  }
}

const FeedFileSchema = z.object({ url: z.string().min(1), sha512: z.string().min(40), size: z.number().int().nonnegative().optional() });
/** The part of `latest.yml` we rely on (electron-builder writes more). */
export const FeedReleaseSchema = z.object({
  version: z.string().min(1),
  files: z.array(FeedFileSchema).min(1),
  releaseDate: z.union([z.string(), z.date()]).optional().transform((d) => (d instanceof Date ? d.toISOString() : (d ?? null))),
});
export type FeedRelease = z.infer<typeof FeedReleaseSchema>;
export type FeedFile = z.infer<typeof FeedFileSchema>;

/**
 * A feed URL is accepted only over https, or http to this machine (a local mirror, the tests).
 * Returns the normalised base (ending in "/") or null.
 */
export function acceptedFeedUrl(raw: string | null | undefined): string | null {
  const url = secureTransportUrl(raw);
  if (!url) return null;
  // A placeholder host (".invalid", RFC 2606) means "built without a feed".
  if (url.hostname.endsWith('.invalid')) return null;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

async function get(url: URL, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch {
    throw new UpdateFeedError('feed-unreachable', 'The update feed cannot be reached.');
  }
  if (!res.ok) throw new UpdateFeedError('feed-unreachable', `The update feed answered ${res.status}.`);
  return res;
}

/** Reads the channel file for a platform from the feed. */
export async function fetchRelease(feedUrl: string, channel: UpdateChannel, platform: string, timeoutMs = 15_000): Promise<FeedRelease> {
  const res = await get(new URL(channelFileName(channel, platform), feedUrl), timeoutMs);
  let parsed: unknown;
  try {
    parsed = yaml.load(await res.text());
  } catch {
    throw new UpdateFeedError('feed-invalid', 'The update feed is not valid YAML.');
  }
  const release = FeedReleaseSchema.safeParse(parsed);
  if (!release.success) throw new UpdateFeedError('feed-invalid', 'The update feed lacks a version or files.');
  return release.data;
}

/** The installer this platform and architecture would use (electron-updater picks the same). */
export function pickFile(release: FeedRelease, platform: string, arch: string): FeedFile {
  const ext = platform === 'darwin' ? '.zip' : platform === 'win32' ? '.exe' : '.AppImage';
  const candidates = release.files.filter((f) => f.url.endsWith(ext));
  const archMatch = candidates.find((f) => f.url.includes(arch));
  return archMatch ?? candidates.find((f) => !/arm64|x64|ia32/.test(f.url)) ?? candidates[0] ?? release.files[0]!;
}

/**
 * Downloads a feed file beside `destDir`, reporting progress, and keeps it only when its
 * SHA-512 matches the feed's (a partial or altered file is deleted).
 */
export async function downloadFile(
  feedUrl: string,
  file: FeedFile,
  destDir: string,
  onProgress: (p: { transferred: number; total: number }) => void,
  timeoutMs = 10 * 60_000,
): Promise<string> {
  const url = new URL(file.url, feedUrl);
  // Installers come from the feed's own origin only.
  if (url.origin !== new URL(feedUrl).origin) throw new UpdateFeedError('feed-invalid', 'The feed points outside its own host.');
  const res = await get(url, timeoutMs);
  if (!res.body) throw new UpdateFeedError('download-failed', 'The update download is empty.');
  const total = file.size ?? Number(res.headers.get('content-length') ?? 0);
  await mkdir(destDir, { recursive: true });
  const name = url.pathname.split('/').pop() || 'update.bin';
  const part = join(destDir, `${name}.part`);
  const hash = createHash('sha512');
  const out = createWriteStream(part, { mode: 0o600 });
  let transferred = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      transferred += chunk.byteLength;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      onProgress({ transferred, total: Math.max(total, transferred) });
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    out.destroy();
    await rm(part, { force: true });
    throw err instanceof UpdateFeedError ? err : new UpdateFeedError('download-failed', 'The update download was interrupted.');
  }
  if (hash.digest('base64') !== file.sha512) {
    await rm(part, { force: true });
    throw new UpdateFeedError('checksum-mismatch', 'The downloaded update does not match the feed’s checksum.');
  }
  const final = join(destDir, name);
  await rename(part, final);
  return final;
}
