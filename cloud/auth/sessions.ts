import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { CloudExecutor } from '../db/open.js';
import { adminUser, refreshToken } from '../db/schema.js';
import type { AccessClaims } from './tokens.js';

/**
 * Whether an access token's session still stands: its account is enabled, still has the role and
 * tenant the token claims, and its sign-in (refresh-token family) still has a live token. One
 * indexed lookup per request, so disabling an account, changing its role or signing out takes
 * effect at once (即时生效), not when the token expires; and a token re-signed with another role
 * (by whoever got the key) gains nothing the account does not hold.
 */
export async function sessionAlive(db: CloudExecutor, claims: AccessClaims, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: adminUser.id })
    .from(adminUser)
    .where(
      and(
        eq(adminUser.id, claims.sub),
        eq(adminUser.disabled, false),
        eq(adminUser.role, claims.role),
        eq(adminUser.tenantId, claims.tid),
        sql`exists (select 1 from ${refreshToken} where ${and(eq(refreshToken.familyId, claims.sid), eq(refreshToken.userId, claims.sub), isNull(refreshToken.revokedAt), gt(refreshToken.expiresAt, now))})`,
      ),
    );
  return rows.length > 0;
}
