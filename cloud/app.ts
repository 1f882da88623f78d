import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { z } from 'zod';
import { DispositionRunsSchema, DryRunResultSchema, HealthSchema, PULL_MAC_HEADER, PullQuerySchema, RefreshRequestSchema, SignInRequestSchema, SubjectAuditQuerySchema, SubjectAuditSchema, RevealAnswerSchema, RevealRequestSchema } from '../shared/cloud-protocol.js';
import { revealField } from './org/reveal.js';
import { CustosError, httpStatusFor, toErrorBody } from '../shared/errors.js';
import { refresh, signIn, signOut, type AuthConfig } from './auth/service.js';
import { syncKeyFor, verifyAccessToken, type AccessClaims } from './auth/tokens.js';
import { PushRequestSchema, PushResponseSchema } from '../shared/commands.js';
import { RetentionPolicyValuesSchema } from '../shared/retention.js';
import { dryRun } from './retention/selection.js';
import { disposeTenant } from './retention/disposition.js';
import { dispositionRuns } from './retention/schedule.js';
import { subjectAuditEvents } from './requests/audit-records.js';
import { visibilityFor } from './scope/visibility.js';
import { pushCommands } from './sync/push.js';
import type { CloudDb, CloudDbKind } from './db/open.js';
import { silentLogger, type CloudLogger } from './logger.js';
import { pullChanges, signedPullAnswer } from './sync/pull.js';
import { sessionAlive } from './auth/sessions.js';
import { SignInThrottle, type SignInLimits } from './auth/throttle.js';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT, endpointAllows, type Endpoint } from './auth/endpoints.js';
import { AuditExportQuerySchema, AuditExportSchema, AuditFacetsSchema, AuditPageQuerySchema, AuditPageSchema, AuditVerdictSchema } from '../shared/audit.js';
import { auditFacets, auditPage, exportAudit, verifyChain } from './audit/queries.js';

export const CLOUD_VERSION = '0.1.0';

export interface CloudAppDeps {
  db: CloudDb;
  kind: CloudDbKind;
  /** HS256 key for access tokens (see auth/secret.ts loadServiceSecret). */
  secret: Uint8Array;
  /** Access token life; 15 min by default. */
  accessTtlSeconds?: number;
  /** Refresh token life; 30 days by default. */
  refreshTtlSeconds?: number;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Sign-in limits (auth/throttle.ts); the defaults unless a test needs small ones. */
  signInLimits?: SignInLimits;
  /**
   * The client's address for sign-in limits. Default: the connection's remote address; behind a
   * reverse proxy, pass one that reads the header the proxy sets (never trust it otherwise).
   */
  clientAddress?: (c: Context) => string;
  logger?: CloudLogger;
  /** How long one push applies commands before answering those done (default PUSH_BUDGET_MS). */
  pushBudgetMs?: number;
}

type Env = { Variables: { claims: AccessClaims } };

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new CustosError(
      'INVALID_INPUT',
      'The request is invalid.',
      r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return r.data;
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new CustosError('INVALID_INPUT', 'The request body must be JSON.');
  }
}

