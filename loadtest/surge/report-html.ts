import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHART_CSS, FONT_STACK, REPORT_CHARTS, SERIES_COLOURS, chartScript } from './report-charts';
import {
  type Content,
  DASH,
  type Markup,
  type Row,
  chartFigure,
  empty,
  formatDate,
  formatMs,
  formatNumber,
  formatSeconds,
  formatShare,
  mark,
  markup,
  raw,
  section,
  table,
  zeroMark,
} from './report-markup';
import type {
  IntegrityReport,
  ShowResult,
  Spread,
  StepLatency,
  SurgeReport,
  SurgeStep,
} from './surge-report-types';

/**
 * The surge report as one self-contained page: uPlot and the report's data are inlined, so that it
 * opens offline, from a mail attachment or a CI artifact. Everything from the report is escaped.
 */
export function renderReportHtml(report: SurgeReport): string {
  const uplot = uplotFiles();
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${raw(CONTENT_SECURITY_POLICY)}">
<title>Surge report: ${report.preset}, ${formatDate(report.startedAt)}</title>
<style>${raw(safeInStyle(uplot.css))}</style>
<style>${raw(safeInStyle(REPORT_CSS + CHART_CSS))}</style>
</head>
<body>
<main>
${headerSection(report)}
${targetsSection(report)}
${saleSection(report)}
${processesSection()}
${latencySection(report.latency)}
${integritySection(report.integrity)}
${fairnessSection(report)}
${experienceSection(report)}
${notesSection(report)}
<footer>SeatRush surge report, format version ${report.version}.</footer>
</main>
<script type="application/json" id="surge-report">${raw(reportJson(report))}</script>
<script>${raw(safeInScript(uplot.js))}</script>
<script>${raw(safeInScript(chartScript()))}</script>
</body>
</html>
`;
  return page.text;
}

/** No network at all: only the page's own inline scripts and styles, and data: images. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** The data for the charts. `<` escaped as \u003c, so that no string in it can close the script. */
export function reportJson(report: SurgeReport): string {
  return JSON.stringify(report).replace(/</g, '\\u003c');
}

/** uPlot from node_modules, read at render time, so that the page needs no network. */
function uplotFiles(): { js: string; css: string } {
  const read = (file: string) =>
    readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${file}`), 'utf8');
  return { js: read('uPlot.iife.min.js'), css: read('uPlot.min.css') };
}

// A library's text must not end its element early: inside JavaScript strings and regular
// expressions `<\/script` means the same as `</script`; CSS has no business containing `</style`.
function safeInScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function safeInStyle(css: string): string {
  if (/<\/style/i.test(css)) throw new Error('a stylesheet contains </style');
  return css;
}

// --- Sections ---

function headerSection(report: SurgeReport): Markup {
  const { summary, machine, target } = report;
  const ran = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const workers = target.workers === null ? '' : ` of ${count(target.workers, 'worker')}`;
  const where = `${target.ownCluster ? 'its own cluster' : 'a running deployment'}${workers}`;
  const soldOut = summary.sellOutSeconds === null ? 'not sold out' : formatSeconds(summary.sellOutSeconds);
  return markup`<header class="report-header">
<p class="eyebrow">SeatRush · npm run surge</p>
<h1>Surge report: ${report.preset}</h1>
<p class="when">${formatDate(report.startedAt)} · ran ${formatSeconds(ran)}</p>
${verdict(report)}
<div class="figures">
${figure('Fans', formatNumber(summary.fans))}
${figure('Seats sold', formatNumber(summary.seatsSold), `of ${formatNumber(summary.seatsTotal)}`)}
${figure('Orders paid', formatNumber(summary.ordersPaid))}
${figure('Sold out after', soldOut)}
${figure('Every fan connected in', formatSeconds(summary.connectSeconds))}
${figure('Hold p99', formatMs(summary.holdP99Ms))}
${figure('Checkout p99', formatMs(summary.checkoutP99Ms))}
</div>
<dl class="facts">
<dt>Machine</dt><dd>${machine.cpuModel}, ${count(machine.cores, 'core')}, ${formatNumber(machine.memoryGiB, 1)} GiB</dd>
<dt>Software</dt><dd>Node ${machine.node} · PostgreSQL ${machine.postgres} · Redis ${machine.redis}</dd>
<dt>Target</dt><dd><code>${target.url}</code>, ${where}; ${count(target.generators, 'load generator')}</dd>
<dt>T0</dt><dd>${Number.isFinite(report.t0) ? formatDate(new Date(report.t0).toISOString()) : DASH}</dd>
</dl>
${optionsDetails(report.options)}
</header>`;
}

