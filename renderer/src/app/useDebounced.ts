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

/**
 * A search-as-you-type box as a query: the text debounced, and whether the query now asked is
 * the text now in the box. While it is not (the pause after a keystroke), whatever a query
 * answered belongs to older text, and the control shows that it is loading instead.
 */
export function useSearchText(text: string, ms: number): { query: string; settled: boolean } {
  const query = useDebounced(text.trim(), ms);
  return { query, settled: query === text.trim() };
}

/**
 * What a search answered, only when it answered the text now in the box: never the rows of an
 * older, shorter query still on screen while the newer one waits or loads (kept data, the
 * debounce pause). A picker that offers those lets Enter or a quick click take the wrong person.
 */
export function answerFor<T>(search: { settled: boolean }, result: { data: T | undefined; isPlaceholderData: boolean }): T | undefined {
  return search.settled && !result.isPlaceholderData ? result.data : undefined;
}

/**
 * How long a list waits before it shows that it is loading: a filter's answer usually arrives well
 * within this, and then the rows simply change, with no spinner (and no render of the table) between.
 */
export const BUSY_DELAY_MS = 200;

/** `busy`, once it has held for `ms`; false as soon as it stops (a list's loading indicator). */
export function useShownAfter(busy: boolean, ms = BUSY_DELAY_MS): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) return;
    const id = window.setTimeout(() => setShown(true), ms);
    return () => {
      window.clearTimeout(id);
      setShown(false);
    };
  }, [busy, ms]);
  return busy && shown;
}
