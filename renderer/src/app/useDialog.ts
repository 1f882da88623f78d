import { useCallback, useRef, useState } from 'react';

/**
 * A dialog rendered only while open (so its form starts fresh each time), which gives the focus
 * back to whatever opened it when it closes: unmounting the dialog would otherwise drop the
 * focus to the page's start, and a keyboard user would lose their place.
 */
export function useDialog<T>(): { value: T | null; open: (value: T) => void; close: () => void } {
  const [value, setValue] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((v: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setValue(() => v);
  }, []);
  const close = useCallback(() => {
    setValue(null);
    const el = opener.current;
    opener.current = null;
    // After the dialog has unmounted and its own focus handling is done.
    if (el) requestAnimationFrame(() => el.isConnected && el.focus());
  }, []);
  return { value, open, close };
}
