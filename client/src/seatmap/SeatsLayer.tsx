import type Konva from 'konva';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { Circle, Layer, Shape } from 'react-konva';
import { SEAT_RADIUS_UNITS, type VenueModel } from '../venue/venue-model';
import { paintSectionSeats, type PaintInput } from './seat-painter';
import type { Viewport } from './viewport';

interface SeatsLayerProps {
  model: VenueModel;
  viewport: Viewport;
  /** Sections in view; the others are hidden, not unmounted (Konva nodes are reused while panning). */
  visibleIds: ReadonlySet<number>;
  /** What to paint, read at draw time so that status changes need no React render of the shapes. */
  paint: RefObject<PaintInput>;
  /** Redraws the layer when any of these change (statuses change in place, behind a revision). */
  redrawWhen: readonly [unknown, unknown, unknown, unknown];
  hoveredSeat: number;
}

/** The seats of the sections in view: one custom Konva shape per section, drawn in batches. */
export function SeatsLayer({ model, viewport, visibleIds, paint, redrawWhen, hoveredSeat }: SeatsLayerProps) {
  const layer = useRef<Konva.Layer>(null);
  const sceneFuncs = useMemo(
    () =>
      new Map(
        model.geometry.sections.map((section) => [
          section.id,
          (context: Konva.Context) => paintSectionSeats(context._context, section, paint.current),
        ]),
      ),
    [model, paint],
  );

  useEffect(() => {
    layer.current?.batchDraw();
  }, redrawWhen);

  const transform = {
    x: viewport.offsetX,
    y: viewport.offsetY,
    scaleX: viewport.scale,
    scaleY: viewport.scale,
  };
  return (
    <>
      <Layer ref={layer} listening={false} {...transform}>
        {model.geometry.sections.map((section) => (
          <Shape
            key={section.id}
            sceneFunc={sceneFuncs.get(section.id)}
            visible={visibleIds.has(section.id)}
            listening={false}
            perfectDrawEnabled={false}
          />
        ))}
      </Layer>
      <Layer listening={false} {...transform}>
        {hoveredSeat >= 0 && (
          <Circle
            x={model.seatX[hoveredSeat]}
            y={model.seatY[hoveredSeat]}
            radius={SEAT_RADIUS_UNITS * 1.9}
            stroke="#1f2433"
            strokeWidth={2}
            strokeScaleEnabled={false}
            listening={false}
          />
        )}
      </Layer>
    </>
  );
}
