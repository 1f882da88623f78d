// `npm run dist [-- electron-builder flags]`: builds the app and packages it for the current
// platform with electron-builder (electron-builder.yml). Extra flags pass through, e.g.
// `npm run dist -- --mac --arm64` or `npm run dist -- --dir` (unpacked, for a quick look).
//
// CUSTOS_UPDATE_URL is the enterprise's update feed built into the package (app-update.yml).
// electron-builder rebuilds the SQLite binding for Electron in node_modules; afterwards this
// script rebuilds it for Node again so `npm test` keeps working.
import { spawnSync } from 'node:child_process';

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  return r.status === 0;
}

const env = { ...process.env };
if (!env.CUSTOS_UPDATE_URL) {
  env.CUSTOS_UPDATE_URL = 'https://updates.invalid/custos';
  console.warn('dist: CUSTOS_UPDATE_URL is not set; this package has no update feed (a machine can still set one in update.json).');
}
if (!run('npm', ['run', 'build'])) process.exit(1);
const packaged = run('npx', ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], env);
console.log('dist: rebuilding the SQLite binding for Node (tests, browser host)…');
const restored = run('npm', ['rebuild', 'better-sqlite3']);
if (!packaged) {
  console.error(
    'dist: electron-builder failed. It downloads the Electron distribution for each target (set ELECTRON_MIRROR for an internal mirror, ' +
      'or electronDist for a local copy) and, for the SQLite binding, Electron headers; see README "Packaging".',
  );
  process.exit(1);
}
if (!restored) process.exit(1);
console.log('dist: installers are in release/.');
