/**
 * The desktop app's core process: an Electron utility process (a Node process with no window
 * and no Electron privileges, see docs/security.md) running dist/electron/core.mjs. The contract
 * travels over its parent port, a MessagePort, in the protocol of electron/core/process/protocol.ts.
 */
import { utilityProcess } from 'electron';
import { closeLog, openLog } from '../core/process/log-file.js';
import type { ProtocolMessage } from '../core/process/protocol.js';
import type { CoreSpawner } from '../core/process/supervisor.js';

export const CORE_SERVICE_NAME = 'Custos core';

export function utilityCoreSpawner(opts: { entry: string; logFile: string }): CoreSpawner {
  return () => {
    const log = openLog(opts.logFile);
    const child = utilityProcess.fork(opts.entry, [], { serviceName: CORE_SERVICE_NAME, stdio: 'pipe' });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (d: Buffer) => {
        log.write(d);
        process.stderr.write(d);
      });
    }
    const exited = new Promise<number>((resolve) => child.once('exit', resolve));
    return {
      get pid() {
        return child.pid;
      },
      channel: {
        send: (m: ProtocolMessage) => child.postMessage(m),
        onMessage: (l) => child.on('message', l),
      },
      onExit: (listener) =>
        void exited.then((code) => {
          // The log is complete before the host acts on the exit (and may name the file to the user).
          closeLog(log, () => listener(code, null));
        }),
      kill: () => {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        else child.kill();
      },
    };
  };
}
