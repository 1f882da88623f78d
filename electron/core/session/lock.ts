import { hash, verify } from '@node-rs/argon2';
import type { CacheDb } from '../db/open.js';
import { readSetting, writeSetting } from '../settings.js';

/** Wrong passwords the lock screen takes before it signs the admin out (the cache is kept). */
export const UNLOCK_ATTEMPTS = 5;

/** Operations a locked console still answers: enough to show the lock screen, unlock or sign out. */
export const ALLOWED_WHILE_LOCKED = new Set(['app.info', 'session.get', 'session.unlock', 'session.signOut', 'settings.setLanguage', 'sync.status', 'updates.status']);

/**
 * The console's lock (after inactivity, or "Lock now"). Kept in the cache, so a reload or a
 * restart stays locked. Unlocking checks the password against an Argon2id verifier made at
 * sign-in, so it works offline; the verifier never leaves the encrypted cache.
 */
export class SessionLock {
  /** Read once, written through: every contract call asks, so it is not read from the cache each time. */
  private locked: boolean;

  constructor(private readonly db: CacheDb) {
    this.locked = readSetting<boolean>(db, 'locked') === true;
  }

  isLocked(): boolean {
    return this.locked;
  }

  lock(): void {
    this.set(true);
  }

  private set(locked: boolean): void {
    this.locked = locked;
    writeSetting(this.db, 'locked', locked ? true : null);
  }

  /** At sign-in: remembers how to check this password later, and starts unlocked. */
  async remember(password: string, hashed?: string): Promise<void> {
    writeSetting(this.db, 'unlockVerifier', hashed ?? (await hash(password)));
    writeSetting(this.db, 'unlockFailures', null);
    this.set(false);
  }

  /** 'unlocked', 'wrong' (with attempts left) or 'exhausted' (the caller signs out). */
  async unlock(password: string): Promise<{ outcome: 'unlocked' } | { outcome: 'wrong'; left: number } | { outcome: 'exhausted' }> {
    const verifier = readSetting<string>(this.db, 'unlockVerifier');
    if (verifier && (await verify(verifier, password).catch(() => false))) {
      writeSetting(this.db, 'unlockFailures', null);
      this.set(false);
      return { outcome: 'unlocked' };
    }
    const failures = (readSetting<number>(this.db, 'unlockFailures') ?? 0) + 1;
    writeSetting(this.db, 'unlockFailures', failures);
    if (!verifier || failures >= UNLOCK_ATTEMPTS) return { outcome: 'exhausted' };
    return { outcome: 'wrong', left: UNLOCK_ATTEMPTS - failures };
  }

  /** At sign-out: nothing of the lock stays. */
  clear(): void {
    this.set(false);
    for (const key of ['unlockVerifier', 'unlockFailures']) writeSetting(this.db, key, null);
  }
}
