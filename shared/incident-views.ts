import { z } from 'zod';
import { INCIDENT_FIELDS, INCIDENT_SUBJECT_TYPES, IncidentFieldSchema, NOTICE_CHANNELS, NOTICE_ITEMS, SecurityIncidentSchema } from './incidents.js';
import { SUBJECT_LANGUAGES } from './requests.js';

/** What the console shows of the incident register: rows, an incident's detail, the affected people found. */
export const INCIDENT_DUE_STATES = ['overdue', 'due_soon', 'on_time', 'done', 'closed'] as const;
const DueState = z.enum(INCIDENT_DUE_STATES);
export const IncidentClocksSchema = z.object({ regulator: DueState.nullable(), notices: DueState });

export const IncidentRowSchema = SecurityIncidentSchema.pick({
  id: true,
  reference: true,
  title: true,
  status: true,
  discoveredAt: true,
  timeZone: true,
  regulatorDueAt: true,
  noticesDueOn: true,
  sensitive: true,
  euSubjects: true,
}).extend({
  clocks: IncidentClocksSchema,
  dueState: DueState,
  affectedCount: z.number().int(),
  unnotifiedCount: z.number().int(),
  ownerName: z.string().nullable(),
  /** Commands queued in this console for it, not yet applied by the cloud. */
  pending: z.array(z.string()),
});
export type IncidentRow = z.infer<typeof IncidentRowSchema>;

/** A person as the console knows them: name, where they belong, how to reach them. */
export const IncidentPersonSchema = z.object({
  subjectType: z.enum(INCIDENT_SUBJECT_TYPES),
  subjectId: z.string(),
  name: z.string(),
  /** Department (employee) or customer (contact). */
  context: z.string().nullable(),
  language: z.enum(SUBJECT_LANGUAGES),
  channels: z.array(z.enum(NOTICE_CHANNELS)),
  /** Catalogue fields of this person the incident concerns (that the cache holds a value for). */
  fields: z.array(z.string()),
  sensitive: z.boolean(),
});
export type IncidentPerson = z.infer<typeof IncidentPersonSchema>;

export const CategoryCountSchema = z.object({ field: z.string(), category: z.string(), sensitive: z.boolean(), people: z.number().int() });

export const FindAffectedInputSchema = z
  .object({
    fields: z.array(IncidentFieldSchema).max(INCIDENT_FIELDS.length).default([]),
    /** The time window (records that existed, or were made, in it); null ends are open. */
    from: z.string().max(40).nullable().default(null),
    to: z.string().max(40).nullable().default(null),
    departmentId: z.string().max(64).nullable().default(null),
    ownerEmployeeId: z.string().max(64).nullable().default(null),
    /** Pasted or imported identifiers (mobiles, emails, ID numbers, names), one per line or separated by commas. */
    identifiers: z.string().max(2_000_000).default(''),
    /** How many people to list (the counts cover everyone). */
    limit: z.number().int().min(0).max(50_000).default(500),
  })
  .strict();
export type FindAffectedInput = z.infer<typeof FindAffectedInputSchema>;

export const FindAffectedResultSchema = z.object({
  total: z.number().int(),
  people: z.array(IncidentPersonSchema),
  byField: z.array(CategoryCountSchema),
  sensitivePeople: z.number().int(),
  noContact: z.number().int(),
  /** Pasted identifiers that matched nobody. */
  unmatchedIdentifiers: z.number().int(),
  /** Every person found (ids and language), for incident.setAffected. */
  all: z.array(z.object({ subjectType: z.enum(INCIDENT_SUBJECT_TYPES), subjectId: z.string(), language: z.enum(SUBJECT_LANGUAGES) })),
});
export type FindAffectedResult = z.infer<typeof FindAffectedResultSchema>;

export const IncidentDetailSchema = SecurityIncidentSchema.omit({ affected: true, deliveries: true }).extend({
  clocks: IncidentClocksSchema,
  ownerName: z.string().nullable(),
  pending: z.array(z.string()),
  people: z.array(IncidentPersonSchema.extend({ notified: z.boolean(), lastDelivery: z.object({ channel: z.string(), on: z.string(), outcome: z.string() }).nullable() })),
  peopleTotal: z.number().int(),
  byField: z.array(CategoryCountSchema),
  noContact: z.number().int(),
  unnotifiedCount: z.number().int(),
  deliveryCount: z.number().int(),
  missingItems: z.array(z.object({ language: z.enum(SUBJECT_LANGUAGES), item: z.enum(NOTICE_ITEMS) })),
  closeRefusals: z.array(z.string()),
  historyNames: z.record(z.string(), z.string()),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;
