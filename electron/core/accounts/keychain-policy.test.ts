import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CustosError } from '../../../shared/errors.js';
import type { KeychainCipher } from '../session/token-file.js';
import { backendOf, keychainVerdict } from './keychain-policy.js';
import { keychainKeyProvider } from './keys.js';

/** The desktop's keychain decisions, under Node: what a backend is worth, and a key that can no longer be read. */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'custos-keychain-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function keychain(backend: 'os' | 'basic_text' | 'unavailable' = 'os'): KeychainCipher {
  const key = randomBytes(32);
  return {
    encrypt(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(bytes) {
      const d = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      d.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([d.update(bytes.subarray(28)), d.final()]).toString('utf8');
    },
    backend: () => backend,
  };
}

const codeOf = async (f: () => unknown) => {
  try {
    await f();
    return 'ok';
  } catch (err) {
    return err instanceof CustosError ? err.code : 'other';
  }
};

describe('keychain backends', () => {
  it('takes Windows and macOS keychains and Linux keyrings as protection, basic_text and unknown not', () => {
    expect(backendOf('win32', true, null)).toBe('os');
    expect(backendOf('darwin', true, null)).toBe('os');
    expect(backendOf('linux', true, 'gnome_libsecret')).toBe('os');
    expect(backendOf('linux', true, 'kwallet6')).toBe('os');
    expect(backendOf('linux', true, 'basic_text')).toBe('basic_text');
    expect(backendOf('linux', true, 'unknown')).toBe('basic_text');
    expect(backendOf('linux', false, 'gnome_libsecret')).toBe('unavailable');
  });

  it('stores a new key under basic_text only when the user accepted an unprotected cache, never without a keychain', () => {
    expect(keychainVerdict('os', false)).toEqual({ store: true, unprotected: false });
    expect(keychainVerdict('basic_text', false)).toMatchObject({ store: false, code: 'KEYCHAIN_UNPROTECTED', message: expect.stringMatching(/basic_text.*CUSTOS_ACCEPT_UNPROTECTED_CACHE=1/s) });
    expect(keychainVerdict('basic_text', true)).toEqual({ store: true, unprotected: true });
    expect(keychainVerdict('unavailable', true)).toMatchObject({ store: false, code: 'KEYCHAIN_UNPROTECTED' });
  });
});

describe('keychain key provider', () => {
  it('keeps each account key only encrypted, and gives it back the same', async () => {
    const dir = tempDir();
    const kc = keychain();
    const keys = keychainKeyProvider(kc, false);
    const a = (await keys.keyFor(dir, 'a'))!;
    expect(a).toHaveLength(32);
    expect((await keys.keyFor(dir, 'a'))!.equals(a)).toBe(true);
    expect(readdirSync(dir)).toEqual(['cache.key.enc']);
    expect(readFileSync(join(dir, 'cache.key.enc')).includes(Buffer.from(a.toString('hex')))).toBe(false);
  });

  it('refuses to store a key under basic_text, and writes nothing', async () => {
    const dir = join(tempDir(), 'acct');
    expect(await codeOf(() => keychainKeyProvider(keychain('basic_text'), false).keyFor(dir, 'a'))).toBe('KEYCHAIN_UNPROTECTED');
    expect(existsSync(dir)).toBe(false);
    expect(await keychainKeyProvider(keychain('basic_text'), true).keyFor(dir, 'a')).toHaveLength(32);
  });

  it('a key the keychain can no longer decrypt is CACHE_KEY_LOST, never a new key or a plaintext one', async () => {
    const dir = tempDir();
    await keychainKeyProvider(keychain(), false).keyFor(dir, 'a');
    const before = readFileSync(join(dir, 'cache.key.enc'));
    // Another computer's keychain (the profile was copied), or a reinstalled system.
    const elsewhere = keychainKeyProvider(keychain(), false);
    expect(await codeOf(() => elsewhere.keyFor(dir, 'a'))).toBe('CACHE_KEY_LOST');
    expect(readFileSync(join(dir, 'cache.key.enc')).equals(before)).toBe(true);
    await elsewhere.forget(dir);
    expect(await elsewhere.keyFor(dir, 'a')).toHaveLength(32);
  });
});
