import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'cloud/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    // PGlite and native SQLite in worker threads: forks keep each file's native state apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
