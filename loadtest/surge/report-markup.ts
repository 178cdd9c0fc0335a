import type { ChartSlot } from './report-charts';

/**
 * The surge report page's building blocks: markup`` that escapes every interpolated value unless
 * it is already Markup, number and time formats that read the same on every machine, and the
 * page's marks, tables, sections and chart figures (report-html.ts puts them together).
 */

// --- Escaping: markup`` escapes every interpolated value unless it is already Markup. ---

export class Markup {
  constructor(readonly text: string) {}
}

export type Content = Markup | string | number | null | undefined | readonly Content[];

export function raw(text: string): Markup {
  return new Markup(text);
}

export function markup(strings: TemplateStringsArray, ...values: Content[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, i) => (text += toHtml(value) + (strings[i + 1] ?? '')));
  return new Markup(text);
}

function toHtml(value: Content): string {
  if (value instanceof Markup) return value.text;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(toHtml).join('');
  return escapeHtml(String(value));
}

/** Numeric character references: valid in text and in attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

// --- Numbers: en-US grouping whatever the machine's locale, a dash for what is not a number. ---

export const DASH = '–';

export function formatNumber(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { maximumFractionDigits: fractionDigits });
}

/** Milliseconds: one decimal under 10 ms, whole numbers up to 10 s, then seconds. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  if (ms >= 10_000) return `${formatNumber(ms / 1000, 1)} s`;
  return `${formatNumber(ms, ms < 10 ? 1 : 0)} ms`;
}

/** Seconds: "71.4 s" under two minutes, "4 min 47 s" above. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return DASH;
  if (Math.abs(seconds) < 120) return `${formatNumber(seconds, 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${formatNumber((100 * part) / whole, 1)}%` : DASH;
}

/** "2026-03-14 04:58:30 UTC": the same wherever the page is rendered. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// --- Building blocks ---

/** A check's outcome as a symbol and a word, so that it never rests on colour alone. */
export function mark(ok: boolean | null, okText = 'met', badText = 'not met'): Markup {
  if (ok === null) return markup`<span class="mark na">– not measured</span>`;
  return ok
    ? markup`<span class="mark ok">✓ ${okText}</span>`
    : markup`<span class="mark bad">✗ ${badText}</span>`;
}

/** A count that should be 0. */
export function zeroMark(count: number): Markup {
  return count === 0 ? mark(true, '0') : mark(false, '', formatNumber(count));
}

export interface Row {
  cells: Content[];
  problem?: boolean;
}

/**
 * A table in its own scrolling box: a wide table scrolls sideways on a phone, not the page.
 * Columns from `numericFrom` on hold numbers and are aligned right.
 */
export function table(label: string, headers: string[], rows: Row[], numericFrom = headers.length): Markup {
  const align = (i: number) => raw(i >= numericFrom ? ' class="num"' : '');
  const head = headers.map((header, i) => markup`<th scope="col"${align(i)}>${header}</th>`);
  const body = rows.map(
    (row) =>
      markup`<tr${raw(row.problem ? ' class="problem"' : '')}>${row.cells.map(
        (cell, i) => markup`<td${align(i)}>${cell}</td>`,
      )}</tr>\n`,
  );
  return markup`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
</table></div>`;
}

export function section(id: string, title: string, body: Content): Markup {
  return markup`<section class="card" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>
${body}
</section>`;
}

export function chartFigure(slot: ChartSlot, aside: Content = null): Markup {
  const chart = markup`<div class="chart" id="${slot.id}"></div>`;
  return markup`<figure class="chart-card">
<figcaption><h3>${slot.title}</h3><p>${slot.caption}</p></figcaption>
${aside ? markup`<div class="chart-and-aside">${chart}${aside}</div>` : chart}
</figure>`;
}

export function empty(text: string): Markup {
  return markup`<p class="empty">${text}</p>`;
}
