import { z } from 'zod';
import { DataSubjectRequestSchema, PAUSE_REASONS } from './requests.js';

/**
 * What the console shows and exports for data-subject requests: register rows, a request's
 * detail, discovery results, and the personal-information copy's JSON (its schema, versioned,
 * ships inside every package as schema.json).
 */
const Field = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const DUE_STATES = ['overdue', 'due_soon', 'on_time', 'closed'] as const;

export const RequestRowSchema = DataSubjectRequestSchema.pick({
  id: true,
  reference: true,
  type: true,
  subjectType: true,
  subjectId: true,
  status: true,
  receivedOn: true,
  dueOn: true,
  extendedDueOn: true,
  regime: true,
  assigneeId: true,
  language: true,
  channel: true,
  identifiers: true,
}).extend({
  subjectName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueState: z.enum(DUE_STATES),
  /** The deadline in force (extended or not; while paused, as if resumed today). */
  currentDue: z.string(),
  /** The day the deadline clock was paused (null: it runs). */
  pausedSince: z.string().nullable(),
  /** Changes queued in this console and not yet applied by the cloud (a new request shows here first). */
  pending: z.array(z.string()),
});
export type RequestRow = z.infer<typeof RequestRowSchema>;

export const ErasureBlockerSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('legal_hold') }),
  z.object({ code: z.literal('still_employed') }),
  z.object({ code: z.literal('retention_floor'), until: z.string(), reason: z.string() }),
]);

export const RequestDetailSchema = z.object({
  request: DataSubjectRequestSchema,
  pending: z.array(z.string()),
  subjectName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueState: z.enum(DUE_STATES),
  /** The deadline in force (extended or not; while paused, as if resumed today). */
  currentDue: z.string(),
  /** The open pause of the deadline clock (null: it runs). */
  pause: z.object({ since: z.string(), reason: z.enum(PAUSE_REASONS) }).nullable(),
  /** Every pause, oldest first, with the days each moved the deadline by. */
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable(), reason: z.enum(PAUSE_REASONS), days: z.number().nullable() })),
  today: z.string(),
  /** False when the PRC holiday calendar of the deadline's year is not known (weekends only were counted). */
  calendarKnown: z.boolean(),
  /** The latest the deadline may be extended to (null: the regime allows none). */
  latestExtension: z.string().nullable(),
  /** Why the subject could not be erased now (null: not an erasable subject). */
  erasureBlockers: z.array(ErasureBlockerSchema).nullable(),
  /** The subject's consents currently granted (for a withdrawal). */
  consents: z.array(z.object({ id: z.string(), purpose: z.string(), at: z.string() })),
  /** Names of the admins in the history, by user id. */
  people: z.record(z.string(), z.string()),
});
export type RequestDetail = z.infer<typeof RequestDetailSchema>;

export const DISCOVERY_CATEGORIES = ['employee_profile', 'contact_record', 'owned_customer', 'follow_up', 'approval', 'approval_task', 'consent', 'request', 'operation_log'] as const;
export type DiscoveryCategory = (typeof DISCOVERY_CATEGORIES)[number];
export const DISCOVERY_ENTITIES = ['employee', 'contact', 'customer', 'followUp', 'approval', 'approvalTask', 'consentRecord', 'dataSubjectRequest', 'auditEvent'] as const;

export const DiscoveryItemSchema = z.object({
  entity: z.enum(DISCOVERY_ENTITIES),
  id: z.string(),
  /** A short label (a name, a reference, an approval's title). */
  label: z.string(),
  at: z.string().nullable(),
  /** The subject (employee or contact id) this item belongs to. */
  subjectId: z.string(),
  fields: z.record(z.string(), Field),
  /** The same fields with other people's names and identifiers replaced by "[…]". */
  redacted: z.record(z.string(), Field),
  /** Whether the item holds other people's personal data (and so differs when redacted). */
  thirdParty: z.boolean(),
});
export type DiscoveryItem = z.infer<typeof DiscoveryItemSchema>;

