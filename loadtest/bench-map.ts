import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/chromium';
import { generateStadium } from '../server/venue/generate-stadium';
import {
  backgroundLoad,
  cpuReport,
  roles,
  sampleCpu,
  type CpuReport,
  type CpuSample,
  type ProcessRole,
} from './cpu-usage';
import { DeltaCounter, SeatChurn } from './map-deltas';
import { frameStats, installFrameRecorder, startFrames, stopFrames, type FrameStats } from './map-frames';
import { MapDriver, type ViewInfo } from './map-gestures';
import {
  formatReport,
  type DeltaFigures,
  type FirstRender,
  type MapReport,
  type PhaseFigures,
} from './map-report';
import { createMapWorld, type MapWorld } from './map-world';

/**
 * `npm run bench:map`: the live seat map of the 50,000-seat stadium in headless Chromium, against a
 * real SeatRush node: time to first render, frame times while panning and zooming at both levels of
 * detail, and frame times while 2,000 seats a second change on the server. Prints figures (it is not
 * a test); docs/benchmarks.md explains them.
 */
const VIEWPORT = { width: 1280, height: 860 };
const DEVICE_SCALE_FACTOR = 1;
/** Zoomed in: seats drawn as squares (SEAT_DETAIL_SCALE 4 .. ROUND_SEATS_SCALE 9) and as circles. */
const SQUARES_SCALE = 5;
const CIRCLES_SCALE = 12;
/** Background load (percent of one core) above which the figures are not worth much. */
const BUSY_WARNING_PERCENT = 15;
/** Quiet time before and after each seat-change phase (deltas go out every 100 ms). */
const DELTA_SETTLE_MS = 1_500;
/** What --trace records: the DevTools performance panel's categories. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'blink.user_timing',
  'toplevel',
];

const USAGE = `usage: npm run bench:map -- [options]
  --loads N          cold page loads for first render, each in a new browser context (default 5)
  --delta-rate N     seat changes per second on the server in the delta phases (default 2000)
  --delta-seconds S  measured seconds of each delta phase (default 10)
  --trace DIR        write a Chrome trace (chrome://tracing, Perfetto) of each measured phase to DIR
  --json             also print one JSON line with every figure at the end`;

interface Options {
  loads: number;
  deltaRate: number;
  deltaSeconds: number;
  traceDir: string | undefined;
  json: boolean;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      loads: { type: 'string' },
      'delta-rate': { type: 'string' },
      'delta-seconds': { type: 'string' },
      trace: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const integer = (value: string | undefined, name: string, min: number, max: number, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
    }
    return parsed;
  };
  return {
    loads: integer(values.loads, 'loads', 1, 50, 5),
    deltaRate: integer(values['delta-rate'], 'delta-rate', 40, 20_000, 2_000),
    deltaSeconds: integer(values['delta-seconds'], 'delta-seconds', 2, 120, 10),
    traceDir: values.trace,
    json: values.json ?? false,
  };
}

const progress = (message: string) => console.error(`[bench:map] ${message}`);

interface Run {
  options: Options;
  world?: MapWorld;
  browser?: Browser;
  counter?: DeltaCounter;
  churn?: SeatChurn;
}

let fanNumber = 0;

/** A browser context (fresh cache) with a fan signed up through the API: the refresh cookie is in it. */
async function signedInContext(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: DEVICE_SCALE_FACTOR,
    locale: 'en-US',
    timezoneId: 'Asia/Bangkok',
  });
  const number = ++fanNumber;
  const response = await context.request.post(`${url}/api/auth/signup`, {
    data: {
      email: `bench-map-${process.pid}-${Date.now()}-${number}@example.test`,
      password: 'correct horse battery',
      displayName: `Map fan ${number}`,
      language: 'en',
    },
  });
  if (!response.ok()) throw new Error(`sign-up failed: ${response.status()} ${await response.text()}`);
  // The app asks for a session on load only where it signed in before (client/src/api/session.ts).
  await context.addInitScript(() => {
    (
      globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }
    ).localStorage.setItem('seatrush.signed-in', '1');
  });
  await installFrameRecorder(context);
  return context;
}

interface PageTimings {
  firstRender: number;
  documentEnd: number;
  geometryEnd: number;
  scriptsEnd: number;
}

async function openMap(context: BrowserContext, url: string, showId: string): Promise<[Page, PageTimings]> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/#/shows/${showId}`);
  await page.waitForFunction(() => performance.getEntriesByName('seatmap:first-render').length > 0);
  await page.locator('.account').waitFor();
  const timings = await page.evaluate(() => {
    type Entry = { name: string; startTime: number; responseEnd: number };
    const timeline = performance as unknown as { getEntriesByType(type: string): Entry[] };
    const entries = (type: string) => timeline.getEntriesByType(type);
    const end = (pattern: RegExp) =>
      Math.max(
        0,
        ...entries('resource')
          .filter((entry) => pattern.test(entry.name))
          .map((entry) => entry.responseEnd),
      );
    const navigation = entries('navigation')[0]!;
    return {
      firstRender: performance.getEntriesByName('seatmap:first-render')[0]!.startTime,
      documentEnd: navigation.responseEnd,
      geometryEnd: end(/\/geometry\//),
      scriptsEnd: end(/\.js$/),
    };
  });
  return [page, timings];
}

