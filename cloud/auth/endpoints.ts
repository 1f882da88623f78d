import { commands } from '../../shared/commands.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { AUDIT_READERS } from '../../shared/audit.js';

/**
 * Who may call each cloud endpoint, declared once: cloud/app.ts checks it before reading a
 * body, and the RBAC matrix test (tests/security/rbac-matrix.test.ts) calls every route the app
 * registers with every role, so a route missing here fails it.
 */
const RETENTION_ROLES = commands['retention.setPolicy'].roles;
const COMPLIANCE_ROLES = commands['request.register'].roles;

/** Anyone may call these: they authenticate by what they carry (credentials, a refresh token). */
export const PUBLIC_ENDPOINTS = ['GET /health', 'POST /auth/sign-in', 'POST /auth/refresh', 'POST /auth/sign-out'] as const;

/** Signed-in endpoints and the roles allowed. `/sync/push` then checks every command against its own roles. */
export const ENDPOINT_ROLES = {
  'GET /sync/pull': ROLES,
  'POST /sync/push': ROLES,
  'POST /retention/dry-run': RETENTION_ROLES,
  'GET /retention/runs': RETENTION_ROLES,
  'POST /retention/run-now': RETENTION_ROLES,
  'POST /requests/audit-records': COMPLIANCE_ROLES,
  'POST /org/reveal': commands['audit.reveal'].roles,
  'POST /audit/events': AUDIT_READERS,
  'GET /audit/facets': AUDIT_READERS,
  'GET /audit/verify': AUDIT_READERS,
  'POST /audit/export': AUDIT_READERS,
} as const satisfies Record<string, readonly Role[]>;

export type Endpoint = keyof typeof ENDPOINT_ROLES;

export function endpointAllows(endpoint: Endpoint, role: Role): boolean {
  return (ENDPOINT_ROLES[endpoint] as readonly Role[]).includes(role);
}

const KiB = 1024;
/**
 * The largest request body each route reads, checked before a byte is parsed (cloud/app.ts):
 * beyond it the answer is 413 PAYLOAD_TOO_LARGE. Sign-in and tokens are small; a push may carry
 * 100 commands, one of them an import of up to 20,000 employees; everything else is a filter.
 */
export const BODY_LIMITS: Record<string, number> = {
  'POST /auth/sign-in': 16 * KiB,
  'POST /auth/refresh': 16 * KiB,
  'POST /auth/sign-out': 16 * KiB,
  'POST /sync/push': 32 * 1024 * KiB,
};
/** Any other route. */
export const DEFAULT_BODY_LIMIT = 64 * KiB;
