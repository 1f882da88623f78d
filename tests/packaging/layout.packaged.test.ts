import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPackage, extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appPaths } from '../../electron/core/app-paths.js';
import { PAGE } from '../../electron/core/security/renderer-assets.js';
import { openCache } from '../../electron/core/db/open.js';
import { openCloudDb } from '../../cloud/db/open.js';
import { resolveFeedUrl } from '../../electron/core/updates/controller.js';

/**
 * The packaged layout, rebuilt the way electron-builder.yml describes it (the `files` into
 * `resources/app.asar`, the `extraResources` beside it), then opened through the same path
 * resolution the Electron main process uses. Runs after `npm run build` (scripts/test.mjs).
 */
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const resources = join(mkdtempSync(join(tmpdir(), 'custos-packaged-')), 'Custos', 'resources');
const asarFile = join(resources, 'app.asar');

interface BuilderConfig {
  /** electron-builder normalises `files` to `{ filter: [...] }` entries. */
  files: (string | { filter: string[]; from?: string; to?: string })[];
  extraResources: { from: string; to: string }[];
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html')) || !existsSync(join(root, 'dist', 'electron', 'main.mjs'))) {
    throw new Error('The packaged-layout test needs the build: run `npm run build` first (npm test does).');
  }
  const { getConfig } = require('app-builder-lib/out/util/config/config') as { getConfig: (dir: string, file: string, extra: null) => Promise<BuilderConfig> };
  const config = await getConfig(root, 'electron-builder.yml', null);
  const stage = mkdtempSync(join(tmpdir(), 'custos-stage-'));
  const patterns = config.files.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if (entry.from || entry.to) throw new Error('electron-builder.yml files with from/to are not understood by this test');
    return entry.filter;
  });
  for (const pattern of patterns) {
    // Our `files` are whole folders (`dir/**`) or single files; anything else must be taught here.
    const dir = /^([\w./-]+)\/\*\*$/.exec(pattern)?.[1];
    if (dir) cpSync(join(root, dir), join(stage, dir), { recursive: true });
    else if (/^[\w./-]+$/.test(pattern)) cpSync(join(root, pattern), join(stage, pattern));
    else throw new Error(`electron-builder.yml files pattern not understood by this test: ${pattern}`);
  }
  mkdirSync(resources, { recursive: true });
  await createPackage(stage, asarFile);
  for (const { from, to } of config.extraResources) cpSync(join(root, from), join(resources, to), { recursive: true });
});

describe('packaged layout', () => {
  const paths = () => appPaths({ isPackaged: true, appPath: asarFile, resourcesPath: resources });
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => cleanup?.());

  it('finds the renderer, its preload and the main entry inside app.asar', () => {
    const p = paths();
    const inside = (file: string) => '/' + file.slice(asarFile.length + 1).split('\\').join('/');
    const listed = new Set(listPackage(asarFile, { isPack: false }).map((f) => f.split('\\').join('/')));
    expect(listed).toContain(inside(join(p.rendererDir, PAGE)));
    expect(listed).toContain(inside(p.preload));
    expect(listed).toContain(inside(p.coreEntry));
    const pkg = JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')) as { main: string };
    expect(listed).toContain('/' + pkg.main);
    // The page the window loads carries the strict CSP.
    const index = extractFile(asarFile, inside(join(p.rendererDir, PAGE)).slice(1)).toString('utf8');
    expect(index).toMatch(/Content-Security-Policy/);
    expect(index).not.toMatch(/unsafe-eval/);
    // Every script the page references is in the archive.
    const assets = [...index.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const src of assets) expect(listed).toContain(`/dist/renderer/${src}`);
  });

  it('migrates a new cache from the migrations shipped beside the asar', () => {
    const p = paths();
    expect(p.migrations.startsWith(resources)).toBe(true);
    const journal = JSON.parse(readFileSync(join(p.migrations, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const cache = openCache({ file: join(mkdtempSync(join(tmpdir(), 'custos-pcache-')), 'cache.sqlite'), key: Buffer.alloc(32, 3), migrationsDir: p.migrations });
    try {
      expect(cache.schemaVersion).toBe(journal.entries.length);
      expect(cache.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'employee'").get()).toEqual({ n: 1 });
    } finally {
      cache.close();
    }
  });

  it('migrates the embedded demo cloud from the cloud migrations shipped beside the asar', async () => {
    const p = paths();
    expect(readdirSync(p.cloudMigrations).some((f) => f.endsWith('.sql'))).toBe(true);
    const cloud = await openCloudDb({ migrationsDir: p.cloudMigrations });
    cleanup = () => cloud.close();
    const rows = (await cloud.db.execute(sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'employee'`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('reads the update feed electron-builder writes into resources, and in development the repo layout', () => {
    const p = paths();
    expect(p.packagedUpdateConfig).toBe(join(resources, 'app-update.yml'));
    expect(p.electronNativeBinding).toBeNull();
    const dev = appPaths({ isPackaged: false, appPath: root, resourcesPath: '/nonexistent' });
    expect(dev.migrations).toBe(join(root, 'migrations'));
    expect(join(dev.rendererDir, PAGE)).toBe(join(root, 'dist', 'renderer', 'index.html'));
    expect(dev.packagedUpdateConfig).toBeNull();
    expect(resolveFeedUrl({ packagedConfigFile: join(resources, 'app-update.yml') })).toBeNull();
  });
});
