import Konva from 'konva';
import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Layer, Stage } from 'react-konva';
import { sectionAt, type VenueModel } from '../venue/venue-model';
import { beginFrame, EMPTY_FRAME, type MapScene } from './map-scene';
import type { PaintInput } from './seat-painter';
import { watchFirstRender } from './seatmap-probe';
import { SeatsLayer } from './SeatsLayer';
import { statusSignal } from './status-signal';
import { useCanvasFont } from './use-canvas-font';
import { useElementSize } from './use-element-size';
import { useMapGestures } from './use-map-gestures';
import { useViewport, useViewportValue } from './use-viewport';
import { availabilityKey, VenueLayer } from './VenueLayer';
import { intersects, screenToMap, SEAT_DETAIL_SCALE } from './viewport';

// Retina screens at 3x would triple the pixels to fill for no visible gain on seat dots.
Konva.pixelRatio = Math.min(typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1, 2);

const KEY_PAN_PX = 80;
/** A click on a section in the overview zooms to it, at least this close. */
const SECTION_FOCUS_SCALE = SEAT_DETAIL_SCALE * 2.5;

export type HoverTarget = { kind: 'seat'; seat: number } | { kind: 'section'; sectionId: number };

interface SeatMapCanvasProps {
  model: VenueModel;
  paint: Omit<PaintInput, 'model' | 'scale'>;
  /**
   * React's view of the feed, throttled (live-seat-feed.ts). The canvas does not draw from these:
   * it follows the feed's status signal (status-signal.ts) and redraws on the next frame.
   */
  revision: number;
  free: ReadonlyMap<number, number>;
  hasAvailability: boolean;
  onSeatActivate(seat: number): void;
  /** Move to the accessible seat list. */
  onShowList(): void;
  renderTooltip(target: HoverTarget): ReactNode;
}

const sameTarget = (a: HoverTarget | undefined, b: HoverTarget | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    (a.kind === 'seat'
      ? b.kind === 'seat' && a.seat === b.seat
      : b.kind === 'section' && a.sectionId === b.sectionId));

/**
 * The live seat map: pan, zoom, levels of detail, hover and click. Konva draws one layer (one
 * canvas) whose transform follows the viewport imperatively; its custom shapes read what to draw
 * from a mutable scene (map-scene.ts) at draw time, so neither a pan nor a burst of seat changes
 * renders React. Every node is listening(false) and pointer input is mapped to seats by the venue's
 * spatial grid.
 */
