/**
 * The browser host: the same contract as the Electron host, over HTTP on 127.0.0.1 only, with a
 * random per-launch token required on every API request. Used where no Electron runtime exists
 * (CI, headless servers) and by the end-to-end tests. The core (cache, sync, imports, reports)
 * runs in a child process of its own (electron/core/process): this process only serves files and
 * relays calls, so a long write in the core never stalls it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { httpStatusFor, toErrorBody, CustosError } from '../shared/errors.js';
import { isOperationName, UPLOAD_NAME_HEADER, uploadLimit } from '../shared/contract.js';
import { CORE_ENTRY, coreLogFile, startForkedCore } from './core/process/fork.js';
import type { CoreSupervisor } from './core/process/supervisor.js';
import { createLogger, type Logger, type LogLevel } from './core/logging.js';
import { CONTENT_SECURITY_POLICY } from './core/security/csp.js';
import { rendererAssets, SECURITY_HEADERS } from './core/security/renderer-assets.js';
import { resolveCloud } from './core/demo-cloud.js';
import { chooseCloud, CloudSetup, readSavedCloud, type CloudChoice } from './core/cloud/choice.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/**
 * `npm start`, the end-to-end tests and the bench run this file bundled (dist/host/serve.mjs, built
 * by scripts/build-electron.mjs) with the core process bundled too (dist/electron/core.mjs, the
 * desktop app's); `tsx electron/serve.ts` runs both from source.
 */
const BUNDLED = import.meta.url.endsWith('.mjs');
const REPO_ROOT = resolve(HERE, BUNDLED ? '../..' : '..');
const CORE_FILE = BUNDLED ? join(REPO_ROOT, 'dist', 'electron', 'core.mjs') : CORE_ENTRY;
const LOOPBACK = '127.0.0.1';
/**
 * Request body limits, checked while reading (issue 22). A file (an operation the contract marks
 * `upload`) comes as its raw bytes, up to the contract's `upload.maxBytes`; everything else is
 * JSON and small (the largest, an offboarding's 50,000 seen ids, is ~2 MB). Beyond its limit a
 * body is read on without being kept and answered 413 PAYLOAD_TOO_LARGE with the limit, so the
 * host never holds more than the limit and the caller gets an answer; a body beyond
 * DRAIN_LIMIT_BYTES has its connection closed.
 */
const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
const DRAIN_LIMIT_BYTES = 1024 * 1024 * 1024;

export interface BrowserHostOptions {
  port: number;
  dataDir: string;
  /**
   * The cloud's address. Without it the host starts with no core and answers as the first run of
   * a packaged app does (electron/core/cloud/choice.ts): the renderer asks for the cloud, and
   * `startChosenCloud` starts the one chosen (the demo in-process) and gives its address.
   */
  cloudUrl?: string;
  startChosenCloud?: (choice: Extract<CloudChoice, { kind: 'url' | 'demo' }>) => Promise<string>;
  /** CUSTOS_DB_KEY: a master key from which each account's cache key is derived; absent, each account keeps a random key in a 0600 file. */
  cacheKey?: Buffer;
  rendererDir?: string;
  migrationsDir?: string;
  /** Fixed token for tests; random per launch otherwise. */
  token?: string;
  logger?: Logger;
  /** The core process's log level (its log: <dataDir>/logs/core.log); default CUSTOS_LOG_LEVEL, else info. */
  coreLogLevel?: LogLevel;
  autoSync?: boolean;
  /** The address to listen on (CUSTOS_BIND): only this machine's loopback is accepted. */
  bind?: string;
}

export interface BrowserHost {
  url: string;
  token: string;
  port: number;
  /** The core process, as this host supervises it (throws while the first-run screen waits for a cloud). */
  readonly core: CoreSupervisor;
  close(): Promise<void>;
}

/**
 * CUSTOS_DB_KEY (64 hex characters): a master key from which each account's cache key is derived.
 * Unset, each account keeps its own random key in a 0600 file in its folder (accounts/keys.ts).
 */
