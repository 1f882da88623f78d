import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { COMMAND_NAMES, commands } from './commands.js';
import { contract, OPERATION_NAMES, type OperationName } from './contract.js';

describe('contract', () => {
  it('exposes every outbox command as an operation of the same name (or the one that queues it), with the same roles', () => {
    const queuedBy: Partial<Record<string, OperationName>> = { 'org.import': 'org.importCommit', 'audit.reveal': 'employees.reveal', 'export.record': 'org.export' };
    for (const name of COMMAND_NAMES) {
      const op = queuedBy[name] ?? (name as OperationName);
      expect(OPERATION_NAMES, name).toContain(op);
      expect(contract[op].roles, name).toEqual(commands[name].roles);
    }
  });
  it('declares roles for every operation (public ones explicitly)', () => {
    for (const name of OPERATION_NAMES) {
      const roles = contract[name].roles;
      expect(roles === 'public' || roles.length > 0, name).toBe(true);
    }
  });
  it('refuses an empty patch', () => {
    expect(contract['employee.update'].input.safeParse({ id: 'e1', patch: {} }).success).toBe(false);
    expect(contract['employee.update'].input.safeParse({ id: 'e1', patch: { title: 'CTO' } }).success).toBe(true);
    expect(contract['employee.update'].input.safeParse({ id: 'e1', patch: { pinyin: 1 } }).success).toBe(false);
    expect(contract['employee.update'].input.safeParse({ id: 'e1', patch: { email: 'not an email' } }).success).toBe(false);
  });
});

/** Every string a caller can send, with where it is: the renderer's operations and the outbox's commands. */
function unboundedStrings(schema: z.ZodType, path: string, out: string[], seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: string) => unboundedStrings(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'string': {
      const s = schema as z.ZodString & { format?: string | null };
      // A pattern anchored at both ends without * + or {n,} bounds the length too (dates, phone numbers, hashes).
      const patterns = ((def.checks ?? []) as { _zod: { def: { format?: string; pattern?: RegExp } } }[]).map((c) => c._zod.def).filter((c) => c.format === 'regex' && c.pattern).map((c) => c.pattern!.source);
      const boundedPattern = patterns.some((p) => p.startsWith('^') && p.endsWith('$') && !/[*+]|\{\d+,\}/.test(p));
      const bounded = s.maxLength !== null || ['datetime', 'date', 'ulid', 'uuid'].includes(s.format ?? '') || boundedPattern;
      if (!bounded) out.push(path);
      break;
    }
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, `${path}.${k}`);
      break;
    case 'array':
      walk(def.element, `${path}[]`);
      break;
    case 'record':
      walk(def.keyType, `${path}{key}`);
      walk(def.valueType, `${path}{}`);
      break;
    case 'union':
      (def.options as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`));
      break;
    case 'pipe':
      walk(def.in, path);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      walk(def.innerType, path);
      break;
  }
  return out;
}

describe('free text in the contract', () => {
  it('caps every string an operation or a command accepts (issue 28 item 12: no megabyte word reaches a report)', () => {
    const found: string[] = [];
    for (const name of OPERATION_NAMES) unboundedStrings(contract[name].input as z.ZodType, name, found);
    for (const name of COMMAND_NAMES) unboundedStrings(commands[name].args as z.ZodType, `command ${name}`, found);
    expect(found).toEqual([]);
  });
});
