import { useEffect, useRef, useState } from 'react';

/**
 * How long a list filter waits for typing to pause before it asks the core. The core answers a
 * filter in a few milliseconds even on the largest tenant (`npm run bench`), so the pause only
 * saves a query per keystroke for fast typists; a keystroke must show its rows within 150 ms
 * (the first one after a pause does not wait at all).
 */
export const FILTER_DEBOUNCE_MS = 60;

/**
 * The value, once it has stopped changing for `ms` milliseconds (search boxes). The first change
 * after a pause passes at once, so the first keystroke shows its rows without waiting (npm run
 * bench: a keystroke 171 ms at L, 60 of them this wait); changes that follow it within `ms`
 * wait for the typing to pause, so a fast typist still asks once per burst, not per key.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const lastChange = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const now = performance.now();
    const paused = now - lastChange.current >= ms;
    lastChange.current = now;
    if (paused) {
      setV(() => value);
      return;
    }
    const id = window.setTimeout(() => setV(() => value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}
