import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeLog, coreLogFile, openLog } from './log-file.js';
import type { Logger } from '../logging.js';
import { CoreSupervisor, type CoreSpawner, type CoreSupervisorOptions } from './supervisor.js';
import { HOST_OPS, type CoreProcessOptions, type ProtocolMessage } from './protocol.js';

/** The core process's entry from source, next to this file (run through tsx); the bundled browser host passes dist/electron/core.mjs. */
export const CORE_ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));

/**
 * The browser host's spawner: the core in a Node child process with an IPC channel carrying
 * structured clones. Its output goes to `logFile` (and, with `echo`, to the host's stderr).
 */
export function forkCore(opts: { logFile: string; entry?: string; echo?: boolean }): CoreSpawner {
  const entry = opts.entry ?? CORE_ENTRY;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return () => {
    const log = openLog(opts.logFile);
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', tsx] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (d: Buffer) => {
        log.write(d);
        if (opts.echo !== false) process.stderr.write(d);
      });
    }
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    return {
      pid: child.pid,
      channel: {
        send: (m: ProtocolMessage) => {
          if (child.connected) child.send(m);
        },
        onMessage: (l) => child.on('message', l),
      },
      onExit: (listener) =>
        void exited.then(({ code, signal }) => {
          // The log is complete before the host acts on the exit (and may name the file to the user).
          closeLog(log, () => listener(code, signal));
        }),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

/**
 * Starts a core in a child process the way the browser host does (cache key from the host, tokens
 * in the encrypted cache) and waits until it answers. For the browser host and for tests.
 */
export async function startForkedCore(
  options: CoreProcessOptions,
  /** cacheKey: a master key from which each account's key is derived (CUSTOS_DB_KEY, tests); absent, each account keeps its own key in a 0600 file. */
  host: { cacheKey?: Buffer | null; logger: Logger; echo?: boolean; entry?: string } & Partial<Pick<CoreSupervisorOptions, 'shutdownMs' | 'crashWindowMs' | 'onState' | 'onEvent' | 'logFile'>>,
): Promise<CoreSupervisor> {
  const { cacheKey, echo, logger, entry, ...rest } = host;
  const logFile = host.logFile ?? coreLogFile(options.dataDir);
  const supervisor = new CoreSupervisor({
    ...rest,
    spawn: forkCore({ logFile, ...(echo !== undefined ? { echo } : {}), ...(entry ? { entry } : {}) }),
    options: { ...options, keys: cacheKey === undefined ? 'account-files' : 'master' },
    logger,
    logFile,
    hostOps: { [HOST_OPS.cacheKey]: () => (cacheKey ? new Uint8Array(cacheKey) : null) },
  });
  await supervisor.start();
  return supervisor;
}

export { coreLogFile };
