import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { Tokens } from '../../shared/cloud-protocol.js';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { adminUser, refreshToken, tenant } from '../db/schema.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { newRefreshToken, sha256, signAccessToken, syncKeyFor } from './tokens.js';
import { appendAudit } from '../audit/chain.js';

export interface AuthConfig {
  db: CloudDb;
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now: () => Date;
}

/** Consecutive failures allowed before the account is locked. */
export const MAX_FAILED_SIGN_INS = 5;
/** Lock length after the Nth consecutive failure (N ≥ 5): 30 s, doubling each time, at most 1 h. */
export function lockSecondsFor(failures: number): number {
  if (failures < MAX_FAILED_SIGN_INS) return 0;
  return Math.min(30 * 2 ** (failures - MAX_FAILED_SIGN_INS), 3600);
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

export async function signIn(cfg: AuthConfig, email: string, password: string): Promise<Tokens> {
  const found = await findUser(cfg.db, eq(adminUser.email, email.toLowerCase()));
  if (!found) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw new CustosError('WRONG_CREDENTIALS', WRONG);
  }
  const { user, tenantName } = found;
  const now = cfg.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw tooMany(Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000));
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // The failure, and a lock when it comes, are on the audit chain (the account id, never the password or address tried).
    const lockSeconds = await cfg.db.transaction(async (tx) => {
      const rows = await tx
        .update(adminUser)
        .set({ failedSignIns: sql`${adminUser.failedSignIns} + 1` })
        .where(eq(adminUser.id, user.id))
        .returning({ failedSignIns: adminUser.failedSignIns });
      const failures = rows[0]?.failedSignIns ?? 0;
      const seconds = lockSecondsFor(failures);
      if (seconds > 0) await tx.update(adminUser).set({ lockedUntil: new Date(now.getTime() + seconds * 1000) }).where(eq(adminUser.id, user.id));
      await appendAudit(tx, user.tenantId, { actorId: user.id, action: 'auth.signInFailed', targetType: 'adminUser', targetId: user.id, details: { failures, lockedSeconds: seconds } }, now);
      return seconds;
    });
    if (lockSeconds > 0) throw tooMany(lockSeconds);
    throw new CustosError('WRONG_CREDENTIALS', WRONG);
  }
  if (user.disabled) throw new CustosError('FORBIDDEN', 'This account is disabled.');
  return cfg.db.transaction(async (tx) => {
    if (user.failedSignIns !== 0 || user.lockedUntil) {
      await tx.update(adminUser).set({ failedSignIns: 0, lockedUntil: null }).where(eq(adminUser.id, user.id));
    }
    const familyId = ulid();
    await appendAudit(tx, user.tenantId, { actorId: user.id, action: 'auth.signIn', targetType: 'adminUser', targetId: user.id, details: { session: familyId } }, now);
    return issueTokens(cfg, tx, user, tenantName, familyId);
  });
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
