import { useEffect, useMemo, useState } from 'react';
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

const STEP_FACTOR = 1.6;

/** Pan and zoom state of the map, fitted to the venue once the view has a size. */
export function useViewport(
  mapBounds: Bounds,
  width: number,
  height: number,
): [Viewport | undefined, ViewportActions] {
  const [viewport, setViewport] = useState<Viewport>();
  const view = useMemo<Size>(() => ({ width, height }), [width, height]);
  const ready = width > 0 && height > 0;

  useEffect(() => {
    if (!ready) return;
    setViewport((current) => (current ? clampToMap(current, mapBounds, view) : fitViewport(mapBounds, view)));
  }, [ready, view, mapBounds]);

  const actions = useMemo<ViewportActions>(() => {
    const limits = scaleLimits(mapBounds, view);
    const update = (change: (current: Viewport) => Viewport) =>
      setViewport((current) => current && clampToMap(change(current), mapBounds, view));
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
  }, [mapBounds, view]);

  return [viewport, actions];
}