async function measureFirstRender(run: Run, world: MapWorld, loads: number): Promise<FirstRender> {
  // One load first, not counted: the browser's and the node's first page (process start-up, JIT).
  const warmUp = await signedInContext(run.browser!, world.url);
  const [, warmUpTimings] = await openMap(warmUp, world.url, world.showId);
  await warmUp.close();
  const samples: PageTimings[] = [];
  for (let i = 0; i < loads; i++) {
    const context = await signedInContext(run.browser!, world.url);
    const [, timings] = await openMap(context, world.url, world.showId);
    samples.push(timings);
    await context.close();
  }
  return { warmUp: warmUpTimings.firstRender, loads: samples };
}

async function measured<T>(
  run: Run,
  page: Page,
  name: string,
  work: () => Promise<T>,
): Promise<{ frames: FrameStats; cpu: CpuReport; result: T }> {
  const { world, options } = run;
  if (options.traceDir) {
    await run.browser!.startTracing(page, { categories: TRACE_CATEGORIES, screenshots: false });
  }
  const before = await sampleCpu(world!.redis);
  await startFrames(page);
  const result = await work();
  const record = await stopFrames(page);
  const after = await sampleCpu(world!.redis);
  const cpu = cpuReport(before, after, [roles.pid('bench + SeatRush node', process.pid), browserOf(after)]);
  if (options.traceDir) {
    mkdirSync(options.traceDir, { recursive: true });
    const file = join(options.traceDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
    writeFileSync(file, await run.browser!.stopTracing());
    progress(`trace: ${file}`);
  }
  return { frames: frameStats(record), cpu, result };
}

/** The browser this bench launched: every process below this one but esbuild (tsx's). */
function browserOf(sample: CpuSample): ProcessRole {
  const tree = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, times] of sample.processes) {
      if (!tree.has(pid) && tree.has(times.ppid)) grew = tree.add(pid) !== undefined;
    }
  }
  return {
    name: 'Chromium',
    matches: (pid, times) => pid !== process.pid && tree.has(pid) && times.command !== 'esbuild',
  };
}

async function gesturePhase(
  run: Run,
  page: Page,
  name: string,
  view: () => ViewInfo,
  gesture: () => Promise<void>,
): Promise<PhaseFigures> {
  progress(name);
  const { frames, cpu } = await measured(run, page, name, gesture);
  return { name, view: view(), frames, cpu };
}

interface FeedCounters {
  deltasReceived: number;
  deltasApplied: number;
  seatChangesApplied: number;
  resyncRequests: number;
}

const feedCounters = (page: Page) =>
  page.evaluate(() => ({ ...(globalThis as unknown as { __seatmapFeed: FeedCounters }).__seatmapFeed }));

/**
 * Seat changes at `--delta-rate` while the page sits still. Frames are measured over the steady
 * period; messages are counted over the whole phase (warm-up, steady period and the final unblocks),
 * so that what the page applied can be compared with what the server sent.
 */
async function deltaPhase(run: Run, page: Page, name: string, view: ViewInfo): Promise<DeltaFigures> {
  const world = run.world!;
  const { deltaRate, deltaSeconds } = run.options;
  progress(`${name}: ${deltaRate} seat changes/s for ${deltaSeconds} s`);
  await sleep(DELTA_SETTLE_MS);
  const counter = run.counter!;
  const pageBefore = await feedCounters(page);
  counter.reset();
  const churn = (run.churn = new SeatChurn(
    world.node.components.inventory,
    world.showId,
    world.seatCount,
    deltaRate,
  ));
  const warmUp = await churn.warmUp();
  const { frames, cpu, result } = await measured(run, page, name, () => churn.run(deltaSeconds));
  const drained = await churn.drain();
  run.churn = undefined;
  // The last changes are published within DELTA_INTERVAL_MS; give both watchers time to hear them.
  await sleep(DELTA_SETTLE_MS);
  const pageAfter = await feedCounters(page);
  return {
    name,
    view,
    frames,
    cpu,
    churn: result,
    seatChangesInAll: warmUp + result.seatChanges + drained,
    sent: { deltas: counter.deltas, seatChanges: counter.seatChanges },
    page: {
      deltasReceived: pageAfter.deltasReceived - pageBefore.deltasReceived,
      deltasApplied: pageAfter.deltasApplied - pageBefore.deltasApplied,
      seatChangesApplied: pageAfter.seatChangesApplied - pageBefore.seatChangesApplied,
      resyncRequests: pageAfter.resyncRequests - pageBefore.resyncRequests,
    },
  };
}

