import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { eq } from 'drizzle-orm';
import type { CloudDb } from '../db/open.js';
import { serviceSecret } from '../db/schema.js';

/** The name under which older versions kept the signing key in the database (moved out on start). */
export const JWT_SECRET_NAME = 'jwt_hs256';
/** At least this many bytes of key, whatever its source. */
const MIN_SECRET_BYTES = 32;

/**
 * Where the access-token signing key comes from. It is never kept in the database it protects
 * (a dump, a backup or a readable WAL would hand out super-admin tokens):
 * - `env`: the key itself, base64url (at least 32 bytes) — for several instances sharing one database;
 * - `file`: a 0600 file beside the data, created with a random key on first start;
 * - neither: a random key for this process only (tests, the in-memory cloud).
 */
export interface SecretSource {
  env?: string;
  file?: string;
}

function decode(value: string, where: string): Uint8Array {
  const bytes = Buffer.from(value.trim(), 'base64url');
  if (bytes.length < MIN_SECRET_BYTES) throw new Error(`${where}: the signing key must be at least ${MIN_SECRET_BYTES} bytes, base64url-encoded`);
  return new Uint8Array(bytes);
}

function readKeyFile(file: string): string | null {
  try {
    // Readable by others (an older copy, a careless restore): closed to the owner before use.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Returns the signing key, and deletes any key an older version stored in the database. That key
 * is not reused: it lay in a database other local users could read, so it is treated as known,
 * and consoles signed in under it sign in again once.
 */
export async function loadServiceSecret(db: CloudDb, source: SecretSource = {}): Promise<Uint8Array> {
  let key: Uint8Array;
  if (source.env) key = decode(source.env, 'CUSTOS_JWT_SECRET');
  else if (source.file) {
    let text = readKeyFile(source.file);
    if (text === null) {
      mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 });
      try {
        // Exclusive create: of two processes starting at once, one writes and the other reads what it wrote.
        writeFileSync(source.file, randomBytes(MIN_SECRET_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      text = readKeyFile(source.file) ?? '';
    }
    key = decode(text, source.file);
  } else key = new Uint8Array(randomBytes(MIN_SECRET_BYTES));
  await db.delete(serviceSecret).where(eq(serviceSecret.name, JWT_SECRET_NAME));
  return key;
}
