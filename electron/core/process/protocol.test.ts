import { describe, expect, it } from 'vitest';
import { Peer, type Channel, type ProtocolMessage } from './protocol.js';

/** Two peers joined by an in-memory channel that clones like a real one (structuredClone). */
function pair(): { a: Peer; b: Peer; cut(): void } {
  const listeners: { a: ((m: unknown) => void)[]; b: ((m: unknown) => void)[] } = { a: [], b: [] };
  let open = true;
  const end = (self: 'a' | 'b', other: 'a' | 'b'): Channel => ({
    send: (m: ProtocolMessage) => {
      if (!open) throw new Error('channel closed');
      const copy = structuredClone(m);
      queueMicrotask(() => listeners[other].forEach((l) => l(copy)));
    },
    onMessage: (l) => listeners[self].push(l),
  });
  const a = new Peer(end('a', 'b'));
  const b = new Peer(end('b', 'a'));
  return { a, b, cut: () => (open = false) };
}

describe('core process protocol', () => {
  it('answers a request with its value, or its error as a code and message (never a stack)', async () => {
    const { a, b } = pair();
    b.onRequest((op, input) => {
      if (op === 'double') return (input as number) * 2;
      throw new Error('secret detail at /home/x/file.ts:12');
    });
    expect(await a.request('double', 21)).toEqual({ ok: true, value: 42 });
    const failed = await a.request('boom', null);
    expect(failed).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } });
  });

  it('matches answers to requests by id when they come back out of order', async () => {
    const { a, b } = pair();
    b.onRequest(async (_op, input) => {
      await new Promise((r) => setTimeout(r, input === 'slow' ? 30 : 1));
      return input;
    });
    const [slow, fast] = await Promise.all([a.request('echo', 'slow'), a.request('echo', 'fast')]);
    expect(slow).toEqual({ ok: true, value: 'slow' });
    expect(fast).toEqual({ ok: true, value: 'fast' });
  });

  it('carries events both ways, and bytes as bytes', async () => {
    const { a, b } = pair();
    const seen: unknown[] = [];
    b.onEvent((name, payload) => seen.push([name, payload]));
    a.emit('core.sync', { state: 'syncing', key: new Uint8Array([1, 2, 3]) });
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([['core.sync', { state: 'syncing', key: new Uint8Array([1, 2, 3]) }]]);
  });

  it('answers every waiting request CORE_RESTARTING when the other end goes away', async () => {
    const { a, b, cut } = pair();
    b.onRequest(() => new Promise(() => undefined));
    const waiting = a.request('never', null);
    await new Promise((r) => setTimeout(r, 5));
    expect(a.waiting).toBe(1);
    cut();
    a.close();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CORE_RESTARTING' } });
    expect(await a.request('after', null)).toMatchObject({ ok: false, error: { code: 'CORE_RESTARTING' } });
  });

  it('ignores messages that are not the protocol’s', async () => {
    const { a, b } = pair();
    let calls = 0;
    b.onRequest(() => ++calls);
    (b as unknown as { receive(m: unknown): void }).receive({ t: 'req', id: 'x', op: 1 });
    (b as unknown as { receive(m: unknown): void }).receive('hello');
    expect(calls).toBe(0);
    expect(await a.request('count', null)).toEqual({ ok: true, value: 1 });
  });
});
