import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustosError } from '../../../shared/errors.js';
import { channelFileName, type BusyReason, type UpdateChannel } from '../../../shared/updates.js';
import { silentLogger } from '../logging.js';
import { FeedDriver, UpdateController, resolveFeedUrl } from './controller.js';
import { acceptedFeedUrl } from './feed.js';
import { LoopbackFeed } from './loopback-feed.testkit.js';
import { CHECK_INTERVAL_MS, defaultChannel, isOffered, restartOffer, shouldCheck } from './policy.js';

describe('update policy', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  it('checks on start, on demand, and on the timer only once the interval has passed', () => {
    expect(shouldCheck({ reason: 'start', phase: 'idle', lastCheckedAt: null, now })).toBe(true);
    expect(shouldCheck({ reason: 'user', phase: 'up-to-date', lastCheckedAt: at(1000), now })).toBe(true);
    expect(shouldCheck({ reason: 'timer', phase: 'up-to-date', lastCheckedAt: at(1000), now })).toBe(false);
    expect(shouldCheck({ reason: 'timer', phase: 'up-to-date', lastCheckedAt: at(CHECK_INTERVAL_MS), now })).toBe(true);
    expect(shouldCheck({ reason: 'timer', phase: 'error', lastCheckedAt: null, now })).toBe(true);
  });

  it('never checks twice at once, nor again while a downloaded update waits', () => {
    for (const reason of ['start', 'timer', 'user'] as const) {
      expect(shouldCheck({ reason, phase: 'checking', lastCheckedAt: null, now })).toBe(false);
      expect(shouldCheck({ reason, phase: 'downloading', lastCheckedAt: null, now })).toBe(false);
    }
    expect(shouldCheck({ reason: 'timer', phase: 'ready', lastCheckedAt: at(2 * CHECK_INTERVAL_MS), now })).toBe(false);
    expect(shouldCheck({ reason: 'start', phase: 'ready', lastCheckedAt: null, now })).toBe(false);
  });

  it('offers only newer versions, pre-releases only on beta, never a downgrade', () => {
    expect(isOffered('1.2.0', '1.1.0', 'stable')).toBe(true);
    expect(isOffered('1.1.0', '1.1.0', 'stable')).toBe(false);
    expect(isOffered('1.0.9', '1.1.0', 'stable')).toBe(false);
    expect(isOffered('1.2.0-beta.1', '1.1.0', 'stable')).toBe(false);
    expect(isOffered('1.2.0-beta.1', '1.1.0', 'beta')).toBe(true);
    expect(isOffered('1.2.0-beta.2', '1.2.0-beta.1', 'beta')).toBe(true);
    // Back on stable after a beta: 1.1.5 is older than the beta installed, so it waits for 1.2.0.
    expect(isOffered('1.1.5', '1.2.0-beta.1', 'stable')).toBe(false);
    expect(isOffered('1.2.0', '1.2.0-beta.1', 'stable')).toBe(true);
    expect(isOffered('not-a-version', '1.1.0', 'beta')).toBe(false);
  });

  it('holds the restart back while a long job runs', () => {
    expect(restartOffer('ready', null)).toEqual({ offer: true, heldBy: null });
    expect(restartOffer('ready', 'sync')).toEqual({ offer: false, heldBy: 'sync' });
    expect(restartOffer('downloading', null)).toEqual({ offer: false, heldBy: null });
    expect(defaultChannel('1.0.0')).toBe('stable');
    expect(defaultChannel('1.1.0-beta.3')).toBe('beta');
  });

  it('names the channel files as electron-builder publishes them', () => {
    expect(channelFileName('stable', 'win32')).toBe('latest.yml');
    expect(channelFileName('stable', 'darwin')).toBe('latest-mac.yml');
    expect(channelFileName('beta', 'linux')).toBe('beta-linux.yml');
  });
});

