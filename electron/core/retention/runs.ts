import type { DispositionRuns } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { readSetting, writeSetting } from '../settings.js';

/**
 * The cloud's disposition runs, with the last answer kept in the cache so an admin offline in
 * the field still sees them, marked with when they were fetched. Kept per tenant: another
 * tenant signing in on this console never sees them.
 */
const KEY = 'retention.lastRuns';
interface Kept extends DispositionRuns {
  tenantId: string;
  fetchedAt: string;
}

export async function dispositionRuns(db: CacheDb, tenantId: string, fetchRuns: () => Promise<DispositionRuns>, now: () => string): Promise<DispositionRuns & { asOf: string | null }> {
  try {
    const fresh = await fetchRuns();
    writeSetting(db, KEY, { ...fresh, tenantId, fetchedAt: now() } satisfies Kept);
    return { ...fresh, asOf: null };
  } catch (err) {
    const kept = readSetting<Kept>(db, KEY);
    if (!(err instanceof CustosError && err.code === 'CLOUD_UNREACHABLE') || kept?.tenantId !== tenantId) throw err;
    return { runs: kept.runs, asOf: kept.fetchedAt };
  }
}
