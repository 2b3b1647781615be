/**
 * The answer engine, measured in process at one knowledge-base size: index build time
 * (createEngine), time per question (questions never asked before: bench/questions.ts), heap and RSS.
 *
 * `measureEngine()` runs in the current process; `runEngineChild()` runs it in a fresh
 * `node --expose-gc dist/bench/engine-child.js` so that memory and JIT state are per size.
 */
import { INTENTS } from '../intents/index.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createEngine, type Engine } from '../src/answer/index.js';
import { loadEngine } from '../src/engine.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateQuestions, type BenchQuestion, type QuestionForm, type QuestionKind } from './questions.js';
import { msSince, median, round, roundSummary, summarise, type Summary } from './stats.js';
import { generateSynthetic, seedChars } from './synthetic.js';
import { worstInputs } from './worst.js';

export interface EngineOptions {
  /** Knowledge base size as a multiple of the real one (1 = the real knowledge). */
  factor: number;
  /** Timed questions, every one distinct and never asked before (bench/questions.ts). */
  questions: number;
  /**
   * Untimed questions before them, distinct from the timed ones: V8 keeps optimising the engine's
   * code over its first few thousand questions, as a running server does after start.
   */
  warmup: number;
  /** Extra (warm) createEngine runs after the first, cold one. */
  buildRepeats: number;
  /** Stop asking timed questions after this long (ms); at least one round of 500 always runs. */
  budgetMs: number;
  /** CPU-profile the cold build and the timed questions separately (see cpuProfiler). */
  profiler?: PhaseProfiler;
  /**
   * A folder where bench/engine-ready.ts wrote this size's knowledge and its index cache: the
   * engine is loaded from them as `integ serve` loads it (at 1,000× building it again would take
   * minutes); without it, the synthetic knowledge is made in memory and the indexes built (cold).
   */
  root?: string;
}

/** Starts and stops a CPU profile around one phase; `stop` returns the written file. */
export interface PhaseProfiler {
  start(): Promise<void>;
  stop(phase: 'build' | 'ask'): Promise<string>;
}

/** Timed questions are asked in rounds of this many (the p99 of each round is reported too). */
const ROUND = 500;

export interface EngineResult {
  factor: number;
  kb: { sources: number; facts: number; seedChars: number; quotesAppended: number };
  questions: { timed: number; warmup: number; distinct: boolean; origin: string };
  build: { coldMs: number; warmMs: number[]; medianMs: number };
  /** Per-question latency over every timed question (ms). */
  ask: Summary;
  /**
   * The process's CPU time per question (ms, microsecond resolution; its other threads, such as
   * the garbage collector's, included): what the engine costs, whatever else runs on the machine.
   */
  askCpu: Summary;
  /** Rounds of ROUND questions: the median over the rounds of each round's p50 and p99. */
  askRounds: { rounds: number; p50: number; p99: number; p99PerRound: number[] };
  /** The first ROUND warm-up questions: cold JIT (ms). */
  firstRound: Summary;
  byKind: Partial<Record<QuestionKind, Summary>>;
  byForm: Partial<Record<QuestionForm, Summary>>;
  byLang: Partial<Record<'en' | 'vi', Summary>>;
  /** The constructed worst inputs (bench/worst.ts): the slowest of 5 runs of each (ms), slowest first. */
  worst: { name: string; chars: number; ms: number }[];
  /** The slowest timed questions (ms). */
  slowest: { text: string; kind: QuestionKind; form: QuestionForm; ms: number; intent: string }[];
  answeredShare: number;
  memory: {
    /** Heap retained by the knowledge base (after GC), bytes. */
    kbHeap: number;
    /** Heap retained by the engine's indexes right after createEngine (after GC), bytes. */
    engineHeap: number;
    /** Same, after the questions, bytes. */
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
  /** CPU profiles written (when profiled; no build profile when the engine was read from its cache). */
  profiles?: { build: string | null; ask: string };
  /** The engine was loaded from files and its index cache (EngineOptions.root): build.coldMs is that load. */
  fromCache: boolean;
}

const gc = (): boolean => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
};

const group = <K extends string>(rows: { key: K; ms: number }[]): Partial<Record<K, Summary>> => {
  const by = new Map<K, number[]>();
  for (const r of rows) {
    const list = by.get(r.key) ?? [];
    list.push(r.ms);
    by.set(r.key, list);
  }
  return Object.fromEntries([...by].map(([k, v]) => [k, roundSummary(summarise(v), 4)])) as Partial<Record<K, Summary>>;
};

