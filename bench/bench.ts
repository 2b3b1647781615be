/**
 * `npm run bench`: the performance budgets of issue 20, each figure printed against its budget
 * (PASS / FAIL / NOT MEASURED), on work that looks like real use.
 *
 *   npm run bench                 the full run (says up front how long it may take: about 15 minutes)
 *   npm run bench -- --quick      a reduced run, under 2 minutes: fewer questions, 1× and 10× only,
 *                                 500 commands/s for 10 s instead of 60 s, no reference sections
 *   npm run -s bench -- --json    only one JSON object on stdout (progress goes to stderr; -s keeps npm's
 *                                 own "> integ bench" lines off stdout)
 *   options: --save=FILE          also write the JSON object to FILE
 *            --sizes=1,10,100,1000  knowledge-base sizes for the engine (default: these; --quick: 1,10)
 *            --rate=N --duration=S  the server load (default 500 commands/s for 60 s; --quick: 10 s)
 *            --engine-only | --load-only | --digests (the 10,000-channel run only) | --no-digests
 *            --no-reference       skip the reference sections (replicas on PostgreSQL, store writes)
 *            --log-level=info     LOG_LEVEL of the servers
 *            --cpu-prof[=DIR]     CPU-profile the engine (build and questions, per size) and integ serve
 *                                 under load, and list the hot spots (timings then include profiler overhead)
 *   npm run bench -- --replicas   only the replicas run: two `integ serve` on one PostgreSQL database
 *                                 (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                                 skipped when none answers) vs one on lowdb, same signed commands
 *   npm run bench -- --soak       only the soak run (bench/soak.ts): 20 000 mixed requests against
 *   npm run bench -- --digests    only the digest run (bench/digests.ts): 10,000 channels in 20 workspaces,
 *                                 3 replicas on PostgreSQL, a Slack stand-in with its posting limits (--quick:
 *                                 1,000 channels in 5 workspaces); --json and --save=FILE apply to it too
 *                                 integ serve; zero errors and no memory growth, or exit code 1
 *            --soak-requests=N    its size; --json and --save=FILE apply to it too
 *
 * Budgets (issue 20):
 * 1. Engine 1× (bench/engine.ts): unseen questions p50 ≤ 0.2 ms, p99 ≤ 1 ms; the slowest input
 *    that can be constructed (bench/worst.ts) ≤ 20 ms.
 * 2. Engine 1000× (synthetic knowledge, bench/synthetic.ts), with 1×/10×/100×/1000× rows: p50 ≤ 2 ms,
 *    p99 ≤ 10 ms, `integ serve` ready ≤ 10 s, RSS ≤ 1.5 GB.
 * 3. Server load (bench/http.ts): 500 signed /integ commands/s for 60 s, open-loop, through
 *    `integ serve` from dist/: every command acknowledged within 3 s, ack p99 ≤ 100 ms, no error;
 *    CPU per command and RSS reported; the no-op Bolt app's maximum rate beside it.
 * 4. 10,000 channels (the digest run): every digest exactly once, within 5 minutes, 429s honoured.
 * Reference sections (no budget): replicas on PostgreSQL vs lowdb, the store's write cost.
 *
 * Exit code: 1 when a budget FAILs (or the run crashes), 0 otherwise; a budget NOT MEASURED (its
 * section skipped, or not in this build) does not fail the run, and the verdict then says PARTIAL.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BUDGET, budgetTable, exitCodeOf, issueBudgets, loadFigures, overall, type Budget, type DigestFigures, type EngineFigures } from './budgets.js';
import { runEngineChild, type EngineResult } from './engine.js';
import { benchServerLoad, type ServerLoadResult } from './http.js';
import { measureReady, type ReadyResult } from './engine-ready.js';
import { hotSpots, type HotSpot } from './profile.js';
import { baseQuestions } from './questions.js';
import { benchReplicas, defaultPgUrl, pgUnavailable, type ReplicasResult } from './replicas.js';
import { integUnavailable } from './servers.js';
import { formatSoak, runSoak } from './soak.js';
import { benchDigests, formatDigests, type DigestsResult } from './digests.js';
import { benchStore, type StoreResult } from './store.js';
import { fmtMB, fmtMs, fmtRatio, msSince, round, table } from './stats.js';
import { INTENTS } from '../intents/index.js';

interface Args {
  json: boolean;
  quick: boolean;
  engine: boolean;
  load: boolean;
  digests: boolean;
  reference: boolean;
  sizes: number[] | null;
  rate: number;
  durationS: number | null;
  logLevel: string;
  cpuProf: string | null;
  save: string | null;
  soak: boolean;
  soakRequests: number;
  /** Only the replicas benchmark. */
  replicasOnly: boolean;
}

