import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TokensSchema, PullPageSchema } from '../shared/cloud-protocol.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from './seed/demo.js';
import { startCloud } from './server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('startCloud over HTTP', () => {
  it('serves a seeded PGlite cloud and keeps data and signing key across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'custos-cloud-'));
    dirs.push(dataDir, `${dataDir}.key`);
    const first = await startCloud({ port: 0, dataDir, seed: { scale: 'S' } });
    let access: string;
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.seeded).toMatchObject({ created: true, departments: 50, employees: 500 });
      const res = await fetch(`${first.url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }),
      });
      expect(res.status).toBe(200);
      access = TokensSchema.parse(await res.json()).accessToken;

      // A second server on the same port fails with EADDRINUSE, before opening any database.
      await expect(startCloud({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }

    const second = await startCloud({ port: 0, dataDir, seed: { scale: 'S' } });
    try {
      expect(second.seeded?.created).toBe(false);
      const res = await fetch(`${second.url}/sync/pull?cursor=540&limit=5&scope=all`, { headers: { authorization: `Bearer ${access}` } });
      expect(res.status).toBe(200);
      expect(PullPageSchema.parse(await res.json())).toMatchObject({ kind: 'page', from: 540, to: 545, head: first.seeded?.head, remaining: (first.seeded?.head ?? 0) - 545 });
    } finally {
      await second.close();
    }
  });

  it('the CLI exits 1 with one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const root = fileURLToPath(new URL('..', import.meta.url));
      const dataDir = mkdtempSync(join(tmpdir(), 'custos-cli-'));
      dirs.push(dataDir, `${dataDir}.key`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'cloud/main.ts', '--port', String(port), '--data-dir', dataDir], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '' },
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`custos cloud: port ${port} is already in use; pass --port or set PORT`);
    } finally {
      blocker.close();
    }
  });
});
