import type { ErrorCode } from '../../../shared/errors.js';

/**
 * What protects a secret the desktop hands to the OS keychain (Electron safeStorage):
 * 'os' — DPAPI, macOS Keychain, or a Linux keyring (gnome-libsecret, kwallet);
 * 'basic_text' — Linux without a keyring: Chromium encrypts with a fixed, public password, which
 * is obfuscation, not protection; 'unavailable' — no encryption at all.
 */
export type KeychainBackend = 'os' | 'basic_text' | 'unavailable';

export type KeychainVerdict = { store: true; unprotected: boolean } | { store: false; code: ErrorCode; message: string };

/** Maps safeStorage.getSelectedStorageBackend() (Linux only; other systems always have the OS keychain) to a backend. */
export function backendOf(platform: NodeJS.Platform, available: boolean, selected: string | null): KeychainBackend {
  if (!available) return 'unavailable';
  if (platform !== 'linux') return 'os';
  return selected === 'basic_text' || selected === 'unknown' ? 'basic_text' : 'os';
}

/**
 * Whether a new cache key may be stored: always with a real keychain; with `basic_text` only when
 * the user accepted an unprotected cache (CUSTOS_ACCEPT_UNPROTECTED_CACHE=1); never without one.
 */
export function keychainVerdict(backend: KeychainBackend, acceptUnprotected: boolean): KeychainVerdict {
  if (backend === 'os') return { store: true, unprotected: false };
  if (backend === 'basic_text' && acceptUnprotected) return { store: true, unprotected: true };
  if (backend === 'basic_text')
    return {
      store: false,
      code: 'KEYCHAIN_UNPROTECTED',
      message:
        'No keyring protects secrets on this computer (safeStorage uses its basic_text backend, a fixed password): the cache key would be readable by anyone who copies the profile. Start a keyring (GNOME Keyring, KWallet), or accept an unprotected cache with CUSTOS_ACCEPT_UNPROTECTED_CACHE=1.',
    };
  return { store: false, code: 'KEYCHAIN_UNPROTECTED', message: 'The operating system keychain is not available, so the cache key cannot be protected.' };
}
