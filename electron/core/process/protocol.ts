/**
 * The message protocol between a host (the browser host, or Electron's main process) and the core
 * process. One module, used by both ends and both hosts, over any channel that carries structured
 * clones (a Node IPC channel with `serialization: 'advanced'`, an Electron MessagePort):
 *
 *   request  { t: 'req', id, op, input }      a contract operation (host → core) or a question
 *                                              for the host (core → host: key material, keychain, updater)
 *   answer   { t: 'res', id, envelope }        `{ ok: true, value }` or `{ ok: false, error: { code, message } }`
 *   event    { t: 'ev', name, payload }        no answer: sync progress, readiness, updater progress
 *
 * Both ends are the same Peer: each may ask the other and answer it. A channel that closes fails
 * every question still waiting with CORE_RESTARTING, so no caller waits for an answer that cannot come.
 */
import type { Envelope } from '../../../shared/contract.js';
import { CustosError, toErrorBody, type ErrorBody } from '../../../shared/errors.js';
import type { UpdateState } from '../../../shared/updates.js';
import type { SyncEngineOptions } from '../sync/engine.js';
import type { LogLevel } from '../logging.js';

export type ProtocolMessage =
  | { t: 'req'; id: number; op: string; input: unknown }
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  | { t: 'ev'; name: string; payload: unknown };

/** What either end can send and listen on. */
export interface Channel {
  send(message: ProtocolMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What a host tells its core at start: plain data only (it crosses a process boundary). */
export interface CoreProcessOptions {
  dataDir: string;
  cloudUrl: string;
  host: 'electron' | 'browser';
  migrationsDir: string;
  nativeBinding?: string;
  version: string;
  autoSync?: boolean;
  sync?: Omit<SyncEngineOptions, 'now'>;
  /**
   * Where each account's cache key comes from: 'keychain' — its own key, sealed by the host's OS
   * keychain (the desktop; HOST_OPS.keychain*); 'account-files' — its own key in a 0600 file (the
   * browser host); 'master' — derived from the host's master key (CUSTOS_DB_KEY, tests; HOST_OPS.cacheKey).
   */
  keys?: 'keychain' | 'account-files' | 'master';
  /** The user accepted an unprotected cache where the keychain is only obfuscation (CUSTOS_ACCEPT_UNPROTECTED_CACHE=1). */
  acceptUnprotectedCache?: boolean;
  updates?: { unsupported: UpdateState['unsupported']; feedUrl: string | null; autoCheck?: boolean; driver: boolean };
  /** The core's log level (default: CUSTOS_LOG_LEVEL, else info). */
  logLevel?: LogLevel;
}

/** The one request a host sends its core: { name, input } of a contract operation; the answer's value is the operation's envelope. */
export const CONTRACT_OP = 'core.invoke';

/** Questions the core asks its host (the host owns the keychain, the key material and the updater). */
export const HOST_OPS = {
  /** keys 'master': the 32-byte master key, as bytes (null only for tests that read the raw files). */
  cacheKey: 'host.cacheKey',
  /** keys 'keychain': seals a string with the OS keychain (answer: bytes). */
  keychainEncrypt: 'host.keychain.encrypt',
  /** keys 'keychain': opens what keychainEncrypt sealed (answer: the string; refused when this keychain cannot). */
  keychainDecrypt: 'host.keychain.decrypt',
  /** keys 'keychain': what protects the keychain ('os', 'basic_text', 'unavailable'). */
  keychainBackend: 'host.keychain.backend',
  /** keys 'keychain': the session tokens an older single-cache desktop install kept in the keychain, or null (read once, to hand them to their account). */
  legacyTokens: 'host.tokens.legacy',
  updateLatest: 'host.update.latest',
  updateDownload: 'host.update.download',
  updateInstall: 'host.update.install',
} as const;

/** Events the core sends its host. */
export const CORE_EVENTS = {
  /** The core opened its cache and answers contract calls. */
  ready: 'core.ready',
  /** The core could not start (payload: an ErrorBody); the host reports it and does not restart. */
  failed: 'core.failed',
  /** The sync status changed (payload: SyncStatus). */
  sync: 'core.sync',
} as const;

/** Events the host sends its core. */
export const HOST_EVENTS = {
  /** First message: the core's options (CoreProcessOptions). */
  init: 'host.init',
  /** Close the cache and exit. */
  shutdown: 'host.shutdown',
  /** Updater download progress (payload: { transferred, total }). */
  updateProgress: 'host.update.progress',
} as const;

export function isProtocolMessage(value: unknown): value is ProtocolMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (m.t === 'req') return typeof m.id === 'number' && typeof m.op === 'string';
  if (m.t === 'res') return typeof m.id === 'number' && typeof m.envelope === 'object' && m.envelope !== null && typeof (m.envelope as { ok?: unknown }).ok === 'boolean';
  if (m.t === 'ev') return typeof m.name === 'string';
  return false;
}

export const restartingError = (): ErrorBody => ({ code: 'CORE_RESTARTING', message: 'The console core is restarting; try again in a moment.' });

export type RequestHandler = (op: string, input: unknown) => Promise<unknown> | unknown;

/**
 * One end of the protocol. `request` sends a question and resolves with the envelope of its
 * answer (never rejects); requests from the other end go to `onRequest`; events to `onEvent`.
 */
export class Peer {
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  private requestHandler: RequestHandler = (op) => {
    throw new CustosError('UNKNOWN_OPERATION', `Unknown operation "${op.slice(0, 64)}".`);
  };
  private readonly eventListeners: ((name: string, payload: unknown) => void)[] = [];
  private closed = false;

