import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { Tokens } from '../../shared/cloud-protocol.js';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { adminUser, refreshToken, tenant } from '../db/schema.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import type { SignInThrottle } from './throttle.js';
import { newRefreshToken, sha256, signAccessToken, syncKeyFor } from './tokens.js';
import { appendAudit } from '../audit/chain.js';

export interface AuthConfig {
  db: CloudDb;
  /** Sign-in attempts, limited before any password is checked (auth/throttle.ts). */
  throttle: SignInThrottle;
  /** Where failures that cannot be awaited (see signIn) are reported. */
  onBackgroundError?: (err: unknown) => void;
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now: () => Date;
}

const WRONG = 'Wrong email or password.';
const tooMany = (seconds: number) => new CustosError('WRONG_CREDENTIALS', `Too many attempts, try again in ${seconds} s.`);
const expired = () => new CustosError('SESSION_EXPIRED', 'The session has expired; sign in again.');

type UserRow = typeof adminUser.$inferSelect;

async function issueTokens(cfg: AuthConfig, exec: CloudExecutor, user: UserRow, tenantName: string, familyId: string): Promise<Tokens> {
  const now = cfg.now();
  const access = await signAccessToken(cfg.secret, { sub: user.id, tid: user.tenantId, role: user.role, sid: familyId }, now, cfg.accessTtlSeconds);
  const refresh = newRefreshToken();
  await exec.insert(refreshToken).values({
    tokenHash: sha256(refresh),
    userId: user.id,
    familyId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + cfg.refreshTtlSeconds * 1000),
  });
  return {
    accessToken: access.token,
    accessExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh,
    syncKey: syncKeyFor(cfg.secret, familyId),
    user: { id: user.id, tenantId: user.tenantId, tenantName, name: user.name, email: user.email, role: user.role },
  };
}

async function findUser(exec: CloudExecutor, where: SQL) {
  const rows = await exec
    .select({ user: adminUser, tenantName: tenant.name })
    .from(adminUser)
    .innerJoin(tenant, eq(tenant.id, adminUser.tenantId))
    .where(where);
  return rows[0];
}

/** A stored hash a password can be checked against; an account waiting for activation has none. */
const checkable = (hash: string | undefined) => (hash?.startsWith('$argon2') ? hash : undefined);

/**
 * Signs in. The same answer and the same work whatever the email names: an attempt is reserved
 * first (auth/throttle.ts: too many, and the answer is "Too many attempts" for a real account and
 * an unknown one alike, with no lookup at all), then one Argon2 verification always runs (against
 * a dummy hash when there is no account or no password yet), and a failure's audit record is
 * written without being awaited, so the answer's timing does not tell that an account exists.
 */
export async function signIn(cfg: AuthConfig, email: string, password: string, address = 'unknown'): Promise<Tokens> {
  const attempt = cfg.throttle.reserve(email, address);
  if ('waitSeconds' in attempt) throw tooMany(attempt.waitSeconds);
  let found: Awaited<ReturnType<typeof findUser>>;
  let valid: boolean;
  try {
    found = await findUser(cfg.db, eq(adminUser.email, email.trim().toLowerCase()));
    const hash = checkable(found?.user.passwordHash);
    valid = (await verifyPassword(hash ?? (await dummyPasswordHash()), password)) && hash !== undefined;
  } catch (err) {
    attempt.failed();
    throw err;
  }
  if (!found || !valid) {
    const waitSeconds = attempt.failed();
    if (found) {
      // On the audit chain (the account id, never the password or address tried), after the answer.
      const { user } = found;
      const now = cfg.now();
      void appendAuditNow(cfg, user.tenantId, { actorId: user.id, action: 'auth.signInFailed', targetType: 'adminUser', targetId: user.id, details: { lockedSeconds: waitSeconds } }, now);
    }
    if (waitSeconds > 0) throw tooMany(waitSeconds);
    throw new CustosError('WRONG_CREDENTIALS', WRONG);
  }
  attempt.succeeded();
  const { user, tenantName } = found;
  if (user.disabled) throw new CustosError('FORBIDDEN', 'This account is disabled.');
  const now = cfg.now();
  return cfg.db.transaction(async (tx) => {
    const familyId = ulid();
    await appendAudit(tx, user.tenantId, { actorId: user.id, action: 'auth.signIn', targetType: 'adminUser', targetId: user.id, details: { session: familyId } }, now);
    return issueTokens(cfg, tx, user, tenantName, familyId);
  });
}

/** Appends an audit event in its own transaction, reporting rather than throwing a failure (nobody awaits it). */
async function appendAuditNow(cfg: AuthConfig, tenantId: string, event: Parameters<typeof appendAudit>[2], now: Date): Promise<void> {
  try {
    await cfg.db.transaction((tx) => appendAudit(tx, tenantId, event, now));
  } catch (err) {
    cfg.onBackgroundError?.(err);
  }
}

/**
 * Rotates a refresh token: the presented one is revoked and a new one issued in the same
 * family. Presenting a revoked token (a replay) revokes the whole family.
 */
export async function refresh(cfg: AuthConfig, token: string): Promise<Tokens> {
  const hash = sha256(token);
  const now = cfg.now();
  const outcome = await cfg.db.transaction(async (tx) => {
    const rows = await tx.select().from(refreshToken).where(eq(refreshToken.tokenHash, hash));
    const row = rows[0];
    if (!row) return { error: expired() };
    if (row.revokedAt) {
      await tx
        .update(refreshToken)
        .set({ revokedAt: now })
        .where(and(eq(refreshToken.familyId, row.familyId), isNull(refreshToken.revokedAt)));
      return { error: expired() };
    }
    if (row.expiresAt <= now) return { error: expired() };
    // Conditional revoke: of two concurrent refreshes with one token, only one wins.
    const revoked = await tx
      .update(refreshToken)
      .set({ revokedAt: now })
      .where(and(eq(refreshToken.tokenHash, hash), isNull(refreshToken.revokedAt)))
      .returning({ tokenHash: refreshToken.tokenHash });
    if (revoked.length === 0) return { error: expired() };
    const found = await findUser(tx, eq(adminUser.id, row.userId));
    if (!found || found.user.disabled) return { error: expired() };
    return { tokens: await issueTokens(cfg, tx, found.user, found.tenantName, row.familyId) };
  });
  // Errors are returned, not thrown, so the family revocation above commits.
  if ('error' in outcome) throw outcome.error;
  return outcome.tokens;
}

/** Revokes a refresh token (and its family). Unknown tokens are ignored. */
export async function signOut(cfg: AuthConfig, token: string): Promise<void> {
  const rows = await cfg.db
    .select({ familyId: refreshToken.familyId, userId: refreshToken.userId, tenantId: adminUser.tenantId })
    .from(refreshToken)
    .innerJoin(adminUser, eq(adminUser.id, refreshToken.userId))
    .where(eq(refreshToken.tokenHash, sha256(token)));
  const found = rows[0];
  if (!found) return;
  const now = cfg.now();
  await cfg.db.transaction(async (tx) => {
    const revoked = await tx
      .update(refreshToken)
      .set({ revokedAt: now })
      .where(and(eq(refreshToken.familyId, found.familyId), isNull(refreshToken.revokedAt)))
      .returning({ tokenHash: refreshToken.tokenHash });
    if (revoked.length > 0) await appendAudit(tx, found.tenantId, { actorId: found.userId, action: 'auth.signOut', targetType: 'adminUser', targetId: found.userId, details: { session: found.familyId } }, now);
  });
}
