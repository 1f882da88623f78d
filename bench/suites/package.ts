/**
 * Issue 10 target 4: the personal-information copy (JSON, CSV, PDF, zip) of one subject with at
 * least 2,000 records, through the contract as the compliance screen calls it. The L tenant has
 * no such person (about ten follow-ups each), so the busiest employee gets 2,000 more follow-ups
 * written into this cache through the sync path's own row writer, as if the cloud had sent them.
 */
import { ulid } from 'ulid';
import type { Core } from '../../electron/core/index.js';
import { upsertRow } from '../../electron/core/sync/entities.js';
import type { OutputOf } from '../../shared/contract.js';
import { round, timeAsync, timeSync, type BenchResult } from '../report.js';
import type { BenchContext } from '../run.js';
import { call } from './sync.js';

const RECORDS = 2_000;

export async function packageSuite(ctx: BenchContext, core: Core): Promise<BenchResult[]> {
  const sqlite = core.cache.sqlite;
  const busiest = sqlite.prepare('SELECT employee_id AS id, min(customer_id) AS customer FROM follow_up WHERE employee_id IS NOT NULL GROUP BY employee_id ORDER BY count(*) DESC LIMIT 1').get() as { id: string; customer: string };
  const subject = sqlite.prepare('SELECT id, name FROM employee WHERE id = ?').get(busiest.id) as { id: string; name: string };
  sqlite.transaction(() => {
    for (let i = 0; i < RECORDS; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
      upsertRow(core.cache.db, 'followUp', { id: `bench-fu-${i}`, customerId: busiest.customer, employeeId: subject.id, at, content: `第${i}次拜访：讨论了续约条款与交付计划。Visit ${i}: renewal terms and delivery plan discussed; next steps agreed with the customer's purchasing team.` }, 1);
    }
  })();

  const requestId = ulid();
  const today = new Date().toISOString().slice(0, 10);
  await call(core, 'request.register', {
    id: requestId, type: 'copy', subjectType: 'employee', subjectId: subject.id,
    identifiers: { name: subject.name, mobile: null, email: null, idNumber: null },
    language: 'zh-CN', channel: 'email', receivedOn: today, regime: 'pipl_working_days', assigneeId: null, notes: '',
  });
  await call(core, 'sync.now', {});
  await call(core, 'request.verify', { id: requestId, method: 'id_document', evidence: 'Benchmark: identity taken as verified' });
  await call(core, 'sync.now', {});
  const found = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { requestId });
  const items = found.categories.flatMap((c) => c.items).map((i) => ({ entity: i.entity, id: i.id, redact: true }));
  ctx.log(`package: ${items.length} records about ${subject.id}`);

  const built = await timeAsync(async () => {
    const { jobId } = await call<{ jobId: string }>(core, 'requests.buildPackage', { requestId, items, password: null, acknowledgeUnencrypted: true });
    for (;;) {
      const job = await call<OutputOf<'requests.packageJob'>>(core, 'requests.packageJob', { jobId });
      if (job.state === 'failed') throw new Error(job.error ?? 'the package failed');
      if (job.state === 'done') return job.result!;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  const serialised = timeSync(() => JSON.stringify(found.categories, null, 2));
  return [
    {
      suite: 'package', name: `personal-information copy (JSON, CSV, PDF, zip) of one subject`, rows: items.length, value: Math.round(built.ms), unit: 'ms',
      baseline: round(serialised.ms), baselineLabel: 'JSON.stringify of the same records alone', ratio: round(built.ms / serialised.ms, 1), ratioMeaning: 'package / stringify',
      target: '≤ 3,000 ms for ≥ 2,000 records', met: items.length >= RECORDS ? built.ms <= 3000 : null,
    },
  ];
}
