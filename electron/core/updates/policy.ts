import semver from 'semver';
import type { BusyReason, UpdateChannel, UpdatePhase } from '../../../shared/updates.js';

/**
 * The update flow's decisions, kept apart from any driver so they are tested on their own:
 * when to look at the feed, which version to offer, when a restart may be offered.
 */

/** How often a running console looks at the feed again. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** The first check waits a little after start, so the window and the first sync come first. */
export const START_DELAY_MS = 20_000;

export type CheckReason = 'start' | 'timer' | 'user';

/** Whether to read the feed now. A user's "Check now" always does, unless a check or download runs. */
export function shouldCheck(input: { reason: CheckReason; phase: UpdatePhase; lastCheckedAt: Date | null; now: Date }): boolean {
  if (input.phase === 'checking' || input.phase === 'downloading') return false;
  if (input.reason === 'user') return true;
  // A downloaded update waits for its restart; looking again would only download it twice.
  if (input.phase === 'ready') return false;
  if (input.reason === 'start') return true;
  return input.lastCheckedAt === null || input.now.getTime() - input.lastCheckedAt.getTime() >= CHECK_INTERVAL_MS;
}

/**
 * Whether the feed's version is offered to this install. Never a downgrade (a beta tester who
 * goes back to stable waits until stable passes the beta); the stable channel never offers a
 * pre-release even when a feed lists one.
 */
export function isOffered(candidate: string, current: string, channel: UpdateChannel): boolean {
  const next = semver.valid(candidate);
  const now = semver.valid(current);
  if (!next || !now) return false;
  if (channel === 'stable' && semver.prerelease(next)) return false;
  return semver.gt(next, now);
}

/** The channel a fresh install starts on: beta for a pre-release build, else stable. */
export function defaultChannel(current: string): UpdateChannel {
  return semver.prerelease(current) ? 'beta' : 'stable';
}

/** A downloaded update is offered as "restart to update" only while no long job runs. */
export function restartOffer(phase: UpdatePhase, busy: BusyReason | null): { offer: boolean; heldBy: BusyReason | null } {
  if (phase !== 'ready') return { offer: false, heldBy: null };
  return busy ? { offer: false, heldBy: busy } : { offer: true, heldBy: null };
}
