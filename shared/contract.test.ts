import { describe, expect, it } from 'vitest';
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
