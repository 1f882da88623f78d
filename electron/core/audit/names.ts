import type { AuditEventView } from '../../../shared/audit.js';
import type { CacheDb } from '../db/open.js';

/** The details that hold the id of a person, a department or a customer. */
const ID_DETAILS = ['employeeId', 'subjectId', 'into', 'parentId'] as const;
/** Where a name is looked up: employees, departments and customers (companies); a contact's name is never shown for an id. */
const LOOKUPS = ['SELECT name FROM employee WHERE id = ?', 'SELECT name FROM department WHERE id = ?', 'SELECT name FROM customer WHERE id = ?'] as const;

/**
 * Names for the ids an audit page mentions, from this console's cache (so only what the
 * signed-in admin may see; an id the cache does not hold stays an id). The audit log itself
 * holds ids only: this is how an auditor reads "Offboarded Li Lei" rather than an id.
 */
export function auditNames(db: CacheDb, events: readonly Pick<AuditEventView, 'targetId' | 'details'>[]): Record<string, string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.targetId) ids.add(e.targetId);
    for (const k of ID_DETAILS) if (typeof e.details[k] === 'string') ids.add(e.details[k]);
  }
  const statements = LOOKUPS.map((q) => db.$client.prepare(q));
  const names: Record<string, string> = {};
  for (const id of ids) {
    for (const s of statements) {
      const row = s.get(id) as { name: string } | undefined;
      if (row) {
        names[id] = row.name;
        break;
      }
    }
  }
  return names;
}
