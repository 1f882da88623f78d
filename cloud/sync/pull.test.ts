import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Change, PullPage } from '../../shared/cloud-protocol.js';
import { signedPullAnswer } from './pull.js';

const key = randomBytes(32).toString('base64url');
const macOf = (text: string) => createHmac('sha256', Buffer.from(key, 'base64url')).update(text).digest('base64url');
const change = (i: number): Change =>
  i % 7 === 0
    ? { entity: 'customer', id: `c${i}`, version: i + 1, deleted: true, data: null }
    : { entity: 'department', id: `d${i}`, version: i + 1, deleted: false, data: { id: `d${i}`, parentId: i > 0 ? `d${i - 1}` : null, name: `部门 "${i}" é\\n`, sort: i, managerId: null } };
const pageOf = (n: number): PullPage => ({ kind: 'page', tenantId: 't1', scope: 'f', from: 0, to: n, head: n + 5, remaining: 5, changes: Array.from({ length: n }, (_, i) => change(i)) });

describe('signedPullAnswer', () => {
  it('writes a large page slice by slice as exactly the text JSON.stringify gives, signed over that text', async () => {
    for (const n of [0, 1, 5000, 5001, 12_345]) {
      const page = pageOf(n);
      const { body, mac } = await signedPullAnswer(page, key);
      expect(body, `${n} changes`).toBe(JSON.stringify(page));
      expect(mac).toBe(macOf(body));
    }
  });

  it('signs resets too', async () => {
    const reset: PullPage = { kind: 'reset', reason: 'the admin scope changed since the last sync' };
    const { body, mac } = await signedPullAnswer(reset, key);
    expect(JSON.parse(body)).toEqual(reset);
    expect(mac).toBe(macOf(body));
  });

  it('lets other work run while a large page is written', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const writing = signedPullAnswer(pageOf(40_000), key);
    await writing;
    clearInterval(timer);
    // One slice per 5,000 changes, and the event loop turned between them.
    expect(ticks).toBeGreaterThan(0);
  });
});
