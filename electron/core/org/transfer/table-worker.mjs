// Entry of the import-file worker when running from source (tsx, vitest): loads parse-worker.ts
// through tsx. The desktop build bundles parse-worker.ts to dist/electron/table-worker.mjs
// (scripts/build-electron.mjs), found by read.ts under the same name beside the bundle.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse-worker.ts', import.meta.url);
