import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { SessionUser } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import type { CloudClient } from '../cloud/client.js';
import type { CacheDb } from '../db/open.js';
import type { Logger } from '../logging.js';
import { readSetting, writeSetting } from '../settings.js';

const SESSION_KEY = 'session';

/** Why the cloud ended a session that began offline. */
export type SessionClosedReason = 'disabled' | 'password_changed' | 'another_account';
const SESSION_CLOSED_MESSAGES: Record<SessionClosedReason, string> = {
  disabled: 'The cloud says this account is disabled: the offline session is closed.',
  password_changed: 'The cloud no longer accepts this password (it was changed): the offline session is closed. Sign in with the new password.',
  another_account: 'This address now belongs to another account in the cloud: the offline session is closed.',
};
/** Refresh a little before expiry so a request never leaves with a token about to die. */
const REFRESH_MARGIN_MS = 30_000;

/** Where the session's tokens are kept between launches. */
export interface TokenStore {
  read(): Tokens | null;
  write(tokens: Tokens | null): void;
}

/** The browser host's store: the encrypted cache's settings. */
export function cacheTokenStore(db: CacheDb): TokenStore {
  return { read: () => readSetting<Tokens>(db, SESSION_KEY), write: (tokens) => writeSetting(db, SESSION_KEY, tokens) };
}

/**
 * The signed-in admin. Tokens live in the host's TokenStore: the desktop's encrypts them with
 * the OS keychain (safeStorage) in a file of their own; the browser host's is the encrypted
 * cache. Refresh tokens rotate on every use.
 */
export class SessionManager {
  private tokens: Tokens | null;
  private refreshing: Promise<Tokens> | null = null;

  constructor(
    private readonly db: CacheDb,
    private readonly cloud: CloudClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    tokenStore?: TokenStore,
  ) {
    this.tokenStore = tokenStore ?? cacheTokenStore(db);
    if (tokenStore) {
      // A host with its own store (the desktop's keychain): tokens an earlier version kept in the cache move there.
      const legacy = readSetting<Tokens>(db, SESSION_KEY);
      if (legacy) {
        if (!tokenStore.read()) tokenStore.write(legacy);
        writeSetting(db, SESSION_KEY, null);
      }
    }
    this.tokens = this.tokenStore.read();
  }

  private readonly tokenStore: TokenStore;
  /** Called when a refreshed token carries another role (the workspace empties the synced rows). */
  onRoleChange: (() => void) | null = null;
  /** An offline session the cloud confirmed (tokens now held), or refused (the session is over, with why). */
  onConfirmed: ((tokens: Tokens) => void) | null = null;
  onRefused: ((reason: SessionClosedReason) => void) | null = null;
  /**
   * Signed in offline against this computer's verifier: the user, and the password kept in
   * memory only until the cloud confirms it (a signed-out account has no refresh token left).
   */
  private offline: { user: SessionUser; password: string } | null = null;
  private confirming: Promise<void> | null = null;

  user(): SessionUser | null {
    return this.tokens?.user ?? this.offline?.user ?? null;
  }

  /** Signed in offline and not yet confirmed by the cloud. */
  isOffline(): boolean {
    return this.tokens === null && this.offline !== null;
  }

  /** Starts a session checked only against this computer's verifier; the cloud confirms it at the first chance. */
  beginOffline(user: SessionUser, password: string): SessionUser {
    this.store(null);
    this.offline = { user, password };
    this.logger.info('signed in offline', { userId: user.id, tenantId: user.tenantId });
    return user;
  }

  /**
   * The cloud's word on an offline session: its sign-in with the same password. Unreachable: still
   * offline (CLOUD_UNREACHABLE). Refused (account disabled, password changed) or another account
   * behind the address: the session ends (SESSION_CLOSED, with the reason).
   */
  private async confirm(): Promise<void> {
    const pending = this.offline;
    if (!pending) return;
    let tokens: Tokens;
    try {
      tokens = await this.cloud.signIn(pending.user.email, pending.password);
    } catch (err) {
      const code = err instanceof CustosError ? err.code : 'INTERNAL';
      if (code === 'WRONG_CREDENTIALS' || code === 'FORBIDDEN') this.refuse(code === 'FORBIDDEN' ? 'disabled' : 'password_changed');
      throw err;
    }
    if (tokens.user.id !== pending.user.id || tokens.user.tenantId !== pending.user.tenantId) {
      void this.cloud.signOut(tokens.refreshToken).catch(() => undefined);
      this.refuse('another_account');
    }
    this.offline = null;
    this.store(tokens);
    this.logger.info('offline sign-in confirmed', { userId: tokens.user.id });
    this.onConfirmed?.(tokens);
  }

  private refuse(reason: SessionClosedReason): never {
    this.offline = null;
    this.store(null);
    this.logger.warn('offline session closed by the cloud', { reason });
    this.onRefused?.(reason);
    throw new CustosError('SESSION_CLOSED', SESSION_CLOSED_MESSAGES[reason]);
  }

  /**
   * Starts a session with tokens the cloud just gave this account. Its cache is the account's
   * own (electron/core/accounts), so nothing of another account is in it to clear.
   */
  begin(tokens: Tokens): SessionUser {
    this.store(tokens);
    this.logger.info('signed in', { userId: tokens.user.id, tenantId: tokens.user.tenantId });
    return tokens.user;
  }

  async signOut(): Promise<void> {
    const tokens = this.tokens;
    this.offline = null;
    this.store(null);
    if (!tokens) return;
    try {
      await this.cloud.signOut(tokens.refreshToken);
    } catch (err) {
      // Offline sign-out still forgets the tokens locally; the refresh token expires in the cloud.
      this.logger.warn('cloud sign-out failed', { code: err instanceof CustosError ? err.code : 'INTERNAL' });
    }
  }

  /** A valid access token, refreshed when close to expiry. Throws SESSION_EXPIRED when refused. */
  async accessToken(): Promise<string> {
    if (!this.tokens && this.offline) {
      this.confirming ??= this.confirm().finally(() => (this.confirming = null));
      await this.confirming;
    }
    const tokens = this.tokens;
    if (!tokens) throw new CustosError('UNAUTHENTICATED', 'Sign in to continue.');
    if (Date.parse(tokens.accessExpiresAt) - REFRESH_MARGIN_MS > this.now()) return tokens.accessToken;
    this.refreshing ??= this.cloud.refresh(tokens.refreshToken).finally(() => (this.refreshing = null));
    try {
      const fresh = await this.refreshing;
      const before = this.tokens?.user.role;
      this.store(fresh);
      // A new role may see less: what it no longer may see goes before anything else is read.
      if (before !== undefined && before !== fresh.user.role) this.onRoleChange?.();
      return fresh.accessToken;
    } catch (err) {
      if (err instanceof CustosError && (err.code === 'SESSION_EXPIRED' || err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN')) {
        this.store(null);
        throw new CustosError('SESSION_EXPIRED', 'Your session has expired. Sign in again; cached data is kept.');
      }
      throw err;
    }
  }

  /** The key the cloud signs this session's pull pages with. */
  syncKey(): string {
    if (!this.tokens) throw new CustosError('UNAUTHENTICATED', 'Sign in to continue.');
    return this.tokens.syncKey;
  }

  /** Called when the cloud refuses a token we believed valid. */
  expire(): void {
    this.offline = null;
    this.store(null);
  }

  private store(tokens: Tokens | null): void {
    this.tokens = tokens;
    this.tokenStore.write(tokens);
  }
}
