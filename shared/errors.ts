import { z } from 'zod';

/**
 * Error codes every side understands. Hosts turn any failure into `{ code, message }`;
 * a stack trace never crosses the boundary.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_OPERATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'WRONG_CREDENTIALS',
  'SESSION_EXPIRED',
  'CLOUD_UNREACHABLE',
  'CACHE_NEWER_SCHEMA',
  'CACHE_UNREADABLE',
  /** This account's cache key can no longer be decrypted (copied profile, reinstalled OS): sign in again, the data downloads again. */
  'CACHE_KEY_LOST',
  /** The OS keychain would not protect the cache key (Linux basic_text), and the user has not accepted an unprotected cache. */
  'KEYCHAIN_UNPROTECTED',
  /** Offline, and this account never signed in on this computer: there is nothing to check the password against. */
  'OFFLINE_SIGN_IN_UNAVAILABLE',
  /** An offline session the cloud then refused (account disabled, password changed): closed, with the reason. */
  'SESSION_CLOSED',
  'SYNC_PAGE_REJECTED',
  'SYNC_RESET',
  'SESSION_LOCKED',
  'UPDATE_UNAVAILABLE',
  'UPDATE_NOT_READY',
  'UPDATE_BUSY',
  /** The core process died and is being restarted: try again in a moment (the renderer shows "reconnecting"). */
  'CORE_RESTARTING',
  /** The core process kept crashing and is no longer restarted; the message names the log file. */
  'CORE_FAILED',
  /** A request body beyond the host's limit (HTTP 413); its issue `limit` carries the limit in bytes. */
  'PAYLOAD_TOO_LARGE',
  /** No cloud is chosen yet (a packaged app's first run): the renderer shows the first-run screen. */
  'SETUP_REQUIRED',
  'INTERNAL',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field-level detail for INVALID_INPUT: path → message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export class CustosError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
    this.name = 'CustosError';
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** Maps any thrown value to a safe error body: known errors keep their code, the rest become INTERNAL. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof CustosError) return err.toBody();
  return { code: 'INTERNAL', message: 'An internal error occurred. See the host log for details.' };
}

/** HTTP status for an error code, used by both the browser host and the cloud. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
    case 'WRONG_CREDENTIALS':
    case 'SESSION_EXPIRED':
    case 'SESSION_CLOSED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'UNKNOWN_OPERATION':
      return 404;
    case 'SYNC_RESET':
    case 'CACHE_KEY_LOST':
    case 'KEYCHAIN_UNPROTECTED':
    case 'UPDATE_NOT_READY':
    case 'UPDATE_BUSY':
      return 409;
    case 'UPDATE_UNAVAILABLE':
      return 501;
    case 'SESSION_LOCKED':
      return 423;
    case 'SETUP_REQUIRED':
      return 428;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'CLOUD_UNREACHABLE':
    case 'CORE_RESTARTING':
    case 'CORE_FAILED':
    case 'OFFLINE_SIGN_IN_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}