function figure(label: string, value: string, detail = ''): Markup {
  return markup`<div class="figure"><div class="figure-label">${label}</div>
<div class="figure-value">${value} <span class="figure-detail">${detail}</span></div></div>`;
}

/** "1 load generator", "4 load generators". */
function count(n: number, what: string): string {
  return `${formatNumber(n)} ${what}${n === 1 ? '' : 's'}`;
}

/** The one line that says whether the sale went right. */
function verdict(report: SurgeReport): Markup {
  const { summary } = report;
  const soldOut = summary.sellOutSeconds !== null;
  const noOversell = summary.oversold === 0 && summary.doubleSold === 0;
  const oversell = `${formatNumber(summary.oversold)} oversold, ${formatNumber(summary.doubleSold)} double-sold`;
  const parts: [ok: boolean, text: string][] = [
    [soldOut, soldOut ? `Sold out in ${formatSeconds(summary.sellOutSeconds)}` : 'Not sold out'],
    [noOversell, noOversell ? 'no seat oversold or double-sold' : oversell],
    [
      summary.reconciled,
      summary.reconciled ? 'Redis and PostgreSQL reconciled' : 'Redis and PostgreSQL disagree',
    ],
  ];
  const allOk = parts.every(([ok]) => ok);
  const items = parts.map(
    ([ok, text]) => markup`<span class="verdict-part">${ok ? '✓' : '✗'} ${text}</span>`,
  );
  return markup`<p class="verdict ${allOk ? 'ok' : 'bad'}" id="verdict">${items}</p>`;
}

function optionsDetails(options: SurgeReport['options']): Markup {
  const rows = Object.entries(options).map(([name, value]) => ({
    cells: [markup`<code>${name}</code>`, String(value)],
  }));
  return markup`<details class="options"><summary>Run options (${rows.length})</summary>
${table('Run options', ['Option', 'Value'], rows)}
</details>`;
}

function targetsSection(report: SurgeReport): Markup {
  const rows = report.targets.map((check) => ({
    cells: [mark(check.met), check.name, check.target, check.measured],
    problem: check.met === false,
  }));
  const body =
    rows.length > 0 ? table('Targets', ['Met', 'Target', 'Wanted', 'Measured'], rows) : empty('None set.');
  return section('targets', 'Targets', body);
}

function saleSection(report: SurgeReport): Markup {
  return section(
    'sale',
    'The sale',
    markup`${chartFigure(REPORT_CHARTS.sold, showsList(report.shows))}
<div class="chart-grid">${chartFigure(REPORT_CHARTS.fans)}${chartFigure(REPORT_CHARTS.admission)}${chartFigure(REPORT_CHARTS.errors)}${chartFigure(REPORT_CHARTS.latency)}</div>`,
  );
}

/** Each show's outcome in words, beside the chart; the swatch is the chart's colour for it. */
function showsList(shows: ShowResult[]): Markup {
  if (shows.length === 0) return empty('No shows.');
  const item = (show: ShowResult, i: number) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const outcome =
      show.sellOutSeconds === null
        ? mark(false, '', 'not sold out')
        : mark(true, `sold out after ${formatSeconds(show.sellOutSeconds)}`);
    const agree = show.soldPostgres === show.soldRedis;
    return markup`<li><span class="swatch" style="background:${colour}"></span><strong>${show.name}</strong>
<span>${outcome}</span>
<span>${formatNumber(show.soldPostgres)} of ${formatNumber(show.seatsTotal)} seats sold</span>
<span class="${agree ? 'muted' : 'problem-text'}">Redis: ${formatNumber(show.soldRedis)}${agree ? '' : ', disagrees'}</span></li>`;
  };
  return markup`<ul class="shows">${shows.map(item)}</ul>`;
}

