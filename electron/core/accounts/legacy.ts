import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { Language } from '../../../shared/contract.js';
import type { UpdateChannel } from '../../../shared/updates.js';
import { openCache, type Cache } from '../db/open.js';
import type { Logger } from '../logging.js';
import type { Preferences } from '../preferences.js';
import { readSetting, writeSetting } from '../settings.js';
import type { CacheKeyProvider } from './keys.js';
import { AccountStore } from './store.js';
import type { KeychainCipher } from '../session/token-file.js';

export interface LegacyInstall {
  dataDir: string;
  store: AccountStore;
  keys: CacheKeyProvider;
  /** The single cache's key as the older version kept it (null: unencrypted); throws when it can no longer be read. */
  legacyKey: () => Buffer | null;
  /** Tokens the older version kept outside the cache (the desktop's keychain file), if any. */
  legacyTokens: () => Tokens | null;
  /** Hands tokens to the account's own token store (the desktop's keychain file in its folder). */
  keepTokens: (accountDir: string, tokens: Tokens) => void;
  preferences: Preferences;
  migrationsDir: string;
  nativeBinding?: string;
  logger: Logger;
}

const SIDECARS = ['', '-wal', '-shm'];

/**
 * An install from before one cache per account kept `<data>/cache.sqlite` for whoever signed
 * in. It becomes the cache of the account that owns it: the one whose session it holds (signed
 * in or locked when the update came). Its file is re-encrypted with that account's own key and
 * moved into the account's folder; the session moves with it. A cache nobody is signed in to has
 * no known owner and is given to no one: deleted when it holds nothing unsent (the cloud has it
 * all), else set aside untouched in `legacy-unclaimed/` and logged. Preferences (language, update
 * channel, idle lock) become this computer's. Safe to repeat after a crash at any step.
 */
export async function migrateLegacyCache(m: LegacyInstall): Promise<void> {
  const file = join(m.dataDir, 'cache.sqlite');
  if (!existsSync(file)) return;
  const tokens = m.legacyTokens();
  let cache: Cache;
  try {
    cache = openCache({ file, key: m.legacyKey(), migrationsDir: m.migrationsDir, nativeBinding: m.nativeBinding });
  } catch (err) {
    // Re-encrypted for its owner before a crash interrupted the move: finish the move.
    const owner = tokens ?? null;
    if (owner) {
      const id = AccountStore.idFor(owner.user.email);
      const dir = m.store.ensure(id);
      try {
        openCache({ file, key: await m.keys.keyFor(dir, id), migrationsDir: m.migrationsDir, nativeBinding: m.nativeBinding }).close();
        return finish(m, file, id, owner);
      } catch {
        /* not that either */
      }
    }
    // Unreadable by anyone here (its key is gone: another computer, a reinstalled system): nothing to keep.
    m.logger.warn('old cache unreadable, removed', { code: err instanceof Error ? err.name : 'unknown' });
    removeLegacy(m, file);
    return;
  }
  const db = cache.db;
  m.preferences.adopt({
    language: readSetting<Language>(db, 'language') ?? undefined,
    updateChannel: readSetting<UpdateChannel>(db, 'updateChannel') ?? undefined,
    idleLockMinutes: readSetting<number>(db, 'idleLockMinutes') ?? undefined,
  });
  for (const k of ['language', 'updateChannel', 'idleLockMinutes']) writeSetting(db, k, null);
  const owner = tokens ?? readSetting<Tokens>(db, 'session');
  if (!owner) {
    const unsent = (cache.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    cache.close();
    if (unsent === 0) {
      removeLegacy(m, file);
      m.logger.info('old cache without an owner removed');
    } else {
      const aside = join(m.dataDir, 'legacy-unclaimed');
      mkdirSync(aside, { recursive: true, mode: 0o700 });
      for (const s of SIDECARS) if (existsSync(file + s)) renameSync(file + s, join(aside, `cache.sqlite${s}`));
      m.logger.warn('old cache without an owner set aside', { unsent });
    }
    return;
  }
  const id = AccountStore.idFor(owner.user.email);
  const dir = m.store.ensure(id);
  writeSetting(db, 'owner', { userId: owner.user.id, tenantId: owner.user.tenantId });
  const key = await m.keys.keyFor(dir, id);
  // Re-encrypted with the account's own key (SQLite3 Multiple Ciphers rekey, out of WAL mode).
  cache.sqlite.pragma('journal_mode = DELETE');
  if (key) cache.sqlite.rekey(key);
  cache.close();
  finish(m, file, id, owner);
}

function finish(m: LegacyInstall, file: string, id: string, owner: Tokens): void {
  const dir = m.store.dir(id);
  for (const s of SIDECARS) if (existsSync(file + s)) renameSync(file + s, join(dir, `cache.sqlite${s}`));
  m.keepTokens(dir, owner);
  m.store.setCurrent(id);
  removeLegacyKeys(m.dataDir);
  m.logger.info('old cache moved to its account');
}

function removeLegacy(m: LegacyInstall, file: string): void {
  for (const s of SIDECARS) rmSync(file + s, { force: true });
  removeLegacyKeys(m.dataDir);
}

/** The older version's single key and token files: each account now has its own (accounts/keys.ts). */
function removeLegacyKeys(dataDir: string): void {
  for (const f of ['cache.key', 'cache.key.enc', 'session.enc']) rmSync(join(dataDir, f), { force: true });
}

/**
 * Where the older version kept its single cache key: an in-process keychain's file, the given key
 * (CUSTOS_DB_KEY, tests), or the browser host's 0600 file. The desktop's core process is handed it
 * by its host instead (`CoreOptions.legacy`).
 */
export function legacyCacheKey(opts: { dataDir: string; keychain?: KeychainCipher; cacheKey?: Buffer | null }): Buffer | null {
  if (opts.keychain) {
    const file = join(opts.dataDir, 'cache.key.enc');
    return existsSync(file) ? Buffer.from(opts.keychain.decrypt(readFileSync(file)), 'hex') : null;
  }
  if (opts.cacheKey !== undefined) return opts.cacheKey;
  const file = join(opts.dataDir, 'cache.key');
  return existsSync(file) ? Buffer.from(readFileSync(file, 'utf8').trim(), 'hex') : null;
}
