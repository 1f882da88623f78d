import { z } from 'zod';
import { SessionUserSchema, EmployeeStatusSchema } from './domain.js';
import { ROLES, type Role } from './roles.js';
import type { ErrorBody } from './errors.js';

/**
 * The one contract between the renderer and its host. Every operation the renderer may call
 * is declared here once: its name, input and output schemas, and the roles allowed to call it.
 * The Electron host (IPC) and the browser host (HTTP) both bind this table generically.
 */
export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  kind: 'query' | 'command';
  input: I;
  output: O;
  /** 'public' operations need no session (sign-in, app info). */
  roles: readonly Role[] | 'public';
}

const op = <I extends z.ZodType, O extends z.ZodType>(def: OperationDef<I, O>) => def;
const EVERY_ROLE = ROLES;

export const LANGUAGES = ['zh-CN', 'en', 'fr'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const SyncStatusSchema = z.object({
  state: z.enum(['idle', 'syncing', 'offline', 'error', 'signed_out']),
  /** Rows applied in the current run and the rows known to remain, for progress. */
  progress: z.object({ applied: z.number().int(), total: z.number().int() }).nullable(),
  lastSyncedAt: z.string().nullable(),
  cursor: z.number().int(),
  /** Error code of the last failure, for the UI to translate. */
  errorCode: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const DepartmentNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  /** Employees whose departments include this one (not counting sub-departments). */
  memberCount: z.number().int(),
});
export type DepartmentNode = z.infer<typeof DepartmentNodeSchema>;

export const EmployeeRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  title: z.string().nullable(),
  /** Masked mobile, e.g. 138****1234; the full value needs a reveal (audited). */
  mobileMasked: z.string().nullable(),
  email: z.string().nullable(),
  status: EmployeeStatusSchema,
  isPrimaryDepartment: z.boolean(),
});
export type EmployeeRow = z.infer<typeof EmployeeRowSchema>;

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(64);

export const contract = {
  'app.info': op({
    kind: 'query',
    input: Empty,
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      cloudUrl: z.string(),
      cacheSchemaVersion: z.number().int(),
      cacheEncrypted: z.boolean(),
      language: LanguageSchema.nullable(),
    }),
    roles: 'public',
  }),
  'session.get': op({
    kind: 'query',
    input: Empty,
    output: z.object({ user: SessionUserSchema.nullable() }),
    roles: 'public',
  }),
  'session.signIn': op({
    kind: 'command',
    input: z.object({ email: z.string().trim().min(3).max(254).email(), password: z.string().min(1).max(512) }).strict(),
    output: z.object({ user: SessionUserSchema }),
    roles: 'public',
  }),
  'session.signOut': op({
    kind: 'command',
    input: Empty,
    output: z.object({ ok: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  'settings.setLanguage': op({
    kind: 'command',
    input: z.object({ language: LanguageSchema }).strict(),
    output: z.object({ language: LanguageSchema }),
    roles: 'public',
  }),
  'sync.status': op({
    kind: 'query',
    input: Empty,
    output: SyncStatusSchema,
    roles: EVERY_ROLE,
  }),
  'sync.now': op({
    kind: 'command',
    input: Empty,
    output: SyncStatusSchema,
    roles: EVERY_ROLE,
  }),
  'org.departments': op({
    kind: 'query',
    input: Empty,
    output: z.object({ departments: z.array(DepartmentNodeSchema) }),
    roles: EVERY_ROLE,
  }),
  'org.employees': op({
    kind: 'query',
    input: z
      .object({
        departmentId: Id,
        search: z.string().trim().max(100).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int(), rows: z.array(EmployeeRowSchema) }),
    roles: EVERY_ROLE,
  }),
} as const satisfies Record<string, OperationDef>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The API the preload exposes and the browser client implements: one generic call. */
export interface CustosApi {
  invoke<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
}

/** The result envelope that crosses IPC (errors are values, not thrown, so no stack leaks). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
