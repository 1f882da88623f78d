import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'cloud/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    // Checks of the built app run after `npm run build` (vitest.packaged.config.ts).
    exclude: [...configDefaults.exclude, '**/*.packaged.test.ts'],
    // PGlite and native SQLite in worker threads: forks keep each file's native state apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
