import { createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a data folder's core log is written. */
export const coreLogFile = (dataDir: string) => join(dataDir, 'logs', 'core.log');

/** A log file kept under ~5 MB: the previous one is kept beside it as `.1`. */
export function openLog(file: string): NodeJS.WritableStream {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    if (statSync(file).size > 5 * 1024 * 1024) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
  return createWriteStream(file, { flags: 'a', mode: 0o600 });
}

/** Ends the log, then calls `then` once: when it is written, or on a write error, or after 1 s at most. */
export function closeLog(log: NodeJS.WritableStream, then: () => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    then();
  };
  log.once('error', once);
  setTimeout(once, 1000).unref();
  log.end(once);
}
