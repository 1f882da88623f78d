import type { BusyReason } from '../../../shared/updates.js';

/** Counts the long jobs in progress, so a restart to update waits for them. */
export class LongWork {
  private readonly counts = new Map<BusyReason, number>();

  async track<T>(reason: BusyReason, work: () => Promise<T> | T): Promise<T> {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.counts.get(reason) ?? 1) - 1;
      if (left > 0) this.counts.set(reason, left);
      else this.counts.delete(reason);
    }
  }

  /** The first long job still running, if any. */
  current(): BusyReason | null {
    return this.counts.keys().next().value ?? null;
  }
}
