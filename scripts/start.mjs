// `npm start`: builds the renderer and the host bundles, then opens the desktop console when an
// Electron runtime is installed, or else the browser host (printing its URL). Both run compiled
// JavaScript (tsx is for development: `node --import tsx electron/serve.ts`). Both use an embedded
// demo cloud when CUSTOS_CLOUD_URL is not set.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function step(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronRuntime() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

step('npx', ['vite', 'build', '--logLevel', 'warn']);
step('node', ['scripts/build-electron.mjs']);
const electron = electronRuntime();
let child;
if (electron) {
  if (!existsSync('node_modules/.custos-electron')) step('node', ['scripts/native-deps.mjs']);
  child = spawn(electron, ['.'], { stdio: 'inherit' });
} else {
  console.log('No Electron runtime is installed on this machine; starting the browser host instead.');
  child = spawn(process.execPath, ['dist/host/serve.mjs'], { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