export function envCacheKey(envKey = process.env.CUSTOS_DB_KEY): Buffer | undefined {
  if (!envKey) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(envKey)) throw new CustosError('INVALID_INPUT', 'CUSTOS_DB_KEY must be 64 hexadecimal characters (32 bytes).');
  return Buffer.from(envKey, 'hex');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Reads a body up to `limit` bytes into one buffer (allocated once when the length is announced,
 * so a 40 MB file costs 40 MB, not twice that).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const announced = Number(req.headers['content-length']);
    const into = Number.isSafeInteger(announced) && announced >= 0 && announced <= limit ? Buffer.allocUnsafe(announced) : null;
    let size = 0;
    let chunks: Buffer[] | null = announced > limit ? null : [];
    const tooLarge = () => new CustosError('PAYLOAD_TOO_LARGE', `The request body is larger than this operation accepts (${limit} bytes).`, [{ path: 'limit', message: String(limit) }]);
    req.on('data', (c: Buffer) => {
      if (chunks && into && size + c.length <= into.length) c.copy(into, size);
      else if (chunks && into) chunks = null; // more than announced: a lying client gets nothing kept
      else if (chunks) chunks.push(c);
      size += c.length;
      if (size > limit) chunks = null;
      if (!chunks && size > DRAIN_LIMIT_BYTES) {
        reject(tooLarge());
        req.destroy();
      }
    });
    req.on('end', () => {
      if (!chunks) return reject(size > limit ? tooLarge() : new CustosError('INVALID_INPUT', 'The request body is not as long as announced.'));
      if (into) return size === into.length ? resolveBody(into) : reject(new CustosError('INVALID_INPUT', 'The request body is not as long as announced.'));
      resolveBody(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * The contract input of one call: JSON, or for an upload operation the file's raw bytes with its
 * name in UPLOAD_NAME_HEADER (the same `{ fileName, bytes }` the desktop sends over IPC).
 */
async function readInput(req: IncomingMessage, operation: string): Promise<unknown> {
  const upload = isOperationName(operation) ? uploadLimit(operation) : null;
  if (upload === null) {
    const raw = (await readBody(req, DEFAULT_BODY_LIMIT)).toString('utf8');
    try {
      return raw ? JSON.parse(raw) : {};
    } catch {
      throw new CustosError('INVALID_INPUT', 'The request body is not valid JSON.');
    }
  }
  const bytes = await readBody(req, upload);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) throw new CustosError('INVALID_INPUT', 'Send the file as application/octet-stream.');
  const name = req.headers[UPLOAD_NAME_HEADER];
  let fileName: string;
  try {
    fileName = typeof name === 'string' ? decodeURIComponent(name) : '';
  } catch {
    fileName = '';
  }
  return { fileName, bytes };
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const logger = opts.logger ?? createLogger('browser-host');
  if (opts.bind !== undefined && !['127.0.0.1', 'localhost'].includes(opts.bind)) {
    // The console holds an enterprise's personal data behind one token: it never listens beyond this machine.
    throw new CustosError('INVALID_INPUT', `The browser console listens only on this computer (127.0.0.1), not on ${opts.bind.slice(0, 64)}.`);
  }
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const rendererDir = opts.rendererDir ?? join(REPO_ROOT, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CustosError('NOT_FOUND', `The renderer is not built (${rendererDir} has no index.html). Run \`npm run build:renderer\`.`);
  }
  /** Set once the core answers; the URL (with its token) is only handed out after that. */
  let core: CoreSupervisor | null = null;
  /** Answers in place of the core while the first-run screen waits for a cloud (no cloudUrl given). */
  let setup: CloudSetup | null = null;
  const assets = rendererAssets(rendererDir);
  let port = opts.port;
  const allowedHosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);

  const server: Server = createServer((req, res) => {
    void (async () => {
      // DNS-rebinding guard: only answer requests addressed to our loopback origin.
      if (!allowedHosts().has(req.headers.host ?? '')) return sendJson(res, 421, { ok: false, error: { code: 'FORBIDDEN', message: 'Unexpected Host header.' } });
      const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (!tokenMatches(req.headers.authorization, token)) {
          return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'This console link is missing its access token.' } });
        }
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'Use POST.' } });
        const operation = decodeURIComponent(url.pathname.slice(5));
        let input: unknown;
        try {
          input = await readInput(req, operation);
        } catch (err) {
          const body = err instanceof CustosError ? err.toBody() : { code: 'INVALID_INPUT' as const, message: 'The request body could not be read.' };
          return sendJson(res, err instanceof CustosError ? httpStatusFor(err.code) : 400, { ok: false, error: body });
        }
        if (!core && !setup) return sendJson(res, 503, { ok: false, error: { code: 'CORE_RESTARTING', message: 'The console core is starting.' } });
        const envelope = core ? await core.invoke(operation, input) : await setup!.invoke(operation, input);
        return sendJson(res, envelope.ok ? 200 : httpStatusFor(envelope.error.code), envelope);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'Method not allowed.' } });
      const asset = await assets.read(url.pathname);
      res.writeHead(asset.status, asset.headers);
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    })().catch((err: unknown) => {
      logger.error('request failed', { error: err instanceof Error ? err.message : 'unknown' });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorBody(err) });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new CustosError('INVALID_INPUT', `Port ${opts.port} is already in use. Set CUSTOS_PORT to a free port (or 0 for any).`) : err);
    });
    server.listen(opts.port, LOOPBACK, () => resolveListen());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  const startCore = (cloudUrl: string) =>
    startForkedCore(
      {
        dataDir: opts.dataDir,
        cloudUrl,
        host: 'browser',
        migrationsDir: opts.migrationsDir ?? join(REPO_ROOT, 'migrations'),
        version: (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
        ...(opts.coreLogLevel ? { logLevel: opts.coreLogLevel } : {}),
        ...(opts.autoSync !== undefined ? { autoSync: opts.autoSync } : {}),
      },
      { ...(opts.cacheKey ? { cacheKey: opts.cacheKey } : {}), logger, logFile: coreLogFile(opts.dataDir), entry: CORE_FILE },
    );
  if (opts.cloudUrl) {
    core = await startCore(opts.cloudUrl).catch(async (err: unknown) => {
      await new Promise<void>((r) => server.close(() => r()));
      throw err;
    });
  } else {
    const startChosen = opts.startChosenCloud;
    if (!startChosen) throw new CustosError('INVALID_INPUT', 'The browser host needs a cloud address or a way to start the chosen cloud.');
    setup = new CloudSetup({
      dataDir: opts.dataDir,
      logger,
      start: async (choice) => {
        core = await startCore(await startChosen(choice));
      },
    });
  }

  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    token,
    port,
    get core() {
      if (!core) throw new CustosError('SETUP_REQUIRED', 'The core starts once the cloud is chosen.');
      return core;
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await core?.close();
    },
  };
}

