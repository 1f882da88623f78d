import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

/**
 * Before any spec: the browser host runs as `npm start` runs it, compiled (e2e/host.ts starts
 * dist/host/serve.mjs with the core process dist/electron/core.mjs). esbuild bundles them in well
 * under a second, so every run tests the sources as they are. The renderer (a vite build, much
 * longer) is built when missing; `npm test` builds it fresh before the end-to-end stage.
 */
export default function globalSetup(): void {
  run(process.execPath, ['scripts/build-electron.mjs']);
  if (!existsSync('dist/renderer/index.html')) run('npx', ['vite', 'build', '--logLevel', 'warn']);
}
