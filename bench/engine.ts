/**
 * The answer engine, measured in process at one knowledge-base size: index build time
 * (createEngine), time per question (dev questions + variants), heap and RSS.
 *
 * `measureEngine()` runs in the current process; `runEngineChild()` runs it in a fresh
 * `node --expose-gc dist/bench/engine-child.js` so that memory and JIT state are per size.
 */
import { INTENTS } from '../intents/index.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { baseQuestions, questionSet, type QuestionKind } from './questions.js';
import { msSince, median, round, roundSummary, summarise, type Summary } from './stats.js';
import { generateSynthetic, seedChars } from './synthetic.js';
import { worstInputs } from './worst.js';

export interface EngineOptions {
  /** Knowledge base size as a multiple of the real one (1 = the real knowledge). */
  factor: number;
  /** Timed passes over the question set (each with different variants), after the warm-up passes. */
  passes: number;
  /**
   * Untimed passes before them (the first is timed on its own as the cold "first pass"): V8 keeps
   * optimising the engine's code for the first ~3,000 questions, and a question that overlaps that
   * work can take a few ms (measured: 2-6 ms p99 per pass in passes 2-10 at 1×, under 1 ms from
   * about pass 15); a running server is past that after its first few thousand questions. Default 1.
   */
  warmupPasses?: number;
  /** Extra (warm) createEngine runs after the first, cold one. */
  buildRepeats: number;
  /** Stop starting new passes after this long (ms); at least one timed pass always runs. */
  budgetMs: number;
  /** CPU-profile the cold build and the timed passes separately (see cpuProfiler). */
  profiler?: PhaseProfiler;
}

/** Starts and stops a CPU profile around one phase; `stop` returns the written file. */
export interface PhaseProfiler {
  start(): Promise<void>;
  stop(phase: 'build' | 'ask'): Promise<string>;
}

export interface EngineResult {
  factor: number;
  kb: { sources: number; facts: number; seedChars: number; quotesAppended: number };
  questions: { base: number; perPass: number; timed: number; warmupPasses: number; origin: string };
  build: { coldMs: number; warmMs: number[]; medianMs: number };
  /** Per-question latency over every timed pass (ms). */
  ask: Summary;
  /** Each timed pass is a round: the median over the passes of each pass's p50 and p99 (what the targets use). */
  askRounds: { passes: number; p50: number; p99: number; p99PerPass: number[] };
  /** The first (warm-up) pass: cold JIT, empty typo-correction cache (ms). */
  firstPass: Summary;
  byKind: Partial<Record<QuestionKind, Summary>>;
  /** The constructed worst inputs (bench/worst.ts): the slowest of 5 runs of each (ms), slowest first. */
  worst: { name: string; chars: number; ms: number }[];
  /** The slowest questions of the timed passes (ms, one entry per distinct text). */
  slowest: { text: string; kind: QuestionKind; ms: number; intent: string }[];
  answeredShare: number;
  memory: {
    /** Heap retained by the knowledge base (after GC), bytes. */
    kbHeap: number;
    /** Heap retained by the engine's indexes right after createEngine (after GC), bytes. */
    engineHeap: number;
    /** Same, after the questions (lazy typo index, caches), bytes. */
    engineHeapAfterAsk: number;
    /** Process heapUsed and RSS after the questions (after GC), bytes. */
    heapUsed: number;
    rss: number;
    /** Process RSS before loading anything (Node + modules), bytes. */
    rssBaseline: number;
    /** Peak RSS of the process over the whole measurement (index build included), bytes. */
    rssPeak: number;
  };
  gcExposed: boolean;
  /** CPU profiles written (when profiled). */
  profiles?: { build: string; ask: string };
}

const gc = (): boolean => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
};