  constructor(private readonly channel: Channel) {
    channel.onMessage((raw) => this.receive(raw));
  }

  /** Sends a question; the envelope of the answer, or CORE_RESTARTING if the channel closes first. */
  request(op: string, input: unknown): Promise<Envelope<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: restartingError() });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.channel.send({ t: 'req', id, op, input });
      } catch {
        this.pending.delete(id);
        resolve({ ok: false, error: restartingError() });
      }
    });
  }

  /** Like `request`, for questions whose answer is a value: throws the answer's error. */
  async ask<T>(op: string, input: unknown = {}): Promise<T> {
    const envelope = await this.request(op, input);
    if (!envelope.ok) throw new CustosError(envelope.error.code, envelope.error.message, envelope.error.issues);
    return envelope.value as T;
  }

  emit(name: string, payload: unknown = null): void {
    if (this.closed) return;
    try {
      this.channel.send({ t: 'ev', name, payload });
    } catch {
      // the other end is gone: the host notices through the process's exit
    }
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  onEvent(listener: (name: string, payload: unknown) => void): void {
    this.eventListeners.push(listener);
  }

  /** The other end is gone: every question still waiting is answered CORE_RESTARTING. */
  close(): void {
    this.closed = true;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: restartingError() });
    this.pending.clear();
  }

  get waiting(): number {
    return this.pending.size;
  }

  private receive(raw: unknown): void {
    if (!isProtocolMessage(raw)) return;
    if (raw.t === 'res') {
      const resolve = this.pending.get(raw.id);
      this.pending.delete(raw.id);
      resolve?.(raw.envelope);
      return;
    }
    if (raw.t === 'ev') {
      for (const listener of this.eventListeners) listener(raw.name, raw.payload);
      return;
    }
    const { id, op, input } = raw;
    void (async () => {
      let envelope: Envelope<unknown>;
      try {
        envelope = { ok: true, value: await this.requestHandler(op, input) };
      } catch (err) {
        envelope = { ok: false, error: toErrorBody(err) };
      }
      if (this.closed) return;
      try {
        this.channel.send({ t: 'res', id, envelope });
      } catch {
        // the other end is gone
      }
    })();
  }
}
