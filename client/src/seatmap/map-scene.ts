import type { Bounds, VenueModel } from '../venue/venue-model';
import type { PaintInput } from './seat-painter';
import type { StatusSignal } from './status-signal';
import type { CanvasFont } from './use-canvas-font';
import { SEAT_DETAIL_SCALE, visibleMapRect, type Size, type Viewport } from './viewport';

/**
 * Everything the map's custom shapes draw from, read at draw time: the canvas draws from this one
 * mutable object, so pan, zoom, hover and status changes reach the canvas without a React render
 * of its shapes. SeatMapCanvas owns it: it copies props in after each render, and the viewport in
 * at the start of every draw (`beginFrame`).
 */
export interface MapScene {
  model: VenueModel;
  paint: PaintInput;
  signal: StatusSignal;
  font: CanvasFont;
  stageLabel: string;
  hoveredSeat: number;
  hoveredSectionId: number | undefined;
  /** Set by beginFrame. */
  frame: SceneFrame;
}

export interface SceneFrame {
  /** Counts draws. */
  id: number;
  viewport: Viewport;
  /** The part of the map in view, in map units. */
  view: Bounds;
  detailed: boolean;
  /** The status signal's version this frame draws. */
  statusVersion: number;
}

const NO_VIEW: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
export const EMPTY_FRAME: SceneFrame = {
  id: 0,
  viewport: { scale: 1, offsetX: 0, offsetY: 0 },
  view: NO_VIEW,
  detailed: false,
  statusVersion: -1,
};

/** Takes the current viewport and statuses for the draw about to happen. */
export function beginFrame(scene: MapScene, viewport: Viewport, size: Size): void {
  scene.frame = {
    id: scene.frame.id + 1,
    viewport,
    view: visibleMapRect(viewport, size),
    detailed: viewport.scale >= SEAT_DETAIL_SCALE,
    statusVersion: scene.signal.version,
  };
  scene.paint.scale = viewport.scale;
}
