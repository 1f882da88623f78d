import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { KeychainBackend } from '../accounts/keychain-policy.js';
import type { TokenStore } from './session.js';

/** The OS keychain's encryption as the desktop host hands it over (Electron safeStorage). */
export interface KeychainCipher {
  encrypt(text: string): Buffer;
  decrypt(bytes: Buffer): string;
  /** What protects it (Linux may have no keyring: 'basic_text'); absent means the OS keychain. */
  backend?(): KeychainBackend;
}

/**
 * Session tokens in a file of their own, encrypted by the OS keychain (DPAPI, Keychain,
 * libsecret): the desktop keeps them only through safeStorage. Written atomically with mode
 * 0600; signing out deletes the file. A file the keychain cannot decrypt (another user,
 * another machine) reads as signed out.
 */
export function keychainTokenStore(file: string, cipher: KeychainCipher): TokenStore {
  return {
    read() {
      if (!existsSync(file)) return null;
      try {
        return JSON.parse(cipher.decrypt(readFileSync(file))) as Tokens;
      } catch {
        return null;
      }
    },
    write(tokens) {
      if (tokens === null) {
        rmSync(file, { force: true });
        return;
      }
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, cipher.encrypt(JSON.stringify(tokens)), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
