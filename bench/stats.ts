/**
 * Small statistics and formatting helpers shared by the benchmark (no dependencies).
 * Times are in milliseconds unless a name says otherwise.
 */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The q-quantile (0..1) of sorted values, nearest-rank (no interpolation); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarise(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    min: s.length ? s[0] : NaN,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Rounds to `digits` decimals (for JSON output). */
export const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** A Summary with every field rounded. */
export const roundSummary = (s: Summary, digits = 3): Summary =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'n' ? v : round(v, digits)])) as unknown as Summary;

export const fmtMs = (ms: number): string =>
  !Number.isFinite(ms) ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(3)} ms`;

export const fmtMB = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : 'n/a');

export const fmtRatio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

/** A target check: measured vs limit; `pass` is null when the value could not be measured. */
export interface Target {
  name: string;
  measured: number;
  limit: number;
  /** "<=" or ">=" */
  op: '<=' | '>=';
  unit: string;
  pass: boolean | null;
}

export function target(name: string, measured: number, op: '<=' | '>=', limit: number, unit: string): Target {
  const pass = Number.isFinite(measured) ? (op === '<=' ? measured <= limit : measured >= limit) : null;
  return { name, measured: round(measured, 4), op, limit, unit, pass };
}

export const verdict = (t: Target): string => (t.pass === null ? 'N/A ' : t.pass ? 'PASS' : 'FAIL');

/** A text table: the first `left` columns left-aligned, the others right-aligned (numbers). */
export function table(rows: string[][], left = 1): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** A deterministic PRNG (mulberry32) so generated questions and knowledge are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