function processesSection(): Markup {
  return section(
    'processes',
    'The machine under load',
    markup`${chartFigure(REPORT_CHARTS.cpu)}
<div class="chart-grid">${chartFigure(REPORT_CHARTS.rss)}${chartFigure(REPORT_CHARTS.lag)}</div>`,
  );
}

const STEP_LABELS: Record<SurgeStep, string> = {
  signUp: 'Sign up',
  signIn: 'Sign in',
  connect: 'Connect',
  join: 'Join the queue',
  admissionWait: 'Wait for admission',
  token: 'Admission token',
  snapshot: 'Seat map snapshot',
  hold: 'Hold seats',
  checkout: 'Checkout to paid order',
  ticket: 'First checkout to tickets',
  waitlist: 'Join a waitlist',
  poll: 'Poll queue status',
  httpQueued: 'HTTP: wait for a free connection',
  httpConnect: 'HTTP: open a connection',
  httpServer: "HTTP: the server's own time",
  httpWire: 'HTTP: in queues on the way',
};

function latencySection(latency: StepLatency[]): Markup {
  const withRush = latency.some((step) => step.rush);
  const figures = ['count', 'p50', 'p95', 'p99', 'max'];
  const headers = ['Step', ...figures, ...(withRush ? figures.map((name) => `rush ${name}`) : [])];
  const rows = latency.map((step) => ({
    cells: [
      markup`${STEP_LABELS[step.step] ?? step.step} <code class="step">${step.step}</code>`,
      ...latencyCells(step),
      ...(withRush ? (step.rush ? latencyCells(step.rush) : figures.map(() => DASH)) : []),
    ],
  }));
  const note = withRush ? 'Rush: from T0 until both shows sold out (a dash: not in the rush).' : '';
  const body = rows.length > 0 ? table('Latency per step', headers, rows, 1) : empty('No step was measured.');
  return section('latency', 'Latency per step', markup`<p class="muted">${note}</p>${body}`);
}

function latencyCells(figures: Omit<StepLatency, 'step' | 'rush'>): string[] {
  const { count, p50Ms, p95Ms, p99Ms, maxMs } = figures;
  return [formatNumber(count), ...[p50Ms, p95Ms, p99Ms, maxMs].map(formatMs)];
}

const INTEGRITY_CHECKS: [store: string, what: string, count: (integrity: IntegrityReport) => number][] = [
  ['PostgreSQL', 'Seats sold twice', (i) => i.postgres.doubleSold],
  ['PostgreSQL', 'Seats sold beyond or outside the venue', (i) => i.postgres.oversold],
  ['PostgreSQL', 'Paid orders without their tickets', (i) => i.postgres.paidOrdersWithoutTickets],
  ['PostgreSQL', 'Tickets on unpaid orders', (i) => i.postgres.ticketsWithoutPayment],
  ['PostgreSQL', 'Accounts over the seat limit', (i) => i.postgres.accountsOverLimit],
  ['Redis', 'Seats sold twice', (i) => i.redis.doubleSold],
  ['Redis', 'Seats sold beyond or outside the venue', (i) => i.redis.oversold],
  ['Redis', 'Sections whose free-seat counter is wrong', (i) => i.redis.countersWrong],
  ['Redis', 'Accounts over the seat limit', (i) => i.redis.accountsOverLimit],
  ['Reconciliation', 'Sold in PostgreSQL, not in Redis', (i) => i.reconciliation.soldInPostgresNotRedis],
  ['Reconciliation', 'Sold in Redis, not in PostgreSQL', (i) => i.reconciliation.soldInRedisNotPostgres],
  ['Reconciliation', 'Sold in both, to different orders', (i) => i.reconciliation.differentOrder],
];

function integritySection(integrity: IntegrityReport): Markup {
  const rows = INTEGRITY_CHECKS.map(([store, what, count]) => {
    const found = count(integrity);
    return {
      cells: [markup`${what}<span class="reading">${store}</span>`, zeroMark(found)],
      problem: found !== 0,
    };
  });
  const compared = formatNumber(integrity.reconciliation.seatsCompared);
  return section(
    'integrity',
    'Integrity',
    markup`<p>${mark(integrity.clean, 'clean: every check found 0', 'problems found')}
<span class="muted">${compared} seats compared one by one across Redis and PostgreSQL.</span></p>
${table('Integrity checks', ['Check', 'Found'], rows, 1)}`,
  );
}

