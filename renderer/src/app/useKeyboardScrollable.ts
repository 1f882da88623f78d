import { useLayoutEffect, useRef } from 'react';

/**
 * antd tables with a fixed scroll area render a scrolling <div> that holds no focusable
 * element when the table is empty or its cells are plain text, so keyboard users cannot
 * scroll it (axe: scrollable-region-focusable). This makes each such region inside the
 * returned ref's element reachable by Tab after every render.
 */
export function useKeyboardScrollable<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('.ant-table-body, .ant-table-content').forEach((region) => {
      if (!region.hasAttribute('tabindex')) region.tabIndex = 0;
    });
  });
  return ref;
}
