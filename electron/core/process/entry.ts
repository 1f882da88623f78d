/**
 * The core process: started by a host (a Node child process of the browser host, or an Electron
 * utility process of the desktop app), it owns the cache, sync, imports and reports, and answers
 * the contract over the protocol (./protocol.ts). It holds no keychain of its own: on the desktop
 * each account's key is sealed and opened by the host's OS keychain, over the protocol.
 */
import type { Tokens } from '../../../shared/cloud-protocol.js';
import type { UpdateChannel } from '../../../shared/updates.js';
import { toErrorBody } from '../../../shared/errors.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../index.js';
import { keychainKeyProvider, type KeychainAccess } from '../accounts/keys.js';
import type { KeychainBackend } from '../accounts/keychain-policy.js';
import { createLogger } from '../logging.js';
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

/** The OS keychain of the desktop's main process, reached over the protocol. */
function hostKeychain(peer: Peer): KeychainAccess {
  return {
    encrypt: async (text) => Buffer.from(await peer.ask<Uint8Array>(HOST_OPS.keychainEncrypt, text)),
    decrypt: (bytes) => peer.ask<string>(HOST_OPS.keychainDecrypt, new Uint8Array(bytes)),
    backend: () => peer.ask<KeychainBackend>(HOST_OPS.keychainBackend),
  };
}

/** How this core gets each account's key, and what an older single-cache install of this host kept. */
async function keyOptions(peer: Peer, opts: CoreProcessOptions): Promise<Pick<CoreOptions, 'cacheKey' | 'keys' | 'legacy'>> {
  const mode = opts.keys ?? 'master';
  if (mode === 'account-files') return {};
  if (mode === 'master') {
    const key = await peer.ask<Uint8Array | null>(HOST_OPS.cacheKey);
    return { cacheKey: key ? Buffer.from(key) : null };
  }
  const keychain = hostKeychain(peer);
  const oldKeyFile = join(opts.dataDir, 'cache.key.enc');
  let legacyKey: Buffer | null = null;
  if (existsSync(oldKeyFile)) {
    // A key this keychain cannot open leaves the old cache unreadable: the migration removes it.
    legacyKey = await Promise.resolve(keychain.decrypt(readFileSync(oldKeyFile))).then((hex) => Buffer.from(hex, 'hex'), () => null);
  }
  return {
    keys: keychainKeyProvider(keychain, opts.acceptUnprotectedCache === true),
    legacy: { key: legacyKey, tokens: await peer.ask<Tokens | null>(HOST_OPS.legacyTokens) },
  };
}

async function start(peer: Peer, opts: CoreProcessOptions): Promise<Core> {
  return createCore({
    dataDir: opts.dataDir,
    ...(await keyOptions(peer, opts)),
    cloudUrl: opts.cloudUrl,
    host: opts.host,
    migrationsDir: opts.migrationsDir,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
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
          // No account signed in: no workspace, so no sync to report (and `core.sync` would throw).
          if (closing || !core || core.currentRole() === null) return;
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