describe('feed URL from configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-feedcfg-'));

  it('accepts https, and http only to this machine', () => {
    expect(acceptedFeedUrl('https://updates.example.com/custos')).toBe('https://updates.example.com/custos/');
    expect(acceptedFeedUrl('http://127.0.0.1:8080/feed/')).toBe('http://127.0.0.1:8080/feed/');
    expect(acceptedFeedUrl('http://updates.example.com/custos')).toBeNull();
    expect(acceptedFeedUrl('https://user:pw@updates.example.com/')).toBeNull();
    expect(acceptedFeedUrl('file:///etc/passwd')).toBeNull();
    expect(acceptedFeedUrl('https://updates.invalid/custos')).toBeNull();
    expect(acceptedFeedUrl('not a url')).toBeNull();
  });

  it('takes the environment first, then the machine file, then the packaged app-update.yml', () => {
    const machine = join(dir, 'update.json');
    const packaged = join(dir, 'app-update.yml');
    writeFileSync(machine, JSON.stringify({ url: 'https://mirror.corp.example/custos' }));
    writeFileSync(packaged, 'provider: generic\nurl: https://updates.corp.example/custos\nchannel: latest\n');
    expect(resolveFeedUrl({ env: 'https://env.example/feed', machineConfigFile: machine, packagedConfigFile: packaged })).toBe('https://env.example/feed/');
    expect(resolveFeedUrl({ env: undefined, machineConfigFile: machine, packagedConfigFile: packaged })).toBe('https://mirror.corp.example/custos/');
    expect(resolveFeedUrl({ machineConfigFile: join(dir, 'absent.json'), packagedConfigFile: packaged })).toBe('https://updates.corp.example/custos/');
    writeFileSync(machine, '{ not json');
    expect(resolveFeedUrl({ machineConfigFile: machine, packagedConfigFile: join(dir, 'absent.yml') })).toBeNull();
  });
});

