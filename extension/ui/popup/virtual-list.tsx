/**
 * A virtualised list: only the items in (and just around) the viewport are in the DOM, so a
 * vault of thousands of accounts opens as fast as one of ten. Items have known heights.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

export type VirtualListProps<T> = {
  items: readonly T[];
  heightOf: (item: T) => number;
  keyOf: (item: T) => string;
  render: (item: T, index: number) => ComponentChildren;
  /** Called with the indexes [start, end) actually rendered. */
  onRangeChange?: (start: number, end: number) => void;
  /** Scroll so that this index is visible (keyboard navigation). */
  scrollToIndex?: number | null;
  label: string;
  overscan?: number;
};

export function VirtualList<T>({ items, heightOf, keyOf, render, onRangeChange, scrollToIndex, label, overscan = 3 }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);

  const offsets = useMemo(() => {
    const out = new Array<number>(items.length + 1);
    out[0] = 0;
    for (let i = 0; i < items.length; i++) out[i + 1] = out[i]! + heightOf(items[i]!);
    return out;
  }, [items, heightOf]);

  useLayoutEffect(() => {
    const element = ref.current!;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (scrollToIndex === null || scrollToIndex === undefined || !ref.current) return;
    const top = offsets[scrollToIndex] ?? 0;
    const bottom = offsets[scrollToIndex + 1] ?? top;
    const element = ref.current;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
    setScrollTop(element.scrollTop);
  }, [scrollToIndex, offsets]);

  const start = Math.max(0, indexAt(offsets, scrollTop) - overscan);
  const end = Math.min(items.length, indexAt(offsets, scrollTop + Math.max(viewport, 1)) + 1 + overscan);

  useLayoutEffect(() => {
    onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  const rendered: ComponentChildren[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rendered.push(
      <div
        key={keyOf(item)}
        class="list-item"
        role="listitem"
        aria-setsize={items.length}
        aria-posinset={i + 1}
        style={{ top: `${offsets[i]}px`, height: `${offsets[i + 1]! - offsets[i]!}px` }}
      >
        {render(item, i)}
      </div>,
    );
  }
  return (
    <div class="account-list" ref={ref} onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}>
      <div class="account-list-spacer" role="list" aria-label={label} style={{ height: `${offsets[items.length]}px` }}>
        {rendered}
      </div>
    </div>
  );
}

/** The index of the item at `y` (binary search over the start offsets). */
function indexAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
