import { describe, expect, it } from 'vitest';
import { externalLinkVerdict } from './external-links.js';

describe('external links', () => {
  it('lets plain https links to public hosts through, normalised', () => {
    expect(externalLinkVerdict('https://www.cac.gov.cn/2021-08/20/c_1631050028355286.htm')).toMatchObject({ ok: true, host: 'www.cac.gov.cn' });
    expect(externalLinkVerdict('https://EUR-LEX.europa.eu/eli/reg/2016/679/oj')).toMatchObject({ ok: true, host: 'eur-lex.europa.eu' });
  });

  it('refuses other schemes, credentials, and local or private addresses', () => {
    for (const [url, reason] of [
      ['http://example.com/', 'not-https'],
      ['file:///etc/passwd', 'not-https'],
      ['javascript:alert(1)', 'not-https'],
      ['smb://fileserver/share', 'not-https'],
      ['https://user:pw@example.com/', 'credentials'],
      ['https://localhost/admin', 'local-address'],
      ['https://127.0.0.1:8443/', 'local-address'],
      ['https://10.1.2.3/', 'local-address'],
      ['https://192.168.0.1/', 'local-address'],
      ['https://172.20.0.5/', 'local-address'],
      ['https://[::1]/', 'local-address'],
      ['https://intranet/', 'local-address'],
      ['not a url', 'malformed'],
    ] as const) {
      expect(externalLinkVerdict(url), url).toEqual({ ok: false, reason });
    }
    expect(externalLinkVerdict('https://172.32.0.1/')).toMatchObject({ ok: true });
  });
});