/** The chi-square test in plain words. A fair draw gives p below 0.05 one run in twenty. */
function chiSquareReading(pValue: number): string {
  if (pValue < 0.01) return 'Arrival order in the pre-queue shaped admission order: the draw looks unfair.';
  if (pValue < 0.05) return 'A weak sign that arrival order in the pre-queue mattered: worth another run.';
  return 'No sign that arriving early in the pre-queue helped: consistent with a fair draw.';
}

function fairnessSection(report: SurgeReport): Markup {
  const { fairness: f } = report;
  const chi = f.chiSquare;
  // The reading sits under the check's name, so that the table stays two columns wide on a phone.
  const check = (what: string, result: Content, reading: string, problem = false): Row => ({
    cells: [markup`${what}<span class="reading">${reading}</span>`, result],
    problem,
  });
  const rows = [
    check('Fans in the pre-queue at T0', formatNumber(f.prequeueSize), ''),
    chi
      ? check(
          'Arrival decile against admission decile (chi-square)',
          `χ²\u00a0${formatNumber(chi.statistic, 2)}, ${chi.degreesOfFreedom}\u00a0dof, p\u00a0=\u00a0${formatNumber(chi.pValue, 3)}`,
          `${chiSquareReading(chi.pValue)} Over ${formatNumber(chi.fans)} fans.`,
          chi.pValue < 0.05,
        )
      : check('Arrival decile against admission decile (chi-square)', DASH, 'Not computed.'),
    check(
      'Pairs admitted out of arrival order after T0',
      zeroMark(f.inversionsAfterT0),
      `Among ${formatNumber(f.fansAfterT0)} fans who joined after T0.`,
      f.inversionsAfterT0 !== 0,
    ),
    check(
      'Places that differ when recomputed from the revealed seed',
      zeroMark(f.placesMismatched),
      `Of ${formatNumber(f.placesChecked)} places checked.`,
      f.placesMismatched !== 0,
    ),
    check(
      'Seed against its published SHA-256',
      mark(f.seedCommitmentMatches, 'matches', 'differs'),
      '',
      !f.seedCommitmentMatches,
    ),
  ];
  return section('fairness', 'Fairness', table('Fairness', ['Check', 'Result'], rows));
}

function experienceSection(report: SurgeReport): Markup {
  const fans = report.experience;
  const outcome = (label: string, count: number): Row => ({
    cells: [label, formatNumber(count), formatShare(count, fans.fans)],
  });
  const outcomes = [
    outcome('Got tickets', fans.gotTickets),
    outcome('Missed out: no ticket for any show they wanted', fans.missedOut),
    outcome('… of whom joined a waitlist', fans.joinedWaitlist),
    outcome('Gave up', fans.abandoned),
    outcome('Unfinished when the run ended', fans.unfinished),
    outcome('Signed up through the HTTP API in this run', fans.signedUpThroughApi),
    // Payments, not fans: a fan may retry, so no share of fans.
    { cells: ['Payments that failed', formatNumber(fans.paymentsFailed), DASH] },
  ];
  const spread = (label: string, { count, p50, p90, p99, max }: Spread): Row => ({
    cells: [label, formatNumber(count), ...[p50, p90, p99, max].map(formatSeconds)],
  });
  const spreads = [
    spread('Time in the queue', fans.timeInQueue),
    spread('Admission to seats held', fans.admissionToSeats),
    spread('Admission to tickets', fans.admissionToTickets),
  ];
  return section(
    'experience',
    'What fans lived through',
    markup`${table('Outcomes', ['Outcome', 'Fans', 'Share'], outcomes, 1)}
<h3>How long it took</h3>
${table('How long it took', ['Span', 'fans', 'p50', 'p90', 'p99', 'max'], spreads, 1)}
<h3>Errors fans saw</h3>
${errorsSeenTable(fans.errorsSeen, fans.fans)}`,
  );
}