export const FULL_SIZES = [1, 10, 100, 1000];
export const QUICK_SIZES = [1, 10];

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, quick: false, engine: true, load: true, digests: true, reference: true, sizes: null, rate: BUDGET.load.rate, durationS: null, logLevel: 'info', cpuProf: null, save: null, soak: false, soakRequests: 20_000, replicasOnly: false };
  const only = (section: 'engine' | 'load' | 'digests') => {
    a.engine = section === 'engine';
    a.load = section === 'load';
    a.digests = section === 'digests';
    a.reference = false;
  };
  for (const arg of argv) {
    const [k, v] = arg.split(/=(.*)/s, 2);
    if (k === '--json') a.json = true;
    else if (k === '--quick') a.quick = true;
    else if (k === '--engine-only') only('engine');
    else if (k === '--load-only' || k === '--http-only') only('load');
    else if (k === '--digests') only('digests');
    else if (k === '--no-digests') a.digests = false;
    else if (k === '--no-reference' || k === '--no-replicas') a.reference = false;
    else if (k === '--sizes' && v) a.sizes = v.split(',').map(Number);
    else if (k === '--rate' && v) a.rate = Number(v);
    else if (k === '--duration' && v) a.durationS = Number(v);
    else if (k === '--log-level' && v) a.logLevel = v;
    else if (k === '--save' && v) a.save = v;
    else if (k === '--soak') a.soak = true;
    else if (k === '--replicas') a.replicasOnly = true;
    else if (k === '--soak-requests' && v) a.soakRequests = Number(v);
    else if (k === '--cpu-prof') a.cpuProf = v || join(tmpdir(), 'integ-bench-profiles');
    else if (k === '--help' || k === '-h') {
      process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, '') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  if (a.sizes && a.sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error('--sizes: positive integers, e.g. --sizes=1,10,100');
  if (!(a.rate > 0)) throw new Error('--rate: commands per second, e.g. --rate=500');
  if (a.durationS !== null && !(a.durationS > 0)) throw new Error('--duration: seconds, e.g. --duration=60');
  if (!(Number.isInteger(a.soakRequests) && a.soakRequests >= 100)) throw new Error('--soak-requests: an integer of at least 100');
  if (a.replicasOnly) {
    a.engine = false;
    a.load = false;
    a.digests = false;
  }
  if (a.quick) a.reference = false;
  return a;
}

/** Questions, warm-up, warm rebuilds and time budget per size (larger sizes ask fewer). */
function engineSettings(factor: number, quick: boolean) {
  // warm-up: V8 keeps optimising the engine over its first few thousand questions, as a server does
  if (quick) return factor >= 1000 ? { questions: 1000, warmup: 500, buildRepeats: 0, budgetMs: 20_000 } : { questions: 1500, warmup: 1500, buildRepeats: 0, budgetMs: 15_000 };
  return factor >= 1000
    ? { questions: 3000, warmup: 2000, buildRepeats: 0, budgetMs: 60_000 }
    : factor >= 100
      ? { questions: 4000, warmup: 3000, buildRepeats: 1, budgetMs: 40_000 }
      : { questions: 6000, warmup: 4000, buildRepeats: 2, budgetMs: 20_000 };
}

/**
 * The figures the budgets judge, from one engine size's result. Start-up to the first answer, and
 * the RSS of that process (as `integ serve` starts: index cache read, one question), come from the
 * engine section's `ready` measurement when it has one (bench/engine-ready.ts); until then start-up
 * is NOT MEASURED and the RSS is the engine benchmark process's peak.
 */
function engineFigures(e: EngineEntry): EngineFigures {
  const ready = (e as { ready?: { warm?: { readyMs?: number; rssPeak?: number } } }).ready?.warm;
  return {
    factor: e.factor,
    p50: e.ask.p50,
    p99: e.ask.p99,
    worstMs: e.worst[0]?.ms ?? null,
    worstName: e.worst[0]?.name,
    readyMs: ready?.readyMs ?? null,
    rss: ready?.rssPeak ?? e.memory.rssPeak,
  };
}

/** The server-load settings of a run. */
function loadSettings(args: Args) {
  return args.quick
    ? { rate: args.rate, durationMs: (args.durationS ?? 10) * 1000, warmup: 1000, maxRateMs: 0 }
    : { rate: args.rate, durationMs: (args.durationS ?? BUDGET.load.durationMs / 1000) * 1000, warmup: 3000, maxRateMs: 5000 };
}

/** The 10,000-channel digest run (bench/digests.ts); its figures as the budgets judge them. */
type DigestsRunner = (opts: { quick: boolean }, log: (line: string) => void) => Promise<DigestsResult>;
const runDigests: DigestsRunner | null = (opts, log) => benchDigests({ quick: opts.quick }, log);
function digestFigures(result: unknown): DigestFigures | null {
  const r = result as DigestsResult | null;
  if (!r || r.skipped) return null;
  // a channel posted to twice counts among `delivered` once and in `duplicates`
  return { channels: r.expected, exactlyOnce: r.delivered - r.duplicates, lastAfterSlotMs: r.lost ? Number.POSITIVE_INFINITY : r.slotToLastMs, retriesTooEarly: r.rateLimited.earlyRetries };
}

/** What the run will do and about how long it takes (said before it starts). */
function plan(args: Args, sizes: number[]): { lines: string[]; minutes: number } {
  const lines: string[] = [];
  let s = 0;
  if (args.engine) {
    const per = (f: number) => (args.quick ? (f >= 100 ? 40 : 15) : f >= 1000 ? 300 : f >= 100 ? 90 : 40);
    const t = sizes.reduce((n, f) => n + per(f), 0);
    s += t;
    lines.push(`engine at ${sizes.map((f) => `${f}×`).join(', ')} (~${Math.ceil(t / 60)} min)`);
  }
  if (args.load) {
    const l = loadSettings(args);
    const t = 20 + l.durationMs / 1000 + l.warmup / 300 + (l.maxRateMs ? 2 * (l.maxRateMs / 1000) + 10 : 0);
    s += t;
    lines.push(`server load, ${l.rate} commands/s for ${l.durationMs / 1000} s (~${Math.ceil(t / 60)} min)`);
  }
  if (args.digests) {
    const t = runDigests ? (args.quick ? 30 : 6 * 60) : 0;
    s += t;
    lines.push(runDigests ? `10,000 channels (~${Math.ceil(t / 60)} min)` : '10,000 channels: not in this build');
  }
  if (args.reference) {
    s += 90;
    lines.push('reference: replicas on PostgreSQL and store writes (~2 min)');
  }
  return { lines, minutes: Math.max(1, Math.ceil(s / 60)) };
}

interface ProfileSummary {
  file: string;
  totalMs: number;
  busyMs: number;
  bySelf: HotSpot[];
  byTotal: HotSpot[];
}
type EngineEntry = EngineResult & { hotSpots?: { build: ProfileSummary | null; ask: ProfileSummary }; ready?: Omit<ReadyResult, 'root'> & { root?: undefined } };

function summariseProfile(file: string, top = 15): ProfileSummary {
  const h = hotSpots(JSON.parse(readFileSync(file, 'utf8')));
  const r = (x: HotSpot): HotSpot => ({ ...x, selfMs: round(x.selfMs, 1), totalMs: round(x.totalMs, 1), selfShare: round(x.selfShare, 3), totalShare: round(x.totalShare, 3) });
  return { file, totalMs: round(h.totalMs, 1), busyMs: round(h.busyMs, 1), bySelf: h.bySelf.slice(0, top).map(r), byTotal: h.byTotal.slice(0, top).map(r) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.soak) {
    const r = await runSoak({ requests: args.soakRequests, concurrency: 8, maxMs: 10 * 60_000, logLevel: args.logLevel === 'info' ? 'warn' : args.logLevel }, (l) => process.stderr.write(`${l}\n`));
    if (args.save) writeFileSync(args.save, `${JSON.stringify(r, null, 1)}\n`);
    process.stdout.write(args.json ? `${JSON.stringify(r, null, 1)}\n` : `${formatSoak(r)}\n`);
    if (r.verdict !== 'PASS') process.exitCode = 1;
    return;
  }
  const started = process.hrtime.bigint();
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const sizes = args.sizes ?? (args.quick ? QUICK_SIZES : FULL_SIZES);
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${release()}`,
    memory: totalmem(),
    loadavgAtStart: loadavg().map((x) => round(x, 2)),
  };
  const mode = args.quick ? 'quick' : args.replicasOnly ? 'replicas' : 'full';
  if (!args.replicasOnly) {
    const p = plan(args, sizes);
    progress(`integ bench (${mode}): ${p.lines.join('; ')}. This may take about ${p.minutes} minute${p.minutes > 1 ? 's' : ''}${args.quick ? '' : ' (npm run bench -- --quick: under 2 minutes)'}.`);
  }
  if (machine.loadavgAtStart[0] > machine.nproc) progress(`warning: load average ${machine.loadavgAtStart[0]} > ${machine.nproc} CPUs: other work is running, figures will be noisy`);

  // 1 + 2. the engine, one process per size
  const engine: EngineEntry[] = [];
  const engineFailed: { factor: number; error: string }[] = [];
  if (args.engine) {
    for (const factor of sizes) {
      const s = engineSettings(factor, args.quick);
      progress(`engine ${factor}×: ${s.warmup} warm-up + ${s.questions} timed questions (all distinct, never asked before), ${s.buildRepeats} warm rebuilds…`);
      try {
        // start-up as `integ serve` starts (fresh processes, knowledge written to files): the first
        // with no index cache, the next reading it; at 1,000× the engine measured is loaded from them
        const ready = await measureReady(factor, { keep: factor >= 1000 });
        progress(`  start-up to the first answer: ${fmtMs(ready.cold.readyMs)} building the indexes (${ready.cold.from}), ${fmtMs(ready.warm.readyMs)} reading the index cache (${ready.warm.from}, ${fmtMB(ready.cacheBytes)}), RSS ${fmtMB(ready.warm.rss)}`);
        let r: EngineEntry;
        try {
          r = { ...(await runEngineChild({ factor, ...s, ...(ready.root ? { root: ready.root } : {}) }, args.cpuProf, factor >= 1000 ? 30 * 60_000 : 10 * 60_000)), ready: { ...ready, root: undefined } };
        } finally {
          if (ready.root) rmSync(ready.root, { recursive: true, force: true });
        }
        if (r.profiles) r.hotSpots = { build: r.profiles.build ? summariseProfile(r.profiles.build) : null, ask: summariseProfile(r.profiles.ask) };
        progress(`  build ${fmtMs(r.build.coldMs)} (cold${r.fromCache ? ', from the index cache' : ''}), ask p50 ${fmtMs(r.ask.p50)} p99 ${fmtMs(r.ask.p99)} over ${r.ask.n} questions`);
        engine.push(r);
      } catch (err) {
        // one size that breaks (a crash, a timeout) fails its budgets; the other sections still run
        const error = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
        progress(`  engine ${factor}× failed: ${error}`);
        engineFailed.push({ factor, error });
      }
    }
  }

  // 3. the server under load
  let load: ServerLoadResult | null = null;
  let loadSkipped: string | null = args.load ? null : 'not run (--engine-only / --digests / --replicas)';
  let loadHotSpots: ProfileSummary | null = null;
  if (args.load) {
    loadSkipped = integUnavailable();
    if (loadSkipped) progress(`server load skipped: ${loadSkipped}`);
    else {
      const l = loadSettings(args);
      progress(`server load: integ serve, ${l.rate} signed /integ commands/s for ${l.durationMs / 1000} s (open-loop), ${Math.round(0.05 * 100)}% the worst inputs…`);
      load = await benchServerLoad({ ...l, worstShare: 0.05, logLevel: args.logLevel, profileDir: args.cpuProf }, progress);
      if (load.server.profile) loadHotSpots = summariseProfile(load.server.profile);
      progress(`  ${load.load.acked}/${load.load.scheduled} acknowledged within 3 s, ack p50 ${fmtMs(load.load.latency.p50)} p99 ${fmtMs(load.load.latency.p99)}, server CPU ${fmtMs(load.server.cpuMsPerCommand)}/command`);
    }
  }

  // 4. ten thousand channels
  let digests: unknown = null;
  let digestsSkipped: string | null = args.digests ? null : 'not run (--no-digests / --engine-only / --load-only / --replicas)';
  if (args.digests) {
    if (!runDigests) digestsSkipped = 'not measured in this build';
    else {
      progress('10,000 channels: the Monday digest…');
      const r = await runDigests({ quick: args.quick }, progress);
      digests = r;
      if (r.skipped) digestsSkipped = r.skipped;
    }
  }

  // reference: replicas on PostgreSQL vs one process on lowdb; the default store per write
  let replicas: ReplicasResult | null = null;
  let replicasSkipped: string | null = null;
  let store: StoreResult | null = null;
  if (args.reference || args.replicasOnly) {
    replicasSkipped = integUnavailable() ?? (await pgUnavailable(defaultPgUrl()));
    if (replicasSkipped) progress(`replicas benchmark skipped: ${replicasSkipped}`);
    else {
      progress('replicas: 2 × integ serve on PostgreSQL (round-robin) vs 1 on lowdb…');
      const { questions } = baseQuestions(INTENTS);
      replicas = await benchReplicas({ questions, rounds: 3, concurrencies: [8, 16], requests: 1000, maxMsPerRun: 2500, warmup: 300, logLevel: args.logLevel }, progress);
    }
  }
  if (args.reference) {
    progress('store: lowdb writes, empty and at the caps…');
    store = await benchStore({ samples: 200 });
  }

  const budgets: Budget[] = args.replicasOnly
    ? []
    : issueBudgets({
        engine: args.engine ? engine.map(engineFigures) : null,
        engineFailed,
        engineSkipped: args.engine ? (args.quick ? `quick run: ${sizes.map((f) => `${f}×`).join(' and ')} only` : null) : 'not run (--load-only / --digests)',
        load: load ? loadFigures(load) : null,
        loadSkipped,
        digests: digestFigures(digests),
        digestsSkipped: digestsSkipped ?? (digests ? 'its result has no figures to judge' : null),
      });

  const base = engine.find((e) => e.factor === 1);
  const growth = engine.map((e) => ({
    factor: e.factor,
    facts: e.kb.facts,
    buildColdMs: round(e.build.coldMs, 1),
    buildMedianMs: round(e.build.medianMs, 1),
    askP50Ms: e.ask.p50,
    askP99Ms: e.ask.p99,
    engineHeap: e.memory.engineHeapAfterAsk,
    rss: e.memory.rss,
    vs1x: base
      ? { build: round(e.build.medianMs / base.build.medianMs, 2), p50: round(e.ask.p50 / base.ask.p50, 2), p99: round(e.ask.p99 / base.ask.p99, 2), heap: round(e.memory.engineHeapAfterAsk / base.memory.engineHeapAfterAsk, 2) }
      : null,
  }));
  // time ∝ size^k between the smallest and largest size measured
  const lo = engine[0];
  const hi = engine[engine.length - 1];
  const exponent = (a: number, b: number) => (lo && hi && hi.factor > lo.factor ? round(Math.log(b / a) / Math.log(hi.factor / lo.factor), 2) : NaN);
  const scaling = lo && hi ? { from: lo.factor, to: hi.factor, build: exponent(lo.build.medianMs, hi.build.medianMs), p50: exponent(lo.ask.p50, hi.ask.p50), p99: exponent(lo.ask.p99, hi.ask.p99), heap: exponent(lo.memory.engineHeapAfterAsk, hi.memory.engineHeapAfterAsk) } : null;

  const result: Report = {
    verdict: args.replicasOnly ? 'PARTIAL' : overall(budgets),
    budgets,
    mode,
    date: new Date().toISOString(),
    machine: { ...machine, loadavgAtEnd: loadavg().map((x) => round(x, 2)) },
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    durationMs: round(msSince(started), 0),
    engine: { sizes: engine, failed: engineFailed, growth, scaling },
    load,
    loadSkipped,
    loadHotSpots,
    digests,
    digestsSkipped,
    replicas,
    replicasSkipped,
    store,
    profiled: !!args.cpuProf,
  };

  if (args.save) writeFileSync(args.save, `${JSON.stringify(result, null, 1)}\n`);
  process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${humanSummary(result)}\n`);
  process.exitCode = exitCodeOf(budgets);
}

