/**
 * Child process for the kill -9 test: opens a real cache, signs in, then queues customer edits
 * and syncs in a loop until it is killed. Each queued edit is appended to a log file (after
 * its transaction committed) so the parent knows which commands must reach the cloud.
 * Mode "settle" syncs until the outbox is empty and exits.
 */
import { appendFileSync } from 'node:fs';
import { call, openClient, settle } from './harness.js';

const [dataDir, cloudUrl, keyHex, mode, logFile, email, password] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const core = openClient(dataDir, cloudUrl, Buffer.from(keyHex, 'hex'), 200);

async function main() {
  const session = await call<{ user: unknown }>(core, 'session.get');
  if (!session.user) await call(core, 'session.signIn', { email, password });
  if (mode === 'settle') {
    const status = await settle(core, 60);
    process.stdout.write(JSON.stringify(status) + '\n');
    await core.close();
    process.exit(status.queued === 0 && status.state === 'idle' ? 0 : 3);
  }
  process.stdout.write('ready\n');
  let n = 0;
  for (;;) {
    const { rows } = await call<{ rows: { id: string }[] }>(core, 'customers.list', { limit: 20, offset: (n * 7) % 200 });
    for (const row of rows.slice(0, 1 + (n % 3))) {
      const value = `crash-${process.pid}-${n++}`;
      const { mutationId } = await call<{ mutationId: string }>(core, 'customer.update', { id: row.id, patch: { name: value } });
      appendFileSync(logFile, `${mutationId} ${row.id} ${value}\n`);
    }
    await call(core, 'sync.now');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
