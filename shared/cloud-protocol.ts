import { z } from 'zod';
import { ENTITY_SCHEMAS, SessionUserSchema } from './domain.js';
import { BIRTH_DATE_MASK, REVEALABLE_FIELDS } from './masking.js';

/**
 * The wire protocol between the console's core and the cloud service.
 * Both sides import these schemas: the cloud validates requests, the core validates answers.
 * See docs/sync-protocol.md.
 */
export const SignInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(512),
});

export const TokensSchema = z.object({
  accessToken: z.string(),
  /** ISO time the access token stops being accepted. */
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  user: SessionUserSchema,
  /**
   * Per-session key (base64url, 32 bytes) the cloud uses to sign pull answers (HMAC-SHA256 over
   * their exact bytes, in the PULL_MAC_HEADER header), so an answer altered on the way (proxy,
   * cache, disk) is refused before it is even parsed. Rotates with the refresh token.
   */
  syncKey: z.string().min(43),
});
export type Tokens = z.infer<typeof TokensSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(512) });

export const HealthSchema = z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), version: z.string() });

/**
 * The most changes one pull answer may carry. A console catching up on a large backlog (a first
 * sync) asks for pages this large, so the cloud reads and signs the next one while the console
 * writes the last (npm run bench: first sync); the cloud serialises a page in slices, yielding
 * between them, so other requests are not held up meanwhile.
 */
export const PULL_LIMIT_MAX = 100_000;

/**
 * The header carrying a pull answer's HMAC-SHA256 (base64url, session's syncKey) over the
 * answer's body bytes exactly as sent: the console checks it over the bytes it received before
 * parsing them, so nothing has to be re-serialised on either side to sign or check.
 */
export const PULL_MAC_HEADER = 'x-custos-mac';

export const PullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(1000),
  /** The scope fingerprint the client's cursor was built under ('' on a first sync). */
  scope: z.string().max(128).default(''),
});

const row = { id: z.string(), version: z.number().int(), deleted: z.boolean() };
/** An employee as sent: a reader who may not reveal the birth date gets its mask, which is no date. */
const WireEmployeeSchema = ENTITY_SCHEMAS.employee.extend({ birthDate: z.union([ENTITY_SCHEMAS.employee.shape.birthDate, z.literal(BIRTH_DATE_MASK)]) });
/**
 * One changed row. `deleted` with `data: null` is a tombstone: the row was deleted, or it left
 * the admin's scope. Versions are unique within a tenant. Fields the reader's role may not reveal
 * (shared/masking.ts) carry masks, never values.
 */
export const ChangeSchema = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('department'), ...row, data: ENTITY_SCHEMAS.department.nullable() }),
  z.object({ entity: z.literal('employee'), ...row, data: WireEmployeeSchema.nullable() }),
  z.object({ entity: z.literal('adminRoleAssignment'), ...row, data: ENTITY_SCHEMAS.adminRoleAssignment.nullable() }),
  z.object({ entity: z.literal('customer'), ...row, data: ENTITY_SCHEMAS.customer.nullable() }),
  z.object({ entity: z.literal('contact'), ...row, data: ENTITY_SCHEMAS.contact.nullable() }),
  z.object({ entity: z.literal('followUp'), ...row, data: ENTITY_SCHEMAS.followUp.nullable() }),
  z.object({ entity: z.literal('approval'), ...row, data: ENTITY_SCHEMAS.approval.nullable() }),
  z.object({ entity: z.literal('approvalTask'), ...row, data: ENTITY_SCHEMAS.approvalTask.nullable() }),
  z.object({ entity: z.literal('consentRecord'), ...row, data: ENTITY_SCHEMAS.consentRecord.nullable() }),
  z.object({ entity: z.literal('offboarding'), ...row, data: ENTITY_SCHEMAS.offboarding.nullable() }),
  z.object({ entity: z.literal('retentionPolicy'), ...row, data: ENTITY_SCHEMAS.retentionPolicy.nullable() }),
  z.object({ entity: z.literal('legalHold'), ...row, data: ENTITY_SCHEMAS.legalHold.nullable() }),
  z.object({ entity: z.literal('holidayCalendar'), ...row, data: ENTITY_SCHEMAS.holidayCalendar.nullable() }),
  z.object({ entity: z.literal('dataSubjectRequest'), ...row, data: ENTITY_SCHEMAS.dataSubjectRequest.nullable() }),
  z.object({ entity: z.literal('securityIncident'), ...row, data: ENTITY_SCHEMAS.securityIncident.nullable() }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const PullPageSchema = z.union([
  z.object({
    kind: z.literal('page'),
    tenantId: z.string(),
    /** Fingerprint of the admin's scope; the client sends it back with its next pull. */
    scope: z.string(),
    /** The cursor this page continues from; must equal the client's cursor. */
    from: z.number().int(),
    /** The cursor to store once this page is applied. */
    to: z.number().int(),
    /** The tenant's version when the page was read; `to === head` means caught up. */
    head: z.number().int(),
    /** Rows still to send after this page (for progress). */
    remaining: z.number().int(),
    changes: z.array(ChangeSchema),
  }),
  z.object({ kind: z.literal('reset'), reason: z.string() }),
]);
export type PullPage = z.infer<typeof PullPageSchema>;
export type PullPageBody = Extract<PullPage, { kind: 'page' }>;

/** POST /retention/dry-run: what a (draft) retention policy would reach now; nothing is written. */
export const DryRunResultSchema = z.object({
  category: z.string(),
  action: z.enum(['delete', 'anonymise']),
  /** False: Custos keeps no records of this category (export packages), so there is nothing to select. */
  supported: z.boolean(),
  /** Records whose period started before this instant are due. */
  cutoff: z.string(),
  due: z.number().int(),
  /** Due, but protected by a legal hold in force. */
  held: z.number().int(),
  samples: z.array(z.object({ id: z.string(), label: z.string().nullable(), since: z.string().nullable() })),
});
export type DryRunResult = z.infer<typeof DryRunResultSchema>;

/** One disposition run, as the audit chain recorded it (GET /retention/runs, POST /retention/run-now). */
export const DispositionRunSchema = z.object({
  at: z.string(),
  actorId: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  counts: z.record(z.string(), z.object({ anonymised: z.number().int(), deleted: z.number().int() })),
});
export type DispositionRun = z.infer<typeof DispositionRunSchema>;
export const DispositionRunsSchema = z.object({ runs: z.array(DispositionRunSchema) });
export type DispositionRuns = z.infer<typeof DispositionRunsSchema>;

/** Audit events about one person (their record changed, revealed, held, requested), for a data-subject copy. */
export const SubjectAuditQuerySchema = z.object({ subjectType: z.enum(['employee', 'contact']), subjectId: z.string().min(1).max(64) }).strict();
export const SubjectAuditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actorId: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const SubjectAuditSchema = z.object({ events: z.array(SubjectAuditEventSchema), truncated: z.boolean() });
export type SubjectAudit = z.infer<typeof SubjectAuditSchema>;

/**
 * POST /org/reveal: one masked field of one employee in clear. The cloud records the reveal on
 * the audit chain (`audit.reveal`, the field's name, never its value) in the transaction that
 * reads the value, so no value is shown without its record; it needs the cloud (no offline reveal).
 */
export const RevealRequestSchema = z.object({ id: z.string().min(1).max(64), field: z.enum(REVEALABLE_FIELDS) }).strict();
export type RevealRequest = z.infer<typeof RevealRequestSchema>;
export const RevealAnswerSchema = z.object({ value: z.string().nullable() });
