import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_MAC_HEADER } from '../../../shared/cloud-protocol.js';
import { CloudClient, verifyAnswerMac } from './client.js';

/**
 * A cloud in another process closes an idle kept-alive connection after its keep-alive timeout
 * (Node's default is 5 s). If the core's event loop is busy meanwhile (a long synchronous
 * ingest, a laptop waking), the client has not yet seen the close when it sends its next
 * request on that connection, and the request dies with "other side closed". The server
 * never read that request, so the client sends it once more on a fresh connection.
 */
const SERVER = `
  const http = require('node:http');
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/count' ? { requests } : {}));
  });
  // Node's default keep-alive timeout (5 s), as the cloud's server has.
  server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

function blockEventLoop(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('CloudClient and connections the cloud has closed', () => {
  let server: ChildProcess;
  let baseUrl = '';

  beforeAll(async () => {
    server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    baseUrl = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        const m = /port (\d+)/.exec(chunk.toString());
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      server.once('exit', (code) => reject(new Error(`test server exited (${code})`)));
    });
  });

  afterAll(() => {
    server?.kill();
  });

  it('sends a request again when the kept-alive connection was closed while the event loop was blocked', { timeout: 60_000 }, async () => {
    const client = new CloudClient(baseUrl);
    for (let round = 0; round < 3; round++) {
      // Several connections left idle in the pool (a sync pulls one page while it applies another).
      await Promise.all([client.signOut('token'), client.signOut('token'), client.signOut('token')]);
      // The server closes the idle connection after 5 s; this process cannot notice until it runs again.
      blockEventLoop(6_500);
      await client.signOut('token');
    }
    // Each request reached the server exactly once: the retry only replaced requests it never read.
    const count = (await (await fetch(`${baseUrl}/count`)).json()) as { requests: number };
    expect(count.requests).toBe(3 * 4 + 1);
  });

  it('still reports an unreachable cloud as CLOUD_UNREACHABLE', async () => {
    const client = new CloudClient('http://127.0.0.1:9', 2_000);
    await expect(client.health()).rejects.toMatchObject({ code: 'CLOUD_UNREACHABLE' });
  });
});

describe('signed pull answers', () => {
  const key = randomBytes(32).toString('base64url');
  const macOf = (body: string | Buffer, k = key) => createHmac('sha256', Buffer.from(k, 'base64url')).update(body).digest('base64url');
  const page = JSON.stringify({ kind: 'page', tenantId: 't1', scope: '', from: 0, to: 1, head: 1, remaining: 0, changes: [{ entity: 'department', id: 'd1', version: 1, deleted: false, data: { id: 'd1', parentId: null, name: 'Dept d1', sort: 0, managerId: null } }] });
  const code = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (err) {
      return (err as { code?: string }).code ?? 'other';
    }
  };

  it('accepts the exact bytes signed with the session key, and refuses any other byte, key or missing signature', () => {
    const body = Buffer.from(page);
    expect(code(() => verifyAnswerMac(body, macOf(body), key))).toBeNull();
    expect(code(() => verifyAnswerMac(Buffer.from(page.replace('Dept d1', 'Dept X1')), macOf(body), key))).toBe('SYNC_PAGE_REJECTED');
    // The same JSON value written differently is other bytes: refused (nothing is re-serialised to check).
    expect(code(() => verifyAnswerMac(Buffer.from(page.replace('"from":0', '"from": 0')), macOf(body), key))).toBe('SYNC_PAGE_REJECTED');
    expect(code(() => verifyAnswerMac(body, macOf(body, randomBytes(32).toString('base64url')), key))).toBe('SYNC_PAGE_REJECTED');
    expect(code(() => verifyAnswerMac(body, null, key))).toBe('SYNC_PAGE_REJECTED');
    expect(code(() => verifyAnswerMac(body, '', key))).toBe('SYNC_PAGE_REJECTED');
  });

  describe('through CloudClient.pull', () => {
    let server: Server;
    let baseUrl = '';
    let answer: { body: string; mac: string | null } = { body: page, mac: null };
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(answer.mac !== null ? { [PULL_MAC_HEADER]: answer.mac } : {}) });
        res.end(answer.body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('returns a signed page, and refuses an unsigned, altered or foreign-signed one before reading it', async () => {
      const client = new CloudClient(baseUrl);
      answer = { body: page, mac: macOf(page) };
      expect(await client.pull('token', key, 0, 10, '')).toMatchObject({ kind: 'page', to: 1 });
      for (const bad of [{ body: page, mac: null }, { body: page.replace('Dept d1', 'Dept X1'), mac: macOf(page) }, { body: page, mac: macOf(page, randomBytes(32).toString('base64url')) }]) {
        answer = bad;
        await expect(client.pull('token', key, 0, 10, '')).rejects.toMatchObject({ code: 'SYNC_PAGE_REJECTED' });
      }
      // A signed reset is accepted like a page; an unsigned one is refused (no forced full resync).
      const reset = JSON.stringify({ kind: 'reset', reason: 'scope changed' });
      answer = { body: reset, mac: macOf(reset) };
      expect(await client.pull('token', key, 0, 10, '')).toEqual({ kind: 'reset', reason: 'scope changed' });
      answer = { body: reset, mac: null };
      await expect(client.pull('token', key, 0, 10, '')).rejects.toMatchObject({ code: 'SYNC_PAGE_REJECTED' });
    });
  });
});

describe('the cloud address', () => {
  it('is https, or http only to this computer: the answers carry tokens and the sync-page key', () => {
    for (const url of ['https://cloud.example.com', 'https://10.0.0.5:8443/', 'http://127.0.0.1:8787', 'http://127.1.2.3:1', 'http://localhost:8787', 'http://[::1]:8787']) {
      expect(() => new CloudClient(url), url).not.toThrow();
    }
    for (const url of ['http://cloud.example.com', 'http://10.0.0.5:8787', 'http://192.168.1.20', 'http://127.0.0.1.nip.io', 'https://user:pw@cloud.example.com', 'ftp://127.0.0.1', 'cloud.example.com']) {
      expect(() => new CloudClient(url), url).toThrow(/https:\/\//);
    }
  });
});