interface Report {
  verdict: 'PASS' | 'FAIL' | 'PARTIAL';
  budgets: Budget[];
  mode: string;
  date: string;
  machine: { nproc: number; cpu: string; node: string; platform: string; memory: number; loadavgAtStart: number[]; loadavgAtEnd: number[] };
  command: string;
  durationMs: number;
  engine: { sizes: EngineEntry[]; failed: { factor: number; error: string }[]; growth: unknown[]; scaling: { from: number; to: number; build: number; p50: number; p99: number; heap: number } | null };
  load: ServerLoadResult | null;
  loadSkipped: string | null;
  loadHotSpots: ProfileSummary | null;
  digests: unknown;
  digestsSkipped: string | null;
  replicas: ReplicasResult | null;
  replicasSkipped: string | null;
  store: StoreResult | null;
  profiled: boolean;
}

function humanSummary(r: Report): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`integ benchmark (${r.mode}) — ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, load average ${m.loadavgAtStart[0]} → ${m.loadavgAtEnd[0]}, ${(r.durationMs / 1000).toFixed(0)} s`);
  if (r.engine.sizes.length) {
    const e0 = r.engine.sizes[0];
    out.push('', `Answer engine (in process; unseen questions: ${e0.questions.timed} timed after ${e0.questions.warmup} warm-up, all distinct, generated from knowledge/ by bench/questions.ts; "1st round": the first 500 of the warm-up, cold; CPU: the process's CPU time per question, which other work on the machine does not inflate)`);
    out.push(
      table([
        ['size', 'sources', 'facts', 'build cold', 'build med', 'p50', 'p90', 'p99', 'max', 'rounds', 'p99 (median of rounds)', 'CPU p50', 'CPU p99', '1st-round p99', 'answered', 'engine heap', 'RSS', 'peak RSS'],
        ...r.engine.sizes.map((e) => [
          `${e.factor}×`,
          String(e.kb.sources),
          String(e.kb.facts),
          fmtMs(e.build.coldMs),
          fmtMs(e.build.medianMs),
          fmtMs(e.ask.p50),
          fmtMs(e.ask.p90),
          fmtMs(e.ask.p99),
          fmtMs(e.ask.max),
          String(e.askRounds.rounds),
          fmtMs(e.askRounds.p99),
          fmtMs(e.askCpu.p50),
          fmtMs(e.askCpu.p99),
          fmtMs(e.firstRound.p99),
          `${Math.round(e.answeredShare * 100)}%`,
          fmtMB(e.memory.engineHeapAfterAsk),
          fmtMB(e.memory.rss),
          fmtMB(e.memory.rssPeak),
        ]),
      ]),
    );
    const withReady = r.engine.sizes.filter((e) => e.ready);
    if (withReady.length) {
      out.push('', 'Start-up as `integ serve` loads the engine (fresh process → first answer; knowledge read from files): without the index cache (validate, build, write it), and reading it');
      out.push(
        table([
          ['size', 'facts on disk', 'no cache: ready', 'RSS', 'peak RSS', 'index cache: ready', 'RSS', 'peak RSS', 'cache file'],
          ...withReady.map((e) => {
            const x = e.ready!;
            return [`${e.factor}×`, String(x.written.facts), fmtMs(x.cold.readyMs), fmtMB(x.cold.rss), fmtMB(x.cold.rssPeak), fmtMs(x.warm.readyMs), fmtMB(x.warm.rss), fmtMB(x.warm.rssPeak), fmtMB(x.cacheBytes)];
          }),
        ]),
      );
    }
    for (const g of r.engine.growth as { factor: number; vs1x: Record<string, number> | null }[]) {
      if (g.vs1x && g.factor !== 1) out.push(`growth at ${g.factor}× the knowledge: build ×${g.vs1x.build}, p50 ×${g.vs1x.p50}, p99 ×${g.vs1x.p99}, engine heap ×${g.vs1x.heap}`);
    }
    const s = r.engine.scaling;
    if (s) out.push(`growth ${s.from}× → ${s.to}×: build ∝ size^${s.build}, p50 ∝ size^${s.p50}, p99 ∝ size^${s.p99}, heap ∝ size^${s.heap} (1 = linear)`);
    for (const e of r.engine.sizes) {
      const by = (g: Record<string, { p50: number; p99: number } | undefined>) => Object.entries(g).map(([k, v]) => `${k} ${fmtMs(v!.p50)}/${fmtMs(v!.p99)}`).join(', ');
      out.push(`p50/p99 at ${e.factor}× by kind: ${by(e.byKind)}; by form: ${by(e.byForm)}; by language: ${by(e.byLang)}`);
    }
    const hi = r.engine.sizes[r.engine.sizes.length - 1];
    out.push(`slowest at ${hi.factor}×: ${hi.slowest.slice(0, 3).map((x) => `"${x.text}" (${x.kind}) ${fmtMs(x.ms)}`).join('; ')}`);
    for (const e of r.engine.sizes) out.push(`slowest constructed inputs at ${e.factor}×: ${e.worst.slice(0, 3).map((w) => `${w.name} ${fmtMs(w.ms)}`).join('; ')}`);
    for (const e of r.engine.sizes.filter((x) => x.hotSpots)) {
      for (const phase of ['build', 'ask'] as const) {
        const p = e.hotSpots![phase];
        if (!p) continue;
        out.push('', `CPU profile, ${phase} at ${e.factor}× (${fmtMs(p.busyMs)}; ${p.file}) — top self time:`);
        for (const h of p.bySelf.slice(0, 10)) out.push(`  ${h.selfMs.toFixed(0).padStart(6)} ms ${(h.selfShare * 100).toFixed(1).padStart(5)}%  ${h.fn}  ${h.where}`);
      }
    }
    if (r.engine.sizes.some((x) => x.hotSpots)) out.push('(profiled run: engine timings include the profiler’s overhead)');
  }
  for (const f of r.engine.failed) out.push('', `Answer engine at ${f.factor}×: the measurement failed: ${f.error}`);
  if (r.load) out.push('', ...loadSummary(r.load, r.loadHotSpots));
  else if (r.loadSkipped) out.push('', `Server load: ${r.loadSkipped}`);
  if (r.digestsSkipped) out.push('', `10,000 channels: ${r.digestsSkipped}`);
  else if (r.digests) out.push('', formatDigests(r.digests as DigestsResult));
  if (r.replicas) {
    const x = r.replicas;
    out.push('', `Reference (no budget) — replicas (same signed /integ commands, closed-loop, ${x.settings.rounds} interleaved rounds): 2 × integ serve on ${x.settings.database}, load round-robin, vs 1 on lowdb`);
    const rows = [['setup', 'c', 'requests', 'errors', 'p50', 'p99', 'req/s', 'req/s per round']];
    for (const c of Object.keys(x.lowdb.runs)) {
      for (const [name, s] of [['1 × lowdb', x.lowdb], ['2 × PostgreSQL', x.postgres]] as const) {
        const run = s.runs[c];
        rows.push([name, c, String(run.ok), String(run.errors), fmtMs(run.latency.p50), fmtMs(run.latency.p99), run.rps.toFixed(0), run.rpsPerRound.join('/')]);
      }
      rows.push(['PostgreSQL/lowdb', c, '', '', fmtRatio(x.ratios[c].p50), '', fmtRatio(x.ratios[c].rps), '']);
    }
    out.push(table(rows));
    out.push(`RSS after the load: lowdb ${x.lowdb.rss.map(fmtMB).join(', ')}; replicas ${x.postgres.rss.map(fmtMB).join(', ')}. Unanswered questions both replicas wrote to the one database: ${x.rowsWritten}.`);
    out.push(`(${r.machine.nproc} CPUs shared by the servers, PostgreSQL and the load generator: more replicas only add throughput with CPUs to run them)`);
  } else if (r.replicasSkipped) out.push('', `Reference — replicas: skipped (${r.replicasSkipped})`);
  if (r.store) {
    const st = r.store;
    out.push('', `Reference (no budget) — store (lowdb, fsync on): one write, empty and at the caps (${st.caps.records} feedback + ${st.caps.records} unanswered, ${st.caps.threads} threads, ${st.caps.events} event ids; ${fmtMB(st.bytesAtCaps)} on disk)`);
    out.push(table([['write', 'state', 'CPU per write', 'wall (median)'], ...st.rows.map((x) => [x.op, x.state, fmtMs(x.cpuMs), fmtMs(x.wallMs)])]));
  }
  if (r.budgets.length) {
    out.push('', `Budgets (issue 20) — ${r.verdict}${r.mode === 'quick' ? ' (quick run: reduced, indicative; the full run is the measurement)' : ''}`);
    out.push(budgetTable(r.budgets));
  }
  return out.join('\n');
}

