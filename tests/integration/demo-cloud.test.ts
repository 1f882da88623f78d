import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../electron/core/demo-cloud.js';
import { silentLogger } from '../../electron/core/logging.js';

const root = mkdtempSync(join(tmpdir(), 'custos-demo-cloud-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded demo cloud (npm start without CUSTOS_CLOUD_URL)', () => {
  it('starts in a data folder whose parents do not exist yet, and keeps its data across restarts', async () => {
    const dataDir = join(root, 'not', 'yet', 'there');
    const first = await resolveCloud({ dataDir, logger: silentLogger });
    expect(first.demoCredentials?.email).toBe('admin@custos-demo.example');
    const health = await (await fetch(new URL('/health', first.url))).json();
    expect(health).toMatchObject({ ok: true, database: 'pglite' });
    const signIn = async (url: string) => (await fetch(new URL('/auth/sign-in', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(first.demoCredentials) })).status;
    expect(await signIn(first.url)).toBe(200);
    await first.close();
    const second = await resolveCloud({ dataDir, logger: silentLogger });
    expect(await signIn(second.url)).toBe(200);
    await second.close();
  });

  it('uses the configured cloud instead when CUSTOS_CLOUD_URL is given', async () => {
    const r = await resolveCloud({ dataDir: join(root, 'unused'), cloudUrl: 'https://cloud.example.test', logger: silentLogger });
    expect(r).toMatchObject({ url: 'https://cloud.example.test', demoCredentials: null });
  });
});
