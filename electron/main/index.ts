/**
 * Electron main: app lifecycle, one secure window, the console protocol handler, the OS keychain
 * (cache key, session tokens), the updater, and the relay of the contract to the core process.
 * The core itself (cache, sync, imports, reports) runs in a utility process of its own
 * (./core-process.ts): nothing long runs on this thread, so windows never stop answering.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, safeStorage, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { IPC_CHANNEL } from '../../shared/ipc.js';
import { CustosError } from '../../shared/errors.js';
import { createLogger } from '../core/logging.js';
import { resolveCloud } from '../core/demo-cloud.js';
import { chooseCloud, CloudSetup, readSavedCloud, type CloudChoice } from '../core/cloud/choice.js';
import { CONTENT_SECURITY_POLICY } from '../core/security/csp.js';
import { rendererAssets } from '../core/security/renderer-assets.js';
import { externalLinkVerdict } from '../core/security/external-links.js';
import { appPaths } from '../core/app-paths.js';
import { resolveFeedUrl } from '../core/updates/controller.js';
import { electronUpdaterDriver } from './updater.js';
import { keychainTokenStore } from '../core/session/token-file.js';
import { backendOf } from '../core/accounts/keychain-policy.js';
import type { UpdateChannel } from '../../shared/updates.js';
import { HOST_EVENTS, HOST_OPS } from '../core/process/protocol.js';
import { CoreSupervisor } from '../core/process/supervisor.js';
import { coreLogFile } from '../core/process/log-file.js';
import { utilityCoreSpawner } from './core-process.js';
import { CONSOLE_ORIGIN, createRelay } from './relay.js';

const logger = createLogger('electron-main');

/** Where bundled files live: inside and beside the asar in a packaged app, the repo in development. */
const paths = () => appPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });

/** What protects safeStorage here (keychain-policy.ts decides what that is worth). */
const keychainBackend = () => backendOf(process.platform, safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null);

/**
 * The console is served from the app's files through a protocol of its own rather than file://,
 * so that each load of the page gets a fresh CSP nonce (electron/core/security/renderer-assets.ts),
 * exactly as the browser host serves it.
 */
const CONSOLE_SCHEME = 'custos';
protocol.registerSchemesAsPrivileged([{ scheme: CONSOLE_SCHEME, privileges: { standard: true, secure: true } }]);

function serveConsole(): void {
  const assets = rendererAssets(paths().rendererDir);
  protocol.handle(CONSOLE_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.origin !== CONSOLE_ORIGIN || request.method !== 'GET') return new Response('Not found.', { status: 404 });
    const asset = await assets.read(url.pathname);
    return new Response(new Uint8Array(asset.body), { status: asset.status, headers: asset.headers });
  });
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternally(url);
    return { action: 'deny' };
  });
}

/** External links: checked (https, public host, no credentials), then confirmed by the user, then the OS browser. */
async function openExternally(raw: string): Promise<void> {
  const verdict = externalLinkVerdict(raw);
  if (!verdict.ok) {
    logger.warn('external link refused', { reason: verdict.reason });
    return;
  }
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Open ${verdict.host} in your browser?`,
    detail: verdict.url,
  });
  // Electronegativity: the URL passed externalLinkVerdict (https, public host, no credentials) and the user confirmed it.
  if (response === 0) await shell.openExternal(verdict.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

async function createWindow(): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Custos',
    webPreferences: {
      // Electronegativity: the preload exposes one function, the contract call, through contextBridge to a sandboxed, isolated page.
      preload: paths().preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  harden(win.webContents);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${CONSOLE_ORIGIN}/`);
  return win;
}

