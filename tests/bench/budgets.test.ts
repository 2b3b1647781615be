/**
 * The verdicts `npm run bench` prints (bench/budgets.ts), from fixed figures: nothing here is timed.
 * A budget passes only on a figure that was measured; a section that did not run, or is not in
 * this build, is NOT MEASURED and never a PASS; a run fails (exit code 1) only when a budget fails.
 */
import { describe, expect, it } from 'vitest';
import { BUDGET, budget, budgetTable, exitCodeOf, issueBudgets, loadFigures, notMeasured, overall, overBy, type BudgetInputs, type EngineFigures } from '../../bench/budgets.js';
import type { ServerLoadResult } from '../../bench/http.js';

const MB = 1024 * 1024;
const engineAt = (factor: number, over: Partial<EngineFigures> = {}): EngineFigures => ({ factor, p50: 0.1, p99: 0.5, worstMs: 5, worstName: 'long', readyMs: 3000, rss: 300 * MB, ...over });
const fullLoad = { rate: 500, durationMs: 60_000, scheduled: 30_000, acked: 30_000, errors: 0, ackP99: 12 };
const digests = { channels: 10_000, exactlyOnce: 10_000, lastAfterSlotMs: 200_000, retriesTooEarly: 0 };
const allGood: BudgetInputs = { engine: [engineAt(1), engineAt(10), engineAt(100), engineAt(1000, { p50: 1, p99: 6 })], load: fullLoad, digests };
const find = (inputs: BudgetInputs, section: string, name: string) => issueBudgets(inputs).find((b) => b.section === section && b.name.startsWith(name))!;

describe('budget', () => {
  it('passes at the limit, fails past it, and is NOT MEASURED without a figure', () => {
    expect(budget('s', 'p99', 100, '<=', 100, 'ms').verdict).toBe('PASS');
    expect(budget('s', 'p99', 100.01, '<=', 100, 'ms').verdict).toBe('FAIL');
    expect(budget('s', 'acked', 29_999, '>=', 30_000, 'count').verdict).toBe('FAIL');
    expect(budget('s', 'acked', 30_000, '>=', 30_000, 'count').verdict).toBe('PASS');
    expect(budget('s', 'errors', 0, '=', 0, 'count').verdict).toBe('PASS');
    for (const missing of [null, undefined, NaN]) {
      const b = budget('s', 'p99', missing, '<=', 100, 'ms');
      expect(b.verdict).toBe('NOT MEASURED');
      expect(b.measured).toBeNull();
    }
  });

  it('says how far off a failure is', () => {
    expect(overBy(budget('s', 'p99', 150, '<=', 100, 'ms'))).toBe('+50.0 ms (×1.50)');
    expect(overBy(budget('s', 'acked', 29_000, '>=', 30_000, 'count'))).toBe('−1000');
    expect(overBy(budget('s', 'p99', 50, '<=', 100, 'ms'))).toBe('');
  });
});

describe('overall verdict and exit code', () => {
  it('PASS when every budget passed, PARTIAL when some were not measured, FAIL (exit 1) when one failed', () => {
    const pass = budget('s', 'a', 1, '<=', 2, 'ms');
    const fail = budget('s', 'b', 3, '<=', 2, 'ms');
    const none = notMeasured('s', 'c', '<=', 2, 'ms', 'not measured in this build');
    expect(overall([pass])).toBe('PASS');
    expect(exitCodeOf([pass])).toBe(0);
    expect(overall([pass, none])).toBe('PARTIAL');
    expect(exitCodeOf([pass, none])).toBe(0);
    expect(overall([pass, none, fail])).toBe('FAIL');
    expect(exitCodeOf([pass, none, fail])).toBe(1);
    expect(overall([])).toBe('PARTIAL');
  });
});

