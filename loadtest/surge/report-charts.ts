/**
 * The charts of the surge report page: where they go (ids the page lays out) and the small inline
 * script that draws them with uPlot from the report's embedded JSON. The script is plain JavaScript
 * because it runs in the page as is, with no build step; it only reads the JSON, never the HTML.
 */

export interface ChartSlot {
  id: string;
  title: string;
  caption: string;
}

export const REPORT_CHARTS = {
  sold: {
    id: 'chart-sold',
    title: 'Seats sold',
    caption: 'Seats sold per show, cumulative (PostgreSQL, paid orders).',
  },
  fans: {
    id: 'chart-fans',
    title: 'Fans',
    caption: 'Connected, in the queue, admitted so far, shopping, and orders paid so far.',
  },
  admission: {
    id: 'chart-admission',
    title: 'Admissions a second',
    caption:
      'What the waiting room admits now (the sale’s rate, less while the servers are overloaded) and fans admitted, per second.',
  },
  errors: { id: 'chart-errors', title: 'Errors', caption: 'Errors fans saw, per interval.' },
  latency: {
    id: 'chart-latency',
    title: 'Hold and checkout latency',
    caption: 'p99 per interval as fans measured it, ms (the slowest generator; gaps where none happened).',
  },
  cpu: {
    id: 'chart-cpu',
    title: 'CPU per process',
    caption: 'Percent of one core. Workers in blues, generators in oranges, stores dashed.',
  },
  rss: { id: 'chart-rss', title: 'Memory per process', caption: 'Resident set size, MiB.' },
  lag: {
    id: 'chart-lag',
    title: 'Event-loop lag per process',
    caption: 'Event-loop delay p99 per interval, ms (Node processes; gaps where none was reported).',
  },
} as const satisfies Record<string, ChartSlot>;

export type ChartName = keyof typeof REPORT_CHARTS;

/** The page's font stack: the system's own fonts, nothing downloaded. */
export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';

/** Okabe-Ito: distinguishable with the common forms of colour blindness. Shows take them in order. */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/** How the charts sit in the page: full width, and side by side on a wide screen. */
export const CHART_CSS = `
figure { margin: 0 0 24px; min-width: 0; }
figcaption h3 { margin: 0; }
figcaption p { margin: 2px 0 10px; color: var(--muted); font-size: 0.875rem; }
.chart { width: 100%; min-width: 0; overflow: hidden; }
.chart-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 28px; }
.chart-and-aside { display: grid; grid-template-columns: minmax(0, 1fr) 250px; gap: 24px; align-items: start; }
.shows { list-style: none; margin: 0; padding: 0; display: grid; gap: 14px; }
.shows li { display: grid; gap: 3px; padding-left: 20px; position: relative; }
.swatch { position: absolute; left: 0; top: 6px; width: 12px; height: 12px; border-radius: 3px; }
.uplot { font-family: ${FONT_STACK}; }
.u-legend { font-size: 0.8rem; text-align: left; margin-top: 4px; }
.u-legend .u-series { padding: 1px 6px; }
@media (min-width: 1000px) { .chart-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 720px) { .chart-and-aside { grid-template-columns: minmax(0, 1fr); } }
`;

/**
 * The script marks <body> data-charts-ready once every chart has drawn on a canvas of non-zero size,
 * or data-charts-error if one failed: something to wait on instead of a time.
 */
export const CHARTS_SETTLED_SELECTOR = 'body[data-charts-ready], body[data-charts-error]';

/** The inline script. It expects uPlot (the IIFE build) loaded before it. */
export function chartScript(): string {
  const ids = Object.fromEntries(Object.entries(REPORT_CHARTS).map(([name, slot]) => [name, slot.id]));
  return `(() => {
  'use strict';
  const IDS = ${JSON.stringify(ids)};
  const FONT = ${JSON.stringify(FONT_STACK)};
  const SERIES_COLOURS = ${JSON.stringify(SERIES_COLOURS)};
${CHART_SCRIPT_BODY}
})();`;
}

