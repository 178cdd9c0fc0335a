/**
 * Pearson's chi-square test of independence for a rows x cols contingency table, used to check
 * that the waiting room's shuffle does not depend on arrival order.
 */
export function chiSquareIndependence(
  pairs: ReadonlyArray<readonly [number, number]>,
  rows: number,
  cols: number,
): { statistic: number; degreesOfFreedom: number; pValue: number } {
  const table = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (const [row, col] of pairs) table[row]![col]!++;
  const rowTotals = table.map((row) => row.reduce((sum, n) => sum + n, 0));
  const colTotals = Array.from({ length: cols }, (_, c) => table.reduce((sum, row) => sum + row[c]!, 0));
  const total = pairs.length;
  let statistic = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const expected = (rowTotals[r]! * colTotals[c]!) / total;
      if (expected > 0) statistic += (table[r]![c]! - expected) ** 2 / expected;
    }
  }
  const degreesOfFreedom = (rows - 1) * (cols - 1);
  return { statistic, degreesOfFreedom, pValue: chiSquareUpperTail(statistic, degreesOfFreedom) };
}

/** P(X >= x) for X ~ chi-square(df): the regularised upper incomplete gamma Q(df/2, x/2). */
export function chiSquareUpperTail(x: number, degreesOfFreedom: number): number {
  if (x <= 0) return 1;
  return upperRegularisedGamma(degreesOfFreedom / 2, x / 2);
}

// Numerical Recipes' gammq: the series below a + 1, the continued fraction above.
function upperRegularisedGamma(a: number, x: number): number {
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(logPrefix) * h;
}

// Lanczos approximation (g = 7, n = 9).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
