import type Konva from 'konva';
import { memo, useMemo, type RefObject } from 'react';
import { Group, Shape } from 'react-konva';
import { availabilityLevel } from '../venue/availability';
import type { VenueModel } from '../venue/venue-model';
import type { MapScene } from './map-scene';

const SECTION_IN_DETAIL = { fill: '#f4f5f8', stroke: '#c9ced8' };
const STAGE_COLOUR = '#1f2433';
const LABEL_COLOUR = '#1f2433';
/** Label sizes in screen pixels, whatever the zoom. */
const LABEL_PX = 11;
const STAGE_LABEL_PX = LABEL_PX * 1.2;

interface VenueLayerProps {
  model: VenueModel;
  /** What to draw, read at draw time (see map-scene.ts). */
  scene: RefObject<MapScene>;
}

/**
 * The stage and the section outlines, then the labels. Zoomed out, sections are filled by their
 * share of free seats (from the live feed's counts, read at draw time) and labelled; zoomed in,
 * they are a light backdrop for the seats. Two custom shapes: one path and one fill per colour for
 * the sections, and the labels drawn in screen pixels, so a pan or zoom redraws them without a
 * React render or a Konva text node per label.
 */
export const VenueLayer = memo(function VenueLayer({ model, scene }: VenueLayerProps) {
  const outlines = useMemo(() => new SectionOutlines(model), [model]);
  return (
    <Group listening={false}>
      <Shape
        sceneFunc={(context: Konva.Context) => outlines.draw(context._context, scene.current)}
        listening={false}
        perfectDrawEnabled={false}
      />
      <Shape
        sceneFunc={(context: Konva.Context) => drawLabels(context, scene.current)}
        listening={false}
        perfectDrawEnabled={false}
      />
    </Group>
  );
});

/**
 * What the overview shows of the counts: each section's availability level. The canvas redraws a
 * zoomed-out map for new counts only when this changes.
 */
export function availabilityKey(model: VenueModel, free: ReadonlyMap<number, number>): string {
  let key = '';
  for (const section of model.geometry.sections) {
    const count = free.get(section.id);
    key += `${count === undefined ? '?' : availabilityLevel(count, section.seatCount).key},`;
  }
  return key;
}

/** Section polygons as Path2D, grouped by fill colour; the groups are rebuilt when counts change. */
class SectionOutlines {
  private readonly paths: Map<number, Path2D>;
  private readonly all = new Path2D();
  private readonly stage = new Path2D();
  private fills: [string, Path2D][] = [];
  /** The counts (or 'quiet') the fills were grouped for. */
  private fillsFor: unknown;

  constructor(private readonly model: VenueModel) {
    this.paths = new Map(
      model.geometry.sections.map((section) => [section.id, polygonPath(section.polygon)]),
    );
    for (const path of this.paths.values()) this.all.addPath(path);
    this.stage = polygonPath(model.geometry.stage.polygon);
  }

  draw(ctx: CanvasRenderingContext2D, scene: MapScene): void {
    const { frame, signal } = scene;
    const scale = frame.viewport.scale;
    ctx.fillStyle = STAGE_COLOUR;
    ctx.fill(this.stage);
    for (const [colour, path] of this.fillsOf(frame.detailed, signal.free)) {
      ctx.fillStyle = colour;
      ctx.fill(path);
    }
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = SECTION_IN_DETAIL.stroke;
    ctx.stroke(this.all);
    const hovered = scene.hoveredSectionId === undefined ? undefined : this.paths.get(scene.hoveredSectionId);
    if (hovered && !frame.detailed) {
      ctx.lineWidth = 2 / scale;
      ctx.strokeStyle = STAGE_COLOUR;
      ctx.stroke(hovered);
    }
  }

  private fillsOf(detailed: boolean, free: ReadonlyMap<number, number>): [string, Path2D][] {
    // Zoomed in, or a section without a trusted count: the quiet fill. Zoomed out: by share of free seats.
    const live = !detailed && free.size > 0;
    const key = live ? free : 'quiet';
    if (key === this.fillsFor) return this.fills;
    const groups = new Map<string, Path2D>();
    for (const section of this.model.geometry.sections) {
      const count = live ? free.get(section.id) : undefined;
      const colour =
        count === undefined ? SECTION_IN_DETAIL.fill : availabilityLevel(count, section.seatCount).colour;
      let group = groups.get(colour);
      if (!group) groups.set(colour, (group = new Path2D()));
      group.addPath(this.paths.get(section.id)!);
    }
    this.fills = [...groups];
    this.fillsFor = key;
    return this.fills;
  }
}

function polygonPath(points: readonly number[]): Path2D {
  const path = new Path2D();
  for (let i = 0; i + 1 < points.length; i += 2) {
    if (i === 0) path.moveTo(points[0] as number, points[1] as number);
    else path.lineTo(points[i] as number, points[i + 1] as number);
  }
  path.closePath();
  return path;
}

/** The stage's label, and zoomed out each section's name: in screen pixels at a constant size. */
function drawLabels(context: Konva.Context, scene: MapScene): void {
  const { frame, model, font } = scene;
  const { scale, offsetX, offsetY } = frame.viewport;
  const ctx = context._context;
  const ratio = context.getCanvas().getPixelRatio();
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const [stageX, stageY] = model.geometry.stage.labelAt;
  ctx.font = `bold ${STAGE_LABEL_PX}px ${font.family}`;
  ctx.fillStyle = '#ffffff';
  ctx.fillText(scene.stageLabel, stageX * scale + offsetX, stageY * scale + offsetY);
  if (!frame.detailed) {
    ctx.font = `${LABEL_PX}px ${font.family}`;
    ctx.fillStyle = LABEL_COLOUR;
    for (const section of model.geometry.sections) {
      const [x, y] = section.labelAt;
      ctx.fillText(section.name, x * scale + offsetX, y * scale + offsetY);
    }
  }
  ctx.restore();
}