function errorsSeenTable(errorsSeen: FanErrors, fans: number): Markup {
  const entries = Object.entries(errorsSeen).sort(([, a], [, b]) => b.times - a.times);
  if (entries.length === 0) return markup`<p>${mark(true, 'No fan saw an error.')}</p>`;
  const rows = entries.map(([code, { times, fans: seenBy }]) => ({
    cells: [
      markup`<code>${code}</code>`,
      formatNumber(times),
      formatNumber(seenBy),
      formatShare(seenBy, fans),
    ],
  }));
  return table('Errors fans saw', ['Code', 'Times', 'Fans', 'Share of fans'], rows, 1);
}

type FanErrors = SurgeReport['experience']['errorsSeen'];

function notesSection(report: SurgeReport): Markup {
  const notes = report.notes.map((note) => markup`<li>${note}</li>`);
  return section(
    'notes',
    'Notes',
    notes.length > 0 ? markup`<ul class="notes">${notes}</ul>` : empty('Nothing unusual.'),
  );
}

// Calm and readable: system fonts, high contrast, cards on a soft background; tables scroll in their
// own box so that the page itself never scrolls sideways on a phone.
const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e0e7; --page: #f4f6f8;
  --card: #fff; --ok: #0a6634; --ok-bg: #e3f4e9; --bad: #a61b1b; --bad-bg: #fdeaea; --na-bg: #eceff3; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 ${FONT_STACK};
  -webkit-text-size-adjust: 100%; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 0 0 14px; }
h3 { font-size: 1rem; margin: 20px 0 8px; }
code { font: 0.85em ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  overflow-wrap: anywhere; }
.eyebrow { margin: 0 0 6px; color: var(--muted); font-size: 0.8rem; letter-spacing: 0.06em;
  text-transform: uppercase; font-weight: 600; }
.when, .muted { color: var(--muted); }
.when { margin: 0 0 16px; }
.verdict { display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 0 0 20px; padding: 12px 16px;
  border-radius: 10px; border: 1px solid; font-weight: 600; font-size: 1.05rem; }
.verdict.ok { background: var(--ok-bg); color: var(--ok); border-color: #a9d8bb; }
.verdict.bad { background: var(--bad-bg); color: var(--bad); border-color: #efb4b4; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px;
  margin-bottom: 20px; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
.figure-label { color: var(--muted); font-size: 0.8rem; }
.figure-value { font-size: 1.3rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.figure-detail { font-size: 0.8rem; font-weight: 400; color: var(--muted); white-space: nowrap; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0 0 12px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.options summary { cursor: pointer; color: var(--muted); padding: 4px 0; }
.options .table-wrap { margin-top: 8px; max-width: 480px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px;
  margin-top: 20px; }
.card > h3 { margin-top: 24px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.table-wrap:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 8px 12px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
th { background: #f0f3f6; color: var(--muted); font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
td { min-width: 8ch; } td:not(.num):not(:has(> .mark)) { min-width: 15ch; }
td code { overflow-wrap: normal; white-space: nowrap; } code.step { display: block; color: var(--muted); }
.reading { display: block; margin-top: 2px; color: var(--muted); font-size: 0.875rem; }
.num { text-align: right; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
tr.problem td { background: var(--bad-bg); }
.mark { display: inline-block; padding: 0 8px; border-radius: 999px; font-weight: 600; white-space: nowrap; }
.mark.ok { background: var(--ok-bg); color: var(--ok); }
.mark.bad { background: var(--bad-bg); color: var(--bad); }
.mark.na { background: var(--na-bg); color: var(--muted); }
.problem-text { color: var(--bad); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
.notes { margin: 0; padding-left: 20px; } .notes li { margin: 4px 0; overflow-wrap: anywhere; }
footer { margin-top: 24px; color: var(--muted); font-size: 0.8rem; text-align: center; }
@media (max-width: 720px) {
  body { font-size: 14px; }
  main { padding: 16px 12px 28px; }
  h1 { font-size: 1.4rem; }
  .card { padding: 16px 14px; border-radius: 10px; }
  .figures { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .figure-value { font-size: 1.1rem; }
}
`;
