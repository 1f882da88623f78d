/**
 * The host's side of the core process: starts it, relays contract calls to it, answers its
 * questions (key material, keychain, updater), restarts it when it dies and stops it cleanly.
 * Host-agnostic: the browser host spawns the core with Node's child_process (./fork.ts), the
 * desktop app with Electron's utilityProcess (electron/main/core-process.ts).
 */
import type { Envelope } from '../../../shared/contract.js';
import { CustosError, type ErrorBody } from '../../../shared/errors.js';
import type { Logger } from '../logging.js';
import { CONTRACT_OP, CORE_EVENTS, HOST_EVENTS, Peer, restartingError, type Channel, type CoreProcessOptions } from './protocol.js';

/** One started core process, as its spawner hands it over. */
export interface SpawnedCore {
  channel: Channel;
  pid: number | undefined;
  /** Called once, when the process has ended. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends it at once (SIGKILL). */
  kill(): void;
}
export type CoreSpawner = () => SpawnedCore;

export type CoreState = 'starting' | 'ready' | 'restarting' | 'failed' | 'closed';

export interface CoreSupervisorOptions {
  spawn: CoreSpawner;
  options: CoreProcessOptions;
  /** The host's answers to the core's questions (protocol HOST_OPS), by operation. */
  hostOps: Record<string, (input: unknown) => unknown>;
  logger: Logger;
  /** Where the core's output is written, named to the user when it keeps crashing. */
  logFile: string;
  /** A clean stop may take this long before the core is killed. */
  shutdownMs?: number;
  /** A core not ready after this long is killed (and counts as a crash). */
  readyTimeoutMs?: number;
  /** A core that dies within this time of starting crashed "at once". */
  crashWindowMs?: number;
  /** After this many crashes at once in a row the host stops restarting and reports it. */
  maxImmediateCrashes?: number;
  onState?(state: CoreState): void;
  onEvent?(name: string, payload: unknown): void;
}

/**
 * Restart policy: a core that dies is restarted at once; calls meanwhile (and calls that were
 * waiting on the dead core) are answered CORE_RESTARTING, which the renderer shows as
 * "reconnecting" and retries. Three deaths in a row, each within `crashWindowMs` of its start,
 * stop the restarts: calls are then answered CORE_FAILED, naming the log file.
 */
