/**
 * The budgets of issue 20 and their verdicts: every figure `npm run bench` judges, against the
 * limit a user or an operator would feel. Pure functions of the measured figures (the tests check
 * the verdicts with fixed numbers; nothing here is timed).
 *
 * A budget is PASS or FAIL when its figure was measured, and NOT MEASURED (with the reason) when
 * its section did not run or is not in this build: never a PASS it did not earn. The run's
 * verdict is FAIL when any budget fails, else PASS when every budget was measured, else PARTIAL;
 * `npm run bench` exits 1 on FAIL, 0 otherwise (see bench/bench.ts).
 */
import type { ServerLoadResult } from './http.js';
import { fmtMB, fmtMs, table } from './stats.js';

export type Verdict = 'PASS' | 'FAIL' | 'NOT MEASURED';
export type Unit = 'ms' | 'bytes' | 'count';

export interface Budget {
  /** "engine 1×", "engine 1000×", "server load", "10,000 channels". */
  section: string;
  name: string;
  /** The figure; null when not measured. */
  measured: number | null;
  op: '<=' | '>=' | '=';
  limit: number;
  unit: Unit;
  verdict: Verdict;
  /** Why not measured, or how it was measured when that differs from the budget (e.g. a --quick run). */
  note?: string;
}

export function budget(section: string, name: string, measured: number | null | undefined, op: Budget['op'], limit: number, unit: Unit, note?: string): Budget {
  if (measured === null || measured === undefined || Number.isNaN(measured)) return notMeasured(section, name, op, limit, unit, note ?? 'no figure');
  const ok = op === '<=' ? measured <= limit : op === '>=' ? measured >= limit : measured === limit;
  return { section, name, measured, op, limit, unit, verdict: ok ? 'PASS' : 'FAIL', ...(note ? { note } : {}) };
}

/** A budget whose measurement broke (a crash, a timeout): FAIL, with what happened; never a PASS. */
export function failedMeasurement(section: string, name: string, op: Budget['op'], limit: number, unit: Unit, what: string): Budget {
  return { section, name, measured: null, op, limit, unit, verdict: 'FAIL', note: `measurement failed: ${what}` };
}

export function notMeasured(section: string, name: string, op: Budget['op'], limit: number, unit: Unit, why: string): Budget {
  return { section, name, measured: null, op, limit, unit, verdict: 'NOT MEASURED', note: why };
}

/** FAIL when any budget fails; PASS when all were measured and passed; PARTIAL otherwise. */
export function overall(budgets: readonly Budget[]): 'PASS' | 'FAIL' | 'PARTIAL' {
  if (budgets.some((b) => b.verdict === 'FAIL')) return 'FAIL';
  return budgets.length && budgets.every((b) => b.verdict === 'PASS') ? 'PASS' : 'PARTIAL';
}

/** The exit code of a run: 1 when a budget failed, else 0 (a budget not measured does not fail the run). */
export const exitCodeOf = (budgets: readonly Budget[]): number => (overall(budgets) === 'FAIL' ? 1 : 0);

export function fmtValue(x: number | null, unit: Unit): string {
  if (x === null) return '—';
  if (unit === 'ms') return fmtMs(x);
  if (unit === 'bytes') return x >= 1024 ** 3 ? `${(x / 1024 ** 3).toFixed(2)} GB` : fmtMB(x);
  return String(x);
}

/** How far a failed figure is from its limit ("+34 ms (×1.3)"), for the report; '' otherwise. */
export function overBy(b: Budget): string {
  if (b.verdict !== 'FAIL' || b.measured === null) return '';
  const diff = b.measured - b.limit;
  const sign = diff > 0 ? '+' : '−';
  const ratio = b.limit !== 0 && b.measured !== 0 ? ` (×${(b.measured / b.limit).toFixed(2)})` : '';
  return `${sign}${fmtValue(Math.abs(diff), b.unit)}${b.unit === 'count' ? '' : ratio}`;
}

// ---- the budgets of issue 20, from the figures each section reports ------------------------

