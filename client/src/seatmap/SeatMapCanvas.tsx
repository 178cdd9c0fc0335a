import Konva from 'konva';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Stage } from 'react-konva';
import { sectionAt, type VenueModel } from '../venue/venue-model';
import type { PaintInput } from './seat-painter';
import { SeatsLayer } from './SeatsLayer';
import { useElementSize } from './use-element-size';
import { useMapGestures } from './use-map-gestures';
import { useViewport } from './use-viewport';
import { useCanvasFont } from './use-canvas-font';
import { VenueLayer } from './VenueLayer';
import { intersects, screenToMap, SEAT_DETAIL_SCALE, visibleMapRect } from './viewport';

// Retina screens at 3x would triple the pixels to fill for no visible gain on seat dots.
Konva.pixelRatio = Math.min(typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1, 2);

const KEY_PAN_PX = 80;
/** A click on a section in the overview zooms to it, at least this close. */
const SECTION_FOCUS_SCALE = SEAT_DETAIL_SCALE * 2.5;

export type HoverTarget = { kind: 'seat'; seat: number } | { kind: 'section'; sectionId: number };

interface SeatMapCanvasProps {
  model: VenueModel;
  paint: Omit<PaintInput, 'model' | 'scale'>;
  /** Bumps when statuses changed (the status array is mutated in place). */
  revision: number;
  free: ReadonlyMap<number, number>;
  hasAvailability: boolean;
  onSeatActivate(seat: number): void;
  /** Move to the accessible seat list. */
  onShowList(): void;
  renderTooltip(target: HoverTarget): ReactNode;
}

/**
 * The live seat map: pan, zoom, levels of detail, hover and click. Konva draws; every node is
 * listening(false) and pointer input is mapped to seats by the venue's spatial grid.
 */
export function SeatMapCanvas({
  model,
  paint,
  revision,
  free,
  hasAvailability,
  onSeatActivate,
  onShowList,
  renderTooltip,
}: SeatMapCanvasProps) {
  const { t, i18n } = useTranslation();
  const font = useCanvasFont(t('seatmap.stage'), i18n.language);
  const container = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(container);
  const mapBounds = useMemo(
    () => ({ minX: 0, minY: 0, maxX: model.geometry.width, maxY: model.geometry.height }),
    [model],
  );
  const [viewport, actions] = useViewport(mapBounds, width, height);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const detailed = (viewport?.scale ?? 0) >= SEAT_DETAIL_SCALE;

  const paintInput = useRef<PaintInput>({ ...paint, model, scale: 1 });
  paintInput.current = { ...paint, model, scale: viewport?.scale ?? 1 };

  const hover = useMemo((): HoverTarget | undefined => {
    if (!pointer || !viewport) return undefined;
    const point = screenToMap(viewport, pointer.x, pointer.y);
    if (detailed) {
      const seat = model.grid.seatAt(point.x, point.y);
      if (seat >= 0) return { kind: 'seat', seat };
    }
    const section = sectionAt(model, point.x, point.y);
    return section ? { kind: 'section', sectionId: section.id } : undefined;
  }, [pointer, viewport, detailed, model]);

  useMapGestures(container, {
    pan: actions.pan,
    zoom: actions.zoom,
    hover: setPointer,
    tap: (x, y) => {
      if (!viewport) return;
      const point = screenToMap(viewport, x, y);
      if (detailed) {
        const seat = model.grid.seatAt(point.x, point.y);
        if (seat >= 0) return onSeatActivate(seat);
      }
      const section = sectionAt(model, point.x, point.y);
      const bounds = section && model.sectionBounds.get(section.id);
      if (bounds && !detailed) actions.focus(bounds, SECTION_FOCUS_SCALE);
    },
  });

  const visibleKey = useMemo(() => {
    if (!viewport || !detailed) return '';
    const view = visibleMapRect(viewport, { width, height });
    return model.geometry.sections
      .filter((section) => {
        const bounds = model.sectionBounds.get(section.id);
        return bounds !== undefined && intersects(bounds, view);
      })
      .map((section) => section.id)
      .join(',');
  }, [viewport, detailed, width, height, model]);
  const visibleIds = useMemo(
    () => new Set(visibleKey ? visibleKey.split(',').map(Number) : []),
    [visibleKey],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => actions.pan(KEY_PAN_PX, 0),
      ArrowRight: () => actions.pan(-KEY_PAN_PX, 0),
      ArrowUp: () => actions.pan(0, KEY_PAN_PX),
      ArrowDown: () => actions.pan(0, -KEY_PAN_PX),
      '+': () => actions.step(1),
      '=': () => actions.step(1),
      '-': () => actions.step(-1),
      '0': actions.fit,
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  return (
    <div className="seatmap-canvas">
      <div
        ref={container}
        className="seatmap-surface"
        role="application"
        aria-label={t('seatmap.mapLabel', { venue: model.geometry.name })}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ cursor: hover?.kind === 'seat' || (hover && !detailed) ? 'pointer' : 'grab' }}
      >
        {viewport && width > 0 && (
          <Stage width={width} height={height} listening={false}>
            <VenueLayer
              model={model}
              viewport={viewport}
              detailed={detailed}
              free={free}
              hasAvailability={hasAvailability}
              hoveredSectionId={hover?.kind === 'section' && !detailed ? hover.sectionId : undefined}
              stageLabel={t('seatmap.stage')}
              font={font}
            />
            {detailed && (
              <SeatsLayer
                model={model}
                viewport={viewport}
                visibleIds={visibleIds}
                paint={paintInput}
                redrawWhen={[revision, paint.selected, paint.mine, paint.tierColours]}
                hoveredSeat={hover?.kind === 'seat' ? hover.seat : -1}
              />
            )}
          </Stage>
        )}
        {hover && pointer && (
          <div
            className="seatmap-tooltip"
            style={{ left: pointer.x + 14, top: pointer.y + 14 }}
            aria-hidden="true"
          >
            {renderTooltip(hover)}
          </div>
        )}
      </div>
      <div className="seatmap-toolbar">
        <button
          type="button"
          onClick={() => actions.step(1)}
          aria-label={t('seatmap.zoomIn')}
          title={t('seatmap.zoomIn')}
        >
          +
        </button>
        <button
          type="button"
          onClick={() => actions.step(-1)}
          aria-label={t('seatmap.zoomOut')}
          title={t('seatmap.zoomOut')}
        >
          −
        </button>
        <button type="button" onClick={actions.fit} aria-label={t('seatmap.fit')} title={t('seatmap.fit')}>
          ⤢
        </button>
        <button type="button" className="seatmap-list-button" onClick={onShowList}>
          {t('seatmap.showList')}
        </button>
      </div>
      {!detailed && <p className="seatmap-hint">{t('seatmap.hint')}</p>}
    </div>
  );
}
