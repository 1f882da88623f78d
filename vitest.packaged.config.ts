import { defineConfig } from 'vitest/config';

/** Tests of the built app (the packaged layout): `npm test` runs them after `npm run build`. */
export default defineConfig({
  test: {
    include: ['tests/**/*.packaged.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