/** `npm start` without Electron (`node dist/host/serve.mjs`), or `tsx electron/serve.ts`: the console plus, if no cloud is configured, an embedded demo cloud. */
async function main(): Promise<void> {
  const logger = createLogger('browser-host');
  const dataDir = resolve(process.env.CUSTOS_DATA_DIR ?? join(homedir(), '.custos'));
  const port = process.env.CUSTOS_PORT ? Number(process.env.CUSTOS_PORT) : 5183;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CustosError('INVALID_INPUT', `CUSTOS_PORT must be a port number, not "${process.env.CUSTOS_PORT}".`);
  // CUSTOS_FIRST_RUN=1: ask for the cloud on the first run as a packaged desktop app does (the e2e shows that screen this way).
  const choice = chooseCloud({ packaged: process.env.CUSTOS_FIRST_RUN === '1', envUrl: process.env.CUSTOS_CLOUD_URL, saved: readSavedCloud(dataDir, logger) });
  let cloud: Awaited<ReturnType<typeof resolveCloud>> | null = null;
  const startChosenCloud = async (chosen: Extract<CloudChoice, { kind: 'url' | 'demo' }>) => {
    cloud = await resolveCloud({ dataDir, cloudUrl: chosen.kind === 'url' ? chosen.url : undefined, logger, cloudMigrationsDir: join(REPO_ROOT, 'cloud', 'migrations') });
    if (cloud.demoCredentials) console.log(`Embedded demo cloud at ${cloud.url} (sign in as ${cloud.demoCredentials.email} / ${cloud.demoCredentials.password})`);
    return cloud.url;
  };
  const cloudUrl = choice.kind === 'ask' ? undefined : await startChosenCloud(choice);
  const host = await startBrowserHost({ port, dataDir, cloudUrl, startChosenCloud, ...(envCacheKey() ? { cacheKey: envCacheKey()! } : {}), logger, ...(process.env.CUSTOS_BIND ? { bind: process.env.CUSTOS_BIND } : {}) });
  if (choice.kind === 'ask') console.log('No cloud is chosen yet: the console asks for its address.');
  console.log(`Custos console: ${host.url}`);
  const shutdown = async () => {
    await host.close();
    await cloud?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`Custos could not start: ${err instanceof CustosError ? err.message : err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
