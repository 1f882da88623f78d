import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from './client.js';

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
