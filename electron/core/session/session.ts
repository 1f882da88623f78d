import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { SessionUser } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import type { CloudClient } from '../cloud/client.js';
import type { CacheDb } from '../db/open.js';
import type { Logger } from '../logging.js';
import { readSetting, writeSetting } from '../settings.js';
import { clearSyncedData, readCursor } from '../sync/apply.js';

const SESSION_KEY = 'session';
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

  user(): SessionUser | null {
    return this.tokens?.user ?? null;
  }

  async signIn(email: string, password: string): Promise<SessionUser> {
    const tokens = await this.cloud.signIn(email, password);
    // A cache holds one tenant's data only: signing in to another tenant starts it afresh.
    const cachedTenant = readCursor(this.db).tenantId;
    if (cachedTenant !== null && cachedTenant !== tokens.user.tenantId) clearSyncedData(this.db, { outbox: true });
    this.store(tokens);
    this.logger.info('signed in', { userId: tokens.user.id, tenantId: tokens.user.tenantId });
    return tokens.user;
  }

  async signOut(): Promise<void> {
    const tokens = this.tokens;
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
    const tokens = this.tokens;
    if (!tokens) throw new CustosError('UNAUTHENTICATED', 'Sign in to continue.');
    if (Date.parse(tokens.accessExpiresAt) - REFRESH_MARGIN_MS > this.now()) return tokens.accessToken;
    this.refreshing ??= this.cloud.refresh(tokens.refreshToken).finally(() => (this.refreshing = null));
    try {
      const fresh = await this.refreshing;
      this.store(fresh);
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
    this.store(null);
  }

  private store(tokens: Tokens | null): void {
    this.tokens = tokens;
    this.tokenStore.write(tokens);
  }
}
