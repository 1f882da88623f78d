import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../../cloud/server.js';
import { createLogger } from '../logging.js';
import { chooseCloud, cloudAnswers, CloudSetup, CLOUD_CHOICE_FILE, parseSavedCloud, readSavedCloud, type CloudChoice } from './choice.js';

const logger = createLogger('test', 'error');

describe('which cloud a console uses (issue 28 item 11)', () => {
  it('a packaged app with nothing configured asks; development and the browser host start the demo', () => {
    expect(chooseCloud({ packaged: true, saved: null })).toEqual({ kind: 'ask' });
    expect(chooseCloud({ packaged: false, saved: null })).toEqual({ kind: 'demo', source: 'default' });
    expect(chooseCloud({ packaged: true, envUrl: '', saved: null })).toEqual({ kind: 'ask' });
  });

  it('CUSTOS_CLOUD_URL wins over a saved choice, and a saved choice over asking', () => {
    expect(chooseCloud({ packaged: true, envUrl: 'https://env.example.com', saved: { demo: true } })).toEqual({ kind: 'url', url: 'https://env.example.com', source: 'env' });
    expect(chooseCloud({ packaged: true, saved: { url: 'https://custos.example.com' } })).toEqual({ kind: 'url', url: 'https://custos.example.com', source: 'saved' });
    expect(chooseCloud({ packaged: true, saved: { demo: true } })).toEqual({ kind: 'demo', source: 'saved' });
  });

  it('a saved address no longer acceptable counts as nothing saved: a packaged app asks again', () => {
    for (const url of ['http://custos.example.com', 'https://admin:pw@custos.example.com', 'not an address']) {
      expect(chooseCloud({ packaged: true, saved: { url } }), url).toEqual({ kind: 'ask' });
    }
  });

  it('cloud.json is read strictly: anything but an address or the demo is nothing saved', () => {
    expect(parseSavedCloud('{"url":"https://c.example.com"}')).toEqual({ url: 'https://c.example.com' });
    expect(parseSavedCloud('{"demo":true}')).toEqual({ demo: true });
    for (const text of ['', '{', '{"demo":false}', '{"url":1}', '{"url":"https://c.example.com","demo":true}', '[]']) expect(parseSavedCloud(text), text).toBeNull();
  });
});

describe('the first-run setup that answers in place of the core', () => {
  let cloud: RunningCloud;
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-choice-'));
    dirs.push(dir);
    return dir;
  };
  const setupIn = (dataDir: string) => {
    const started: CloudChoice[] = [];
    const setup = new CloudSetup({ dataDir, logger, start: async (choice) => void started.push(choice) });
    return { setup, started };
  };

  beforeAll(async () => {
    const dataDir = fresh();
    cloud = await startCloud({ port: 0, dataDir: join(dataDir, 'cloud'), schedulerIntervalMs: 0 });
  });
  afterAll(async () => {
    await cloud?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers every other operation SETUP_REQUIRED, so the renderer shows the first-run screen', async () => {
    const { setup } = setupIn(fresh());
    for (const name of ['app.info', 'session.get', 'org.departments']) {
      expect(await setup.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
    }
  });

  it('refuses an address that is not https (http only to this computer) or carries credentials, saving and starting nothing', async () => {
    const dataDir = fresh();
    const { setup, started } = setupIn(dataDir);
    const cases: [string, string][] = [
      ['http://custos.example.com', 'not_https'],
      ['http://10.0.0.5:8787', 'not_https'],
      ['https://admin:secret@custos.example.com', 'credentials'],
      ['ftp://custos.example.com', 'not_url'],
      ['custos example', 'not_url'],
    ];
    for (const [url, problem] of cases) {
      expect(await setup.invoke('setup.chooseCloud', { url }), url).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', issues: [{ path: 'url', message: problem }] }) });
    }
    expect(await setup.invoke('setup.chooseCloud', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(started).toEqual([]);
    expect(existsSync(join(dataDir, CLOUD_CHOICE_FILE))).toBe(false);
  });

  it('refuses an address where no Custos cloud answers', async () => {
    const dataDir = fresh();
    const { setup, started } = setupIn(dataDir);
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const gone = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((r) => probe.close(() => r()));
    expect(await cloudAnswers(gone, 2_000)).toBe(false);
    expect(await setup.invoke('setup.chooseCloud', { url: gone })).toMatchObject({ ok: false, error: { code: 'CLOUD_UNREACHABLE', issues: [{ path: 'url', message: 'unreachable' }] } });
    expect(started).toEqual([]);
    expect(existsSync(join(dataDir, CLOUD_CHOICE_FILE))).toBe(false);
  });

  it('takes a cloud that answers: starts it, then saves it (0600) so the next launch uses it without asking', async () => {
    const dataDir = fresh();
    const { setup, started } = setupIn(dataDir);
    expect(await setup.invoke('setup.chooseCloud', { url: ` ${cloud.url}/ ` })).toEqual({ ok: true, value: { cloud: 'url' } });
    expect(started).toEqual([{ kind: 'url', url: cloud.url, source: 'saved' }]);
    const file = join(dataDir, CLOUD_CHOICE_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: cloud.url });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(chooseCloud({ packaged: true, saved: readSavedCloud(dataDir) })).toEqual({ kind: 'url', url: cloud.url, source: 'saved' });
    // Chosen once: a second answer is refused.
    expect(await setup.invoke('setup.chooseCloud', { demo: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('takes the demo only as an explicit choice, and saves it as such', async () => {
    const dataDir = fresh();
    const { setup, started } = setupIn(dataDir);
    expect(await setup.invoke('setup.chooseCloud', { demo: true })).toEqual({ ok: true, value: { cloud: 'demo' } });
    expect(started).toEqual([{ kind: 'demo', source: 'saved' }]);
    expect(chooseCloud({ packaged: true, saved: readSavedCloud(dataDir) })).toEqual({ kind: 'demo', source: 'saved' });
  });

  it('saves nothing when the cloud or the core fails to start, so the next launch asks again', async () => {
    const dataDir = fresh();
    let attempts = 0;
    const setup = new CloudSetup({
      dataDir,
      logger,
      start: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('core failed');
      },
    });
    expect(await setup.invoke('setup.chooseCloud', { demo: true })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(existsSync(join(dataDir, CLOUD_CHOICE_FILE))).toBe(false);
    // Not "already chosen": the person may try again.
    expect(await setup.invoke('setup.chooseCloud', { demo: true })).toMatchObject({ ok: true });
    expect(attempts).toBe(2);
  });

  it('a damaged cloud.json is read as nothing saved', () => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, CLOUD_CHOICE_FILE), '{"url":');
    expect(readSavedCloud(dataDir)).toBeNull();
    expect(chooseCloud({ packaged: true, saved: readSavedCloud(dataDir) })).toEqual({ kind: 'ask' });
  });
});
