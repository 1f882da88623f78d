import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commands } from './commands.js';
import { contract, OPERATION_NAMES } from './contract.js';

describe('contract', () => {
  it('exposes every outbox command as an operation of the same name, with the same roles', () => {
    for (const name of COMMAND_NAMES) {
      expect(OPERATION_NAMES, name).toContain(name);
      expect(contract[name].roles).toEqual(commands[name].roles);
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
    expect(contract['employee.update'].input.safeParse({ id: 'e1', patch: { employeeNo: 'X' } }).success).toBe(false);
  });
});
