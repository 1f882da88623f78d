import { join } from 'node:path';
import type { Logger } from './logging.js';

/**
 * When no CUSTOS_CLOUD_URL is configured, both hosts start the cloud service in-process with
 * an embedded PGlite database seeded with the demo enterprise, so a newcomer sees data at once.
 */
export async function resolveCloud(opts: { dataDir: string; cloudUrl?: string; logger: Logger; cloudMigrationsDir?: string }): Promise<{ url: string; close: () => Promise<void>; demoCredentials: { email: string; password: string } | null }> {
  if (opts.cloudUrl) return { url: opts.cloudUrl, close: async () => {}, demoCredentials: null };
  const { startCloud } = await import('../../cloud/server.js');
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import('../../cloud/seed/demo.js');
  const scale = (['S', 'M', 'L'] as const).find((s) => s === process.env.CUSTOS_DEMO_SCALE) ?? 'S';
  const cloud = await startCloud({ port: 0, dataDir: join(opts.dataDir, 'demo-cloud'), seed: { scale }, migrationsDir: opts.cloudMigrationsDir });
  opts.logger.info('embedded demo cloud started', { scale });
  return { url: cloud.url, close: cloud.close, demoCredentials: { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD } };
}
