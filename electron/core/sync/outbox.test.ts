import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import { openCache, type Cache } from '../db/open.js';
import { applyPage } from './apply.js';
import { readRow } from './entities.js';
import { discardIssue, listIssues, outboxCounts, pendingCommands, queueCommand, recordResults, retryIssue } from './outbox.js';

let dir: string;
let cache: Cache;
const NOW = '2026-11-22T10:00:00.000Z';
const customer = (id: string, version: number, fields: Partial<{ name: string; industry: string | null; ownerEmployeeId: string | null }> = {}): Change => ({
  entity: 'customer', id, version, deleted: false,
  data: { id, name: `Customer ${id}`, ownerEmployeeId: 'e1', industry: 'Retail', status: 'active', createdAt: NOW, lastActivityAt: null, ...fields },
});
const apply = (from: number, changes: Change[]) =>
  applyPage(cache.db, { kind: 'page', tenantId: 't', scope: '', from, to: changes.at(-1)?.version ?? from, head: changes.at(-1)?.version ?? from, remaining: 0, changes }, NOW);
const name = (id = 'c1') => readRow(cache.db, 'customer', id)?.data.name;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'custos-outbox-'));
  cache = openCache({ file: join(dir, 'c.sqlite'), key: randomBytes(32), migrationsDir: resolve(__dirname, '../../../migrations') });
  apply(0, [customer('c1', 1)]);
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox', () => {
  it('applies a command to the cache and queues it in one step, with the base version', () => {
    const id = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'Acme' } }, NOW);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(name()).toBe('Acme');
    expect(pendingCommands(cache.db, 10)).toEqual([{ id, name: 'customer.update', args: { id: 'c1', patch: { name: 'Acme' } }, baseVersion: 1 }]);
    expect(outboxCounts(cache.db)).toEqual({ queued: 1, issues: 0 });
  });

  it('refuses a command on a row that is not cached, writing nothing', () => {
    expect(() => queueCommand(cache.db, 'customer.update', { id: 'nope', patch: { name: 'X' } }, NOW)).toThrow(CustosError);
    expect(outboxCounts(cache.db).queued).toBe(0);
  });

  it('keeps the pending edit visible when a newer server row arrives (rebase)', () => {
    queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'Acme' } }, NOW);
    apply(1, [customer('c1', 2, { industry: 'Energy', name: 'Server name' })]);
    const row = readRow(cache.db, 'customer', 'c1')!;
    expect(row.data).toMatchObject({ name: 'Acme', industry: 'Energy' });
    expect(row.version).toBe(2);
    // A rejection now restores the server's latest value, not the one from before the edit.
    const [cmd] = pendingCommands(cache.db, 1);
    recordResults(cache.db, [{ id: cmd!.id, status: 'rejected', reason: 'conflict', message: 'changed', conflicts: [{ field: 'name', serverValue: 'Server name', clientValue: 'Acme' }] }]);
    expect(name()).toBe('Server name');
  });

  it('rolls back a rejected command but keeps a later pending one on the same row', () => {
    const first = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'First' } }, NOW);
    queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { industry: 'Energy' } }, NOW);
    recordResults(cache.db, [{ id: first, status: 'rejected', reason: 'forbidden', message: 'no' }]);
    expect(readRow(cache.db, 'customer', 'c1')!.data).toMatchObject({ name: 'Customer c1', industry: 'Energy' });
    expect(outboxCounts(cache.db)).toEqual({ queued: 1, issues: 1 });
    expect(listIssues(cache.db)).toEqual([expect.objectContaining({ id: first, reason: 'forbidden', message: 'no', conflicts: [] })]);
  });

  it('two pending edits of one field: rejecting the first restores the server value under the second', () => {
    const first = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'One' } }, NOW);
    const second = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'Two' } }, NOW);
    recordResults(cache.db, [{ id: first, status: 'rejected', reason: 'invalid', message: 'bad' }]);
    expect(name()).toBe('Two');
    recordResults(cache.db, [{ id: second, status: 'rejected', reason: 'invalid', message: 'bad' }]);
    expect(name()).toBe('Customer c1');
  });

  it('drops applied commands, and ignores an answer it already recorded', () => {
    const id = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'Acme' } }, NOW);
    recordResults(cache.db, [{ id, status: 'applied', version: 2 }]);
    recordResults(cache.db, [{ id, status: 'applied', version: 2 }]);
    expect(outboxCounts(cache.db)).toEqual({ queued: 0, issues: 0 });
    expect(name()).toBe('Acme');
  });

  it('retries an issue as a new command on the current row, optionally edited; discards another', () => {
    const a = queueCommand(cache.db, 'customer.update', { id: 'c1', patch: { name: 'A' } }, NOW);
    recordResults(cache.db, [{ id: a, status: 'rejected', reason: 'conflict', message: 'changed' }]);
    apply(1, [customer('c1', 5)]);
    const retried = retryIssue(cache.db, a, { id: 'c1', patch: { name: 'A2' } }, NOW);
    expect(retried).not.toBe(a);
    expect(name()).toBe('A2');
    expect(pendingCommands(cache.db, 10)).toEqual([expect.objectContaining({ id: retried, baseVersion: 5 })]);
    expect(() => retryIssue(cache.db, a, undefined, NOW)).toThrow(CustosError);
    recordResults(cache.db, [{ id: retried, status: 'rejected', reason: 'invalid', message: 'x' }]);
    expect(() => retryIssue(cache.db, retried, { id: 'c1', patch: {} }, NOW)).toThrow(/not valid/);
    discardIssue(cache.db, retried);
    expect(outboxCounts(cache.db)).toEqual({ queued: 0, issues: 0 });
  });
});
