import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { createCloudApp } from './app.js';
import { loadServiceSecret, type SecretSource } from './auth/secret.js';
import { openCloudDb, type CloudDb, type CloudDbHandle, type CloudDbKind } from './db/open.js';
import { silentLogger, type CloudLogger } from './logger.js';
import { startCloudJobs } from './jobs.js';
import { upgradeLegacyChains } from './audit/chain.js';
import { seedDemo, type SeedDemoOptions, type SeedDemoResult } from './seed/demo.js';

export interface StartCloudOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory (in-memory when absent). */
  dataDir?: string;
  /**
   * Where the token-signing key comes from (never the database, see auth/secret.ts). Default:
   * a 0600 file beside `dataDir` (`<dataDir>.key`), or a key for this process only without one.
   */
  secret?: SecretSource;
  /** Migrations folder override for packaged layouts. */
  migrationsDir?: string;
  /** Most PostgreSQL connections this instance opens (default 10; CUSTOS_DB_POOL_MAX in the CLI). */
  poolMax?: number;
  /** How long one push applies commands before answering those done (default 3 s; tests shorten it). */
  pushBudgetMs?: number;
  /** Seed the demo enterprise (idempotent). */
  seed?: SeedDemoOptions;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  logger?: CloudLogger;
  /** How often background jobs (scheduled offboardings, retention) look for work (default 60 s); 0 turns them off (tests drive them). */
  schedulerIntervalMs?: number;
  /**
   * Behind a reverse proxy: the request header it puts the client's address in (e.g.
   * `x-forwarded-for`; its last entry is taken, the one the proxy added). Without it the
   * connection's address is used. Never set it without a proxy: clients could pick their address.
   */
  clientAddressHeader?: string;
}

/** The signing-key file beside a data folder: `<dataDir>.key`. */
export const secretFileFor = (dataDir: string): string => `${dataDir.replace(/[\\/]+$/, '')}.key`;

/** Reads the client's address from the last entry of a proxy's header. */
export const addressFromHeader =
  (header: string) =>
  (c: Context): string =>
    c.req.header(header)?.split(',').pop()?.trim() || 'unknown';

export interface RunningCloud {
  /** Base URL, e.g. http://127.0.0.1:8787 (no trailing slash). */
  url: string;
  port: number;
  kind: CloudDbKind;
  db: CloudDb;
  /** Result of the demo seed when one was requested. */
  seeded: SeedDemoResult | null;
  close(): Promise<void>;
}

/**
 * Serves the cloud API over HTTP: binds the port first (so "port in use" fails fast, with
 * the listen error's `code`, e.g. EADDRINUSE), then opens and migrates the database,
 * optionally seeds the demo, and resolves once requests are answered.
 */
export async function startCloud(opts: StartCloudOptions = {}): Promise<RunningCloud> {
  const log = opts.logger ?? silentLogger;
  let app: Hono | undefined;
  const server = createAdaptorServer({
    fetch: (req: Request) =>
      app ? app.fetch(req) : Response.json({ error: { code: 'CLOUD_UNREACHABLE', message: 'The service is starting.' } }, { status: 503 }),
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error('server error', { error: err.message }));
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Drop idle keep-alive connections so close() does not hang.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });

  let handle: CloudDbHandle | undefined;
  try {
    handle = await openCloudDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, migrationsDir: opts.migrationsDir, poolMax: opts.poolMax });
    const opened = handle;
    // One instance at a time does the start-up work; the others find it done.
    const startup = await opened.withLock('custos:startup', async () => {
      const secret = await loadServiceSecret(opened.db, opts.secret ?? (opts.dataDir !== undefined ? { file: secretFileFor(opts.dataDir) } : {}));
      for (const r of await upgradeLegacyChains(opened.db)) {
        if (r.refused) log.warn('audit chain not re-linked: it does not verify', { tenantId: r.tenantId });
        else log.info('audit chain re-linked', { tenantId: r.tenantId, events: r.relinked });
      }
      let seeded: SeedDemoResult | null = null;
      if (opts.seed) {
        const started = performance.now();
        seeded = await seedDemo(opened.db, opts.seed);
        log.info('demo seed', { created: seeded.created, scale: opts.seed.scale, departments: seeded.departments, employees: seeded.employees, ms: Math.round(performance.now() - started) });
      }
      return { secret, seeded };
    });
    if (!startup.ran) throw new Error('start-up lock not taken');
    const { secret, seeded } = startup.value;
    app = createCloudApp({
      db: handle.db,
      kind: handle.kind,
      secret,
      accessTtlSeconds: opts.accessTtlSeconds,
      refreshTtlSeconds: opts.refreshTtlSeconds,
      logger: log,
      ...(opts.clientAddressHeader ? { clientAddress: addressFromHeader(opts.clientAddressHeader) } : {}),
      pushBudgetMs: opts.pushBudgetMs,
    }) as unknown as Hono;
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    log.info('listening', { url, database: handle.kind });
    const db = handle;
    const scheduler = opts.schedulerIntervalMs === 0 ? null : startCloudJobs(db, { intervalMs: opts.schedulerIntervalMs, log });
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      kind: db.kind,
      db: db.db,
      seeded,
      close() {
        closing ??= stopServer()
          .then(() => scheduler?.stop())
          .then(() => db.close());
        return closing;
      },
    };
  } catch (err) {
    await stopServer();
    await handle?.close().catch(() => undefined);
    throw err;
  }
}