export class CoreSupervisor {
  private current: { spawned: SpawnedCore; peer: Peer; startedAt: number; exited: Promise<void> } | null = null;
  private stateValue: CoreState = 'starting';
  private immediateCrashes = 0;
  private failure: ErrorBody | null = null;
  private firstReady: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void };
  private closing: Promise<void> | null = null;
  private restartCount = 0;
  private readonly opts: Required<Omit<CoreSupervisorOptions, 'onState' | 'onEvent'>> & Pick<CoreSupervisorOptions, 'onState' | 'onEvent'>;

  constructor(opts: CoreSupervisorOptions) {
    this.opts = { shutdownMs: 5_000, readyTimeoutMs: 60_000, crashWindowMs: 10_000, maxImmediateCrashes: 3, ...opts };
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    this.firstReady = { promise, resolve, reject };
  }

  /** Starts the core; resolves once it answers calls, rejects if it cannot start. */
  start(): Promise<void> {
    if (!this.current && this.stateValue === 'starting') this.launch();
    return this.firstReady.promise;
  }

  get state(): CoreState {
    return this.stateValue;
  }

  /** The running core's process id (tests kill it). */
  get pid(): number | undefined {
    return this.current?.spawned.pid;
  }

  /** How many times the core was restarted after dying. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Relays one contract call; never throws. */
  async invoke(name: string, input: unknown): Promise<Envelope<unknown>> {
    if (this.stateValue === 'failed') return { ok: false, error: this.failedError() };
    if (this.stateValue !== 'ready' || !this.current) return { ok: false, error: restartingError() };
    const answer = await this.current.peer.request(CONTRACT_OP, { name, input });
    return answer.ok ? (answer.value as Envelope<unknown>) : answer;
  }

  /** Sends an event to the running core (the updater's download progress). */
  emit(name: string, payload: unknown): void {
    this.current?.peer.emit(name, payload);
  }

  /** Asks the core to close its cache and exit; kills it after `shutdownMs`. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.setState('closed');
      const running = this.current;
      if (!running) return;
      running.peer.emit(HOST_EVENTS.shutdown);
      const stopped = await Promise.race([running.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), this.opts.shutdownMs).unref())]);
      if (!stopped) {
        this.opts.logger.warn('core did not stop in time: killed', { pid: running.spawned.pid, waitedMs: this.opts.shutdownMs });
        running.spawned.kill();
        await running.exited;
      }
    })();
    return this.closing;
  }

  /** Waits until the core is ready again (tests, after killing it). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.stateValue !== 'ready') {
      if (this.stateValue === 'failed' || this.stateValue === 'closed' || Date.now() > deadline) throw new CustosError('CORE_FAILED', `The console core is ${this.stateValue}.`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private failedError(): ErrorBody {
    return this.failure ?? { code: 'CORE_FAILED', message: `The console core stopped and could not be restarted. See the log at ${this.opts.logFile}.`, issues: [{ path: 'logFile', message: this.opts.logFile }] };
  }

  private setState(state: CoreState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.opts.onState?.(state);
  }

  private launch(): void {
    const spawned = this.opts.spawn();
    const peer = new Peer(spawned.channel);
    const startedAt = Date.now();
    let fatal: ErrorBody | null = null;
    const readyTimer = setTimeout(() => {
      this.opts.logger.error('core did not become ready in time: killed', { pid: spawned.pid });
      spawned.kill();
    }, this.opts.readyTimeoutMs);
    readyTimer.unref();
    peer.onRequest(async (op, input) => {
      const handler = this.opts.hostOps[op];
      if (!handler) throw new CustosError('UNKNOWN_OPERATION', `The host has no operation "${op.slice(0, 64)}".`);
      return handler(input);
    });
    peer.onEvent((name, payload) => {
      if (name === CORE_EVENTS.ready) {
        clearTimeout(readyTimer);
        if (this.current?.peer === peer && this.stateValue !== 'closed') this.setState('ready');
        this.firstReady.resolve();
      } else if (name === CORE_EVENTS.failed) {
        fatal = payload as ErrorBody;
      }
      this.opts.onEvent?.(name, payload);
    });
    const exited = new Promise<void>((resolve) => {
      spawned.onExit((code, signal) => {
        clearTimeout(readyTimer);
        peer.close();
        resolve();
        if (this.current?.peer === peer) this.current = null;
        if (this.stateValue === 'closed') return;
        this.onCrash(startedAt, fatal, { code, signal, pid: spawned.pid });
      });
    });
    this.current = { spawned, peer, startedAt, exited };
    peer.emit(HOST_EVENTS.init, this.opts.options);
  }

  private onCrash(startedAt: number, fatal: ErrorBody | null, how: { code: number | null; signal: string | null; pid: number | undefined }): void {
    const immediate = Date.now() - startedAt < this.opts.crashWindowMs;
    this.immediateCrashes = immediate ? this.immediateCrashes + 1 : 1;
    if (fatal) {
      // The core said why it cannot start (a cache from a newer version, a key that does not open it): restarting will not help.
      this.failure = { code: fatal.code, message: fatal.message, issues: [{ path: 'logFile', message: this.opts.logFile }] };
      this.opts.logger.error('core could not start', { error: fatal.code, ...how });
    } else if (this.immediateCrashes >= this.opts.maxImmediateCrashes) {
      this.opts.logger.error('core keeps crashing: not restarted', { crashes: this.immediateCrashes, ...how, log: this.opts.logFile });
    } else {
      this.opts.logger.warn('core exited: restarting', { ...how, crashes: this.immediateCrashes });
      this.restartCount++;
      this.setState('restarting');
      this.launch();
      return;
    }
    this.setState('failed');
    this.firstReady.reject(new CustosError(this.failedError().code, this.failedError().message));
  }
}
