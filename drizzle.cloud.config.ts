import { defineConfig } from 'drizzle-kit';

// The cloud's PostgreSQL (or PGlite) schema. Migrations are applied by cloud/db/open.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './cloud/db/schema.ts',
  out: './cloud/migrations',
});
