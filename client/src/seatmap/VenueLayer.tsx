import { memo } from 'react';
import { Layer, Line, Text } from 'react-konva';
import type { SectionGeometry } from '../../../shared/venue';
import { availabilityLevel } from '../venue/availability';
import type { VenueModel } from '../venue/venue-model';
import type { CanvasFont } from './use-canvas-font';
import type { Viewport } from './viewport';

const LABEL_WIDTH_UNITS = 60;
const SECTION_IN_DETAIL = { fill: '#f4f5f8', stroke: '#c9ced8' };
const STAGE_COLOUR = '#1f2433';

interface VenueLayerProps {
  model: VenueModel;
  viewport: Viewport;
  /** Zoomed in: sections become a quiet backdrop for their seats. */
  detailed: boolean;
  free: ReadonlyMap<number, number>;
  /** Whether the feed has availability yet; until then sections are neutral. */
  hasAvailability: boolean;
  hoveredSectionId: number | undefined;
  stageLabel: string;
  font: CanvasFont;
}

/**
 * The stage and the section outlines. Zoomed out, sections are filled by their share of free seats
 * and labelled; zoomed in, they are a light backdrop. Text keeps a constant screen size.
 */
export const VenueLayer = memo(function VenueLayer({
  model,
  viewport,
  detailed,
  free,
  hasAvailability,
  hoveredSectionId,
  stageLabel,
  font,
}: VenueLayerProps) {
  const { stage } = model.geometry;
  const fontSize = 11 / viewport.scale;
  return (
    <Layer
      listening={false}
      x={viewport.offsetX}
      y={viewport.offsetY}
      scaleX={viewport.scale}
      scaleY={viewport.scale}
    >
      <Line points={stage.polygon} closed fill={STAGE_COLOUR} listening={false} />
      <Text
        key={font.loaded ? 'stage' : 'stage-before-fonts'}
        text={stageLabel}
        fontFamily={font.family}
        x={stage.labelAt[0] - LABEL_WIDTH_UNITS / 2}
        y={stage.labelAt[1] - (fontSize * 1.2) / 2}
        width={LABEL_WIDTH_UNITS}
        align="center"
        fontSize={fontSize * 1.2}
        fontStyle="bold"
        fill="#ffffff"
        listening={false}
      />
      <SectionOutlines
        sections={model.geometry.sections}
        detailed={detailed}
        free={free}
        hasAvailability={hasAvailability}
        hoveredSectionId={hoveredSectionId}
      />
      {!detailed &&
        model.geometry.sections.map((section) => (
          <Text
            key={section.id}
            text={section.name}
            fontFamily={font.family}
            x={section.labelAt[0] - LABEL_WIDTH_UNITS / 2}
            y={section.labelAt[1] - fontSize / 2}
            width={LABEL_WIDTH_UNITS}
            align="center"
            fontSize={fontSize}
            fill="#1f2433"
            listening={false}
            perfectDrawEnabled={false}
          />
        ))}
    </Layer>
  );
});

interface SectionOutlinesProps {
  sections: readonly SectionGeometry[];
  detailed: boolean;
  free: ReadonlyMap<number, number>;
  hasAvailability: boolean;
  hoveredSectionId: number | undefined;
}

/** Memoised: pan and zoom change only the layer's transform, not these 60 polygons. */
const SectionOutlines = memo(function SectionOutlines({
  sections,
  detailed,
  free,
  hasAvailability,
  hoveredSectionId,
}: SectionOutlinesProps) {
  return sections.map((section) => {
    const hovered = section.id === hoveredSectionId;
    const fill = detailed
      ? SECTION_IN_DETAIL.fill
      : hasAvailability
        ? availabilityLevel(free.get(section.id) ?? 0, section.seatCount).colour
        : SECTION_IN_DETAIL.fill;
    return (
      <Line
        key={section.id}
        points={section.polygon}
        closed
        fill={fill}
        stroke={hovered ? '#1f2433' : SECTION_IN_DETAIL.stroke}
        strokeWidth={hovered ? 2 : 1}
        strokeScaleEnabled={false}
        perfectDrawEnabled={false}
        listening={false}
      />
    );
  });
});