/** The connection's remote address (Node server), or 'unknown' (in-process requests). */
function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createCloudApp(deps: CloudAppDeps): Hono<Env> {
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const auth: AuthConfig = {
    db: deps.db,
    secret: deps.secret,
    accessTtlSeconds: deps.accessTtlSeconds ?? 15 * 60,
    refreshTtlSeconds: deps.refreshTtlSeconds ?? 30 * 24 * 3600,
    now,
    throttle: new SignInThrottle(deps.signInLimits, () => now().getTime()),
    onBackgroundError: (err) => log.error('sign-in audit failed', { error: err instanceof Error ? err.name : 'unknown' }),
  };
  const clientAddress = deps.clientAddress ?? remoteAddress;
  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: no query string, no body, no personal data.
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });

  // Before anything reads it: a body beyond its route's limit is refused (a stream is counted as it arrives).
  app.use(async (c, next) => {
    const maxSize = BODY_LIMITS[`${c.req.method} ${c.req.path}`] ?? DEFAULT_BODY_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new CustosError('PAYLOAD_TOO_LARGE', `The request body is larger than this endpoint accepts (${maxSize} bytes).`, [{ path: 'limit', message: String(maxSize) }]);
      },
    })(c, next);
  });

  app.onError((err, c) => {
    const body = toErrorBody(err);
    if (body.code === 'INTERNAL') log.error('unhandled error', { path: c.req.path, error: err instanceof Error ? err.name + ': ' + err.message : String(err) });
    return c.json({ error: body }, httpStatusFor(body.code) as 400);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such endpoint.' } }, 404));

  app.get('/health', (c) => c.json(HealthSchema.parse({ ok: true, database: deps.kind, version: CLOUD_VERSION })));

  app.post('/auth/sign-in', async (c) => {
    const { email, password } = parse(SignInRequestSchema, await jsonBody(c));
    return c.json(await signIn(auth, email, password, clientAddress(c)));
  });

  app.post('/auth/refresh', async (c) => {
    const { refreshToken } = parse(RefreshRequestSchema, await jsonBody(c));
    return c.json(await refresh(auth, refreshToken));
  });

  app.post('/auth/sign-out', async (c) => {
    const { refreshToken } = parse(RefreshRequestSchema, await jsonBody(c));
    await signOut(auth, refreshToken);
    return c.json({ ok: true });
  });

  const requireSession = async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new CustosError('UNAUTHENTICATED', 'Sign in first.');
    const claims = await verifyAccessToken(deps.secret, m[1], now());
    // A disabled account (offboarded, role revoked) or a signed-out session ends now, not when the access token expires.
    if (!(await sessionAlive(deps.db, claims, now()))) throw new CustosError('UNAUTHENTICATED', 'This session has ended; sign in again.');
    c.set('claims', claims);
    await next();
  };
  app.use('/sync/*', requireSession);
  app.use('/retention/*', requireSession);
  app.use('/requests/*', requireSession);
  app.use('/audit/*', requireSession);
  app.use('/org/*', requireSession);

  /** The endpoint's roles (auth/endpoints.ts), checked before its body is read. */
  const allow = (endpoint: Endpoint) => async (c: Context<Env>, next: () => Promise<void>) => {
    if (!endpointAllows(endpoint, c.get('claims').role)) throw new CustosError('FORBIDDEN', 'Your role may not call this endpoint.');
    await next();
  };

  app.get('/sync/pull', allow('GET /sync/pull'), async (c) => {
    const { cursor, limit, scope } = parse(PullQuerySchema, c.req.query());
    const claims = c.get('claims');
    const visibility = await visibilityFor(deps.db, claims.tid, claims.sub, claims.role);
    const answer = await signedPullAnswer(await pullChanges(deps.db, { tenantId: claims.tid, cursor, limit, scope, visibility, role: claims.role }), syncKeyFor(deps.secret, claims.sid));
    return c.body(answer.body, 200, { 'content-type': 'application/json', [PULL_MAC_HEADER]: answer.mac });
  });

  app.post('/sync/push', allow('POST /sync/push'), async (c) => {
    const { clientId, commands } = parse(PushRequestSchema, await jsonBody(c));
    const claims = c.get('claims');
    const visibility = await visibilityFor(deps.db, claims.tid, claims.sub, claims.role);
    const results = await pushCommands(deps.db, { tenantId: claims.tid, userId: claims.sub, role: claims.role, clientId, visibility, now }, commands, { budgetMs: deps.pushBudgetMs });
    return c.json(PushResponseSchema.parse({ results }));
  });

  app.post('/retention/dry-run', allow('POST /retention/dry-run'), async (c) => {
    const values = parse(RetentionPolicyValuesSchema, await jsonBody(c));
    return c.json(DryRunResultSchema.parse(await dryRun(deps.db, c.get('claims').tid, values, now())));
  });
  app.get('/retention/runs', allow('GET /retention/runs'), async (c) => {
    return c.json(DispositionRunsSchema.parse({ runs: await dispositionRuns(deps.db, c.get('claims').tid) }));
  });
  // Runs the tenant's enabled policies now, in chunks; answers when done with the run's record.
  app.post('/retention/run-now', allow('POST /retention/run-now'), async (c) => {
    const claims = c.get('claims');
    await disposeTenant(deps.db, claims.tid, { now: now(), actorId: claims.sub, trigger: 'manual' });
    return c.json(DispositionRunsSchema.parse({ runs: (await dispositionRuns(deps.db, claims.tid)).slice(0, 1) }));
  });
  // The operation-log events about one person, for their copy (compliance roles only).
  app.post('/requests/audit-records', allow('POST /requests/audit-records'), async (c) => {
    const { subjectId } = parse(SubjectAuditQuerySchema, await jsonBody(c));
    return c.json(SubjectAuditSchema.parse(await subjectAuditEvents(deps.db, c.get('claims').tid, subjectId)));
  });

  // One masked field in clear, recorded on the audit chain with the read (org/reveal.ts).
  app.post('/org/reveal', allow('POST /org/reveal'), async (c) => {
    const { id, field } = parse(RevealRequestSchema, await jsonBody(c));
    const claims = c.get('claims');
    const visibility = await visibilityFor(deps.db, claims.tid, claims.sub, claims.role);
    return c.json(RevealAnswerSchema.parse({ value: await revealField(deps.db, { tenantId: claims.tid, userId: claims.sub, visibility, now: now() }, id, field) }));
  });

  // The audit log viewer: filtered pages (newest first), facets, chain verification, exports.
  app.post('/audit/events', allow('POST /audit/events'), async (c) => {
    const q = parse(AuditPageQuerySchema, await jsonBody(c));
    return c.json(AuditPageSchema.parse(await auditPage(deps.db, c.get('claims').tid, q)));
  });
  app.get('/audit/facets', allow('GET /audit/facets'), async (c) => c.json(AuditFacetsSchema.parse(await auditFacets(deps.db, c.get('claims').tid))));
  app.get('/audit/verify', allow('GET /audit/verify'), async (c) => c.json(AuditVerdictSchema.parse(await verifyChain(deps.db, c.get('claims').tid, now()))));
  app.post('/audit/export', allow('POST /audit/export'), async (c) => {
    const { filter, format } = parse(AuditExportQuerySchema, await jsonBody(c));
    const claims = c.get('claims');
    return c.json(AuditExportSchema.parse(await exportAudit(deps.db, claims.tid, claims.sub, filter, format, now())));
  });

  return app;
}
