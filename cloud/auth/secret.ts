import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { CloudDb } from '../db/open.js';
import { serviceSecret } from '../db/schema.js';

export const JWT_SECRET_NAME = 'jwt_hs256';

/**
 * Returns a named 32-byte secret, generating and storing it on first use. Safe against two
 * processes starting at once: the insert ignores a conflict and the stored value wins.
 */
export async function loadServiceSecret(db: CloudDb, name = JWT_SECRET_NAME): Promise<Uint8Array> {
  await db
    .insert(serviceSecret)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing({ target: serviceSecret.name });
  const rows = await db.select({ value: serviceSecret.value }).from(serviceSecret).where(eq(serviceSecret.name, name));
  const value = rows[0]?.value;
  if (!value) throw new Error(`service secret ${name} missing`);
  return new Uint8Array(Buffer.from(value, 'base64url'));
}
