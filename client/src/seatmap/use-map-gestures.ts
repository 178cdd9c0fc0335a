import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export interface GestureHandlers {
  /** Move the map by a screen distance. */
  pan(dx: number, dy: number): void;
  /** Zoom by a factor around a screen point. */
  zoom(factor: number, x: number, y: number): void;
  /** A click or tap that did not drag. */
  tap(x: number, y: number): void;
  /** The pointer hovers at a point, or left the map (null). */
  hover(point: { x: number; y: number } | null): void;
}

/** A press that moves less than this is a tap, not a drag. */
const TAP_SLOP_PX = 5;
/** Wheel zoom per pixel of scroll. */
const WHEEL_ZOOM_PER_PX = 0.0015;
const LINE_HEIGHT_PX = 16;

interface Pointer {
  x: number;
  y: number;
  startX: number;
  startY: number;
}

/**
 * Pan (drag with one pointer), pinch zoom (two pointers), wheel zoom, tap and hover, from DOM
 * pointer events on the map's container. Konva's own event system is not used: every Konva node is
 * listening(false), so Konva never draws a hit canvas.
 */
export function useMapGestures(target: RefObject<HTMLElement | null>, handlers: GestureHandlers): void {
  // The listeners below call the handlers of the latest render (kept after each commit).
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const pointers = new Map<number, Pointer>();
    let dragged = false;

    const local = (event: PointerEvent | WheelEvent) => {
      const rect = element.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };

    const onDown = (event: PointerEvent) => {
      if (event.button !== 0 && event.pointerType === 'mouse') return;
      const { x, y } = local(event);
      element.setPointerCapture(event.pointerId);
      pointers.set(event.pointerId, { x, y, startX: x, startY: y });
      latest.current.hover(null);
      if (pointers.size === 1) dragged = false;
      else dragged = true; // a second finger: a pinch, never a tap
    };

    const onMove = (event: PointerEvent) => {
      const { x, y } = local(event);
      const pointer = pointers.get(event.pointerId);
      if (!pointer) {
        if (pointers.size === 0) latest.current.hover({ x, y });
        return;
      }
      if (pointers.size === 1) {
        if (!dragged && Math.hypot(x - pointer.startX, y - pointer.startY) > TAP_SLOP_PX) dragged = true;
        if (dragged) latest.current.pan(x - pointer.x, y - pointer.y);
      } else if (pointers.size === 2) {
        const other = [...pointers.entries()].find(([id]) => id !== event.pointerId)?.[1];
        if (other) {
          const before = Math.hypot(pointer.x - other.x, pointer.y - other.y);
          const after = Math.hypot(x - other.x, y - other.y);
          const midX = (x + other.x) / 2;
          const midY = (y + other.y) / 2;
          latest.current.pan((x - pointer.x) / 2, (y - pointer.y) / 2);
          if (before > 0 && after > 0) latest.current.zoom(after / before, midX, midY);
        }
      }
      pointer.x = x;
      pointer.y = y;
    };

    const onUp = (event: PointerEvent) => {
      const pointer = pointers.get(event.pointerId);
      pointers.delete(event.pointerId);
      if (pointer && pointers.size === 0 && !dragged) latest.current.tap(pointer.x, pointer.y);
    };

    const onCancel = (event: PointerEvent) => {
      pointers.delete(event.pointerId);
      dragged = true;
    };

    const onLeave = () => {
      if (pointers.size === 0) latest.current.hover(null);
    };

    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { x, y } = local(event);
      const pixels =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * LINE_HEIGHT_PX : event.deltaY;
      latest.current.zoom(Math.exp(-pixels * WHEEL_ZOOM_PER_PX), x, y);
    };

    element.addEventListener('pointerdown', onDown);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onCancel);
    element.addEventListener('pointerleave', onLeave);
    // Not passive: the page must not scroll while the wheel zooms the map.
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onCancel);
      element.removeEventListener('pointerleave', onLeave);
      element.removeEventListener('wheel', onWheel);
    };
  }, [target]);
}