/** One knowledge-base size as the engine section measured it. */
export interface EngineFigures {
  factor: number;
  /** Unseen questions, ms. */
  p50: number;
  p99: number;
  /** The slowest constructed input (bench/worst.ts), ms, and its name. */
  worstMs: number | null;
  worstName?: string;
  /** `integ serve` started to its first answer, ms (null: not measured in this build). */
  readyMs: number | null;
  /** Peak RSS of the process holding the engine, bytes. */
  rss: number | null;
}

/** The server under load (bench/http.ts), as judged. */
export interface LoadFigures {
  rate: number;
  durationMs: number;
  scheduled: number;
  acked: number;
  /** Non-200 answers, bodies that are not the ack, transport errors and timeouts, plus the server's ERROR log lines (late acks are not here: they are not acknowledged). */
  errors: number;
  ackP99: number;
}

/** The 10,000-channel digest run, as judged (from the digests section's benchDigests). */
export interface DigestFigures {
  channels: number;
  /** Channels whose digest arrived exactly once. */
  exactlyOnce: number;
  /** Slot → last digest delivered, ms. */
  lastAfterSlotMs: number;
  /** Retries sent before the Retry-After of a 429 had passed. */
  retriesTooEarly: number;
}

export const BUDGET = {
  engine1x: { p50: 0.2, p99: 1, worst: 20 },
  engine1000x: { p50: 2, p99: 10, readyMs: 10_000, rss: 1.5 * 1024 ** 3 },
  load: { rate: 500, durationMs: 60_000, ackP99: 100 },
  digests: { channels: 10_000, withinMs: 5 * 60_000 },
} as const;

export interface BudgetInputs {
  /** The engine sizes measured (empty or null: the engine section did not run). */
  engine: readonly EngineFigures[] | null;
  /** Why the engine section did not run. */
  engineSkipped?: string | null;
  /** Sizes whose measurement broke (the child process crashed or timed out): their budgets FAIL. */
  engineFailed?: readonly { factor: number; error: string }[];
  load: LoadFigures | null;
  loadSkipped?: string | null;
  digests: DigestFigures | null;
  digestsSkipped?: string | null;
}

