import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import type { Role } from '../../../shared/roles.js';
import { silentLogger } from '../logging.js';
import { dispatch, type Handlers } from './dispatch.js';

function context(role: Role | null, overrides: Partial<Handlers> = {}) {
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name: string) => (overrides as Record<string, unknown>)[name] ?? (() => ({ departments: [] })),
  });
  return { handlers, currentRole: () => role, logger: silentLogger };
}

describe('dispatch', () => {
  it('refuses unknown operations', async () => {
    expect(await dispatch(context('super_admin'), 'org.dropEverything', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
  });
  it('refuses invalid input with the field path', async () => {
    const r = await dispatch(context('super_admin'), 'org.employees', { departmentId: 7, limit: 100000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['departmentId', 'limit']));
    }
  });
  it('refuses extra fields (strict inputs)', async () => {
    expect(await dispatch(context('super_admin'), 'org.departments', { sql: 'DROP TABLE x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
  it('needs a session for non-public operations', async () => {
    expect(await dispatch(context(null), 'org.departments', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await dispatch(context('auditor'), 'org.departments', {})).toMatchObject({ ok: true });
  });
  it('answers a locked console only what the lock screen needs, before the role and the input', async () => {
    const locked = { ...context('super_admin'), locked: () => true };
    expect(await dispatch(locked, 'org.departments', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await dispatch(locked, 'org.employees', { departmentId: 7 })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await dispatch({ ...locked, handlers: context('super_admin', { 'session.get': () => ({ user: null, locked: true }) }).handlers }, 'session.get', {})).toMatchObject({ ok: true });
    expect(await dispatch({ ...context('super_admin'), locked: () => false }, 'org.departments', {})).toMatchObject({ ok: true });
  });
  it('lets every declared operation through the same binding', () => {
    expect(OPERATION_NAMES.length).toBeGreaterThan(5);
  });
  it('hides unexpected errors behind INTERNAL, with no stack trace', async () => {
    const r = await dispatch(context('super_admin', { 'org.departments': () => { throw new TypeError('secret detail at /home/x/file.ts:12'); } }), 'org.departments', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } });
  });
  it('keeps the code of a known error', async () => {
    const r = await dispatch(context('super_admin', { 'org.departments': () => { throw new CustosError('CLOUD_UNREACHABLE', 'offline'); } }), 'org.departments', {});
    expect(r).toEqual({ ok: false, error: { code: 'CLOUD_UNREACHABLE', message: 'offline' } });
  });
  it('catches a handler whose output drifts from the contract', async () => {
    const r = await dispatch(context('super_admin', { 'org.departments': () => ({ departments: [{ id: 1 }] }) as never }), 'org.departments', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
