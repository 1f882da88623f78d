import { defineConfig } from 'drizzle-kit';

// The console's SQLite cache. Migrations are applied at start-up by electron/core/db/migrate.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/core/db/schema.ts',
  out: './migrations',
});
