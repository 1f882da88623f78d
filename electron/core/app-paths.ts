import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the desktop app finds its files, in development (the repository) and packaged
 * (electron-builder: the app's files inside `resources/app.asar`, `extraResources` beside it).
 * Pure, so the packaged layout is tested without Electron (tests/packaging).
 */
/** Where scripts/native-deps.mjs keeps the Electron-ABI build of the SQLite binding. */
export const ELECTRON_NATIVE_DIR = join('node_modules', '.custos-electron');

export interface AppPathsInput {
  isPackaged: boolean;
  /** `app.getAppPath()`: the repository, or `…/resources/app.asar` when packaged. */
  appPath: string;
  /** `process.resourcesPath`: `…/resources` when packaged. */
  resourcesPath: string;
}

export interface AppPaths {
  migrations: string;
  cloudMigrations: string;
  rendererDir: string;
  preload: string;
  /** The core process's entry (an Electron utility process runs it). */
  coreEntry: string;
  /** electron-builder's `app-update.yml` (publish settings), only in a packaged app. */
  packagedUpdateConfig: string | null;
  /** The SQLite binding rebuilt for Electron by `npm install` (development only; packaged apps carry their own). */
  electronNativeBinding: string | null;
}

export function appPaths(input: AppPathsInput): AppPaths {
  const resources = input.isPackaged ? input.resourcesPath : input.appPath;
  const rendererDir = join(input.appPath, 'dist', 'renderer');
  const devBinding = join(input.appPath, ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return {
    migrations: join(resources, 'migrations'),
    cloudMigrations: join(resources, 'cloud', 'migrations'),
    rendererDir,
    preload: join(input.appPath, 'dist', 'electron', 'preload.cjs'),
    coreEntry: join(input.appPath, 'dist', 'electron', 'core.mjs'),
    packagedUpdateConfig: input.isPackaged ? join(input.resourcesPath, 'app-update.yml') : null,
    electronNativeBinding: !input.isPackaged && existsSync(devBinding) ? devBinding : null,
  };
}