export function SeatMapCanvas({
  model,
  paint,
  onSeatActivate,
  onShowList,
  renderTooltip,
}: SeatMapCanvasProps) {
  const { t, i18n } = useTranslation();
  const stageLabel = t('seatmap.stage');
  const { family, loaded } = useCanvasFont(stageLabel, i18n.language);
  // A new object every render: kept while it says the same, so that it redraws only when it changes.
  const font = useMemo(() => ({ family, loaded }), [family, loaded]);
  const container = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(container);
  const mapBounds = useMemo(
    () => ({ minX: 0, minY: 0, maxX: model.geometry.width, maxY: model.geometry.height }),
    [model],
  );
  const [viewport, actions] = useViewport(mapBounds, width, height);
  const ready = useViewportValue(viewport, (current) => current !== undefined) && width > 0;
  const detailed = useViewportValue(viewport, (current) => (current?.scale ?? 0) >= SEAT_DETAIL_SCALE);
  const layer = useRef<Konva.Layer>(null);
  // The seats' shapes are made the first time the fan zooms in to seats, and kept.
  const [seatsMounted, setSeatsMounted] = useState(false);
  if (detailed && !seatsMounted) setSeatsMounted(true);
  const signal = statusSignal(paint.statuses);

  // What the shapes draw, read at draw time; the layout effect below keeps it up to date.
  const scene = useRef<MapScene>({
    model,
    paint: { ...paint, model, scale: 1 },
    signal,
    font,
    stageLabel,
    hoveredSeat: -1,
    hoveredSectionId: undefined,
    frame: EMPTY_FRAME,
  });

  // Hover: the target under the pointer, found again when the pointer moves or the view changes.
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const [pointerAt, setPointerAt] = useState<{ x: number; y: number } | null>(null);
  const [hover, setHover] = useState<HoverTarget>();
  const targetAt = useCallback(
    (x: number, y: number): HoverTarget | undefined => {
      const current = viewport.get();
      if (!current) return undefined;
      const point = screenToMap(current, x, y);
      if (current.scale >= SEAT_DETAIL_SCALE) {
        const seat = model.grid.seatAt(point.x, point.y);
        if (seat >= 0) return { kind: 'seat', seat };
      }
      const section = sectionAt(model, point.x, point.y);
      return section ? { kind: 'section', sectionId: section.id } : undefined;
    },
    [viewport, model],
  );
  const refreshHover = useCallback(() => {
    const at = pointer.current;
    const next = at ? targetAt(at.x, at.y) : undefined;
    setHover((current) => (sameTarget(current, next) ? current : next));
  }, [targetAt]);

  useMapGestures(container, {
    pan: actions.pan,
    zoom: actions.zoom,
    hover: (point) => {
      pointer.current = point;
      setPointerAt(point);
      refreshHover();
    },
    tap: (x, y) => {
      const current = viewport.get();
      if (!current) return;
      const point = screenToMap(current, x, y);
      const zoomedIn = current.scale >= SEAT_DETAIL_SCALE;
      if (zoomedIn) {
        const seat = model.grid.seatAt(point.x, point.y);
        if (seat >= 0) return onSeatActivate(seat);
      }
      const section = sectionAt(model, point.x, point.y);
      const bounds = section && model.sectionBounds.get(section.id);
      if (bounds && !zoomedIn) actions.focus(bounds, SECTION_FOCUS_SCALE);
    },
  });

  // What the shapes draw: the props of this render, then one more draw.
  useLayoutEffect(() => {
    const current = scene.current;
    current.model = model;
    current.paint = { ...paint, model, scale: current.paint.scale };
    current.signal = signal;
    current.font = font;
    current.stageLabel = stageLabel;
    current.hoveredSeat = hover?.kind === 'seat' ? hover.seat : -1;
    current.hoveredSectionId = hover?.kind === 'section' ? hover.sectionId : undefined;
    layer.current?.batchDraw();
  }, [model, paint, signal, font, stageLabel, hover, ready]);

  // Each draw takes the viewport as it is then; the layer's transform follows the viewport, and
  // Konva draws changed layers once per animation frame.
  useLayoutEffect(() => {
    const target = layer.current;
    if (!ready || !target) return;
    const size = { width, height };
    const apply = () => {
      const current = viewport.get();
      if (!current) return;
      target.setAttrs({
        x: current.offsetX,
        y: current.offsetY,
        scaleX: current.scale,
        scaleY: current.scale,
      });
    };
    target.on('beforeDraw.scene', () => {
      const current = viewport.get();
      if (current) beginFrame(scene.current, current, size);
    });
    apply();
    const unsubscribe = viewport.subscribe(() => {
      apply();
      if (pointer.current) refreshHover();
    });
    return () => {
      unsubscribe();
      target.off('beforeDraw.scene');
    };
  }, [ready, viewport, width, height, refreshHover]);

  // Seat changes: redraw when they show, zoomed in in a section in view, zoomed out in the colours.
  useLayoutEffect(() => {
    const target = layer.current;
    if (!ready || !target) return;
    let drawnKey = '';
    let drawnSynced = false;
    const stopWatching = watchFirstRender(target, () => signal.synced);
    const unsubscribe = signal.subscribe((sections) => {
      const { frame } = scene.current;
      let show = signal.synced !== drawnSynced;
      if (frame.detailed) {
        show ||= sections.some((id) => {
          const bounds = model.sectionBounds.get(id);
          return bounds !== undefined && intersects(bounds, frame.view);
        });
      } else {
        const key = availabilityKey(model, signal.free);
        show ||= key !== drawnKey;
        drawnKey = key;
      }
      drawnSynced = signal.synced;
      if (show) target.batchDraw();
    });
    return () => {
      unsubscribe();
      stopWatching();
    };
  }, [ready, signal, model]);

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
        {ready && (
          <Stage width={width} height={height} listening={false}>
            <Layer ref={layer} listening={false}>
              <VenueLayer model={model} scene={scene} />
              {seatsMounted && <SeatsLayer model={model} scene={scene} />}
            </Layer>
          </Stage>
        )}
        {hover && pointerAt && (
          <div
            className="seatmap-tooltip"
            style={{ left: pointerAt.x + 14, top: pointerAt.y + 14 }}
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
