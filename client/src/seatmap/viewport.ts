import type { Bounds } from '../venue/venue-model';

/**
 * The map's pan and zoom: a point (x, y) of the map, in map units, is drawn at screen pixel
 * (x * scale + offsetX, y * scale + offsetY). Pure functions, so gestures and keys share them.
 */
export interface Viewport {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Level of detail, in pixels per map unit (seats are about one unit apart). Below SEAT_DETAIL_SCALE
 * seats would be under 4 px apart: sections are drawn as polygons coloured by free seats instead.
 */
export const SEAT_DETAIL_SCALE = 4;
/** Below this, seats are tiny squares: they look the same as circles and draw several times faster. */
export const ROUND_SEATS_SCALE = 9;
/** Closest zoom: a seat about 40 px across. */
export const MAX_SCALE = 48;
/** Farthest zoom, as a share of the scale that fits the whole venue. */
const MIN_SCALE_OF_FIT = 0.75;
/** Keep at least this share of the view covered by the map while panning. */
const MIN_VISIBLE_SHARE = 0.25;

export function fitViewport(bounds: Bounds, view: Size, paddingPx = 16): Viewport {
  const width = Math.max(1, bounds.maxX - bounds.minX);
  const height = Math.max(1, bounds.maxY - bounds.minY);
  const scale = Math.max(
    0.01,
    Math.min((view.width - 2 * paddingPx) / width, (view.height - 2 * paddingPx) / height),
  );
  return {
    scale,
    offsetX: (view.width - width * scale) / 2 - bounds.minX * scale,
    offsetY: (view.height - height * scale) / 2 - bounds.minY * scale,
  };
}

export function scaleLimits(mapBounds: Bounds, view: Size): { min: number; max: number } {
  const fit = fitViewport(mapBounds, view).scale;
  return { min: fit * MIN_SCALE_OF_FIT, max: Math.max(MAX_SCALE, fit) };
}

export function screenToMap(viewport: Viewport, screenX: number, screenY: number): { x: number; y: number } {
  return {
    x: (screenX - viewport.offsetX) / viewport.scale,
    y: (screenY - viewport.offsetY) / viewport.scale,
  };
}

/** Zooms by `factor` keeping the map point under (screenX, screenY) where it is. */
export function zoomAt(
  viewport: Viewport,
  factor: number,
  screenX: number,
  screenY: number,
  limits: { min: number; max: number },
): Viewport {
  const scale = Math.min(limits.max, Math.max(limits.min, viewport.scale * factor));
  const anchor = screenToMap(viewport, screenX, screenY);
  return { scale, offsetX: screenX - anchor.x * scale, offsetY: screenY - anchor.y * scale };
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { ...viewport, offsetX: viewport.offsetX + dx, offsetY: viewport.offsetY + dy };
}

/** Stops the map from being panned out of sight: some of it always covers the view. */
export function clampToMap(viewport: Viewport, mapBounds: Bounds, view: Size): Viewport {
  const keepX = Math.min(view.width, (mapBounds.maxX - mapBounds.minX) * viewport.scale) * MIN_VISIBLE_SHARE;
  const keepY = Math.min(view.height, (mapBounds.maxY - mapBounds.minY) * viewport.scale) * MIN_VISIBLE_SHARE;
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  return {
    scale: viewport.scale,
    offsetX: clamp(
      viewport.offsetX,
      keepX - mapBounds.maxX * viewport.scale,
      view.width - keepX - mapBounds.minX * viewport.scale,
    ),
    offsetY: clamp(
      viewport.offsetY,
      keepY - mapBounds.maxY * viewport.scale,
      view.height - keepY - mapBounds.minY * viewport.scale,
    ),
  };
}

/** The part of the map in view, in map units. */
export function visibleMapRect(viewport: Viewport, view: Size): Bounds {
  const topLeft = screenToMap(viewport, 0, 0);
  const bottomRight = screenToMap(viewport, view.width, view.height);
  return { minX: topLeft.x, minY: topLeft.y, maxX: bottomRight.x, maxY: bottomRight.y };
}

export function intersects(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}
