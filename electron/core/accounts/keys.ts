import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CustosError } from '../../../shared/errors.js';
import { keychainVerdict, type KeychainBackend } from './keychain-policy.js';

/**
 * Where each account's 32-byte cache key comes from. The core asks for the key of one account
 * (its folder), only after that account signed in; how the key is protected is the host's
 * business: the desktop hands over the OS keychain (KeychainCipher), the browser host keeps a
 * 0600 key file per account or derives each account's key from CUSTOS_DB_KEY.
 */
export interface CacheKeyProvider {
  /** false only for tests that read the raw file. */
  readonly encrypted: boolean;
  /**
   * The key of the account kept in `dir`, made and stored on first use. Throws CACHE_KEY_LOST
   * when a stored key can no longer be read (the keychain refuses it), KEYCHAIN_UNPROTECTED when
   * the keychain would not protect a new key.
   */
  keyFor(dir: string, accountId: string): Buffer | null | Promise<Buffer | null>;
  /** Forgets the key (the account's cache is set aside). */
  forget(dir: string): void | Promise<void>;
}

/** A provider that answers at once (in the same process as the keychain or the key files). */
export interface SyncKeyProvider<K extends Buffer | null = Buffer | null> {
  readonly encrypted: boolean;
  keyFor(dir: string, accountId: string): K;
  forget(dir: string): void;
}

const KEY_FILE = 'cache.key';
const KEYCHAIN_FILE = 'cache.key.enc';

function writeSecret(file: string, bytes: Buffer | string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, bytes, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** The browser host: a 0600 file per account holding its key in hex. */
export function fileKeyProvider(): SyncKeyProvider<Buffer> {
  return {
    encrypted: true,
    keyFor(dir) {
      const file = join(dir, KEY_FILE);
      if (existsSync(file)) {
        const hex = readFileSync(file, 'utf8').trim();
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new CustosError('CACHE_KEY_LOST', 'This account’s cache key file is damaged.');
        return Buffer.from(hex, 'hex');
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      writeSecret(file, key.toString('hex'));
      return key;
    },
    forget: (dir) => rmSync(join(dir, KEY_FILE), { force: true }),
  };
}

/** CUSTOS_DB_KEY (and tests): one master key, each account's key derived from it (HKDF-SHA256 over the account id). */
export function derivedKeyProvider(master: Buffer): SyncKeyProvider<Buffer> {
  return {
    encrypted: true,
    keyFor: (_dir, accountId) => Buffer.from(hkdfSync('sha256', master, 'custos-cache', `account:${accountId}`, 32)),
    forget: () => undefined,
  };
}

/** Tests that read the raw bytes: no encryption at all. */
export function plainKeyProvider(): SyncKeyProvider<null> {
  return { encrypted: false, keyFor: () => null, forget: () => undefined };
}

/**
 * The OS keychain as the core reaches it. In the desktop's core process it lives in Electron's main
 * process, so each call is a round trip over the protocol (electron/core/process/entry.ts); an
 * in-process core (tests) hands over a KeychainCipher directly. Either fits: every call is awaited.
 */
export interface KeychainAccess {
  encrypt(text: string): Buffer | Promise<Buffer>;
  decrypt(bytes: Buffer): string | Promise<string>;
  /** What protects it (Linux may have no keyring: 'basic_text'); absent means the OS keychain. */
  backend?(): KeychainBackend | Promise<KeychainBackend>;
}

/**
 * The desktop: each account's key stored only encrypted by the OS keychain (DPAPI, Keychain,
 * libsecret/kwallet) in its folder. A key the keychain no longer decrypts (profile copied to
 * another computer, OS reinstalled) is CACHE_KEY_LOST: the caller sets that cache aside and the
 * account downloads again, never a plaintext fallback. On Linux without a keyring (safeStorage's
 * `basic_text` backend) a new key is refused unless the user accepted an unprotected cache.
 */
export function keychainKeyProvider(keychain: KeychainAccess, acceptUnprotected: boolean): CacheKeyProvider {
  return {
    encrypted: true,
    async keyFor(dir) {
      const file = join(dir, KEYCHAIN_FILE);
      if (existsSync(file)) {
        let hex: string;
        try {
          hex = await keychain.decrypt(readFileSync(file));
        } catch {
          throw new CustosError('CACHE_KEY_LOST', 'The operating system keychain can no longer decrypt this account’s cache key (the profile was copied from another computer, or the system was reinstalled).');
        }
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new CustosError('CACHE_KEY_LOST', 'This account’s cache key is damaged.');
        return Buffer.from(hex, 'hex');
      }
      const verdict = keychainVerdict((await keychain.backend?.()) ?? 'os', acceptUnprotected);
      if (!verdict.store) throw new CustosError(verdict.code, verdict.message);
      const key = randomBytes(32);
      const sealed = await keychain.encrypt(key.toString('hex'));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeSecret(file, sealed);
      return key;
    },
    forget: (dir) => rmSync(join(dir, KEYCHAIN_FILE), { force: true }),
  };
}
