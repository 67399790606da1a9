import { useLayoutEffect, useState } from "react";
import { flushSync } from "react-dom";

/** The rows of a list of `count` rows, each `rowHeight` tall, that a view at `offset`, `height` tall, shows. */
export function rowWindow(
  offset: number,
  height: number,
  count: number,
  rowHeight: number,
  overscan: number,
): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.min(count - 1, Math.floor(offset / rowHeight) - overscan));
  const last = Math.max(first, Math.min(count - 1, Math.ceil((offset + height) / rowHeight) - 1 + overscan));
  return { first, last };
}

/** Where a scrolled view is, and whether it is being scrolled. */
export interface ViewState {
  /** `scrollTop` of the scrolling element. */
  offset: number;
  /** Its visible height. */
  height: number;
  /** A scroll is on (until `scrollend`, or 150 ms without a scroll where that event is missing). */
  scrolling: boolean;
}

/** Without `scrollend` (Safari before 18.2), a scroll is taken to have ended this long after its last event. */
const SCROLL_END_MS = 150;

/**
 * Follows the scroll position and height of `element` (the scrolling element, once it is mounted). Each scroll is rendered in its own
 * event (`flushSync`), so that the frame it belongs to shows the rows it brought into view.
 *
 * Why not a general virtualiser (TanStack Virtual, used here until 29 November): the queue's rows all have one
 * height, so the rows in view are two divisions (`rowWindow`); a general virtualiser keeps a measurement per
 * row and recomputed all 10,000 of them each time a page of rows arrived (3–13 ms of a frame in the middle of
 * a scroll, on this machine).
 */
export function useViewState(element: HTMLElement | null): ViewState {
  const [state, setState] = useState<ViewState>({ offset: 0, height: 0, scrolling: false });
  useLayoutEffect(() => {
    if (!element) return;
    let ended: ReturnType<typeof setTimeout> | undefined;
    const hasScrollEnd = "onscrollend" in element;
    /** Reads the view's offset (and its height, when told so); `scrolling` undefined: as it was. */
    const read = (scrolling?: boolean, measure = false) => {
      const offset = element.scrollTop;
      const height = measure ? element.clientHeight : undefined;
      setState((previous) => {
        const next = {
          offset,
          height: height ?? previous.height,
          scrolling: scrolling ?? previous.scrolling,
        };
        return previous.offset === next.offset &&
          previous.height === next.height &&
          previous.scrolling === next.scrolling
          ? previous
          : next;
      });
    };
    const onScroll = () => {
      flushSync(() => read(true));
      if (!hasScrollEnd) {
        clearTimeout(ended);
        ended = setTimeout(() => read(false), SCROLL_END_MS);
      }
    };
    const onScrollEnd = () => read(false);
    read(undefined, true);
    const resizes = new ResizeObserver(() => read(undefined, true));
    resizes.observe(element);
    element.addEventListener("scroll", onScroll, { passive: true });
    element.addEventListener("scrollend", onScrollEnd);
    return () => {
      clearTimeout(ended);
      resizes.disconnect();
      element.removeEventListener("scroll", onScroll);
      element.removeEventListener("scrollend", onScrollEnd);
    };
  }, [element]);
  return state;
}