export function issueBudgets(x: BudgetInputs): Budget[] {
  const out: Budget[] = [];
  const at = (f: number) => x.engine?.find((e) => e.factor === f) ?? null;

  const broke = (f: number) => x.engineFailed?.find((e) => e.factor === f)?.error ?? null;
  const e1 = at(1);
  const s1 = 'engine 1×';
  const why1 = x.engineSkipped ?? 'the 1× size was not run';
  const broke1 = broke(1);
  if (broke1) {
    out.push(failedMeasurement(s1, 'unseen questions p50', '<=', BUDGET.engine1x.p50, 'ms', broke1));
    out.push(failedMeasurement(s1, 'unseen questions p99', '<=', BUDGET.engine1x.p99, 'ms', broke1));
    out.push(failedMeasurement(s1, 'slowest constructed input', '<=', BUDGET.engine1x.worst, 'ms', broke1));
  } else if (e1) {
    out.push(budget(s1, 'unseen questions p50', e1.p50, '<=', BUDGET.engine1x.p50, 'ms'));
    out.push(budget(s1, 'unseen questions p99', e1.p99, '<=', BUDGET.engine1x.p99, 'ms'));
    out.push(budget(s1, `slowest constructed input${e1.worstName ? ` (${e1.worstName})` : ''}`, e1.worstMs, '<=', BUDGET.engine1x.worst, 'ms'));
  } else {
    out.push(notMeasured(s1, 'unseen questions p50', '<=', BUDGET.engine1x.p50, 'ms', why1));
    out.push(notMeasured(s1, 'unseen questions p99', '<=', BUDGET.engine1x.p99, 'ms', why1));
    out.push(notMeasured(s1, 'slowest constructed input', '<=', BUDGET.engine1x.worst, 'ms', why1));
  }

  const e1000 = at(1000);
  const s1000 = 'engine 1000×';
  const why1000 = x.engineSkipped ?? '1000× not run (--sizes)';
  const rows1000: [string, number | null | undefined, number, Unit, string?][] = [
    ['unseen questions p50', e1000?.p50, BUDGET.engine1000x.p50, 'ms'],
    ['unseen questions p99', e1000?.p99, BUDGET.engine1000x.p99, 'ms'],
    ['integ serve started → first answer', e1000?.readyMs, BUDGET.engine1000x.readyMs, 'ms', 'not measured in this build'],
    ['RSS (peak)', e1000?.rss, BUDGET.engine1000x.rss, 'bytes'],
  ];
  const broke1000 = broke(1000);
  for (const [name, v, limit, unit, missing] of rows1000) {
    out.push(broke1000 ? failedMeasurement(s1000, name, '<=', limit, unit, broke1000) : e1000 ? budget(s1000, name, v, '<=', limit, unit, v === null || v === undefined ? missing : undefined) : notMeasured(s1000, name, '<=', limit, unit, why1000));
  }

  const sl = 'server load';
  const full = x.load && x.load.rate === BUDGET.load.rate && x.load.durationMs === BUDGET.load.durationMs;
  const how = x.load && !full ? `measured at ${x.load.rate}/s × ${(x.load.durationMs / 1000).toFixed(0)} s` : undefined;
  if (x.load) {
    out.push(budget(sl, `every command acknowledged within 3 s (of ${x.load.scheduled})`, x.load.acked, '>=', x.load.scheduled, 'count', how));
    out.push(budget(sl, 'ack p99, from the scheduled send time', x.load.ackP99, '<=', BUDGET.load.ackP99, 'ms', how));
    out.push(budget(sl, 'errors (non-200, not the ack, transport, ERROR log lines)', x.load.errors, '<=', 0, 'count', how));
  } else {
    const why = x.loadSkipped ?? 'the server load was not run';
    out.push(notMeasured(sl, 'every command acknowledged within 3 s', '>=', BUDGET.load.rate * (BUDGET.load.durationMs / 1000), 'count', why));
    out.push(notMeasured(sl, 'ack p99, from the scheduled send time', '<=', BUDGET.load.ackP99, 'ms', why));
    out.push(notMeasured(sl, 'errors (non-200, not the ack, transport, ERROR log lines)', '<=', 0, 'count', why));
  }

  const sd = '10,000 channels';
  if (x.digests) {
    const n = x.digests.channels;
    const how = n !== BUDGET.digests.channels ? `measured with ${n} channels, not ${BUDGET.digests.channels}` : undefined;
    out.push(budget(sd, `digests delivered exactly once (of ${n})`, x.digests.exactlyOnce, '>=', n, 'count', how));
    out.push(budget(sd, 'slot → last digest delivered', x.digests.lastAfterSlotMs, '<=', BUDGET.digests.withinMs, 'ms', how));
    out.push(budget(sd, 'retries before Retry-After', x.digests.retriesTooEarly, '<=', 0, 'count', how));
  } else {
    const why = x.digestsSkipped ?? 'not measured in this build';
    out.push(notMeasured(sd, `digests delivered exactly once`, '>=', BUDGET.digests.channels, 'count', why));
    out.push(notMeasured(sd, 'slot → last digest delivered', '<=', BUDGET.digests.withinMs, 'ms', why));
    out.push(notMeasured(sd, 'retries before Retry-After', '<=', 0, 'count', why));
  }
  return out;
}

/** The figures the server-load budgets judge. */
export function loadFigures(r: ServerLoadResult): LoadFigures {
  return { rate: r.settings.rate, durationMs: r.settings.durationMs, scheduled: r.load.scheduled, acked: r.load.acked, errors: r.load.errors + r.server.errorLines, ackP99: r.load.latency.p99 };
}

/** The budgets as a table: verdict, section, budget, measured, limit, and how far off a FAIL is. */
export function budgetTable(budgets: readonly Budget[]): string {
  const op = (b: Budget) => (b.op === '<=' ? '≤' : b.op === '>=' ? '≥' : '=');
  return table(
    [
      ['', 'section', 'budget', 'measured', 'limit', 'off by', 'note'],
      ...budgets.map((b) => [b.verdict, b.section, b.name, fmtValue(b.measured, b.unit), `${op(b)} ${fmtValue(b.limit, b.unit)}`, overBy(b), b.note ?? '']),
    ],
    3,
  );
}