/** Runs the engine benchmark for one size in this process (use --expose-gc for memory figures). */
export async function measureEngine(opts: EngineOptions): Promise<EngineResult> {
  const gcExposed = gc();
  const m0 = process.memoryUsage();
  const base = loadKnowledge();
  const prof = opts.profiler;
  let t = process.hrtime.bigint();
  let engine: Engine;
  let quotesAppended = 0;
  let coldMs: number;
  let buildProfile: string | undefined;
  let m1: NodeJS.MemoryUsage;
  if (opts.root) {
    m1 = process.memoryUsage();
    engine = loadEngine({ dir: join(opts.root, 'knowledge'), seedsDir: join(opts.root, 'seeds'), cacheFile: join(opts.root, 'index-cache.bin') });
    coldMs = msSince(t);
  } else {
    const synthetic = generateSynthetic(base, opts.factor);
    quotesAppended = synthetic.quotesAppended;
    gc();
    m1 = process.memoryUsage();
    await prof?.start();
    t = process.hrtime.bigint();
    engine = createEngine(synthetic.kb, { intents: INTENTS });
    coldMs = msSince(t);
    buildProfile = await prof?.stop('build');
  }
  const kb = engine.kb;
  gc();
  const m2 = process.memoryUsage();

  const warmMs: number[] = [];
  for (let i = 0; i < opts.buildRepeats; i++) {
    t = process.hrtime.bigint();
    createEngine(kb, { intents: INTENTS });
    warmMs.push(msSince(t));
  }

  // questions from the real knowledge at every size (the same questions, so sizes compare), all
  // distinct: the warm-up's and the timed ones never meet
  const warmupQs = generateQuestions(base, opts.warmup, 7);
  const timedQs = generateQuestions(base, opts.questions, 1, new Set(warmupQs.map((q) => q.text)));
  const now = new Date();

  const first: number[] = [];
  warmupQs.forEach((q, i) => {
    t = process.hrtime.bigint();
    engine.ask(q.text, { now });
    if (i < ROUND) first.push(msSince(t));
  });

  const started = process.hrtime.bigint();
  const rows: { q: BenchQuestion; ms: number; cpuMs: number; intent: string; answered: boolean }[] = [];
  await prof?.start();
  for (const q of timedQs) {
    if (rows.length % ROUND === 0 && rows.length >= ROUND && msSince(started) > opts.budgetMs) break;
    const c0 = process.cpuUsage();
    t = process.hrtime.bigint();
    const a = engine.ask(q.text, { now });
    const ms = msSince(t);
    const c = process.cpuUsage(c0);
    rows.push({ q, ms, cpuMs: (c.user + c.system) / 1000, intent: a.intent, answered: a.answered });
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

  const all = rows.map((r) => r.ms);
  const rounds: number[][] = [];
  for (let i = 0; i < all.length; i += ROUND) rounds.push(all.slice(i, i + ROUND));
  const per = rounds.map((p) => summarise(p));
  return {
    factor: opts.factor,
    kb: { sources: kb.sources.length, facts: kb.facts.length, seedChars: seedChars(kb), quotesAppended },
    questions: { timed: rows.length, warmup: warmupQs.length, distinct: new Set([...warmupQs, ...timedQs].map((q) => q.text)).size === warmupQs.length + timedQs.length, origin: 'bench/questions.ts generateQuestions (from knowledge/)' },
    build: { coldMs: coldMs, warmMs, medianMs: median([coldMs, ...warmMs]) },
    ask: roundSummary(summarise(all), 4),
    askCpu: roundSummary(summarise(rows.map((r) => r.cpuMs)), 4),
    askRounds: { rounds: per.length, p50: round(median(per.map((x) => x.p50)), 4), p99: round(median(per.map((x) => x.p99)), 4), p99PerRound: per.map((x) => round(x.p99, 3)) },
    firstRound: roundSummary(summarise(first), 4),
    byKind: group(rows.map((r) => ({ key: r.q.kind, ms: r.ms }))),
    byForm: group(rows.map((r) => ({ key: r.q.form, ms: r.ms }))),
    byLang: group(rows.map((r) => ({ key: r.q.lang, ms: r.ms }))),
    worst,
    slowest: [...rows].sort((a, b) => b.ms - a.ms).slice(0, 8).map((r) => ({ text: r.q.text, kind: r.q.kind, form: r.q.form, ms: round(r.ms, 3), intent: r.intent })),
    answeredShare: rows.length ? rows.filter((r) => r.answered).length / rows.length : NaN,
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
    fromCache: !!opts.root,
    ...(askProfile ? { profiles: { build: buildProfile ?? null, ask: askProfile } } : {}),
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
export function runEngineChild(opts: Omit<EngineOptions, 'profiler'>, profileDir: string | null = null, timeoutMs = 15 * 60_000): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const args = [
      '--expose-gc',
      ENGINE_CHILD,
      `--factor=${opts.factor}`,
      `--questions=${opts.questions}`,
      `--warmup=${opts.warmup}`,
      `--build-repeats=${opts.buildRepeats}`,
      `--budget-ms=${opts.budgetMs}`,
      ...(opts.root ? [`--root=${opts.root}`] : []),
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
