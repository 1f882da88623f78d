import { z } from 'zod';
import type { Role } from './roles.js';

/**
 * The audit log as the console reads it: the cloud's hash-chained events, filtered and paged,
 * the chain's verification, and exports. Read by super admins, compliance officers and
 * auditors (for whom it is the one thing they may read beyond the organisation view).
 */
export const AUDIT_READERS = ['super_admin', 'compliance_officer', 'auditor'] as const satisfies readonly Role[];

/** Newest events first; one page at most this long. */
export const AUDIT_PAGE_LIMIT = 500;
/** One export holds at most this many events (the newest); the answer says when more matched. */
export const AUDIT_EXPORT_LIMIT = 50_000;

const Instant = z.iso.datetime({ offset: true });
export const AuditFilterSchema = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    actorId: z.string().min(1).max(64).optional(),
    /** An action name, or a prefix ending in "." (e.g. "request." for every request action). */
    action: z.string().min(1).max(64).optional(),
    targetType: z.string().min(1).max(64).optional(),
    targetId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditPageQuerySchema = AuditFilterSchema.extend({
  /** Continue below this sequence number (the previous page's `nextBeforeSeq`). */
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_LIMIT).default(100),
}).strict();
export type AuditPageQuery = z.input<typeof AuditPageQuerySchema>;

/** The actor a redacted event keeps (retention cleared who acted). */
export const REDACTED_ACTOR = 'redacted';

export const AuditEventViewSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  /** The admin's name when the actor is an admin account; null for the system (scheduler, retention). */
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** Ids, field names and counts only: events never hold personal values or secrets. */
  details: z.record(z.string(), z.unknown()),
  /** Set when retention cleared the actor, target id and details (operation logs anonymised, sign-in logs deleted). */
  redaction: z.enum(['anonymised', 'deleted']).nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventViewSchema),
  nextBeforeSeq: z.number().int().nullable(),
  /** Events matching the filter, all pages together. */
  total: z.number().int(),
  /** Names for the ids the page mentions, added by the console from its cache (shared/audit-text.ts tells events with them). */
  names: z.record(z.string(), z.string()).optional(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditFacetsSchema = z.object({
  actions: z.array(z.string()),
  targetTypes: z.array(z.string()),
  actors: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
});
export type AuditFacets = z.infer<typeof AuditFacetsSchema>;

export const AUDIT_PROBLEMS = ['hash_mismatch', 'broken_link', 'missing_event', 'head_mismatch', 'bad_redaction'] as const;
export const AuditVerdictSchema = z.object({
  ok: z.boolean(),
  /** Events verified before the first broken link (all of them when ok). */
  events: z.number().int(),
  /** Of those, events whose personal part retention cleared (their when and what still verify). */
  redacted: z.number().int(),
  brokenAt: z.number().int().nullable(),
  problem: z.enum(AUDIT_PROBLEMS).nullable(),
  checkedAt: z.string(),
});
export type AuditVerdict = z.infer<typeof AuditVerdictSchema>;

export const AUDIT_EXPORT_FORMATS = ['csv', 'json'] as const;
export const AuditExportQuerySchema = z.object({ filter: AuditFilterSchema, format: z.enum(AUDIT_EXPORT_FORMATS) }).strict();
/** The cloud's answer to an export (it records the export in the chain first). */
export const AuditExportSchema = z.object({ events: z.array(AuditEventViewSchema), truncated: z.boolean(), exportedAt: z.string() });
export type AuditExport = z.infer<typeof AuditExportSchema>;
