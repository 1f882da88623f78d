import { useEffect, useState } from 'react';

/**
 * How long a list filter waits for typing to pause before it asks the core. The core answers a
 * filter in a few milliseconds even on the largest tenant (`npm run bench`), so the pause only
 * saves a query per keystroke for fast typists; a keystroke must show its rows within 150 ms.
 */
export const FILTER_DEBOUNCE_MS = 60;

/** The value, once it has stopped changing for `ms` milliseconds (search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}
