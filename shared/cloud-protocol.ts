import { z } from 'zod';
import { DepartmentSchema, EmployeeSchema, SessionUserSchema } from './domain.js';

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
});
export type Tokens = z.infer<typeof TokensSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(512) });

export const HealthSchema = z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), version: z.string() });

export const PullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const ChangeSchema = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('department'), id: z.string(), version: z.number().int(), deleted: z.boolean(), data: DepartmentSchema.nullable() }),
  z.object({ entity: z.literal('employee'), id: z.string(), version: z.number().int(), deleted: z.boolean(), data: EmployeeSchema.nullable() }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const PullPageSchema = z.union([
  z.object({
    kind: z.literal('page'),
    tenantId: z.string(),
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