describe('update controller against a loopback feed', () => {
  const feed = new LoopbackFeed();
  let busy: BusyReason | null = null;
  let channel: UpdateChannel = 'stable';
  let clock = new Date('2026-11-29T10:00:00Z');
  let installed: string[] = [];
  let downloadDir = '';

  const controller = (currentVersion = '1.1.0', driver = true) =>
    new UpdateController({
      currentVersion,
      unsupported: driver ? null : 'not-packaged',
      feedUrl: feed.url,
      driver: driver ? new FeedDriver({ downloadDir, platform: 'win32', arch: 'x64', install: (f) => installed.push(f) }) : null,
      channel: { get: () => channel, set: (c) => (channel = c) },
      busy: () => busy,
      logger: silentLogger,
      now: () => clock,
    });

  beforeAll(() => feed.start());
  afterAll(() => feed.stop());
  beforeEach(() => {
    busy = null;
    channel = 'stable';
    installed = [];
    feed.hits = [];
    feed.down = false;
    feed.files.clear();
    clock = new Date('2026-11-29T10:00:00Z');
    downloadDir = mkdtempSync(join(tmpdir(), 'custos-update-'));
  });

  it('finds a newer release, downloads it with progress, verifies it and offers the restart', async () => {
    feed.publish('stable', '1.2.0');
    const updates = controller();
    const seen: number[] = [];
    const poll = setInterval(() => {
      const p = updates.state().progress;
      if (p) seen.push(p.percent);
    }, 2);
    const checked = await updates.check('start');
    expect(checked.phase).toBe('downloading');
    expect(checked.available).toEqual({ version: '1.2.0', releaseDate: '2026-11-20T08:00:00.000Z' });
    await updates.settled();
    clearInterval(poll);
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    const state = updates.state();
    expect(state.phase).toBe('ready');
    expect(state.heldBy).toBeNull();
    const file = join(downloadDir, 'Custos-Setup-1.2.0.exe');
    expect(createHash('sha512').update(readFileSync(file)).digest('base64')).toBe(feed.sha512());
    updates.install();
    expect(installed).toEqual([file]);
  });

  it('says up to date when the feed holds this version', async () => {
    feed.publish('stable', '1.1.0');
    const updates = controller();
    const state = await updates.check('user');
    expect(state.phase).toBe('up-to-date');
    expect(state.available).toBeNull();
    expect(feed.hits).toEqual(['latest.yml']);
    expect(() => updates.install()).toThrowError(expect.objectContaining({ code: 'UPDATE_NOT_READY' }) as Error);
  });

  it('refuses the restart while a long job runs, and offers it once the job ends', async () => {
    feed.publish('stable', '1.2.0');
    const updates = controller();
    await updates.check('start');
    await updates.settled();
    busy = 'export';
    expect(updates.state().heldBy).toBe('export');
    expect(() => updates.install()).toThrowError(expect.objectContaining({ code: 'UPDATE_BUSY' }) as Error);
    expect(installed).toEqual([]);
    busy = null;
    expect(updates.state().heldBy).toBeNull();
    updates.install();
    expect(installed).toHaveLength(1);
  });

  it('checks again on the timer only after the interval, and not at all while an update waits', async () => {
    feed.publish('stable', '1.1.0');
    const updates = controller();
    await updates.check('start');
    await updates.check('timer');
    expect(feed.hits).toEqual(['latest.yml']);
    clock = new Date(clock.getTime() + CHECK_INTERVAL_MS);
    feed.publish('stable', '1.2.0');
    await updates.check('timer');
    await updates.settled();
    expect(updates.state().phase).toBe('ready');
    clock = new Date(clock.getTime() + 3 * CHECK_INTERVAL_MS);
    const before = feed.hits.length;
    await updates.check('timer');
    expect(feed.hits.length).toBe(before);
  });

  it('keeps nothing of a download whose checksum does not match the feed', async () => {
    feed.publish('stable', '1.2.0', { sha512: feed.sha512(Buffer.from('another file')) });
    const updates = controller();
    await updates.check('user');
    await updates.settled();
    const state = updates.state();
    expect(state.phase).toBe('error');
    expect(state.error).toBe('checksum-mismatch');
    expect(readdirSync(downloadDir)).toEqual([]);
    expect(() => updates.install()).toThrow(CustosError);
  });

  it('reports an unreachable or malformed feed', async () => {
    feed.down = true;
    const updates = controller();
    expect((await updates.check('user')).error).toBe('feed-unreachable');
    feed.down = false;
    feed.publish('stable', '', { yaml: 'files: [\n' });
    expect((await updates.check('user')).error).toBe('feed-invalid');
    feed.publish('stable', '', { yaml: 'version: 1.2.0\nfiles: []\n' });
    expect((await updates.check('user')).error).toBe('feed-invalid');
  });

  it('switches channel: beta reads beta.yml and offers its pre-release; back on stable it is forgotten', async () => {
    feed.publish('stable', '1.1.0');
    feed.publish('beta', '1.2.0-beta.1');
    const updates = controller();
    expect((await updates.check('user')).phase).toBe('up-to-date');
    const onBeta = await updates.setChannel('beta');
    expect(channel).toBe('beta');
    expect(onBeta.available?.version).toBe('1.2.0-beta.1');
    await updates.settled();
    expect(updates.state().phase).toBe('ready');
    const onStable = await updates.setChannel('stable');
    expect(onStable.phase).toBe('up-to-date');
    expect(onStable.available).toBeNull();
    expect(feed.hits.filter((h) => h.endsWith('.yml'))).toEqual(['latest.yml', 'beta.yml', 'latest.yml']);
  });

  it('never offers a pre-release a stable feed lists by mistake', async () => {
    feed.publish('stable', '1.2.0-rc.1');
    expect((await controller().check('user')).phase).toBe('up-to-date');
  });

  it('drops a check begun on the old channel when the channel changes meanwhile', async () => {
    feed.publish('stable', '1.2.0');
    feed.publish('beta', '1.1.0');
    const updates = controller();
    const first = updates.check('user');
    await updates.setChannel('beta');
    await first;
    await updates.settled();
    expect(updates.state().channel).toBe('beta');
    expect(updates.state().available).toBeNull();
    expect(existsSync(join(downloadDir, 'Custos-Setup-1.2.0.exe'))).toBe(false);
  });

  it('does nothing where updates are off, and says so when asked', async () => {
    feed.publish('stable', '1.2.0');
    const updates = controller('1.1.0', false);
    await expect(updates.check('user')).rejects.toMatchObject({ code: 'UPDATE_UNAVAILABLE' });
    expect((await updates.check('start')).phase).toBe('idle');
    expect(updates.state().unsupported).toBe('not-packaged');
    expect(feed.hits).toEqual([]);
  });
});
