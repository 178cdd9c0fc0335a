import { useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import type { Bounds } from '../venue/venue-model';
import { clampToMap, fitViewport, panBy, scaleLimits, zoomAt, type Size, type Viewport } from './viewport';

export interface ViewportActions {
  pan(dx: number, dy: number): void;
  zoom(factor: number, x: number, y: number): void;
  /** Zoom in (+1) or out (-1) one step around the centre of the view. */
  step(direction: 1 | -1): void;
  fit(): void;
  /** Show these map bounds, at least at `minScale`. */
  focus(bounds: Bounds, minScale: number): void;
}

/**
 * The map's pan and zoom, kept outside React: a drag or a wheel notch changes it many times a
 * second, and the canvas follows it imperatively (the Konva layer's transform, drawn on the next
 * frame). Components that depend on a coarse property of it (the level of detail) read it through
 * useViewportValue and render only when that property changes.
 */
export class ViewportStore {
  private current: Viewport | undefined;
  private readonly listeners = new Set<() => void>();

  /** Undefined until the view has a size. */
  get = (): Viewport | undefined => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(viewport: Viewport): void {
    const current = this.current;
    if (
      current &&
      current.scale === viewport.scale &&
      current.offsetX === viewport.offsetX &&
      current.offsetY === viewport.offsetY
    ) {
      return;
    }
    this.current = viewport;
    for (const listener of this.listeners) listener();
  }
}

/** A value derived from the viewport (a boolean, a number): the component renders when it changes. */
export function useViewportValue<T>(store: ViewportStore, select: (viewport: Viewport | undefined) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

const STEP_FACTOR = 1.6;

/** Pan and zoom of the map, fitted to the venue once the view has a size. */
export function useViewport(
  mapBounds: Bounds,
  width: number,
  height: number,
): [ViewportStore, ViewportActions] {
  const store = useMemo(() => new ViewportStore(), []);
  const view = useMemo<Size>(() => ({ width, height }), [width, height]);
  const ready = width > 0 && height > 0;

  // Before paint, so the first frame with a size is already fitted.
  useLayoutEffect(() => {
    if (!ready) return;
    const current = store.get();
    store.set(current ? clampToMap(current, mapBounds, view) : fitViewport(mapBounds, view));
  }, [store, ready, view, mapBounds]);

  const actions = useMemo<ViewportActions>(() => {
    const limits = scaleLimits(mapBounds, view);
    const update = (change: (current: Viewport) => Viewport) => {
      const current = store.get();
      if (current) store.set(clampToMap(change(current), mapBounds, view));
    };
    return {
      pan: (dx, dy) => update((current) => panBy(current, dx, dy)),
      zoom: (factor, x, y) => update((current) => zoomAt(current, factor, x, y, limits)),
      step: (direction) =>
        update((current) =>
          zoomAt(
            current,
            direction > 0 ? STEP_FACTOR : 1 / STEP_FACTOR,
            view.width / 2,
            view.height / 2,
            limits,
          ),
        ),
      fit: () => update(() => fitViewport(mapBounds, view)),
      focus: (bounds, minScale) =>
        update(() => {
          const fitted = fitViewport(bounds, view, 24);
          if (fitted.scale >= minScale) return fitted;
          const centreX = (bounds.minX + bounds.maxX) / 2;
          const centreY = (bounds.minY + bounds.maxY) / 2;
          return zoomAt(
            fitted,
            minScale / fitted.scale,
            centreX * fitted.scale + fitted.offsetX,
            centreY * fitted.scale + fitted.offsetY,
            limits,
          );
        }),
    };
  }, [store, mapBounds, view]);

  return [store, actions];
}
