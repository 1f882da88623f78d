// Bundles the Electron main process (ESM), the core process (ESM, run as a utility process) and the sandboxed preload (CommonJS, one file, since a
// sandboxed preload cannot require local modules). Dependencies stay external: native modules
// (SQLite) and PGlite's data files must load from node_modules / app.asar.unpacked.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  packages: 'external',
});

// The core process (an Electron utility process): the cache, sync, imports and reports.
await build({
  ...common,
  entryPoints: ['electron/core/process/entry.ts'],
  outfile: 'dist/electron/core.mjs',
  format: 'esm',
  packages: 'external',
});

// The import-file worker (electron/core/org/transfer/read.ts starts it by this name beside the bundle).
await build({
  ...common,
  entryPoints: ['electron/core/org/transfer/parse-worker.ts'],
  outfile: 'dist/electron/table-worker.mjs',
  format: 'esm',
  packages: 'external',
});

// The browser host (`npm start` without Electron, the end-to-end tests, the bench): plain Node runs
// it, with the core process bundle above, instead of compiling TypeScript at each start. Split, so
// the embedded demo cloud (PGlite, pg, drizzle, argon2: 0.4 s of imports) loads only when used.
await build({
  ...common,
  entryPoints: ['electron/serve.ts'],
  outdir: 'dist/host',
  entryNames: 'serve',
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  packages: 'external',
});

await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
console.log('electron: dist/electron/main.mjs, dist/electron/core.mjs, dist/electron/table-worker.mjs, dist/electron/preload.cjs, dist/host/serve.mjs');
