import type { BrowserContext, Page } from 'playwright-core';

/**
 * Frame measurement inside the page, installed by the bench before the app's scripts run (nothing
 * of it ships with the app). Between start() and stop() it records:
 *
 * - the timestamp of every animation frame (the requestAnimationFrame argument: the frame's begin
 *   time, aligned to the display's 60 Hz), so that intervals show frames presented late;
 * - the time spent in Konva layer draws (`Konva.Layer.prototype.drawScene`, wrapped through the
 *   `window.Konva` global Konva itself sets), with when each started;
 * - Long Animation Frames (PerformanceObserver 'long-animation-frame': frames whose main-thread work,
 *   scripts, style, layout and paint, took over 50 ms).
 *
 * The functions below run in the browser: they are typed structurally here (loadtest/ compiles without
 * the DOM library) and must not use anything from this module's scope.
 */

export interface LongFrame {
  startTime: number;
  duration: number;
  blockingDuration: number;
  /** Time in scripts the frame ran (event handlers, rAF callbacks, React, Konva). */
  scriptMs: number;
  /** From the start of its rendering steps (rAF callbacks, style, layout, paint) to its end. */
  renderMs: number;
  /** Its longest script: what invoked it (an event, a callback) and the function. */
  topScript: string;
}

export interface FrameRecord {
  /** rAF timestamps, ms since navigation start. */
  frameTimes: number[];
  /** Konva layer draws: [start, duration, start, duration, ...], ms. */
  draws: number[];
  longFrames: LongFrame[];
}

interface ProbeGlobals {
  __name?: unknown;
  __mapFrames?: { start(): void; stop(): FrameRecord };
  Konva?: { Layer: { prototype: { drawScene: (...args: unknown[]) => unknown } } };
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
  PerformanceObserver: new (callback: (list: { getEntries(): unknown[] }) => void) => {
    observe(options: { type: string; buffered?: boolean }): void;
    disconnect(): void;
  };
}

interface LongAnimationFrameEntry {
  startTime: number;
  duration: number;
  blockingDuration: number;
  renderStart: number;
  scripts: { duration: number; invoker: string; sourceFunctionName: string }[];
}

/** Runs in the page before any of its scripts. */
function installFrameProbe(): void {
  const page = globalThis as unknown as ProbeGlobals;
  // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give it one.
  page.__name ??= (target: unknown) => target;
  let recording = false;
  let frameTimes: number[] = [];
  let draws: number[] = [];
  let longFrames: LongFrame[] = [];
  let observer: { disconnect(): void } | undefined;
  let wrapped = false;

  const onFrame = (time: number) => {
    if (!recording) return;
    frameTimes.push(time);
    page.requestAnimationFrame(onFrame);
  };

  const wrapKonva = () => {
    const layer = page.Konva?.Layer.prototype;
    if (wrapped || !layer) return;
    wrapped = true;
    const drawScene = layer.drawScene;
    layer.drawScene = function timedDrawScene(this: unknown, ...args: unknown[]) {
      const started = page.performance.now();
      try {
        return drawScene.apply(this, args);
      } finally {
        if (recording) draws.push(started, page.performance.now() - started);
      }
    };
  };

  page.__mapFrames = {
    start() {
      wrapKonva();
      frameTimes = [];
      draws = [];
      longFrames = [];
      recording = true;
      page.requestAnimationFrame(onFrame);
      const longFrameObserver = new page.PerformanceObserver((list) => {
        for (const raw of list.getEntries()) {
          const entry = raw as LongAnimationFrameEntry;
          longFrames.push({
            startTime: entry.startTime,
            duration: entry.duration,
            blockingDuration: entry.blockingDuration,
            scriptMs: entry.scripts.reduce((sum, script) => sum + script.duration, 0),
            renderMs: entry.renderStart > 0 ? entry.startTime + entry.duration - entry.renderStart : 0,
            topScript: entry.scripts
              .slice()
              .sort((a, b) => b.duration - a.duration)
              .slice(0, 1)
              .map(
                (script) =>
                  `${script.invoker} ${script.sourceFunctionName} ${Math.round(script.duration)} ms`,
              )
              .join(''),
          });
        }
      });
      longFrameObserver.observe({ type: 'long-animation-frame' });
      observer = longFrameObserver;
    },
    stop() {
      recording = false;
      observer?.disconnect();
      return { frameTimes, draws, longFrames };
    },
  };
}

export async function installFrameRecorder(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(installFrameProbe);
}

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as ProbeGlobals).__mapFrames!.start());
}

export async function stopFrames(page: Page): Promise<FrameRecord> {
  // Let the last frame in the window finish (and its long-animation-frame entry arrive).
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
  return page.evaluate(() => (globalThis as unknown as ProbeGlobals).__mapFrames!.stop());
}

/** 60 Hz: one display refresh. */
export const FRAME_BUDGET_MS = 1000 / 60;
/** An interval longer than this missed at least one refresh (timestamps are vsync-aligned). */
const LATE_MS = FRAME_BUDGET_MS + 0.5;

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface FrameStats {
  seconds: number;
  /** Intervals between consecutive frames. */
  intervals: Distribution;
  /** Intervals over 16.7 ms: frames presented late. */
  late: number;
  /** Refreshes with no new frame: sum over intervals of round(interval / 16.7) - 1. */
  missedRefreshes: number;
  /** Konva draw time per frame, over the frames that drew anything. */
  drawPerFrame: Distribution;
  /** Frames in which Konva drew. */
  framesDrawn: number;
  /** Long animation frames (> 50 ms of main-thread work). */
  longFrames: number;
  longestFrameMs: number;
  /** The longest of them, with its script and rendering time. */
  longest: LongFrame | undefined;
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

export function frameStats(record: FrameRecord): FrameStats {
  const { frameTimes, draws } = record;
  const intervals: number[] = [];
  for (let i = 1; i < frameTimes.length; i++) intervals.push(frameTimes[i]! - frameTimes[i - 1]!);
  // Konva work per frame: draws binned by the frame (begin time) they ran in.
  const perFrame = new Map<number, number>();
  let frame = 0;
  for (let i = 0; i + 1 < draws.length; i += 2) {
    const start = draws[i]!;
    while (frame + 1 < frameTimes.length && frameTimes[frame + 1]! <= start) frame++;
    perFrame.set(frame, (perFrame.get(frame) ?? 0) + draws[i + 1]!);
  }
  const first = frameTimes[0] ?? 0;
  const last = frameTimes[frameTimes.length - 1] ?? first;
  return {
    seconds: (last - first) / 1000,
    intervals: distribution(intervals),
    late: intervals.filter((interval) => interval > LATE_MS).length,
    missedRefreshes: intervals.reduce(
      (sum, interval) => sum + Math.max(0, Math.round(interval / FRAME_BUDGET_MS) - 1),
      0,
    ),
    drawPerFrame: distribution([...perFrame.values()]),
    framesDrawn: perFrame.size,
    longFrames: record.longFrames.length,
    longestFrameMs: Math.max(0, ...record.longFrames.map((entry) => entry.duration)),
    longest: record.longFrames.reduce<LongFrame | undefined>(
      (longest, entry) => (!longest || entry.duration > longest.duration ? entry : longest),
      undefined,
    ),
  };
}
