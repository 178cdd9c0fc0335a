import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumPath, launchChromium } from '../../e2e/support/chromium';
import { CHARTS_SETTLED_SELECTOR } from './report-charts';

/**
 * A PNG of a surge report page in Debian's Chromium, taken once every chart has drawn.
 *
 *   node --import tsx loadtest/surge/report-screenshot.ts <report.html> [out.png]
 *     [--width 1280] [--height 900] [--full-page | --no-full-page]
 */

export interface ReportViewport {
  width: number;
  height: number;
  /** The whole page (the default), or only what fits in the viewport. */
  fullPage?: boolean;
}

/** What the page showed, for whoever wants to check it drew (the tests do). */
export interface ReportScreenshot {
  pngPath: string;
  /** One per chart: the size of the canvas each chart drew on, in CSS pixels. */
  canvases: { id: string; width: number; height: number }[];
  /** Errors the page logged or threw; a good page has none. */
  consoleErrors: string[];
  /** Anything the page tried to fetch besides itself: it should be self-contained. */
  requests: string[];
  /** Canvases on the page, and the page's width: wider than the viewport means it scrolls sideways. */
  canvasCount: number;
  pageWidth: number;
}

const CHARTS_TIMEOUT_MS = 30_000;

export async function screenshotReport(
  htmlPath: string,
  pngPath: string,
  viewport: ReportViewport,
): Promise<ReportScreenshot> {
  const pageUrl = pathToFileURL(resolve(htmlPath)).href;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url());
    });
    await page.goto(pageUrl);
    await page.waitForSelector(CHARTS_SETTLED_SELECTOR, { state: 'attached', timeout: CHARTS_TIMEOUT_MS });
    const chartsError = await page.getAttribute('body', 'data-charts-error');
    if (chartsError !== null) throw new Error(`the report's charts failed: ${chartsError}`);
    const canvases = await page.$$eval('.chart', (charts) =>
      charts.map((chart) => {
        const box = chart.querySelector('canvas')?.getBoundingClientRect();
        return { id: chart.id, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    const canvasCount = await page.locator('canvas').count();
    const pageWidth = await page.$eval('html', (root) => root.scrollWidth);
    await page.screenshot({ path: pngPath, fullPage: viewport.fullPage ?? true });
    return { pngPath, canvases, consoleErrors, requests, canvasCount, pageWidth };
  } finally {
    await browser.close();
  }
}

function usage(): string {
  return (
    'usage: node --import tsx loadtest/surge/report-screenshot.ts <report.html> [out.png] ' +
    '[--width 1280] [--height 900] [--full-page | --no-full-page]'
  );
}

function parseCommandLine(args: string[]): { htmlPath: string; pngPath: string; viewport: ReportViewport } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      width: { type: 'string', default: '1280' },
      height: { type: 'string', default: '900' },
      'full-page': { type: 'boolean', default: true },
    },
  });
  const [htmlPath, pngPath] = positionals;
  const width = Number(values.width);
  const height = Number(values.height);
  if (!htmlPath || positionals.length > 2 || !(width > 0) || !(height > 0)) throw new Error(usage());
  return {
    htmlPath,
    pngPath: pngPath ?? htmlPath.replace(/\.html?$/i, '') + '.png',
    viewport: { width, height, fullPage: values['full-page'] },
  };
}

/** A clear message and a non-zero exit when Chromium is missing, rather than playwright's. */
function requireChromium(): void {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(`Chromium is not at ${path}: apt-get install -y chromium`);
}

async function main(): Promise<void> {
  const { htmlPath, pngPath, viewport } = parseCommandLine(process.argv.slice(2));
  if (!existsSync(htmlPath)) throw new Error(`no such file: ${htmlPath}`);
  requireChromium();
  const shot = await screenshotReport(htmlPath, pngPath, viewport);
  for (const error of shot.consoleErrors) console.error(`page error: ${error}`);
  for (const url of shot.requests) console.error(`page requested: ${url}`);
  console.log(shot.pngPath);
  if (shot.consoleErrors.length > 0 || shot.requests.length > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
