import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHARTS } from './report-charts';
import { renderReportHtml } from './report-html';
import { screenshotReport } from './report-screenshot';
import { sampleSurgeReport } from './sample-report';
import type { SurgeReport } from './surge-report-types';

const HOSTILE = '</script><img src=x onerror=alert(1)>';
const CHART_COUNT = Object.keys(REPORT_CHARTS).length;

function embeddedJson(page: string): string {
  const match = /<script type="application\/json" id="surge-report">([\s\S]*?)<\/script>/.exec(page);
  if (!match?.[1]) throw new Error('no embedded report');
  return match[1];
}

function count(text: string, pattern: RegExp): number {
  return (
    text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'))
      ?.length ?? 0
  );
}

/** Hostile text wherever the report carries free text: names, codes, notes, options. */
function hostileReport(): SurgeReport {
  const report = sampleSurgeReport();
  report.preset = HOSTILE;
  report.notes.push(HOSTILE);
  report.shows[0]!.name = HOSTILE;
  report.targets[0]!.measured = HOSTILE;
  report.experience.errorsSeen[HOSTILE] = { times: 1, fans: 1 };
  report.options[HOSTILE] = HOSTILE;
  report.machine.cpuModel = `"><svg onload=alert(1)>`;
  return report;
}

/** The shapes that trip charts up: no points at all, a single point, no process measured. */
function sparseReport(): SurgeReport {
  const report = sampleSurgeReport();
  report.shows[0]!.soldOverTime = [];
  report.shows[1]!.soldOverTime = [[0, 12]];
  report.shows[1]!.sellOutSeconds = null;
  const { timeline } = report;
  for (const key of ['t', 'connected', 'inQueue', 'admitted', 'shopping', 'ordersPaid', 'errors'] as const) {
    timeline[key] = timeline[key].slice(0, 1);
  }
  report.resources = [];
  return report;
}

describe('renderReportHtml', () => {
  it('embeds the report as JSON that reads back as the same report', () => {
    const report = sampleSurgeReport();
    expect(JSON.parse(embeddedJson(renderReportHtml(report)))).toEqual(report);
  });

  it('escapes hostile text everywhere and keeps the script elements whole', () => {
    const report = hostileReport();
    const page = renderReportHtml(report);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<svg');
    // Three scripts (data, uPlot, charts), each opened and closed exactly once.
    expect(count(page, /<script[\s>]/i)).toBe(3);
    expect(count(page, /<\/script/i)).toBe(3);
    expect(page).toContain('<li>&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;</li>');
    expect(embeddedJson(page)).not.toContain('<');
    expect(JSON.parse(embeddedJson(page))).toEqual(report);
  });

  it('references nothing outside the page', () => {
    const page = renderReportHtml(sampleSurgeReport());
    // match(), not toMatch(): a failure shows the offending bits, not the whole page.
    expect(page.match(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//gi)).toBeNull();
    expect(page.match(/@import/gi)).toBeNull();
    expect(page.match(/url\(\s*["']?\s*(https?:)?\/\//gi)).toBeNull();
    // And the browser is told to fetch nothing, should anything slip through.
    expect(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1]).toMatch(
      /^default-src 'none';/,
    );
  });

  it('inlines uPlot, script and stylesheet', () => {
    const require = createRequire(import.meta.url);
    const page = renderReportHtml(sampleSurgeReport());
    const library = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    const styles = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    expect(page).toContain(`<script>${library}</script>`);
    expect(page).toContain(`<style>${styles}</style>`);
  });

  it('says plainly what went wrong: marks, not colour alone', () => {
    const report = sampleSurgeReport();
    report.integrity.redis.doubleSold = 2;
    report.integrity.clean = false;
    report.summary.doubleSold = 2;
    report.summary.reconciled = false;
    const page = renderReportHtml(report);
    const verdict = /<p class="verdict [^"]*"[^>]*>.*?<\/p>/.exec(page)?.[0];
    expect(verdict).toContain('class="verdict bad"');
    expect(verdict).toContain('✗ 0 oversold, 2 double-sold');
    expect(verdict).toContain('✗ Redis and PostgreSQL disagree');
    const problems = page.match(/<tr class="problem">.*?<\/tr>/g) ?? [];
    expect(problems).toContain(
      '<tr class="problem"><td>Seats sold twice<span class="reading">Redis</span></td><td class="num"><span class="mark bad">✗ 2</span></td></tr>',
    );
    expect(problems.some((row) => row.includes('✗ not met'))).toBe(true);
  });
});

/** The page in Debian's Chromium: every chart drawn, no error, nothing fetched, no sideways scroll. */
describe('the report in Chromium', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'surge-report-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(report: SurgeReport, name: string, width: number, height: number) {
    const htmlPath = join(dir, `${name}.html`);
    writeFileSync(htmlPath, renderReportHtml(report));
    return screenshotReport(htmlPath, join(dir, `${name}.png`), { width, height });
  }

  it.each([
    ['desktop', 1280, 900],
    ['phone', 390, 844],
  ])('draws every chart on a %s (%i x %i)', { timeout: 60_000 }, async (name, width, height) => {
    const shot = await open(sampleSurgeReport(), name, width, height);
    expect(shot.consoleErrors).toEqual([]);
    expect(shot.requests).toEqual([]);
    expect(shot.canvasCount).toBe(CHART_COUNT);
    expect(shot.canvases.map((canvas) => canvas.id)).toEqual(Object.values(REPORT_CHARTS).map((c) => c.id));
    for (const canvas of shot.canvases) {
      expect(canvas.width, canvas.id).toBeGreaterThan(width / 3);
      expect(canvas.width, canvas.id).toBeLessThanOrEqual(width);
      expect(canvas.height, canvas.id).toBeGreaterThan(100);
    }
    expect(shot.pageWidth).toBeLessThanOrEqual(width);
    const png = readFileSync(shot.pngPath);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(width); // IHDR: the full page, as wide as the viewport
    expect(png.readUInt32BE(20)).toBeGreaterThan(height);
    expect(statSync(shot.pngPath).size).toBeGreaterThan(50_000);
  });

  it('draws empty and single-point charts without an error', { timeout: 60_000 }, async () => {
    const shot = await open(sparseReport(), 'sparse', 1280, 900);
    expect(shot.consoleErrors).toEqual([]);
    expect(shot.canvasCount).toBe(CHART_COUNT);
    for (const canvas of shot.canvases) expect(canvas.width, canvas.id).toBeGreaterThan(0);
  });

  it('draws the hostile report as text, running none of it', { timeout: 60_000 }, async () => {
    const shot = await open(hostileReport(), 'hostile', 1280, 900);
    expect(shot.consoleErrors).toEqual([]);
    expect(shot.requests).toEqual([]);
    expect(shot.canvasCount).toBe(CHART_COUNT);
  });
});
