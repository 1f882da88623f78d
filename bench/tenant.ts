/**
 * The benchmark tenant: the demo generator's data at BENCH_SCALE (default L) in a cloud service
 * of its own process, as in production (PostgreSQL when reachable, else embedded PGlite).
 * The PostgreSQL database `custos_bench_<scale>` is kept between runs: seeding L takes minutes
 * and is not what is measured. Drop it to start over (`dropdb custos_bench_l`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { DemoScale } from '../cloud/seed/demo.js';

const ROOT = resolve(import.meta.dirname, '..');
const PG_ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresDatabase(scale: DemoScale): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const name = `custos_bench_${scale.toLowerCase()}`;
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await client.end();
  }
}

export interface BenchCloud {
  url: string;
  kind: 'postgres' | 'pglite';
  databaseUrl: string | null;
  /** Seconds spent seeding in this run (0 when the kept database already held the tenant). */
  seedSeconds: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startBenchCloud(scale: DemoScale, workDir: string): Promise<BenchCloud> {
  const databaseUrl = await postgresDatabase(scale);
  const dataDir = join(workDir, 'cloud');
  mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cloud', 'main.ts'), '--port', '0', '--seed', 'demo', '--scale', scale, '--data-dir', dataDir, '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', NODE_OPTIONS: '--max-old-space-size=12288' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A bench that dies half-way must not leave its cloud running.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bench cloud exited (${code}) before listening: ${out.slice(-500)}`)));
  });
  return {
    url,
    kind: databaseUrl ? 'postgres' : 'pglite',
    databaseUrl,
    seedSeconds: (performance.now() - started) / 1000,
    process: child,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
