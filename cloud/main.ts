import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { consoleLogger } from './logger.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_SCALES, type DemoScale } from './seed/demo.js';
import { secretFileFor, startCloud } from './server.js';
import type { SecretSource } from './auth/secret.js';
import { poolMaxFromEnv } from './db/open.js';

/** `npm run cloud -- [--port 8787] [--seed demo] [--scale S|M|L] [--data-dir .custos/cloud]` */
function fail(message: string): never {
  console.error(`custos cloud: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        'data-dir': { type: 'string' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${values.port ?? process.env.PORT}`);
  if (values.seed !== undefined && values.seed !== 'demo') fail(`unknown seed "${values.seed}" (only "demo")`);
  const scale = (values.scale ?? 'S').toUpperCase();
  if (!(scale in DEMO_SCALES)) fail(`invalid scale "${values.scale}" (S, M or L)`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  let dataDir: string | undefined;
  if (!databaseUrl) {
    dataDir = resolve(values['data-dir'] ?? process.env.CUSTOS_CLOUD_DATA_DIR ?? '.custos/cloud');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  // The token-signing key: the environment (several instances on one database), else a 0600 file beside the data.
  const secret: SecretSource = process.env.CUSTOS_JWT_SECRET
    ? { env: process.env.CUSTOS_JWT_SECRET }
    : { file: resolve(process.env.CUSTOS_JWT_SECRET_FILE ?? (dataDir ? secretFileFor(dataDir) : '.custos/cloud.key')) };
  let poolMax: number;
  try {
    poolMax = poolMaxFromEnv();
  } catch (err) {
    fail((err as Error).message);
  }
  const logger = consoleLogger();
  let cloud;
  try {
    cloud = await startCloud({
      port,
      host: values.host ?? process.env.HOST ?? '127.0.0.1',
      databaseUrl,
      dataDir,
      secret,
      poolMax,
      // Tests of several instances tick faster; the service default is a minute.
      schedulerIntervalMs: process.env.CUSTOS_JOBS_INTERVAL_MS ? Number(process.env.CUSTOS_JOBS_INTERVAL_MS) : undefined,
      clientAddressHeader: process.env.CUSTOS_CLIENT_ADDRESS_HEADER || undefined,
      seed: values.seed === 'demo' ? { scale: scale as DemoScale } : undefined,
      logger: values.quiet ? { ...logger, info() {} } : logger,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is already in use; pass --port or set PORT`);
    if (code === 'EACCES') fail(`no permission to listen on port ${port}`);
    if (code === 'ECONNREFUSED') fail('cannot connect to DATABASE_URL');
    fail(err instanceof Error ? err.message : String(err));
  }
  const creds = cloud.seeded ? ` — demo admin ${DEMO_ADMIN_EMAIL} / ${DEMO_ADMIN_PASSWORD}` : '';
  console.log(`Custos cloud listening on ${cloud.url} (${cloud.kind})${creds}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
