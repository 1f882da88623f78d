import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

/** The browser host as `npm start` runs it: bundled (scripts/build-electron.mjs, which Playwright's global setup and the bench run first). */
export const HOST_BUNDLE = 'dist/host/serve.mjs';

/**
 * Starts the real browser host the way `npm start` does on a machine without Electron
 * (`node dist/host/serve.mjs`, embedded demo cloud on PGlite), in a fresh data folder, and waits
 * for the line with its URL.
 */
export async function startHost(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'custos-e2e-'))): Promise<RunningHost> {
  if (!existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is not built: run \`node scripts/build-electron.mjs\` (Playwright's global setup does).`);
  const child: ChildProcess = spawn(process.execPath, [HOST_BUNDLE], {
    env: { ...process.env, CUSTOS_PORT: '0', CUSTOS_DATA_DIR: dataDir, CUSTOS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start in time:\n${out}`)), 120_000);
    const check = () => {
      const m = /Custos console: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code}:\n${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    dataDir,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
