/**
 * The core process: started by a host (a Node child process of the browser host, or an Electron
 * utility process of the desktop app), it owns the cache, sync, imports and reports, and answers
 * the contract over the protocol (./protocol.ts). It holds no key material of its own: the cache
 * key and, on the desktop, the keychain-protected session tokens are asked from the host.
 */
import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { UpdateChannel } from '../../../shared/updates.js';
import { toErrorBody } from '../../../shared/errors.js';
import { createCore, type Core } from '../index.js';
import { createLogger } from '../logging.js';
import type { TokenStore } from '../session/session.js';
import type { UpdateDriver } from '../updates/controller.js';
import { CONTRACT_OP, CORE_EVENTS, HOST_EVENTS, HOST_OPS, Peer, type Channel, type CoreProcessOptions, type ProtocolMessage } from './protocol.js';

/** The channel to the host: Electron's parentPort in a utility process, else Node's IPC channel. */
function hostChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) return { send: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data)) };
  if (!process.send) throw new Error('The core process must be started by a host (no IPC channel).');
  return {
    send: (m: ProtocolMessage) => void process.send!(m),
    onMessage: (l) => process.on('message', l),
  };
}

/** Session tokens kept by the host (the OS keychain lives in Electron's main process): read once, written through. */
async function hostTokenStore(peer: Peer): Promise<TokenStore> {
  let tokens = await peer.ask<Tokens | null>(HOST_OPS.readTokens);
  return {
    read: () => tokens,
    write: (next) => {
      tokens = next;
      void peer.ask(HOST_OPS.writeTokens, next).catch(() => undefined);
    },
  };
}

/** electron-updater stays in the main process: the core's update flow drives it over the protocol. */
function hostUpdateDriver(peer: Peer): UpdateDriver {
  let onProgress: ((p: { transferred: number; total: number }) => void) | null = null;
  peer.onEvent((name, payload) => {
    if (name === HOST_EVENTS.updateProgress) onProgress?.(payload as { transferred: number; total: number });
  });
  return {
    latest: (feedUrl: string, channel: UpdateChannel) => peer.ask(HOST_OPS.updateLatest, { feedUrl, channel }),
    download: async (progress) => {
      onProgress = progress;
      try {
        await peer.ask(HOST_OPS.updateDownload);
      } finally {
        onProgress = null;
      }
    },
    install: () => void peer.ask(HOST_OPS.updateInstall).catch(() => undefined),
  };
}

async function start(peer: Peer, opts: CoreProcessOptions): Promise<Core> {
  const key = await peer.ask<Uint8Array | null>(HOST_OPS.cacheKey);
  return createCore({
    dataDir: opts.dataDir,
    cacheKey: key ? Buffer.from(key) : null,
    cloudUrl: opts.cloudUrl,
    host: opts.host,
    migrationsDir: opts.migrationsDir,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    ...(opts.tokens === 'host' ? { tokenStore: await hostTokenStore(peer) } : {}),
    version: opts.version,
    logger: createLogger('core', opts.logLevel),
    ...(opts.sync ? { sync: opts.sync } : {}),
    ...(opts.autoSync !== undefined ? { autoSync: opts.autoSync } : {}),
    ...(opts.updates ? { updates: { unsupported: opts.updates.unsupported, feedUrl: opts.updates.feedUrl, driver: opts.updates.driver ? hostUpdateDriver(peer) : null, ...(opts.updates.autoCheck !== undefined ? { autoCheck: opts.updates.autoCheck } : {}) } } : {}),
  });
}

function main(): void {
  const peer = new Peer(hostChannel());
  const logger = createLogger('core');
  let core: Core | null = null;
  let closing: Promise<void> | null = null;
  /** Closes the cache (the sync run stops after the page being written) and exits. */
  const shutdown = (code: number) => {
    closing ??= (async () => {
      try {
        await core?.close();
      } catch (err) {
        logger.error('core close failed', { error: err instanceof Error ? err.message : 'unknown' });
      }
      peer.close();
      process.exit(code);
    })();
    return closing;
  };

  peer.onRequest(async (op, input) => {
    if (op !== CONTRACT_OP) throw new Error(`unknown request ${op.slice(0, 64)}`);
    const { name, input: args } = input as { name: unknown; input: unknown };
    if (!core) return { ok: false, error: { code: 'CORE_RESTARTING', message: 'The console core is starting.' } };
    return core.invoke(typeof name === 'string' ? name : '', args);
  });

  peer.onEvent((name, payload) => {
    if (name === HOST_EVENTS.shutdown) void shutdown(0);
    if (name !== HOST_EVENTS.init || core) return;
    start(peer, payload as CoreProcessOptions).then(
      (started) => {
        core = started;
        peer.emit(CORE_EVENTS.ready, { pid: process.pid });
        // Sync progress for the host, when it changes.
        let last = '';
        setInterval(() => {
          if (closing || !core) return;
          const status = core.sync.status();
          const text = JSON.stringify(status);
          if (text !== last) peer.emit(CORE_EVENTS.sync, status);
          last = text;
        }, 1000).unref();
      },
      (err: unknown) => {
        logger.error('core could not start', { error: err instanceof Error ? err.message : 'unknown' });
        peer.emit(CORE_EVENTS.failed, toErrorBody(err));
        setTimeout(() => process.exit(3), 100);
      },
    );
  });
  // The host is gone (its channel closed): nobody can use this core any more.
  process.on('disconnect', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Ctrl-C in a terminal reaches the whole process group: the host decides when its core stops.
  process.on('SIGINT', () => undefined);
}

main();
