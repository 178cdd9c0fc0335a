import type Konva from 'konva';
import { memo, useEffect, useMemo, useRef, type RefObject } from 'react';
import { Group, Shape } from 'react-konva';
import type { SectionGeometry } from '../../../shared/venue';
import { SEAT_RADIUS_UNITS, type VenueModel } from '../venue/venue-model';
import type { MapScene } from './map-scene';
import { paintSectionSeats } from './seat-painter';
import { SectionBitmaps } from './section-bitmaps';
import { intersects } from './viewport';

interface SeatsLayerProps {
  model: VenueModel;
  /** What to draw, read at draw time (see map-scene.ts). */
  scene: RefObject<MapScene>;
}

/**
 * The seats, zoomed in: one custom Konva shape per section, each drawing its section's cached
 * bitmap (section-bitmaps.ts; painted in colour batches by seat-painter.ts) when the section is in
 * view, and the ring around the hovered seat. Rendered once per venue: pan, zoom, statuses and
 * hover are read from the scene when the layer draws. Zoomed out (below SEAT_DETAIL_SCALE) the
 * shapes draw nothing.
 */
export const SeatsLayer = memo(function SeatsLayer({ model, scene }: SeatsLayerProps) {
  const group = useRef<Konva.Group>(null);
  // Sections left to paint draw again on the next frame (asked after this draw has finished).
  const bitmaps = useMemo(
    () => new SectionBitmaps(model, () => queueMicrotask(() => group.current?.getLayer()?.batchDraw())),
    [model],
  );
  useEffect(() => () => bitmaps.dispose(), [bitmaps]);
  const sceneFuncs = useMemo(
    () =>
      model.geometry.sections.map(
        (section) => (context: Konva.Context) => drawSection(context, section, scene.current, bitmaps),
      ),
    [model, scene, bitmaps],
  );

  return (
    <Group ref={group} listening={false}>
      {model.geometry.sections.map((section, index) => (
        <Shape key={section.id} sceneFunc={sceneFuncs[index]} listening={false} perfectDrawEnabled={false} />
      ))}
      <Shape
        sceneFunc={(context: Konva.Context) => drawHoveredSeat(context, scene.current)}
        listening={false}
        perfectDrawEnabled={false}
      />
    </Group>
  );
});

function drawSection(
  context: Konva.Context,
  section: SectionGeometry,
  scene: MapScene,
  bitmaps: SectionBitmaps,
): void {
  const { frame } = scene;
  if (!frame.detailed || !intersects(bitmaps.boundsOf(section), frame.view)) return;
  const native = context._context;
  const devicePixelsPerUnit = frame.viewport.scale * context.getCanvas().getPixelRatio();
  if (!bitmaps.draw(native, section, scene.paint, devicePixelsPerUnit, frame)) {
    paintSectionSeats(native, section, scene.paint, frame.view);
  }
}

function drawHoveredSeat(context: Konva.Context, scene: MapScene): void {
  const seat = scene.hoveredSeat;
  if (seat < 0 || !scene.frame.detailed) return;
  const native = context._context;
  native.beginPath();
  native.arc(
    scene.model.seatX[seat] ?? 0,
    scene.model.seatY[seat] ?? 0,
    SEAT_RADIUS_UNITS * 1.9,
    0,
    2 * Math.PI,
  );
  native.lineWidth = 2 / scene.frame.viewport.scale;
  native.strokeStyle = '#1f2433';
  native.stroke();
}