describe('the budgets of issue 20', () => {
  it('judges every section: engine 1×, engine 1000×, server load, 10,000 channels', () => {
    const budgets = issueBudgets(allGood);
    expect([...new Set(budgets.map((b) => b.section))]).toEqual(['engine 1×', 'engine 1000×', 'server load', '10,000 channels']);
    expect(budgets).toHaveLength(13);
    expect(budgets.every((b) => b.verdict === 'PASS')).toBe(true);
    expect(overall(budgets)).toBe('PASS');
  });

  it('holds the issue’s limits', () => {
    expect(find(allGood, 'engine 1×', 'unseen questions p50').limit).toBe(0.2);
    expect(find(allGood, 'engine 1×', 'unseen questions p99').limit).toBe(1);
    expect(find(allGood, 'engine 1×', 'slowest constructed input').limit).toBe(20);
    expect(find(allGood, 'engine 1000×', 'unseen questions p50').limit).toBe(2);
    expect(find(allGood, 'engine 1000×', 'unseen questions p99').limit).toBe(10);
    expect(find(allGood, 'engine 1000×', 'integ serve started').limit).toBe(10_000);
    expect(find(allGood, 'engine 1000×', 'RSS').limit).toBe(1.5 * 1024 ** 3);
    expect(find(allGood, 'server load', 'ack p99').limit).toBe(100);
    expect(find(allGood, 'server load', 'every command acknowledged').limit).toBe(30_000);
    expect(find(allGood, '10,000 channels', 'slot → last digest').limit).toBe(5 * 60_000);
    expect(BUDGET.load).toEqual({ rate: 500, durationMs: 60_000, ackP99: 100 });
  });

  it('fails the figure that is over, and only that one', () => {
    const budgets = issueBudgets({ ...allGood, load: { ...fullLoad, ackP99: 140 } });
    expect(budgets.filter((b) => b.verdict === 'FAIL').map((b) => `${b.section}: ${b.name}`)).toEqual(['server load: ack p99, from the scheduled send time']);
    expect(exitCodeOf(budgets)).toBe(1);
  });

  it('counts a command acknowledged late as not acknowledged', () => {
    const b = find({ ...allGood, load: { ...fullLoad, acked: 29_990 } }, 'server load', 'every command acknowledged');
    expect(b.verdict).toBe('FAIL');
  });

  it('never passes what was not measured: a missing size, a start-up not reported, the digests not in this build', () => {
    const budgets = issueBudgets({ engine: [engineAt(1), engineAt(1000, { readyMs: null })], load: null, loadSkipped: 'dist/ not built', digests: null });
    const ready = budgets.find((b) => b.name.startsWith('integ serve started'))!;
    expect(ready.verdict).toBe('NOT MEASURED');
    expect(ready.note).toBe('not measured in this build');
    expect(budgets.filter((b) => b.section === 'server load').every((b) => b.verdict === 'NOT MEASURED' && b.note === 'dist/ not built')).toBe(true);
    expect(budgets.filter((b) => b.section === '10,000 channels').every((b) => b.verdict === 'NOT MEASURED' && b.note === 'not measured in this build')).toBe(true);
    expect(overall(budgets)).toBe('PARTIAL');

    const quick = issueBudgets({ engine: [engineAt(1), engineAt(10)], engineSkipped: 'quick: 1× and 10× only', load: fullLoad, digests });
    expect(quick.filter((b) => b.section === 'engine 1000×').map((b) => [b.verdict, b.note])).toEqual(Array(4).fill(['NOT MEASURED', 'quick: 1× and 10× only']));
  });

  it('fails the budgets of a size whose measurement broke (a crash, a timeout), without a figure', () => {
    const budgets = issueBudgets({ ...allGood, engine: [engineAt(1)], engineFailed: [{ factor: 1000, error: 'engine-child exited with SIGKILL' }] });
    const big = budgets.filter((b) => b.section === 'engine 1000×');
    expect(big.map((b) => [b.verdict, b.measured, b.note])).toEqual(Array(4).fill(['FAIL', null, 'measurement failed: engine-child exited with SIGKILL']));
    expect(budgets.filter((b) => b.section === 'engine 1×').every((b) => b.verdict === 'PASS')).toBe(true);
    expect(exitCodeOf(budgets)).toBe(1);
  });

  it('notes a load run shorter or slower than the budget’s', () => {
    const b = find({ ...allGood, load: { ...fullLoad, durationMs: 10_000, scheduled: 5000, acked: 5000 } }, 'server load', 'ack p99');
    expect(b.verdict).toBe('PASS');
    expect(b.note).toBe('measured at 500/s × 10 s');
  });
});

describe('loadFigures', () => {
  it('counts the server’s ERROR log lines as errors beside the failed requests', () => {
    const r = { settings: { rate: 500, durationMs: 60_000 }, load: { scheduled: 30_000, acked: 29_998, errors: 1, latency: { p99: 42 } }, server: { errorLines: 2 } } as unknown as ServerLoadResult;
    expect(loadFigures(r)).toEqual({ rate: 500, durationMs: 60_000, scheduled: 30_000, acked: 29_998, errors: 3, ackP99: 42 });
  });
});

describe('budgetTable', () => {
  it('prints each budget with its verdict, figure, limit and note', () => {
    const text = budgetTable(issueBudgets({ ...allGood, load: { ...fullLoad, ackP99: 140 }, digests: null }));
    const lines = text.split('\n');
    expect(lines).toHaveLength(14);
    expect(lines.find((l) => l.includes('ack p99'))).toMatch(/^FAIL\s+server load\s+ack p99, from the scheduled send time\s+140\.0 ms\s+≤ 100\.0 ms\s+\+40\.0 ms \(×1\.40\)/);
    expect(lines.find((l) => l.includes('retries before Retry-After'))).toMatch(/^NOT MEASURED\s+10,000 channels.*—.*not measured in this build$/);
    expect(lines.find((l) => l.includes('RSS'))).toMatch(/^PASS\s+engine 1000×\s+RSS \(peak\)\s+300\.0 MB\s+≤ 1\.50 GB/);
  });
});