function loadSummary(l: ServerLoadResult, hot: ProfileSummary | null): string[] {
  const out: string[] = [];
  const s = l.settings;
  out.push(
    `Server under load — integ serve (dist/, ${s.store} store, LOG_LEVEL=${s.logLevel}): ${s.rate} signed /integ commands/s for ${s.durationMs / 1000} s, open-loop (each latency from the command's scheduled send time), ${Math.round(s.worstShare * 100)}% of them the worst inputs of bench/worst.ts, the rest unseen questions (${s.questions}); after ${s.warmup} warm-up commands at the same rate, on the same connections; load generator on the same machine`,
  );
  const row = (name: string, x: { n: number; p50: number; p90: number; p99: number; max: number }) => [name, String(x.n), fmtMs(x.p50), fmtMs(x.p90), fmtMs(x.p99), fmtMs(x.max)];
  out.push(
    table([
      ['ack latency', 'answered', 'p50', 'p90', 'p99', 'max'],
      row('all commands', l.load.latency),
      row('questions', l.load.latencyQuestions),
      row('worst inputs', l.load.latencyWorst),
    ]),
  );
  out.push(
    `${l.load.acked} of ${l.load.scheduled} acknowledged within 3 s, ${l.load.late} late, ${l.load.errors} errors (${Object.entries(l.load.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')}); ${l.load.achievedRate}/s answered over ${(l.load.elapsedMs / 1000).toFixed(1)} s`,
  );
  for (const e of l.load.errorSamples.slice(0, 3)) out.push(`  failed: command ${e.i}, ${fmtMs(e.atMs)} after it was due: ${e.what}`);
  out.push(`server CPU ${fmtMs(l.server.cpuMsPerCommand)} per command (${l.server.cpuCores} of one CPU over the run); other processes kept ${l.server.othersCores} CPUs busy meanwhile (load average ${l.server.loadavgAtEnd} at the end); load generator ${fmtMs(l.load.generatorCpuMsPerCommand)} per command, send lag p99 ${fmtMs(l.load.sendLag.p99)} (max ${fmtMs(l.load.sendLag.max)})`);
  if (l.server.othersCores > 0.25) out.push(`(a shared machine: other processes used ${l.server.othersCores} of its CPUs during the run, so these latencies are provisional)`);
  const gcd = l.server.afterGc ? `, after a full GC ${fmtMB(l.server.afterGc.rss)} (live heap ${fmtMB(l.server.afterGc.heapUsed)})` : '';
  out.push(`server RSS after warm-up ${fmtMB(l.server.rssAfterWarmup)}, at the end ${fmtMB(l.server.rssAtEnd)}${gcd}, peak ${fmtMB(l.server.rssPeak)}; start-up ${fmtMs(l.startupMs)}; store files ${l.server.dataFileBytes === null ? 'none' : fmtMB(l.server.dataFileBytes)}`);
  out.push(`server log: ${l.server.logLines} lines, ${l.server.errorLines} at ERROR${l.server.errorSamples.length ? `: ${l.server.errorSamples[0].slice(0, 300)}` : ''}; Web API / response_url calls during the run: ${Object.entries(l.server.webApiCalls).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  if (l.maxRate) {
    const x = l.maxRate;
    out.push(
      `maximum rate, for reference (closed-loop, concurrency ${x.integ.concurrency}, same kind of commands): integ ${x.integ.rps.toFixed(0)}/s (CPU ${fmtMs(x.integ.cpuMsPerRequest)}/command, p99 ${fmtMs(x.integ.latency.p99)}); no-op Bolt app ${x.noop.rps.toFixed(0)}/s (CPU ${fmtMs(x.noop.cpuMsPerRequest)}/command, p99 ${fmtMs(x.noop.latency.p99)})`,
    );
  }
  if (hot) {
    out.push('', `CPU profile, integ serve (whole run; busy ${fmtMs(hot.busyMs)} of ${fmtMs(hot.totalMs)}; ${hot.file}) — top self time, % of busy:`);
    for (const x of hot.bySelf.slice(0, 12)) out.push(`  ${x.selfMs.toFixed(0).padStart(6)} ms ${(x.selfShare * 100).toFixed(1).padStart(5)}%  ${x.fn}  ${x.where}`);
    out.push('(profiled run: the load figures include the profiler’s overhead)');
  }
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
