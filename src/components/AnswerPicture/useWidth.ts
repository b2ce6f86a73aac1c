import { useLayoutEffect, useState } from 'react';

/** Width to lay out at before (or without) a measurement: jsdom and the first render. */
export const FALLBACK_WIDTH = 600;

/** A callback ref and the element's width, following resizes (panel resized, sidebar toggled). */
export function useWidth<T extends HTMLElement>(): [(el: T | null) => void, number] {
  const [el, setEl] = useState<T | null>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    if (!el) {
      return;
    }
    const read = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) {
        setWidth(w);
      }
    };
    read();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}
