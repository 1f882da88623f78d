import { describe, expect, it } from 'vitest';
import { createRelay, isTrustedSender } from '../../electron/main/relay.js';

/**
 * The desktop relay passes contract calls to the core process only from our own renderer (the
 * console scheme's origin); any other frame — a remote page, a file:// page, a frame with no
 * URL — is refused before the core hears of it.
 */
describe('the desktop relay to the core process', () => {
  const calls: [string, unknown][] = [];
  const relay = createRelay({
    invoke: (name, input) => {
      calls.push([name, input]);
      return Promise.resolve({ ok: true, value: 'answered' });
    },
  });

  it('relays a call from our renderer, name and input unchanged', async () => {
    calls.length = 0;
    expect(await relay({ senderFrame: { url: 'custos://console/#/org' } }, 'org.search', { query: 'li' })).toEqual({ ok: true, value: 'answered' });
    expect(calls).toEqual([['org.search', { query: 'li' }]]);
  });

  it('refuses every other sender, and the core never sees the call', async () => {
    calls.length = 0;
    for (const url of ['https://evil.example/', 'file:///tmp/page.html', 'custos://consolex/', 'custos://console.evil/', 'http://127.0.0.1:5183/', '']) {
      expect(await relay({ senderFrame: { url } }, 'session.get', {}), url).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender.' } });
    }
    expect(await relay({ senderFrame: null }, 'session.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await relay({}, 'session.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('passes a non-string operation name as an empty one (the core answers UNKNOWN_OPERATION)', async () => {
    calls.length = 0;
    await relay({ senderFrame: { url: 'custos://console/' } }, { toString: () => 'org.search' }, {});
    expect(calls).toEqual([['', {}]]);
    expect(isTrustedSender({ senderFrame: { url: 'custos://console/' } })).toBe(true);
  });
});
