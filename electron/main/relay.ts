/**
 * The desktop host's relay from the renderer to the core process. Pure (no Electron import), so
 * that the sender check is unit-tested: only our own renderer, served from the app's files
 * through the console scheme, may call the contract; anything else is refused before the core
 * hears of it.
 */
import type { Envelope } from '../../shared/contract.js';

export const CONSOLE_ORIGIN = 'custos://console';

/** What the relay reads of an IPC event: the frame that sent it. */
export interface RelayEvent {
  senderFrame?: { url: string } | null;
}

export function isTrustedSender(event: RelayEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${CONSOLE_ORIGIN}/`);
}

export function createRelay(core: { invoke(name: string, input: unknown): Promise<Envelope<unknown>> }) {
  return async (event: RelayEvent, name: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender.' } };
    return core.invoke(typeof name === 'string' ? name : '', input);
  };
}
