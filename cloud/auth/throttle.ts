import { isLoopbackHost } from '../../shared/transport.js';

/**
 * Sign-in attempts, limited before any password is checked. Three limits, all counting attempts
 * whatever the email names (a real account, an unknown one, a disabled one), so the answer tells
 * nothing about accounts:
 * - per email and address: 5 failures free, then a wait of 30 s doubling to 15 min. Keyed by the
 *   address too, so nobody can lock an admin out from elsewhere (the old per-account lock let
 *   anyone shut any admin out for an hour);
 * - per address: attempts per minute, whatever the emails (password spraying); not for this
 *   machine's own addresses (the embedded demo cloud, tests, a reverse proxy on the same host,
 *   which should then pass the client's address: see `clientAddress` in cloud/app.ts);
 * - global: attempts per minute on this instance (a spread-out guessing run, and the CPU and
 *   memory the password hash costs).
 * An attempt is reserved before its password is checked and counts as a failure until it
 * succeeds, so parallel guesses cannot outrun the count. State is per process: with N cloud
 * instances the per-address and global limits are N times these.
 */
export interface SignInLimits {
  freeFailures: number;
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  perAddressPerMinute: number;
  globalPerMinute: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { freeFailures: 5, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60, perAddressPerMinute: 60, globalPerMinute: 600 };

/** Wait after the Nth consecutive failure (N ≥ freeFailures): the first wait, doubling each time, capped. */
export function waitSecondsFor(limits: SignInLimits, failures: number): number {
  if (failures < limits.freeFailures) return 0;
  return Math.min(limits.firstWaitSeconds * 2 ** (failures - limits.freeFailures), limits.maxWaitSeconds);
}

interface KeyState {
  failures: number;
  inFlight: number;
  blockedUntil: number;
  lastAt: number;
}
interface Window {
  start: number;
  count: number;
}

/** A reserved attempt: say how it ended. `failed` answers the wait now imposed (0: none). */
export interface Attempt {
  succeeded(): void;
  failed(): number;
}

const MINUTE = 60_000;
/** A key's failures are forgotten after this long without an attempt. */
const FORGET_MS = 60 * MINUTE;

export class SignInThrottle {
  private readonly keys = new Map<string, KeyState>();
  private readonly addresses = new Map<string, Window>();
  private global: Window = { start: 0, count: 0 };
  private calls = 0;

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves one attempt (synchronously: nothing can slip in between check and count), or answers how many seconds to wait. */
  reserve(email: string, address: string): Attempt | { waitSeconds: number } {
    const now = this.now();
    if (++this.calls % 1000 === 0) this.prune(now);
    const key = `${address}\n${email.trim().toLowerCase()}`;
    let state = this.keys.get(key);
    if (state && state.inFlight === 0 && now - state.lastAt > FORGET_MS) state = undefined;
    state ??= { failures: 0, inFlight: 0, blockedUntil: 0, lastAt: now };
    const waitMs = Math.max(state.blockedUntil - now, 0);
    // Failures so far and attempts still being checked: past the free ones, one at a time, after the wait.
    const busy = state.failures + state.inFlight >= this.limits.freeFailures && (state.failures < this.limits.freeFailures || state.inFlight > 0);
    if (waitMs > 0 || busy) return { waitSeconds: Math.max(1, Math.ceil((waitMs || this.limits.firstWaitSeconds * 1000) / 1000)) };
    const perAddress = this.window(this.addresses.get(address), now);
    const global = this.window(this.global, now);
    if (perAddress.count >= this.limits.perAddressPerMinute && !isLoopbackHost(address)) return { waitSeconds: Math.ceil((perAddress.start + MINUTE - now) / 1000) };
    if (global.count >= this.limits.globalPerMinute) return { waitSeconds: Math.ceil((global.start + MINUTE - now) / 1000) };
    perAddress.count++;
    global.count++;
    this.addresses.set(address, perAddress);
    this.global = global;
    state.inFlight++;
    state.lastAt = now;
    this.keys.set(key, state);
    let settled = false;
    const settle = () => {
      if (settled) throw new Error('sign-in attempt settled twice');
      settled = true;
      state.inFlight--;
    };
    return {
      succeeded: () => {
        settle();
        if (state.inFlight === 0) this.keys.delete(key);
        else state.failures = 0;
      },
      failed: () => {
        settle();
        state.failures++;
        const wait = waitSecondsFor(this.limits, state.failures);
        if (wait > 0) state.blockedUntil = this.now() + wait * 1000;
        return wait;
      },
    };
  }

  private window(w: Window | undefined, now: number): Window {
    return w && now - w.start < MINUTE ? w : { start: now, count: 0 };
  }

  private prune(now: number): void {
    for (const [k, s] of this.keys) if (s.inFlight === 0 && s.blockedUntil < now && now - s.lastAt > FORGET_MS) this.keys.delete(k);
    for (const [a, w] of this.addresses) if (now - w.start >= MINUTE) this.addresses.delete(a);
  }
}
