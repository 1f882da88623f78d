import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OfflineVerifier {
  v: 1;
  userId: string;
  tenantId: string;
  /** Argon2id (PHC string, @node-rs/argon2 defaults as in the cloud). */
  hash: string;
  /** Wrong passwords typed offline since the last good one. */
  failures?: number;
}

/** Wrong offline passwords after which the verifier is deleted: the next sign-in must reach the cloud. */
export const OFFLINE_GUESS_LIMIT = 5;

/**
 * Where each account that signed in on this computer keeps its own cache:
 * `<data>/accounts/<id>/` (cache.sqlite, its key, its session, its offline verifier). The id is a
 * digest of the normalised email, so the folder is found from what is typed at sign-in, and the
 * folder names do not list who used the computer. `<data>/current-account` names the account
 * whose session is open, so a restart reopens that one cache and no other.
 */
export class AccountStore {
  constructor(readonly dataDir: string) {}

  /** The account id of an email (lower-cased, trimmed). */
  static idFor(email: string): string {
    return createHash('sha256').update(`custos-account:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
  }

  dir(id: string): string {
    return join(this.dataDir, 'accounts', id);
  }

  cacheFile(id: string): string {
    return join(this.dir(id), 'cache.sqlite');
  }

  ensure(id: string): string {
    const dir = this.dir(id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** Whether this account ever kept a cache here. */
  has(id: string): boolean {
    return existsSync(this.cacheFile(id));
  }

  current(): string | null {
    const file = join(this.dataDir, 'current-account');
    if (!existsSync(file)) return null;
    const id = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{32}$/.test(id) ? id : null;
  }

  setCurrent(id: string | null): void {
    const file = join(this.dataDir, 'current-account');
    if (id === null) return rmSync(file, { force: true });
    writeFileSync(`${file}.tmp`, id, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /**
   * The offline sign-in verifier beside the account's cache: an Argon2id hash of its password
   * (as the cloud keeps it) and whose it is (ids only). Written at every sign-in the cloud
   * accepted; deleted when the cache is wiped or the cloud refuses the account.
   */
  readVerifier(id: string): OfflineVerifier | null {
    const file = join(this.dir(id), 'verifier.json');
    if (!existsSync(file)) return null;
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as OfflineVerifier;
      return v.v === 1 && typeof v.hash === 'string' && v.hash.startsWith('$argon2id$') ? v : null;
    } catch {
      return null;
    }
  }

  writeVerifier(id: string, verifier: Omit<OfflineVerifier, 'v'>): void {
    const file = join(this.ensure(id), 'verifier.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ v: 1, ...verifier }), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /**
   * Counts a wrong password typed offline. At the limit the verifier is deleted, so guessing at the
   * sign-in screen ends and only the cloud can let the account in again. Returns the guesses left.
   */
  recordOfflineFailure(id: string): number {
    const v = this.readVerifier(id);
    if (!v) return 0;
    const failures = (v.failures ?? 0) + 1;
    if (failures >= OFFLINE_GUESS_LIMIT) {
      this.removeVerifier(id);
      return 0;
    }
    this.writeVerifier(id, { userId: v.userId, tenantId: v.tenantId, hash: v.hash, failures });
    return OFFLINE_GUESS_LIMIT - failures;
  }

  removeVerifier(id: string): void {
    rmSync(join(this.dir(id), 'verifier.json'), { force: true });
  }

  /**
   * Sets an account's folder aside for good (its key is gone or it belongs to someone else now):
   * the cache files and everything beside them are deleted.
   */
  discard(id: string): void {
    rmSync(this.dir(id), { recursive: true, force: true });
  }
}
