import { useEffect, useState, type PointerEvent as ReactPointerEvent } from 'react';

export type DragState = { from: number; over: number };

type Drag = DragState & { pointerId: number; startY: number; item: HTMLElement; midpoints: number[] };

/** The props of a drag handle; stable across renders, so memoised rows keep their memo. Each handle carries its item's index. */
export type DragHandleProps = {
  onPointerDown(event: ReactPointerEvent<HTMLElement>): void;
  onPointerMove(event: ReactPointerEvent<HTMLElement>): void;
  onPointerUp(event: ReactPointerEvent<HTMLElement>): void;
  onPointerCancel(event: ReactPointerEvent<HTMLElement>): void;
};

/** The index a handle stands for (`data-reorder-index`). */
export const REORDER_INDEX_ATTRIBUTE = 'data-reorder-index';

/** One drag at a time, outside React's state: pointer moves are many, and only a new drop index re-renders. */
function createDragController(show: (state: DragState | null) => void) {
  let container: HTMLElement | null = null;
  let drag: Drag | null = null;
  let onDrop = (_from: number, _to: number): void => undefined;
  const controller = {
    setDropHandler: (handler: (from: number, to: number) => void) => {
      onDrop = handler;
    },
    attachContainer: (element: HTMLElement | null) => {
      container = element;
    },
    handleProps: {} as DragHandleProps,
  };
  const end = (commit: boolean) => {
    const current = drag;
    drag = null;
    show(null);
    if (!current) return;
    current.item.style.transform = '';
    if (commit && current.over !== current.from) onDrop(current.from, current.over);
  };
  controller.handleProps = {
    onPointerDown(event) {
      const index = Number(event.currentTarget.getAttribute(REORDER_INDEX_ATTRIBUTE));
      if (event.button !== 0 || !container || !Number.isInteger(index)) return;
      const items = [...container.children] as HTMLElement[];
      const item = items[index];
      if (!item) return;
      event.preventDefault();
      event.currentTarget.setPointerCapture(event.pointerId);
      const midpoints = items.map((element) => {
        const rect = element.getBoundingClientRect();
        return rect.top + rect.height / 2;
      });
      drag = { from: index, over: index, pointerId: event.pointerId, startY: event.clientY, item, midpoints };
      show({ from: index, over: index });
    },
    onPointerMove(event) {
      const current = drag;
      if (!current || current.pointerId !== event.pointerId) return;
      // CSSOM, not a style attribute: the CSP allows no inline style
      current.item.style.transform = `translateY(${event.clientY - current.startY}px)`;
      // the new index among the other items: how many of them have their middle above the pointer
      const over = current.midpoints.filter((mid, i) => i !== current.from && mid < event.clientY).length;
      if (over !== current.over) {
        current.over = over;
        show({ from: current.from, over });
      }
    },
    onPointerUp(event) {
      if (drag?.pointerId === event.pointerId) end(true);
    },
    onPointerCancel(event) {
      if (drag?.pointerId === event.pointerId) end(false);
    },
  };
  return controller;
}

/**
 * [ED8] Drag and drop by pointer events (mouse, pen and touch alike): the handle captures the pointer, the item follows
 * it, and on release `onDrop(from, to)` gets the item's new index among the others. The handle needs
 * `touch-action: none` so that a finger drags instead of scrolling. Keyboard and screen-reader users get the move
 * buttons and Alt+ArrowUp/Down instead, so the handle itself is hidden from assistive technology.
 */
export function usePointerReorder(onDrop: (from: number, to: number) => void) {
  const [state, setState] = useState<DragState | null>(null);
  const [controller] = useState(() => createDragController(setState));
  useEffect(() => controller.setDropHandler(onDrop));

  /** The drop marker of item `index` while a drag runs: a line before it, or after the last one. */
  const dropMarker = (index: number, count: number): 'before' | 'after' | null => {
    if (!state || index === state.from || state.over === state.from) return null;
    const others = Array.from({ length: count }, (_, i) => i).filter((i) => i !== state.from);
    if (state.over < others.length) return others[state.over] === index ? 'before' : null;
    return others[others.length - 1] === index ? 'after' : null;
  };

  return { attachContainer: controller.attachContainer, handleProps: controller.handleProps, dragging: state, dropMarker };
}