// Kept out of the template above so that the template's interpolations stay few and visible.
const CHART_SCRIPT_BODY = `
  const INK = '#1f2933';
  const MUTED = '#52606d';
  const GRID = '#e4e7eb';
  // Hue and saturation per process role; processes of one role vary in lightness.
  const ROLE_HUES = {
    primary: [220, 20], worker: [208, 80], node: [208, 80], generator: [28, 90],
    redis: [2, 70], postgres: [160, 65], surge: [285, 45],
  };
  const ROLE_ORDER = ['surge', 'primary', 'node', 'worker', 'generator', 'redis', 'postgres'];
  const STORE_DASH = { redis: [8, 4], postgres: [3, 3] };
  const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

  const charts = [];
  const drawn = new Set();
  let specs = [];

  try {
    const report = JSON.parse(document.getElementById('surge-report').textContent);
    const processes = report.resources.slice().sort(byRoleThenName);
    specs = [
      soldSpec(report),
      fansSpec(report.timeline),
      admissionSpec(report.timeline),
      errorsSpec(report.timeline),
      latencySpec(report.timeline),
      processSpec(IDS.cpu, processes, 'cpuPercent', '% of a core'),
      processSpec(IDS.rss, processes, 'rssMiB', 'MiB'),
      processSpec(IDS.lag, processes.filter(hasAnyLag), 'lagP99Ms', 'ms'),
    ];
    for (const spec of specs) charts.push(mount(spec));
    watchSizes();
  } catch (error) {
    document.body.dataset.chartsError = String((error && error.message) || error);
    console.error('surge report: a chart failed', error);
  }

  function soldSpec(report) {
    const tables = report.shows.map((show) => [
      show.soldOverTime.map((point) => point[0]),
      show.soldOverTime.map((point) => point[1]),
    ]);
    const markers = [{ x: 0, label: 'T0', colour: MUTED }];
    report.shows.forEach((show, i) => {
      if (show.sellOutSeconds !== null) {
        markers.push({ x: show.sellOutSeconds, label: 'sold out', colour: colourAt(i) });
      }
    });
    return {
      id: IDS.sold,
      data: joinTables(tables),
      series: report.shows.map((show, i) => line(show.name, colourAt(i))),
      yLabel: 'seats',
      markers,
      legend: false, // the list beside the chart names the shows, in the same colours
    };
  }

  function fansSpec(timeline) {
    const fields = [
      ['connected', 'connected'], ['inQueue', 'in queue'], ['admitted', 'admitted'],
      ['shopping', 'shopping'], ['ordersPaid', 'orders paid'],
    ];
    return {
      id: IDS.fans,
      data: [timeline.t, ...fields.map(([field]) => timeline[field])],
      series: fields.map(([, label], i) => line(label, colourAt(i))),
      yLabel: 'fans',
      markers: [{ x: 0, label: 'T0', colour: MUTED }],
    };
  }

  function errorsSpec(timeline) {
    const bars = uPlot.paths.bars({ size: [0.9, 12], align: 0 });
    return {
      id: IDS.errors,
      data: [timeline.t, timeline.errors],
      series: [{ ...line('errors', '#c81e1e'), fill: 'rgba(200, 30, 30, 0.55)', paths: bars, width: 0 }],
      yLabel: 'errors',
      markers: [{ x: 0, label: 'T0', colour: MUTED }],
    };
  }

  /** The waiting room's own rate beside the fans it admitted per second (the counter's slope). */
  function admissionSpec(timeline) {
    const admittedPerSecond = timeline.admitted.map((admitted, i) => {
      if (i === 0) return null;
      const seconds = timeline.t[i] - timeline.t[i - 1];
      return seconds > 0 ? Math.max(0, Math.round((admitted - timeline.admitted[i - 1]) / seconds)) : null;
    });
    return {
      id: IDS.admission,
      data: [timeline.t, timeline.admitRatePerSecond || timeline.t.map(() => null), admittedPerSecond],
      series: [line('admitting now', colourAt(0)), line('admitted', colourAt(1))],
      yLabel: 'fans a second',
      markers: [{ x: 0, label: 'T0', colour: MUTED }],
    };
  }

  function latencySpec(timeline) {
    return {
      id: IDS.latency,
      data: [timeline.t, timeline.holdP99Ms || [], timeline.checkoutP99Ms || []],
      series: [line('hold p99', colourAt(0)), line('checkout p99', colourAt(1))],
      yLabel: 'ms',
      markers: [{ x: 0, label: 'T0', colour: MUTED }],
    };
  }

  /** One series per process, so that a hot or leaking worker stands out from the others. */
  function processSpec(id, processes, field, yLabel) {
    const countByRole = {};
    const indexInRole = processes.map((p) => (countByRole[p.role] = (countByRole[p.role] || 0) + 1) - 1);
    return {
      id,
      data: joinTables(processes.map((p) => [p.t, p[field]])),
      series: processes.map((p, i) => ({
        ...line(p.name, roleColour(p.role, indexInRole[i], countByRole[p.role])),
        dash: STORE_DASH[p.role],
      })),
      yLabel,
      markers: [{ x: 0, label: 'T0', colour: MUTED }],
    };
  }

  function line(label, colour) {
    return { label, stroke: colour, width: 1.75, spanGaps: false }; // uPlot shows points only when sparse
  }

  /**
   * Aligns series sampled at different times on one x axis. Explicit nulls stay gaps; the holes the
   * alignment makes are undefined, which uPlot spans.
   */
  function joinTables(tables) {
    if (tables.length === 0) return [[]];
    return uPlot.join(tables);
  }

  function hasAnyLag(p) {
    return p.lagP99Ms.some((value) => value !== null);
  }

  function byRoleThenName(a, b) {
    const byRole = ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role);
    return byRole !== 0 ? byRole : a.name.localeCompare(b.name, 'en', { numeric: true });
  }

  function colourAt(i) {
    return SERIES_COLOURS[i % SERIES_COLOURS.length];
  }

  function roleColour(role, index, count) {
    const [hue, saturation] = ROLE_HUES[role] || [0, 0];
    const lightness = count > 1 ? 28 + (index * 30) / (count - 1) : 38;
    return 'hsl(' + hue + ' ' + saturation + '% ' + lightness + '%)';
  }

  function mount(spec) {
    const element = document.getElementById(spec.id);
    if (!element) throw new Error('no element #' + spec.id);
    const width = element.clientWidth;
    return new uPlot(chartOptions(spec, width), spec.data, element);
  }

  function chartHeight(width) {
    return width < 560 ? 220 : 280;
  }

  function chartOptions(spec, width) {
    const hasPoints = spec.data[0].length > 0;
    const axis = {
      stroke: INK, font: '12px ' + FONT, labelFont: '12px ' + FONT, labelSize: 18,
      grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 },
    };
    return {
      width,
      height: chartHeight(width),
      // With no data uPlot has no range to draw axes on: give it an arbitrary one.
      scales: hasPoints ? { x: { time: false } } : { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      series: [{ label: 's from T0' }, ...spec.series],
      axes: [
        { ...axis, label: 'seconds from T0' },
        { ...axis, label: spec.yLabel, size: 52, values: (u, splits) => splits.map((v) => compact.format(v)) },
      ],
      legend: { show: spec.legend !== false, live: false },
      cursor: { sync: { key: 'surge-time' }, drag: { x: true, y: false } },
      hooks: {
        draw: [(u) => drawMarkers(u, spec.markers), (u) => hasPoints || drawNoData(u), markDrawn],
      },
    };
  }

  /** Vertical dashed lines: T0, and each show's sell-out. */
  function drawMarkers(u, markers) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const ratio = uPlot.pxRatio;
    ctx.save();
    ctx.setLineDash([4 * ratio, 4 * ratio]);
    ctx.lineWidth = ratio;
    ctx.font = 11 * ratio + 'px ' + FONT;
    ctx.textBaseline = 'top';
    for (const marker of markers) {
      const x = Math.round(u.valToPos(marker.x, 'x', true));
      if (!(x >= left && x <= left + width)) continue;
      ctx.strokeStyle = ctx.fillStyle = marker.colour;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.fillText(marker.label, x + 3 * ratio, top + 2 * ratio);
    }
    ctx.restore();
  }

  function drawNoData(u) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const ratio = uPlot.pxRatio;
    ctx.save();
    ctx.fillStyle = MUTED;
    ctx.font = 14 * ratio + 'px ' + FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('no data', left + width / 2, top + height / 2);
    ctx.restore();
  }

  function markDrawn(u) {
    drawn.add(u);
    if (drawn.size === specs.length) document.body.dataset.chartsReady = 'true';
  }

  /** Charts follow their box's width (a phone turned sideways, a resized window). */
  function watchSizes() {
    let pending = false;
    const observer = new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        for (const chart of charts) {
          const width = chart.root.parentElement.clientWidth;
          if (width !== chart.width) chart.setSize({ width, height: chartHeight(width) });
        }
      });
    });
    for (const chart of charts) observer.observe(chart.root.parentElement);
  }
`;
