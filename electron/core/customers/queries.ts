import type { CustomerRow, InputOf, OutputOf } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { likePattern } from '../org/queries.js';
import { MASK_CHAR, maskMobile } from '../../../shared/masking.js';
import { readRow } from '../sync/entities.js';

type ListInput = Required<Pick<InputOf<'customers.list'>, 'offset' | 'limit'>> & Omit<InputOf<'customers.list'>, 'offset' | 'limit'>;

/** Customers with their owner and contact count; search covers the customer and its contacts. */
export function listCustomers(db: CacheDb, input: ListInput): OutputOf<'customers.list'> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.search) {
    const p = likePattern(input.search);
    where.push(`(lower(c.name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = c.id AND (lower(k.name) LIKE ? ESCAPE '\\' OR (k.mobile LIKE ? ESCAPE '\\' AND instr(k.mobile, ?) = 0) OR lower(coalesce(k.email, '')) LIKE ? ESCAPE '\\')))`);
    // A mobile the cloud masked for this reader (shared/masking.ts) is never matched.
    params.push(p, p, p, MASK_CHAR, p);
  }
  if (input.owner === 'pool') where.push('c.owner_employee_id IS NULL');
  else if (input.owner) {
    where.push('c.owner_employee_id = ?');
    params.push(input.owner);
  }
  if (input.status) {
    where.push('c.status = ?');
    params.push(input.status);
  }
  if (input.industry) {
    where.push('c.industry = ?');
    params.push(input.industry);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sqlite = db.$client;
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM customer c ${filter}`).get(...params) as { n: number }).n;
  const rows = sqlite
    .prepare(
      `SELECT c.id, c.name, c.industry, c.status, c.owner_employee_id AS ownerEmployeeId, c.last_activity_at AS lastActivityAt,
              e.name AS ownerName, (SELECT count(*) FROM contact k WHERE k.customer_id = c.id) AS contactCount
       FROM customer c LEFT JOIN employee e ON e.id = c.owner_employee_id
       ${filter}
       ORDER BY c.name, c.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as CustomerRow[];
  const industries = (sqlite.prepare('SELECT DISTINCT industry FROM customer WHERE industry IS NOT NULL ORDER BY industry').all() as { industry: string }[]).map((r) => r.industry);
  return { total, rows, industries };
}

export function getCustomer(db: CacheDb, id: string): OutputOf<'customers.get'> {
  const row = readRow(db, 'customer', id);
  if (!row) throw new CustosError('NOT_FOUND', 'This customer is not in the cache.');
  const sqlite = db.$client;
  const data = row.data as Omit<OutputOf<'customers.get'>['customer'], 'ownerName' | 'version'>;
  const ownerName = data.ownerEmployeeId ? ((sqlite.prepare('SELECT name FROM employee WHERE id = ?').get(data.ownerEmployeeId) as { name: string } | undefined)?.name ?? null) : null;
  const contacts = (sqlite.prepare('SELECT id FROM contact WHERE customer_id = ? ORDER BY name').all(id) as { id: string }[]).map((c) => {
    const contact = readRow(db, 'contact', c.id)!.data as OutputOf<'customers.get'>['contacts'][number];
    return { ...contact, mobileMasked: maskMobile(contact.mobile) };
  });
  const followUps = sqlite
    .prepare(
      `SELECT f.id, f.customer_id AS customerId, f.employee_id AS employeeId, f.at, f.content, e.name AS employeeName
       FROM follow_up f LEFT JOIN employee e ON e.id = f.employee_id WHERE f.customer_id = ? ORDER BY f.at DESC LIMIT 200`,
    )
    .all(id) as OutputOf<'customers.get'>['followUps'];
  return { customer: { ...data, ownerName, version: row.version }, contacts, followUps };
}
