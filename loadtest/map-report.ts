import { cpus, totalmem } from 'node:os';
import type { CpuReport } from './cpu-usage';
import type { ChurnResult } from './map-deltas';
import { distribution, FRAME_BUDGET_MS, type Distribution, type FrameStats } from './map-frames';
import type { ViewInfo } from './map-gestures';
import { table } from './bench-report';

/** docs/architecture.md, "Numbers we hold ourselves to": the seat map in headless Chromium. */
export const MAP_TARGETS = { firstRenderMs: 1_000, frameP95Ms: 16, lateFramesUnderDeltas: 0 };

export interface FirstRender {
  /** The first load, not counted (browser and node warming up). */
  warmUp: number;
  /** One per cold load: ms from navigation start. */
  loads: { firstRender: number; documentEnd: number; scriptsEnd: number; geometryEnd: number }[];
}

export interface PhaseFigures {
  name: string;
  view: ViewInfo;
  frames: FrameStats;
  cpu: CpuReport;
}

export interface DeltaFigures extends PhaseFigures {
  /** The steady period (frames are measured over it). */
  churn: ChurnResult;
  /** Warm-up, steady period and the final unblocks. */
  seatChangesInAll: number;
  /** What the server sent for all sections, as counted by a second watcher. */
  sent: { deltas: number; seatChanges: number };
  page: { deltasReceived: number; deltasApplied: number; seatChangesApplied: number; resyncRequests: number };
}

export interface MapReport {
  viewport: { width: number; height: number };
  /** The map's canvas, CSS pixels. */
  mapSize: { width: number; height: number };
  deviceScaleFactor: number;
  /** Percent of one core busy before the bench's browser started. */
  background: number;
  firstRender: FirstRender;
  phases: PhaseFigures[];
  deltas: DeltaFigures[];
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const spread = (d: Distribution) => `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.max)}`;
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

function cpuText(cpu: CpuReport): string {
  return cpu.shares
    .filter((share) => share.percent >= 0.5)
    .map((share) => `${share.name} ${share.percent.toFixed(0)}%`)
    .join(', ');
}

const FRAME_HEADER = [
  'phase',
  'scale',
  'sections / seats in view',
  'frames',
  'interval p50 / p95 / max ms',
  '> 16.7 ms',
  'missed refreshes',
  'Konva draw per drawn frame p50 / p95 / max ms',
  'frames drawn',
  'long frames (> 50 ms)',
];

function frameRow(phase: PhaseFigures): string[] {
  const { frames, view } = phase;
  return [
    phase.name,
    view.scale.toFixed(1),
    `${view.sectionsInView} / ${integer(view.seatsInView)}`,
    String(frames.intervals.count),
    spread(frames.intervals),
    String(frames.late),
    String(frames.missedRefreshes),
    spread(frames.drawPerFrame),
    String(frames.framesDrawn),
    frames.longest
      ? `${frames.longFrames} (max ${ms(frames.longest.duration)}: script ${ms(frames.longest.scriptMs)}, ` +
        `render ${ms(frames.longest.renderMs)})`
      : '0',
  ];
}

export function formatReport(
  report: MapReport,
  options: { deltaRate: number; deltaSeconds: number },
): string {
  const processors = cpus();
  const loads = report.firstRender.loads;
  const first = distribution(loads.map((load) => load.firstRender));
  const median = (pick: (load: FirstRender['loads'][number]) => number) => distribution(loads.map(pick)).p50;
  const panZoom = report.phases;
  const worstPanZoomP95 = Math.max(...panZoom.map((phase) => phase.frames.intervals.p95));
  const lateUnderDeltas = report.deltas.reduce((sum, phase) => sum + phase.frames.late, 0);

  const lines = [
    '',
    `machine: ${processors.length} cores, ${processors[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `background load before the run ${report.background.toFixed(0)}% of one core`,
    `browser: headless Chromium (Debian), software rendering (--disable-gpu), viewport ` +
      `${report.viewport.width}x${report.viewport.height} at deviceScaleFactor ${report.deviceScaleFactor} ` +
      `(map canvas ${report.mapSize.width}x${report.mapSize.height}); ` +
      `frames are 60 Hz (${FRAME_BUDGET_MS.toFixed(1)} ms)`,
    '',
    `first render (navigation start to the first draw with live statuses), ${loads.length} cold loads ` +
      `(each a new browser context: empty cache, a new fan), after one not counted (${ms(report.firstRender.warmUp)} ms):`,
    `  median ${ms(first.p50)} ms, max ${ms(first.max)} ms (each: ${loads.map((load) => ms(load.firstRender)).join(', ')})`,
    `  medians: document ${ms(median((load) => load.documentEnd))} ms, scripts ${ms(median((load) => load.scriptsEnd))} ms, ` +
      `geometry ${ms(median((load) => load.geometryEnd))} ms`,
    '',
    'pan and zoom (real mouse drags and wheel notches through CDP input):',
    table([FRAME_HEADER, ...panZoom.map(frameRow)]),
    '',
    `under seat changes (${integer(options.deltaRate)}/s for ${options.deltaSeconds} s, no input):`,
    table([FRAME_HEADER, ...report.deltas.map(frameRow)]),
    '',
    table([
      [
        'phase',
        'steady seat changes/s',
        'seat changes made in all',
        'server sent: deltas (seat changes)',
        'page: deltas heard / applied',
        'page: seat changes applied',
        'page: resyncs',
      ],
      ...report.deltas.map((phase) => [
        phase.name,
        integer(phase.churn.seatChanges / phase.churn.seconds),
        integer(phase.seatChangesInAll),
        `${integer(phase.sent.deltas)} (${integer(phase.sent.seatChanges)})`,
        `${integer(phase.page.deltasReceived)} / ${integer(phase.page.deltasApplied)}`,
        integer(phase.page.seatChangesApplied),
        String(phase.page.resyncRequests),
      ]),
    ]),
    '',
    'longest frame per phase (Long Animation Frames; its longest script):',
    ...[...panZoom, ...report.deltas]
      .filter((phase) => phase.frames.longest)
      .map(
        (phase) =>
          `  ${phase.name}: ${ms(phase.frames.longest!.duration)} ms, ${phase.frames.longest!.topScript}`,
      ),
    '',
    'CPU per phase (percent of one core; "everything else" is work outside the bench on this shared machine):',
    ...[...panZoom, ...report.deltas].map((phase) => `  ${phase.name}: ${cpuText(phase.cpu)}`),
    '',
    'targets (docs/architecture.md):',
    `  first render <= ${MAP_TARGETS.firstRenderMs} ms: median ${ms(first.p50)} ms: ${verdict(first.p50 <= MAP_TARGETS.firstRenderMs)}; ` +
      `worst ${ms(first.max)} ms: ${verdict(first.max <= MAP_TARGETS.firstRenderMs)}`,
    `  pan/zoom frame interval p95 <= ${MAP_TARGETS.frameP95Ms} ms (one 60 Hz refresh): worst phase ${ms(worstPanZoomP95)} ms: ` +
      verdict(worstPanZoomP95 <= FRAME_BUDGET_MS + 0.5),
    `  no dropped frames under ${integer(options.deltaRate)} seat changes/s: ${lateUnderDeltas} frames over 16.7 ms: ` +
      verdict(lateUnderDeltas === MAP_TARGETS.lateFramesUnderDeltas),
  ];
  return lines.join('\n');
}
