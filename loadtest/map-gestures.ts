import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession, Page } from 'playwright-core';
import type { VenueGeometry } from '../shared/venue';
import { SEAT_COORDINATE_SCALE } from '../shared/venue';
import en from '../client/src/i18n/locales/en';
import {
  clampToMap,
  fitViewport,
  intersects,
  panBy,
  scaleLimits,
  visibleMapRect,
  zoomAt,
  type Size,
  type Viewport,
} from '../client/src/seatmap/viewport';
import { polygonBounds, type Bounds } from '../client/src/venue/venue-model';

/** The app's wheel zoom per pixel of scroll (client/src/seatmap/use-map-gestures.ts). */
const WHEEL_ZOOM_PER_PX = 0.0015;
/** Wheel notches and pointer moves are sent at these rates (a mouse sends 125-1000 moves a second). */
const WHEEL_EVENTS_PER_S = 60;
const MOVES_PER_S = 120;
/** Input events sent but not yet handled by the browser, at most. */
const MAX_IN_FLIGHT = 8;

export interface ViewInfo {
  scale: number;
  sectionsInView: number;
  seatsInView: number;
}

/**
 * Real input on the map through Playwright's mouse (CDP Input events: the browser dispatches them
 * as pointer and wheel events, coalesced per frame as for a real mouse). Keeps its own copy of the
 * map's viewport with the app's pure functions (client/src/seatmap/viewport.ts), so it knows the
 * scale and what is in view without asking the app.
 */
