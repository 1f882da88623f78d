import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import {
  HealthSchema,
  PULL_MAC_HEADER,
  PullPageSchema,
  TokensSchema,
  type PullPage,
  type Tokens,
} from '../../../shared/cloud-protocol.js';
import { CustosError, ErrorBodySchema } from '../../../shared/errors.js';
import { secureTransportUrl } from '../../../shared/transport.js';
import { PushResponseSchema, type PushResponse, type PushedCommand } from '../../../shared/commands.js';
import { DispositionRunsSchema, DryRunResultSchema, RevealAnswerSchema, SubjectAuditSchema, type RevealRequest, type DispositionRuns, type DryRunResult, type SubjectAudit } from '../../../shared/cloud-protocol.js';
import type { RetentionPolicyValues } from '../../../shared/retention.js';
import { AuditExportSchema, AuditFacetsSchema, AuditPageSchema, AuditVerdictSchema, type AuditFilter, type AuditPageQuery } from '../../../shared/audit.js';

/**
 * The core's HTTP client for the cloud service. Every answer is validated against the shared
 * protocol schemas; a network failure becomes CLOUD_UNREACHABLE, a cloud error keeps its code.
 */
export class CloudClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {
    // Tokens and the sync-page key travel in the answers: in the clear only to this machine.
    if (!secureTransportUrl(baseUrl)) throw new CustosError('INVALID_INPUT', 'The cloud address must start with https:// (http:// only to this computer).');
  }

  health() {
    return this.request('GET', '/health', HealthSchema);
  }

  signIn(email: string, password: string): Promise<Tokens> {
    return this.request('POST', '/auth/sign-in', TokensSchema, { body: { email, password } });
  }

  refresh(refreshToken: string): Promise<Tokens> {
    return this.request('POST', '/auth/refresh', TokensSchema, { body: { refreshToken } });
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.request('POST', '/auth/sign-out', null, { body: { refreshToken } });
  }

  /** One page of changes after `cursor`, refused unless signed with the session's `syncKey`. */
  pull(accessToken: string, syncKey: string, cursor: number, limit: number, scope: string): Promise<PullPage> {
    const query = new URLSearchParams({ cursor: String(cursor), limit: String(limit), scope });
    return this.request('GET', `/sync/pull?${query}`, PullPageSchema, { accessToken, signedWith: syncKey });
  }

  retentionDryRun(accessToken: string, policy: RetentionPolicyValues): Promise<DryRunResult> {
    return this.request('POST', '/retention/dry-run', DryRunResultSchema, { accessToken, body: policy });
  }

  retentionRuns(accessToken: string): Promise<DispositionRuns> {
    return this.request('GET', '/retention/runs', DispositionRunsSchema, { accessToken });
  }

  subjectAudit(accessToken: string, subjectType: 'employee' | 'contact', subjectId: string): Promise<SubjectAudit> {
    return this.request('POST', '/requests/audit-records', SubjectAuditSchema, { accessToken, body: { subjectType, subjectId } });
  }

  /** One masked field in clear; the cloud records the reveal before answering. */
  reveal(accessToken: string, input: RevealRequest) {
    return this.request('POST', '/org/reveal', RevealAnswerSchema, { accessToken, body: input });
  }

  auditEvents(accessToken: string, query: AuditPageQuery) {
    return this.request('POST', '/audit/events', AuditPageSchema, { accessToken, body: query });
  }

  auditFacets(accessToken: string) {
    return this.request('GET', '/audit/facets', AuditFacetsSchema, { accessToken });
  }

  auditVerify(accessToken: string) {
    return this.request('GET', '/audit/verify', AuditVerdictSchema, { accessToken });
  }

  auditExport(accessToken: string, filter: AuditFilter, format: 'csv' | 'json') {
    return this.request('POST', '/audit/export', AuditExportSchema, { accessToken, body: { filter, format } });
  }

  retentionRunNow(accessToken: string): Promise<DispositionRuns> {
    return this.request('POST', '/retention/run-now', DispositionRunsSchema, { accessToken, body: {} });
  }

  push(accessToken: string, clientId: string, commands: PushedCommand[]): Promise<PushResponse> {
    return this.request('POST', '/sync/push', PushResponseSchema, { accessToken, body: { clientId, commands } });
  }

  private async request<S extends z.ZodType | null>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    opts: { body?: unknown; accessToken?: string; signedWith?: string } = {},
  ): Promise<S extends z.ZodType ? z.output<S> : unknown> {
    const send = () =>
      fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.accessToken ? { authorization: `Bearer ${opts.accessToken}` } : {}),
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    let res: Response;
    try {
      res = await sendOnLiveConnection(send);
    } catch {
      throw new CustosError('CLOUD_UNREACHABLE', `The cloud service at ${this.baseUrl} cannot be reached. Cached data stays available.`);
    }
    let json: unknown;
    try {
      const bytes = Buffer.from(await res.arrayBuffer());
      if (res.ok && opts.signedWith !== undefined) verifyAnswerMac(bytes, res.headers.get(PULL_MAC_HEADER), opts.signedWith);
      json = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      if (err instanceof CustosError) throw err;
      throw new CustosError('CLOUD_UNREACHABLE', `The cloud service at ${this.baseUrl} answered with something that is not JSON (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const parsed = ErrorBodySchema.safeParse((json as { error?: unknown } | null)?.error);
      if (parsed.success) throw new CustosError(parsed.data.code, parsed.data.message);
      throw new CustosError(res.status >= 500 ? 'CLOUD_UNREACHABLE' : 'INTERNAL', `The cloud service answered HTTP ${res.status}.`);
    }
    if (!schema) return json as never;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CustosError('SYNC_PAGE_REJECTED', `The cloud's answer to ${method} ${path.split('?')[0]} does not match the protocol.`);
    return parsed.data as never;
  }
}

/**
 * Checks a signed answer's HMAC (the session's sync key over the exact bytes received) before
 * anything is read from it: an answer altered on the way is refused whole, never half-applied.
 */
export function verifyAnswerMac(body: Buffer, mac: string | null, syncKey: string): void {
  const expected = createHmac('sha256', Buffer.from(syncKey, 'base64url')).update(body).digest();
  const given = Buffer.from(mac ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CustosError('SYNC_PAGE_REJECTED', 'Sync page refused: its signature does not match (altered on the way).');
}

/**
 * Kept-alive connections the cloud closed while this process was busy (a long synchronous
 * ingest, a laptop waking) kill the next requests before the cloud has read them: undici's
 * "other side closed", or EPIPE when the close was a reset. Such a request is sent again after
 * a turn of the event loop, in which the pool learns of every other closed connection too, so
 * the next attempt goes out on a fresh one. At most three attempts; other errors at once.
 * (Should a reset ever come after the cloud did read a request, a push is still safe to
 * repeat: the cloud applies each command id once.)
 */
async function sendOnLiveConnection(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= 3 || !closedBeforeAnswer(err)) throw err;
      await new Promise((r) => setImmediate(r));
    }
  }
}

/** undici's "other side closed" (or a reset) on a reused connection, not a timeout or refusal. */
function closedBeforeAnswer(err: unknown): boolean {
  const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}
