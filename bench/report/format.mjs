// The table's cells: every figure is the median over the runs with its spread [min–max];
// ratio = figure / baseline. And the table itself, one line per row.
import { summary } from '../browser/stats.mjs';

export function fmt(x, digits) {
  if (!Number.isFinite(x)) return '-';
  const d = digits !== undefined ? digits : Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
export function cell(values, digits) {
  const s = summary(values);
  if (!s.n) return '-';
  if (s.n === 1) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}
export const med = (values) => summary(values).median;
export function ratio(a, b) {
  // (A baseline at or below zero, e.g. a per-link cost lost in the noise, has no ratio.)
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b, 2)}×` : '-';
}
export const signed = (x, digits) => (Number.isFinite(x) ? `${x > 0 ? '+' : x < 0 ? '−' : '±'}${fmt(Math.abs(x), digits)}` : '-');

// The rows as aligned columns under their header.
export function table(rows) {
  const header = ['#', 'measure', 'unit', 'figure: median [min–max]', 'baseline: median [min–max]', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
