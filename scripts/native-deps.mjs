// postinstall: the SQLite binding npm builds is for Node's ABI (tests, the browser host). Where
// an Electron runtime is installed, this also builds a copy for Electron's ABI into
// node_modules/.custos-electron, which the desktop app loads in development
// (electron/core/app-paths.ts), so `npm test` and `npm start` both work from one install.
// Packaged apps are rebuilt by electron-builder itself (npmRebuild). Never fails the install.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const target = resolve('node_modules', '.custos-electron');

function electronRuntime() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function main() {
  if (process.env.CUSTOS_SKIP_ELECTRON_REBUILD === '1') return console.log('native-deps: skipped (CUSTOS_SKIP_ELECTRON_REBUILD=1).');
  if (!electronRuntime()) {
    return console.log('native-deps: no Electron runtime on this machine; the SQLite binding stays built for Node (tests, browser host).');
  }
  const electronVersion = require('electron/package.json').version;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'node_modules'), { recursive: true });
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'custos-electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
  cpSync(resolve('node_modules', 'better-sqlite3'), join(target, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const { rebuild } = await import('@electron/rebuild');
  console.log(`native-deps: building the SQLite binding for Electron ${electronVersion}…`);
  await rebuild({ buildPath: target, electronVersion, force: true, onlyModules: ['better-sqlite3'] });
  console.log('native-deps: node_modules/.custos-electron holds the Electron build.');
}

main().catch((err) => {
  rmSync(target, { recursive: true, force: true });
  console.warn(`native-deps: the Electron build of the SQLite binding failed (${err?.message ?? err}); the desktop app needs it — rerun "node scripts/native-deps.mjs" once Electron's headers can be downloaded.`);
});
