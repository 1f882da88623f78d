/**
 * Whether the host's core process answers: every answer from the host says so. CORE_RESTARTING
 * (the core died and the host is restarting it) shows "reconnecting" until the next answer;
 * CORE_FAILED (it kept dying) stays, with the log file the host named.
 */
export type CoreConnection = { state: 'connected' } | { state: 'reconnecting' } | { state: 'failed'; logFile: string | null };

let current: CoreConnection = { state: 'connected' };
const listeners = new Set<() => void>();

function set(next: CoreConnection): void {
  if (next.state === current.state && (next.state !== 'failed' || (current.state === 'failed' && current.logFile === next.logFile))) return;
  current = next;
  for (const l of listeners) l();
}

/** Called by the API client with every envelope the host returns. */
export function noteAnswer(error: { code: string; issues?: { path: string; message: string }[] } | null): void {
  if (!error) return set({ state: 'connected' });
  if (error.code === 'CORE_RESTARTING') return set({ state: 'reconnecting' });
  if (error.code === 'CORE_FAILED') return set({ state: 'failed', logFile: error.issues?.find((i) => i.path === 'logFile')?.message ?? null });
  // Any other answer came from a core that runs.
  set({ state: 'connected' });
}

export function subscribeCoreConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function coreConnection(): CoreConnection {
  return current;
}