async function main(): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // The policy is CONTENT_SECURITY_POLICY (electron/core/security/csp.ts); the scanner cannot read it through
  // the import, so electron/core/security/csp.test.ts checks its text (see scripts/electronegativity.mjs).
  // The console page carries its own per-load policy (with the nonce); anything else gets the strict one.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy')) return callback({ responseHeaders: headers });
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }); // eng-disable CSP_JS_CHECK
  });
  serveConsole();
  app.on('web-contents-created', (_e, contents) => harden(contents));

  const dataDir = process.env.CUSTOS_DATA_DIR ?? app.getPath('userData');
  const where = paths();
  // A packaged app never starts the demo cloud by itself: its first run asks (electron/core/cloud/choice.ts).
  const choice = chooseCloud({ packaged: app.isPackaged, envUrl: process.env.CUSTOS_CLOUD_URL, saved: readSavedCloud(dataDir, logger) });
  let cloud: Awaited<ReturnType<typeof resolveCloud>> | null = null;
  // The enterprise's own update feed: environment, then this machine's update.json, then the URL built into the package.
  const feedUrl = resolveFeedUrl({
    env: process.env.CUSTOS_UPDATE_URL,
    machineConfigFile: join(app.getPath('userData'), 'update.json'),
    ...(where.packagedUpdateConfig ? { packagedConfigFile: where.packagedUpdateConfig } : {}),
  });
  const unsupported = !app.isPackaged ? ('not-packaged' as const) : !feedUrl ? ('no-feed' as const) : null;
  const { default: updaterModule } = await import('electron-updater');
  const driver = unsupported ? null : electronUpdaterDriver(updaterModule.autoUpdater, logger);
  // An older install kept the session in a keychain file of its own: handed once to its account by the core.
  const legacyTokens = keychainTokenStore(join(dataDir, 'session.enc'), { encrypt: (t) => safeStorage.encryptString(t), decrypt: (b) => safeStorage.decryptString(b) });
  const logFile = coreLogFile(dataDir);
  let core: CoreSupervisor | null = null;
  /** Starts the chosen cloud (the demo in-process; nothing for an address) and the core on it. */
  const startOn = async (chosen: Extract<CloudChoice, { kind: 'url' | 'demo' }>): Promise<void> => {
    cloud = await resolveCloud({ dataDir, cloudUrl: chosen.kind === 'url' ? chosen.url : undefined, logger, cloudMigrationsDir: where.cloudMigrations });
    const started: CoreSupervisor = new CoreSupervisor({
      spawn: utilityCoreSpawner({ entry: where.coreEntry, logFile }),
      options: {
        dataDir,
        cloudUrl: cloud.url,
        host: 'electron',
        migrationsDir: where.migrations,
        ...(where.electronNativeBinding ? { nativeBinding: where.electronNativeBinding } : {}),
        version: app.getVersion(),
        keys: 'keychain',
        acceptUnprotectedCache: process.env.CUSTOS_ACCEPT_UNPROTECTED_CACHE === '1',
        updates: { unsupported, feedUrl, driver: driver !== null },
      },
      // What only this process holds: the keychain (the core asks it to seal and open each account's key); the updater.
      hostOps: {
        [HOST_OPS.keychainEncrypt]: (text) => new Uint8Array(safeStorage.encryptString(String(text))),
        [HOST_OPS.keychainDecrypt]: (bytes) => safeStorage.decryptString(Buffer.from(bytes as Uint8Array)),
        [HOST_OPS.keychainBackend]: () => keychainBackend(),
        [HOST_OPS.legacyTokens]: () => legacyTokens.read(),
        [HOST_OPS.updateLatest]: (input) => {
          const { feedUrl: url, channel } = input as { feedUrl: string; channel: UpdateChannel };
          return driver!.latest(url, channel);
        },
        [HOST_OPS.updateDownload]: () => driver!.download((p) => started.emit(HOST_EVENTS.updateProgress, p)),
        [HOST_OPS.updateInstall]: () => driver!.install(),
      },
      logger,
      logFile,
    });
    try {
      await started.start();
    } catch (err) {
      await cloud.close();
      cloud = null;
      throw err;
    }
    core = started;
  };
  if (choice.kind !== 'ask') {
    try {
      await startOn(choice);
    } catch (err) {
      dialog.showErrorBox('Custos', err instanceof CustosError ? err.message : 'Custos could not open its cache.');
      app.exit(1);
      return;
    }
  }
  // Until a cloud is chosen, the first-run screen talks to the setup instead of a core.
  const setup = new CloudSetup({ dataDir, logger, start: startOn });
  ipcMain.handle(IPC_CHANNEL, createRelay({ invoke: (name, input) => (core ? core.invoke(name, input) : setup.invoke(name, input)) }));

  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits for the core to close its cache (at most 5 s, then it is killed).
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void Promise.allSettled([core?.close(), cloud?.close()]).then(() => app.quit());
  });
}

void main();