export const DiscoveryResultSchema = z.object({
  /** People found; candidates matched only by a name several people share, their records not gathered until matched to the request. */
  subjects: z.array(z.object({ entity: z.enum(['employee', 'contact']), id: z.string(), name: z.string(), matchedBy: z.array(z.string()), candidate: z.boolean() })),
  /** Candidates beyond those listed. */
  moreCandidates: z.number().int(),
  categories: z.array(z.object({ category: z.enum(DISCOVERY_CATEGORIES), items: z.array(DiscoveryItemSchema) })),
  /** Records this console does not hold (the cloud's audit and sign-in logs): listed in the package as such. */
  notHeld: z.array(z.enum(['audit_log', 'sign_in_log'])),
  elapsedMs: z.number(),
});
export type DiscoveryResult = z.infer<typeof DiscoveryResultSchema>;

/** The cloud's operation-log events about the request's person, as review items (online only). */
export const AuditRecordsSchema = z.object({ items: z.array(DiscoveryItemSchema), truncated: z.boolean() });

export const PACKAGE_PASSWORD_MIN = 10;
export const BuildPackageInputSchema = z
  .object({
    requestId: z.string().min(1).max(64),
    items: z.array(z.object({ entity: z.enum(DISCOVERY_ENTITIES), id: z.string().min(1).max(64), redact: z.boolean() })).min(1).max(50_000),
    /** AES-256 (WinZip AE-2) password; null writes an unencrypted zip, only when acknowledged. */
    password: z.string().min(PACKAGE_PASSWORD_MIN).max(200).nullable(),
    acknowledgeUnencrypted: z.boolean(),
  })
  .strict()
  .refine((i) => i.password !== null || i.acknowledgeUnencrypted, { message: 'set a password, or acknowledge that the package will not be encrypted', path: ['password'] });
export type BuildPackageInput = z.infer<typeof BuildPackageInputSchema>;

export const PACKAGE_STEPS = ['collect', 'json', 'csv', 'pdf', 'zip', 'done'] as const;
export const PackageJobSchema = z.object({
  state: z.enum(['running', 'done', 'failed']),
  step: z.enum(PACKAGE_STEPS),
  /** Steps done out of the total, for the progress bar. */
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable(),
  result: z.object({ fileName: z.string(), contentBase64: z.string(), sha256: z.string(), items: z.number().int(), encrypted: z.boolean() }).nullable(),
});
export type PackageJob = z.infer<typeof PackageJobSchema>;

/** The machine-readable copy (data.json). Version 1; a change of shape is a new version. */
export const PERSONAL_INFORMATION_COPY_SCHEMA_ID = 'https://custos.example/schemas/personal-information-copy/1.json';
export const PersonalInformationCopySchema = z
  .object({
    $schema: z.literal(PERSONAL_INFORMATION_COPY_SCHEMA_ID),
    schemaVersion: z.literal(1),
    generatedAt: z.string(),
    controller: z.object({ name: z.string() }).strict(),
    request: z.object({ reference: z.string(), type: z.string(), receivedOn: z.string(), language: z.string() }).strict(),
    subjects: z.array(z.object({ entity: z.enum(['employee', 'contact']), id: z.string(), name: z.string() }).strict()),
    categories: z.partialRecord(
      z.enum(DISCOVERY_CATEGORIES),
      z.array(z.object({ entity: z.enum(DISCOVERY_ENTITIES), id: z.string(), at: z.string().nullable(), redacted: z.boolean(), fields: z.record(z.string(), Field) }).strict()),
    ),
    /** Records not held by the console that produced the copy (asked of the cloud separately). */
    notHeld: z.array(z.string()),
  })
  .strict();
export type PersonalInformationCopy = z.infer<typeof PersonalInformationCopySchema>;