/** Runs the engine benchmark for one size in this process (use --expose-gc for memory figures). */
export async function measureEngine(opts: EngineOptions): Promise<EngineResult> {
  const started = process.hrtime.bigint();
  const gcExposed = gc();
  const m0 = process.memoryUsage();
  const base = loadKnowledge();
  const synthetic = generateSynthetic(base, opts.factor);
  const kb = synthetic.kb;
  gc();
  const m1 = process.memoryUsage();

  const prof = opts.profiler;
  await prof?.start();
  let t = process.hrtime.bigint();
  const engine = createEngine(kb, { intents: INTENTS });
  const coldMs = msSince(t);
  const buildProfile = await prof?.stop('build');
  gc();
  const m2 = process.memoryUsage();

  const warmMs: number[] = [];
  for (let i = 0; i < opts.buildRepeats; i++) {
    t = process.hrtime.bigint();
    createEngine(kb, { intents: INTENTS });
    warmMs.push(msSince(t));
  }

  const { questions: baseQs, origin } = baseQuestions(engine.intents);
  const now = new Date();

  // warm-up: the first pass (seed 0) is timed on its own as the "first pass"; the others are not timed
  const warmupPasses = Math.max(1, opts.warmupPasses ?? 1);
  const first: number[] = [];
  for (const q of questionSet(baseQs, 0)) {
    t = process.hrtime.bigint();
    engine.ask(q.text, { now });
    first.push(msSince(t));
  }
  for (let w = 1; w < warmupPasses; w++) for (const q of questionSet(baseQs, 1000 + w)) engine.ask(q.text, { now });

  const all: number[] = [];
  const passes: number[][] = [];
  const byKind = new Map<QuestionKind, number[]>();
  const slow = new Map<string, { text: string; kind: QuestionKind; ms: number; intent: string }>();
  let answered = 0;
  let perPass = 0;
  await prof?.start();
  for (let pass = 1; pass <= opts.passes; pass++) {
    if (pass > 1 && msSince(started) > opts.budgetMs) break;
    const qs = questionSet(baseQs, pass);
    perPass = qs.length;
    const thisPass: number[] = [];
    passes.push(thisPass);
    for (const q of qs) {
      t = process.hrtime.bigint();
      const a = engine.ask(q.text, { now });
      const ms = msSince(t);
      all.push(ms);
      thisPass.push(ms);
      if (a.answered) answered++;
      const list = byKind.get(q.kind) ?? [];
      list.push(ms);
      byKind.set(q.kind, list);
      const prev = slow.get(q.text);
      if (!prev || prev.ms < ms) slow.set(q.text, { text: q.text, kind: q.kind, ms, intent: a.intent });
    }
  }
  const askProfile = await prof?.stop('ask');
  const worst = worstInputs().map(({ name, text }) => {
    let ms = 0;
    for (let i = 0; i < 5; i++) {
      t = process.hrtime.bigint();
      engine.ask(`${text} ${i}`, { now });
      ms = Math.max(ms, msSince(t));
    }
    return { name, chars: text.length, ms: round(ms, 3) };
  }).sort((a, b) => b.ms - a.ms);
  gc();
  const m3 = process.memoryUsage();

  return {
    factor: opts.factor,
    kb: { sources: kb.sources.length, facts: kb.facts.length, seedChars: seedChars(kb), quotesAppended: synthetic.quotesAppended },
    questions: { base: baseQs.length, perPass, timed: all.length, warmupPasses, origin },
    build: { coldMs: coldMs, warmMs, medianMs: median([coldMs, ...warmMs]) },
    ask: roundSummary(summarise(all), 4),
    askRounds: (() => {
      const per = passes.map((p) => summarise(p));
      return { passes: per.length, p50: round(median(per.map((x) => x.p50)), 4), p99: round(median(per.map((x) => x.p99)), 4), p99PerPass: per.map((x) => round(x.p99, 3)) };
    })(),
    firstPass: roundSummary(summarise(first), 4),
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, roundSummary(summarise(v), 4)])),
    worst,
    slowest: [...slow.values()].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => ({ ...s, ms: Math.round(s.ms * 1000) / 1000 })),
    answeredShare: all.length ? answered / all.length : NaN,
    memory: {
      kbHeap: m1.heapUsed - m0.heapUsed,
      engineHeap: m2.heapUsed - m1.heapUsed,
      engineHeapAfterAsk: m3.heapUsed - m1.heapUsed,
      heapUsed: m3.heapUsed,
      rss: m3.rss,
      rssBaseline: m0.rss,
      rssPeak: process.resourceUsage().maxRSS * 1024,
    },
    gcExposed,
    ...(buildProfile && askProfile ? { profiles: { build: buildProfile, ask: askProfile } } : {}),
  };
}

/** A PhaseProfiler over node:inspector writing `<dir>/<phase>-<factor>x.cpuprofile`. */
export async function cpuProfiler(dir: string, factor: number): Promise<PhaseProfiler> {
  const { Session } = await import('node:inspector');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  return {
    start: () => post('Profiler.start'),
    async stop(phase) {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      const file = join(dir, `${phase}-${factor}x.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

export const ENGINE_CHILD = fileURLToPath(new URL('./engine-child.js', import.meta.url));

/**
 * Runs measureEngine in a fresh Node process (compiled JS) and returns its result. With
 * `profileDir`, the child CPU-profiles the cold build and the timed passes into that folder.
 */
export function runEngineChild(opts: Omit<EngineOptions, 'profiler'>, profileDir: string | null = null, timeoutMs = 120_000): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const args = [
      '--expose-gc',
      ENGINE_CHILD,
      `--factor=${opts.factor}`,
      `--passes=${opts.passes}`,
      `--warmup-passes=${opts.warmupPasses ?? 1}`,
      `--build-repeats=${opts.buildRepeats}`,
      `--budget-ms=${opts.budgetMs}`,
      ...(profileDir ? [`--profile-dir=${profileDir}`] : []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`engine benchmark at ${opts.factor}× exited with ${signal ?? code}: ${err.trim().slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as EngineResult);
      } catch {
        reject(new Error(`engine benchmark at ${opts.factor}× printed no result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}
