import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml, checked the way electron-builder itself checks it (its own schema,
 * through app-builder-lib), plus the promises the packaging issue makes about it.
 */
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');

interface TargetSpec {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  extraResources: { from: string; to: string }[];
  asar: boolean;
  asarUnpack: string[];
  afterSign: string;
  publish: { provider: string; url: string; channel: string }[];
  fileAssociations?: unknown;
  win: { target: TargetSpec[]; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  mac: { target: TargetSpec[]; icon: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; notarize: boolean };
  linux: { target: TargetSpec[]; icon: string };
  electronFuses?: Record<string, boolean>;
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig } = require('app-builder-lib/out/util/config/config') as { getConfig: (dir: string, file: string, extra: null) => Promise<unknown> };
  return (await getConfig(root, 'electron-builder.yml', null)) as BuilderConfig;
}

async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

/** PNG width and height from the IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const targets = (specs: TargetSpec[]) => Object.fromEntries(specs.map((t) => [t.target, [...(t.arch ?? [])].sort()]));

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, and a misspelt option fails it", async () => {
    const config = await loadConfig();
    await expect(validate(config)).resolves.toBeUndefined();
    const broken = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
    broken.nsis!.perMachin = false;
    await expect(validate(broken)).rejects.toThrow(/does not match the API schema/);
  });

  it('builds per-user NSIS for x64 and arm64, dmg and zip for both Mac architectures, AppImage and deb', async () => {
    const c = await loadConfig();
    expect(targets(c.win.target)).toEqual({ nsis: ['arm64', 'x64'] });
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(targets(c.mac.target)).toEqual({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] });
    expect(Object.keys(targets(c.linux.target)).sort()).toEqual(['AppImage', 'deb']);
    expect(c.appId).toBe('com.custos.console');
    expect(c.productName).toBe('Custos');
    expect(c.fileAssociations).toBeUndefined();
  });

  it('signs the Mac app with the hardened runtime, a real entitlements file and the notarisation hook', async () => {
    const c = await loadConfig();
    expect(c.mac.hardenedRuntime).toBe(true);
    for (const file of [c.mac.entitlements, c.mac.entitlementsInherit]) {
      const plist = readFileSync(join(root, file), 'utf8');
      expect(plist).toContain('com.apple.security.cs.allow-jit');
      // Nothing beyond what Electron needs: no unsigned executable memory, no disabled library validation.
      expect(plist).not.toMatch(/allow-unsigned-executable-memory|disable-library-validation|device\.camera|device\.audio-input/);
    }
    expect(c.mac.notarize).toBe(false);
    expect(existsSync(join(root, c.afterSign))).toBe(true);
  });

  it('ships product icons at the sizes each platform needs', async () => {
    const c = await loadConfig();
    expect(pngSize(join(root, c.win.icon))).toEqual({ width: 1024, height: 1024 });
    expect(c.mac.icon).toBe(c.win.icon);
    const linux = readdirSync(join(root, c.linux.icon)).sort();
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(linux).toContain(`${size}x${size}.png`);
      expect(pngSize(join(root, c.linux.icon, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('keeps asar on with native code unpacked, ships the migrations, and publishes to a configured generic feed', async () => {
    const c = await loadConfig();
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toContain('**/*.node');
    expect(c.extraResources).toEqual(expect.arrayContaining([{ from: 'migrations', to: 'migrations' }, { from: 'cloud/migrations', to: 'cloud/migrations' }]));
    expect(c.publish).toEqual([{ provider: 'generic', url: '${env.CUSTOS_UPDATE_URL}', channel: 'latest' }]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['electron-updater', 'better-sqlite3']));
  });
});

describe('Electron fuses', () => {
  it('packages with RunAsNode, NODE_OPTIONS and --inspect off, the app only from an integrity-checked ASAR, cookies encrypted', async () => {
    const c = await loadConfig();
    expect(c.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Only from an ASAR means there must be one.
    expect(c.asar).toBe(true);
  });

  it("uses fuse names electron-builder knows (a misspelt fuse fails its schema)", async () => {
    const c = await loadConfig();
    const broken = structuredClone(c) as unknown as { electronFuses: Record<string, boolean> };
    broken.electronFuses.runAsNodee = false;
    await expect(validate(broken)).rejects.toThrow(/does not match the API schema/);
  });
});

describe('notarisation hook', () => {
  const hook = require(join(root, 'scripts/packaging/notarize.cjs')) as ((ctx: unknown) => Promise<void>) & { credentials: (env: Record<string, string>) => unknown };

  it('reads credentials only from the environment, preferring an API key', () => {
    expect(hook.credentials({})).toBeNull();
    expect(hook.credentials({ APPLE_ID: 'a@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'x' })).toBeNull();
    expect(hook.credentials({ APPLE_ID: 'a@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' })).toEqual({ appleId: 'a@example.com', appleIdPassword: 'x', teamId: 'T' });
    expect(hook.credentials({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I', APPLE_ID: 'a@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' })).toEqual({
      appleApiKey: 'k.p8',
      appleApiKeyId: 'K',
      appleApiIssuer: 'I',
    });
  });

  it('skips other platforms, and fails a release build without credentials', async () => {
    await expect(hook({ electronPlatformName: 'win32' })).resolves.toBeUndefined();
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith('APPLE_')) delete process.env[k];
      process.env.CUSTOS_REQUIRE_NOTARIZE = '1';
      await expect(hook({ electronPlatformName: 'darwin', appOutDir: '/tmp', packager: { appInfo: { productFilename: 'Custos' } } })).rejects.toThrow(/no Apple credentials/);
    } finally {
      process.env = saved;
    }
  });
});