async function runBench(run: Run): Promise<MapReport> {
  const { options } = run;
  progress('creating database, 50,000-seat show and node');
  const world = (run.world = await createMapWorld());
  const background = await backgroundLoad(world.redis);
  if (background > BUSY_WARNING_PERCENT) {
    progress(
      `warning: the machine is already ${background.toFixed(0)}% busy (of one core): figures will suffer`,
    );
  }
  const geometry = generateStadium({ seatCount: world.seatCount, id: `venue-${world.seatCount}` });
  progress(`starting Chromium; ${options.loads} cold loads of the map`);
  // The browser tests' Chromium and flags; signals are the bench's to handle (it cleans up, then exits).
  const browser = (run.browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  }));
  const firstRender = await measureFirstRender(run, world, options.loads);

  const context = await signedInContext(browser, world.url);
  const [page] = await openMap(context, world.url, world.showId);
  await sleep(1_000);
  const map = await MapDriver.attach(page, geometry);
  const phases: PhaseFigures[] = [];
  // The far end of the bowl, at the centre of the view: zoomed in to squares, the view with the most
  // seats (about 9,000, of 13 sections).
  const stands = { x: geometry.width * 0.5, y: geometry.height * 0.85 };
  const centreOnStands = async () => {
    await map.fit();
    await map.centreOn(stands.x, stands.y);
  };
  const here = () => map.info();

  await map.fit();
  const fit = map.info().scale;
  phases.push(await gesturePhase(run, page, 'pan, zoomed out', here, () => map.drag(4_000, 150)));
  phases.push(
    await gesturePhase(run, page, 'wheel zoom in the overview', here, async () => {
      await map.wheelTo(fit * 2.5, stands.x, stands.y, 2_000);
      await map.wheelTo(fit, stands.x, stands.y, 2_000);
    }),
  );
  await centreOnStands();
  let deepest = map.info();
  phases.push(
    await gesturePhase(
      run,
      page,
      'wheel zoom to seats and out',
      () => deepest,
      async () => {
        await map.wheelTo(CIRCLES_SCALE * 1.5, stands.x, stands.y, 3_000);
        deepest = map.info();
        await map.wheelTo(fit, stands.x, stands.y, 3_000);
      },
    ),
  );
  await centreOnStands();
  await map.wheelTo(SQUARES_SCALE, stands.x, stands.y, 1_000);
  phases.push(await gesturePhase(run, page, 'pan, zoomed in (squares)', here, () => map.drag(4_000, 150)));
  await map.wheelTo(CIRCLES_SCALE, stands.x, stands.y, 1_000);
  phases.push(await gesturePhase(run, page, 'pan, zoomed in (circles)', here, () => map.drag(4_000, 150)));

  run.counter = await DeltaCounter.watch(world.url, world.showId);
  const deltas: DeltaFigures[] = [];
  await centreOnStands();
  await map.wheelTo(SQUARES_SCALE, stands.x, stands.y, 1_000);
  deltas.push(await deltaPhase(run, page, 'seat changes, zoomed in (squares)', map.info()));
  await map.fit();
  deltas.push(await deltaPhase(run, page, 'seat changes, zoomed out', map.info()));
  await context.close();
  return {
    viewport: VIEWPORT,
    mapSize: map.size,
    deviceScaleFactor: DEVICE_SCALE_FACTOR,
    background,
    firstRender,
    phases,
    deltas,
  };
}

async function cleanUp(run: Run): Promise<void> {
  await run.churn?.drain().catch(() => undefined);
  run.counter?.close();
  await run.browser?.close().catch(() => undefined);
  await run.world?.dispose();
}

async function main(): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 64;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const run: Run = { options };
  let cleaning: Promise<void> | undefined;
  const cleanUpOnce = () => (cleaning ??= cleanUp(run));
  let interrupted = false;
  const interrupt = (signal: string) => {
    interrupted = true;
    progress(`${signal}: stopping and cleaning up`);
    void cleanUpOnce()
      .catch((error: unknown) => console.error('cleanup failed:', error))
      .finally(() => process.exit(130));
  };
  // A stray rejection (an input event the closing browser never answered) must not skip the cleanup.
  process.on('unhandledRejection', (error) => {
    if (interrupted) return;
    console.error(error);
    void cleanUpOnce().finally(() => process.exit(1));
  });
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  try {
    const report = await runBench(run);
    console.log(formatReport(report, options));
    if (options.json) console.log(JSON.stringify(report));
    return 0;
  } catch (error) {
    // Interrupted: closing the browser fails whatever was in progress; the cleanup says the rest.
    if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    await cleanUpOnce();
  }
}

process.exitCode = await main();