export class MapDriver {
  private viewport: Viewport;
  private readonly mapBounds: Bounds;
  private readonly view: Size;
  private readonly sectionBounds: Bounds[];

  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly surface: { x: number; y: number; width: number; height: number },
    private readonly geometry: VenueGeometry,
  ) {
    this.mapBounds = { minX: 0, minY: 0, maxX: geometry.width, maxY: geometry.height };
    this.view = { width: surface.width, height: surface.height };
    this.viewport = fitViewport(this.mapBounds, this.view);
    this.sectionBounds = geometry.sections.map((section) => polygonBounds(section.polygon));
  }

  static async attach(page: Page, geometry: VenueGeometry): Promise<MapDriver> {
    const box = await page.locator('.seatmap-surface').boundingBox();
    if (!box) throw new Error('the seat map is not on the page');
    // The app sizes its stage to the floored client size (use-element-size.ts).
    const size = await page
      .locator('.seatmap-surface')
      .evaluate((element: { clientWidth: number; clientHeight: number }) => ({
        width: Math.floor(element.clientWidth),
        height: Math.floor(element.clientHeight),
      }));
    const cdp = await page.context().newCDPSession(page);
    return new MapDriver(page, cdp, { x: box.x, y: box.y, ...size }, geometry);
  }

  get size(): Size {
    return this.view;
  }

  /** The screen point (page pixels) of a map point in the current view. */
  screenOf(mapX: number, mapY: number): { x: number; y: number } {
    return {
      x: this.surface.x + mapX * this.viewport.scale + this.viewport.offsetX,
      y: this.surface.y + mapY * this.viewport.scale + this.viewport.offsetY,
    };
  }

  info(): ViewInfo {
    const view = visibleMapRect(this.viewport, this.view);
    let sectionsInView = 0;
    let seatsInView = 0;
    this.geometry.sections.forEach((section, index) => {
      if (!intersects(this.sectionBounds[index]!, view)) return;
      sectionsInView++;
      for (let i = 0; i < section.seatCount; i++) {
        const x = section.seats.x[i]! / SEAT_COORDINATE_SCALE;
        const y = section.seats.y[i]! / SEAT_COORDINATE_SCALE;
        if (x >= view.minX && x <= view.maxX && y >= view.minY && y <= view.maxY) seatsInView++;
      }
    });
    return { scale: this.viewport.scale, sectionsInView, seatsInView };
  }

  /** The toolbar's "Show whole venue" button. */
  async fit(): Promise<void> {
    await this.page.getByRole('button', { name: en.seatmap.fit }).click();
    this.viewport = fitViewport(this.mapBounds, this.view);
    await this.page.mouse.move(this.surface.x + 4, this.surface.y + this.view.height - 4);
    await sleep(300);
  }

  /**
   * Wheel zoom to `scale` around a map point over `durationMs`, at a steady speed in log scale (as a
   * hand turns the wheel); the point stays where it is on screen. One notch every WHEEL_INTERVAL_MS,
   * each as large as the schedule needs.
   */
  async wheelTo(scale: number, mapX: number, mapY: number, durationMs: number): Promise<void> {
    const limits = scaleLimits(this.mapBounds, this.view);
    const from = this.viewport.scale;
    const to = Math.min(limits.max, Math.max(limits.min, scale));
    const at = this.screenOf(mapX, mapY);
    const local = { x: at.x - this.surface.x, y: at.y - this.surface.y };
    await this.input({ type: 'mouseMoved', x: at.x, y: at.y });
    await overTime(durationMs, WHEEL_EVENTS_PER_S, (progress) => {
      const wanted = from * (to / from) ** progress;
      const pixels = -Math.log(wanted / this.viewport.scale) / WHEEL_ZOOM_PER_PX;
      if (Math.abs(pixels) < 0.5) return undefined;
      this.viewport = clampToMap(
        zoomAt(this.viewport, Math.exp(-pixels * WHEEL_ZOOM_PER_PX), local.x, local.y, limits),
        this.mapBounds,
        this.view,
      );
      return this.input({ type: 'mouseWheel', x: at.x, y: at.y, deltaX: 0, deltaY: pixels });
    });
  }

  /** Drags the map (quickly, not measured) so that a map point is at the centre of the view. */
  async centreOn(mapX: number, mapY: number): Promise<void> {
    const from = this.screenOf(mapX, mapY);
    const to = { x: this.surface.x + this.view.width / 2, y: this.surface.y + this.view.height / 2 };
    const button = { button: 'left', buttons: 1, clickCount: 1 } as const;
    await this.input({ type: 'mouseMoved', ...from });
    await this.input({ type: 'mousePressed', ...from, ...button });
    let last = from;
    const steps = 10;
    for (let i = 1; i <= steps; i++) {
      const next = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
      await this.input({ type: 'mouseMoved', ...next, button: 'left', buttons: 1 });
      this.viewport = clampToMap(
        panBy(this.viewport, next.x - last.x, next.y - last.y),
        this.mapBounds,
        this.view,
      );
      last = next;
    }
    await this.input({ type: 'mouseReleased', ...last, ...button });
    await sleep(300);
  }

  /**
   * Drags the map for `durationMs`: the pointer goes round a circle of `radiusPx` about the centre of
   * the view at a steady speed, and ends where it started, so the view ends where it began.
   */
  async drag(durationMs: number, radiusPx: number, turns = 1): Promise<void> {
    const centre = { x: this.surface.x + this.view.width / 2, y: this.surface.y + this.view.height / 2 };
    let last = { x: centre.x + radiusPx, y: centre.y };
    const button = { button: 'left', buttons: 1, clickCount: 1 } as const;
    await this.input({ type: 'mouseMoved', ...last });
    await this.input({ type: 'mousePressed', ...last, ...button });
    await overTime(durationMs, MOVES_PER_S, (progress) => {
      const angle = 2 * Math.PI * turns * progress;
      const next = { x: centre.x + radiusPx * Math.cos(angle), y: centre.y + radiusPx * Math.sin(angle) };
      this.viewport = clampToMap(
        panBy(this.viewport, next.x - last.x, next.y - last.y),
        this.mapBounds,
        this.view,
      );
      last = next;
      return this.input({ type: 'mouseMoved', ...next, button: 'left', buttons: 1 });
    });
    await this.input({ type: 'mouseReleased', ...last, ...button });
  }

  private input(event: Record<string, unknown>): Promise<unknown> {
    return this.cdp.send('Input.dispatchMouseEvent', event as never);
  }
}

/**
 * Calls `step` with the share of `durationMs` elapsed (0 < progress <= 1), `perSecond` times a
 * second and last with progress 1, without waiting for the browser to handle each event (as a real
 * mouse does not: the browser queues input and coalesces moves and wheel notches per frame). At
 * most MAX_IN_FLIGHT events are outstanding; then the next waits.
 */
async function overTime(
  durationMs: number,
  perSecond: number,
  step: (progress: number) => Promise<unknown> | undefined,
): Promise<void> {
  const started = performance.now();
  const gapMs = 1000 / perSecond;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (let next = started + gapMs; failure === undefined; next += gapMs) {
    const wait = next - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const progress = Math.min(1, (performance.now() - started) / durationMs);
    const sent = step(progress);
    if (sent) {
      const tracked: Promise<void> = sent
        .then(
          () => undefined,
          (error: unknown) => void (failure ??= error),
        )
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    if (progress >= 1) break;
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
}
