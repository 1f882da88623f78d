import { parentPort } from 'node:worker_threads';
import { parseFile, type FileLimits } from './parse.js';

/** The worker read.ts starts for each file: parse, answer once, exit. */
parentPort?.once('message', (msg: { bytes: Uint8Array; fileName: string; limits: FileLimits }) => {
  void parseFile(msg.bytes, msg.fileName, msg.limits).then(
    (result) => parentPort?.postMessage(result),
    () => parentPort?.postMessage({ ok: false, code: 'corrupt_file', format: /\.xlsx$/i.test(msg.fileName) ? 'xlsx' : 'csv' }),
  );
});
