import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { RoleSchema, type Role } from '../../shared/roles.js';
import { CustosError } from '../../shared/errors.js';

export const JWT_ISSUER = 'custos-cloud';
export const JWT_AUDIENCE = 'custos-console';

export interface AccessClaims {
  sub: string;
  tid: string;
  role: Role;
  /** The sign-in (refresh-token family) this access token belongs to. */
  sid: string;
}

export async function signAccessToken(secret: Uint8Array, claims: AccessClaims, now: Date, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ tid: claims.tid, role: claims.role, sid: claims.sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Verifies an access token; expired → SESSION_EXPIRED, anything else wrong → UNAUTHENTICATED. */
export async function verifyAccessToken(secret: Uint8Array, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      // A token without an expiry would be good for ever: refused, as one without a subject or issue time.
      requiredClaims: ['exp', 'iat', 'sub'],
      currentDate: now,
    });
    const role = RoleSchema.safeParse(payload.role);
    if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || typeof payload.sid !== 'string' || !role.success) {
      throw new CustosError('UNAUTHENTICATED', 'Invalid access token.');
    }
    return { sub: payload.sub, tid: payload.tid, role: role.data, sid: payload.sid };
  } catch (err) {
    if (err instanceof CustosError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new CustosError('SESSION_EXPIRED', 'The session has expired; refresh it or sign in again.');
    throw new CustosError('UNAUTHENTICATED', 'Invalid access token.');
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The key pull pages of one sign-in are signed with (HMAC-SHA256). Derived from the service
 * secret and the refresh-token family, so it needs no storage and survives token rotation.
 */
export function syncKeyFor(secret: Uint8Array, familyId: string): string {
  return createHmac('sha256', secret).update(`custos-sync-key:${familyId}`).digest('base64url');
}
