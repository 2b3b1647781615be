/**
 * `npm run bench`: how fast integ answers and serves, against targets.
 *
 *   npm run bench                 human summary (progress on stderr)
 *   npm run bench -- --json       one JSON object on stdout
 *   npm run bench -- --quick      shorter run (fewer questions, rounds and requests; sizes up to 100×)
 *   (the full run measures the engine at 1×, 10×, 100× and 1,000×: the last alone takes ~10 minutes)
 *   options: --engine-only | --http-only | --sizes=1,10,100,1000 | --rounds=N | --log-level=info
 *            --save=FILE          also write the JSON object to FILE
 *            --cpu-prof[=DIR]     CPU-profile the engine (build and questions, per size) and both servers
 *                                 under load, and list the hot spots (timings then include profiler overhead)
 *   npm run bench -- --replicas   only the replicas run (also part of the default run; --no-replicas skips it):
 *                                 two `integ serve` replicas on one PostgreSQL database (BENCH_PG_URL, default
 *                                 postgres://postgres@127.0.0.1:5432/postgres; skipped when none answers), load
 *                                 round-robin across both, against one server on lowdb, same signed commands
 *   npm run bench -- --soak       only the soak run (bench/soak.ts): 20 000 mixed requests (commands,
 *                                 mentions, DMs, App Home, clicks, forged signatures) against integ serve;
 *                                 zero errors and no memory growth, or exit code 1
 *            --soak-requests=N    its size; --json and --save=FILE apply to it too
 *
 * 1. The answer engine in process (one child process per knowledge-base size: 1× real, 10×, 100×,
 *    1,000× synthetic): time per question on unseen questions (bench/questions.ts: thousands,
 *    all distinct, generated from knowledge/), the slowest constructed inputs (bench/worst.ts),
 *    index build, heap, RSS; and the start-up to the first answer in fresh processes that load the
 *    knowledge from files, without and with the index cache (bench/engine-ready.ts).
 * 2. Over HTTP: `integ serve` and, for reference only, a no-op Bolt app (separate processes from
 *    dist/), signed `/integ` slash commands on 127.0.0.1 at concurrency 1 and 8, rounds interleaved.
 *    Slack's own round trip (tens to hundreds of ms) hides these differences from users: they
 *    are reported, never targets.
 * 3. Start-up (spawn → port accepting connections) and RSS after warm-up, for both.
 * 4. Replicas (bench/replicas.ts): requests/s of two replicas on PostgreSQL vs one on lowdb.
 * 5. The default store (bench/store.ts): CPU and wall time of one write, empty and at its caps.
 * Targets are reported PASS/FAIL; they never change the exit code (only a crash does).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runEngineChild, type EngineResult } from './engine.js';
import { measureReady, type ReadyResult } from './engine-ready.js';
import { benchHttp, type HttpResult } from './http.js';
import { hotSpots, type HotSpot } from './profile.js';
import { baseQuestions } from './questions.js';
import { benchReplicas, defaultPgUrl, pgUnavailable, type ReplicasResult } from './replicas.js';
import { integUnavailable } from './servers.js';
import { formatSoak, runSoak } from './soak.js';
import { benchStore, type StoreResult } from './store.js';
import { fmtMB, fmtMs, fmtRatio, msSince, round, table, target, verdict, type Target } from './stats.js';
import { INTENTS } from '../intents/index.js';

interface Args {
  json: boolean;
  quick: boolean;
  engine: boolean;
  http: boolean;
  sizes: number[];
  rounds: number | null;
  logLevel: string;
  cpuProf: string | null;
  save: string | null;
  soak: boolean;
  soakRequests: number;
  /** Run the replicas benchmark (default on). */
  replicas: boolean;
  /** Only the replicas benchmark. */
  replicasOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, quick: false, engine: true, http: true, sizes: [], rounds: null, logLevel: 'info', cpuProf: null, save: null, soak: false, soakRequests: 20_000, replicas: true, replicasOnly: false };
  for (const arg of argv) {
    const [k, v] = arg.split(/=(.*)/s, 2);
    if (k === '--json') a.json = true;
    else if (k === '--quick') a.quick = true;
    else if (k === '--engine-only') a.http = false;
    else if (k === '--http-only') a.engine = false;
    else if (k === '--sizes' && v) a.sizes = v.split(',').map(Number);
    else if (k === '--rounds' && v) a.rounds = Number(v);
    else if (k === '--log-level' && v) a.logLevel = v;
    else if (k === '--save' && v) a.save = v;
    else if (k === '--soak') a.soak = true;
    else if (k === '--replicas') a.replicasOnly = true;
    else if (k === '--no-replicas') a.replicas = false;
    else if (k === '--soak-requests' && v) a.soakRequests = Number(v);
    else if (k === '--cpu-prof') a.cpuProf = v || join(tmpdir(), 'integ-bench-profiles');
    else if (k === '--help' || k === '-h') {
      process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, '') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  // the full run includes 1,000× (~10 minutes on 2 CPUs: its indexes take minutes to build without the cache); --quick stops at 100×
  if (!a.sizes.length) a.sizes = a.quick ? [1, 10, 100] : [1, 10, 100, 1000];
  if (a.sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error('--sizes: positive integers, e.g. --sizes=1,10,100,1000');
  if (a.rounds !== null && !(Number.isInteger(a.rounds) && a.rounds >= 1)) throw new Error('--rounds: a positive integer');
  if (!(Number.isInteger(a.soakRequests) && a.soakRequests >= 100)) throw new Error('--soak-requests: an integer of at least 100');
  if (a.replicasOnly) {
    a.engine = false;
    a.http = false;
    a.replicas = true;
  } else if (!a.http) a.replicas = false; // --engine-only
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
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${release()}`,
    memory: totalmem(),
    loadavgAtStart: loadavg().map((x) => round(x, 2)),
  };
  if (machine.loadavgAtStart[0] > machine.nproc) progress(`warning: load average ${machine.loadavgAtStart[0]} > ${machine.nproc} CPUs: other work is running, figures will be noisy`);

  // 1. engine, one process per size
  const engine: EngineEntry[] = [];
  if (args.engine) {
    for (const factor of args.sizes) {
      const s = engineSettings(factor, args.quick);
      progress(`engine ${factor}×: ${s.warmup} warm-up + ${s.questions} timed questions (all distinct, never asked before), ${s.buildRepeats} warm rebuilds…`);
      // start-up as `integ serve` starts (fresh processes, knowledge written to files): the first
      // with no index cache, the next reading it; at 1,000× the engine measured is loaded from them
      const ready = await measureReady(factor, { keep: factor >= 1000 });
      progress(`  start-up to the first answer: ${fmtMs(ready.cold.readyMs)} building the indexes (${ready.cold.from}), ${fmtMs(ready.warm.readyMs)} reading the index cache (${ready.warm.from}, ${fmtMB(ready.cacheBytes)}), RSS ${fmtMB(ready.warm.rss)}`);
      let r: EngineEntry;
      try {
        r = { ...(await runEngineChild({ factor, ...s, ...(ready.root ? { root: ready.root } : {}) }, args.cpuProf)), ready: { ...ready, root: undefined } };
      } finally {
        if (ready.root) rmSync(ready.root, { recursive: true, force: true });
      }
      if (r.profiles) r.hotSpots = { build: r.profiles.build ? summariseProfile(r.profiles.build) : null, ask: summariseProfile(r.profiles.ask) };
      progress(`  build ${fmtMs(r.build.coldMs)} (cold${r.fromCache ? ', from the index cache' : ''}), ask p50 ${fmtMs(r.ask.p50)} p99 ${fmtMs(r.ask.p99)} over ${r.ask.n} questions`);
      engine.push(r);
    }
  }

  // 2 + 3. HTTP, start-up and memory
  let http: HttpResult | null = null;
  const serverHotSpots: Partial<Record<'integ' | 'noop', ProfileSummary>> = {};
  let httpSkipped: string | null = null;
  if (args.http) {
    httpSkipped = integUnavailable();
    if (httpSkipped) progress(`HTTP benchmark skipped: ${httpSkipped}`);
    else {
      progress('HTTP: integ serve vs no-op Bolt app…');
      const { questions } = baseQuestions(INTENTS);
      const quick = args.quick;
      http = await benchHttp(
        {
          questions,
          rounds: args.rounds ?? (quick ? 3 : 9),
          concurrencies: [1, 8],
          requests: quick ? { 1: 100, 8: 300 } : { 1: 200, 8: 1000 },
          maxMsPerRun: quick ? 2000 : 4000,
          // like the engine's warm-up: V8 optimises a server's request path over its first thousands of requests
          warmup: quick ? 300 : 3000,
          startups: quick ? 1 : 3,
          logLevel: args.logLevel,
          profileDir: args.cpuProf,
        },
        progress,
      );
      for (const kind of ['integ', 'noop'] as const) {
        const file = http[kind].profile;
        if (file) serverHotSpots[kind] = summariseProfile(file);
      }
    }
  }

  // 4. replicas on PostgreSQL vs one process on lowdb
  let replicas: ReplicasResult | null = null;
  let replicasSkipped: string | null = null;
  if (args.replicas) {
    replicasSkipped = integUnavailable() ?? (await pgUnavailable(defaultPgUrl()));
    if (replicasSkipped) progress(`replicas benchmark skipped: ${replicasSkipped}`);
    else {
      progress('replicas: 2 × integ serve on PostgreSQL (round-robin) vs 1 on lowdb…');
      const { questions } = baseQuestions(INTENTS);
      replicas = await benchReplicas(
        {
          questions,
          rounds: args.rounds ?? (args.quick ? 2 : 3),
          concurrencies: [8, 16],
          requests: args.quick ? 400 : 1000,
          maxMsPerRun: args.quick ? 1500 : 2500,
          warmup: args.quick ? 100 : 300,
          logLevel: args.logLevel,
        },
        progress,
      );
    }
  }

  // 5. the default store per write, empty and at its caps
  let store: StoreResult | null = null;
  if (!args.replicasOnly) {
    progress('store: lowdb writes, empty and at the caps…');
    store = await benchStore({ samples: args.quick ? 50 : 200 });
  }

  // targets
  const at = (f: number) => engine.find((e) => e.factor === f);
  const targets: Target[] = [
    target('unseen questions p50 at 1×', at(1)?.ask.p50 ?? NaN, '<=', 0.2, 'ms'),
    target('unseen questions p99 at 1×', at(1)?.ask.p99 ?? NaN, '<=', 1, 'ms'),
    target(`slowest constructed input at 1× (${at(1)?.worst[0]?.name ?? '?'})`, at(1)?.worst[0]?.ms ?? NaN, '<=', 20, 'ms'),
    target('unseen questions p50 at 1000×', at(1000)?.ask.p50 ?? NaN, '<=', 2, 'ms'),
    target('unseen questions p99 at 1000×', at(1000)?.ask.p99 ?? NaN, '<=', 10, 'ms'),
    target('start-up to the first answer at 1000× (index cache)', at(1000)?.ready?.warm.readyMs ?? NaN, '<=', 10_000, 'ms'),
    target('RSS at 1000× after the questions', at(1000)?.memory.rss ?? NaN, '<=', 1.5 * 1024 ** 3, 'bytes'),
  ];

  const base = at(1);
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

  const result = {
    machine: { ...machine, loadavgAtEnd: loadavg().map((x) => round(x, 2)) },
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    durationMs: round(msSince(started), 0),
    engine: { sizes: engine, growth, scaling },
    http,
    httpSkipped,
    replicas,
    replicasSkipped,
    store,
    serverHotSpots,
    profiled: !!args.cpuProf,
    targets,
  };

  if (args.save) writeFileSync(args.save, `${JSON.stringify(result, null, 1)}\n`);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`${humanSummary(result)}\n`);
}

function humanSummary(r: {
  machine: { nproc: number; cpu: string; node: string; loadavgAtStart: number[]; loadavgAtEnd: number[] };
  durationMs: number;
  engine: { sizes: EngineEntry[]; growth: unknown[]; scaling: { from: number; to: number; build: number; p50: number; p99: number; heap: number } | null };
  http: HttpResult | null;
  httpSkipped: string | null;
  replicas: ReplicasResult | null;
  replicasSkipped: string | null;
  store: StoreResult | null;
  serverHotSpots: Partial<Record<'integ' | 'noop', ProfileSummary>>;
  profiled: boolean;
  targets: Target[];
}): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`integ benchmark — ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, load average ${m.loadavgAtStart[0]} → ${m.loadavgAtEnd[0]}, ${(r.durationMs / 1000).toFixed(0)} s`);
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
  if (r.http) {
    const h = r.http;
    out.push('', `HTTP (signed /integ slash commands on 127.0.0.1, ${h.settings.rounds} interleaved rounds, keep-alive, LOG_LEVEL=${h.settings.logLevel}); the no-op Bolt app for reference only`);
    const rows = [['server', 'c', 'requests', 'errors', 'p50', 'p90', 'p99', 'req/s', 'CPU/req', 'bytes/resp']];
    for (const c of Object.keys(h.integ.runs)) {
      for (const [name, s] of [['integ', h.integ], ['noop', h.noop]] as const) {
        const run = s.runs[c];
        rows.push([name, c, String(run.ok), String(run.errors), fmtMs(run.latency.p50), fmtMs(run.latency.p90), fmtMs(run.latency.p99), run.rps.toFixed(0), fmtMs(run.cpuMsPerRequest), String(run.meanResponseBytes)]);
      }
      const q = h.ratios[c];
      rows.push(['integ/noop', c, '', '', fmtRatio(q.p50), '', fmtRatio(q.p99), fmtRatio(q.rps), fmtRatio(q.cpu), '']);
      const pr = h.pairedRatios[c];
      rows.push(['  per-round median', c, '', '', fmtRatio(pr.p50), '', '', fmtRatio(pr.rps), '', '']);
    }
    out.push(table(rows));
    out.push('', 'Start-up (spawn → port accepting connections, median) and memory (RSS)');
    out.push(
      table([
        ['server', 'start-up', 'samples', 'RSS after warm-up', 'RSS (median after warm-up)', 'RSS at end'],
        ...([['integ', h.integ], ['noop', h.noop]] as const).map(([n, s]) => [n, fmtMs(s.startupMs.median), s.startupMs.samples.map((x) => x.toFixed(0)).join('/'), fmtMB(s.rss.afterWarmup), fmtMB(s.rss.median), fmtMB(s.rss.atEnd)]),
        ['integ/noop', fmtRatio(h.startupRatio), '', fmtRatio(h.integ.rss.afterWarmup / h.noop.rss.afterWarmup), fmtRatio(h.rssRatio), fmtRatio(h.integ.rss.atEnd / h.noop.rss.atEnd)],
      ]),
    );
    if (h.integ.dataFileBytes !== null) out.push(`integ's store files after the run: ${(h.integ.dataFileBytes / 1024).toFixed(0)} KB (the data file and the curators' logs)`);
    out.push(`Web API calls to the stand-in: ${Object.entries(h.webApiCalls).map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}`);
    for (const [kind, p] of Object.entries(r.serverHotSpots)) {
      out.push('', `CPU profile, ${kind} server under load (busy ${fmtMs(p!.busyMs)} of ${fmtMs(p!.totalMs)}; ${p!.file}) — top self time, % of busy:`);
      for (const x of p!.bySelf.slice(0, 12)) out.push(`  ${x.selfMs.toFixed(0).padStart(6)} ms ${(x.selfShare * 100).toFixed(1).padStart(5)}%  ${x.fn}  ${x.where}`);
    }
    if (r.profiled) out.push('(profiled run: HTTP figures include the profiler’s overhead)');
  } else if (r.httpSkipped) out.push('', `HTTP benchmark skipped: ${r.httpSkipped}`);
  if (r.replicas) {
    const x = r.replicas;
    out.push('', `Replicas (same signed /integ commands, ${x.settings.rounds} interleaved rounds): 2 × integ serve on ${x.settings.database}, load round-robin, vs 1 on lowdb`);
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
  } else if (r.replicasSkipped) out.push('', `Replicas benchmark skipped: ${r.replicasSkipped}`);
  if (r.store) {
    const st = r.store;
    out.push('', `Store (lowdb, fsync on): one write, empty and at the caps (${st.caps.records} feedback + ${st.caps.records} unanswered, ${st.caps.threads} threads, ${st.caps.events} event ids; ${fmtMB(st.bytesAtCaps)} on disk)`);
    out.push(table([['write', 'state', 'CPU per write', 'wall (median)'], ...st.rows.map((x) => [x.op, x.state, fmtMs(x.cpuMs), fmtMs(x.wallMs)])]));
  }
  out.push('', 'Targets (reported only; they never fail the run)');
  out.push(
    table([
      ['', 'target', 'measured', 'limit'],
      ...r.targets.map((t) => {
        const f = t.unit === 'ms' ? fmtMs : t.unit === 'bytes' ? fmtMB : fmtRatio;
        const over = t.pass === false ? ` (over by ${t.op === '<=' ? `${((t.measured / t.limit - 1) * 100).toFixed(0)}%` : f(t.limit - t.measured)})` : '';
        return [verdict(t), t.name, `${f(t.measured)}${over}`, `${t.op} ${f(t.limit)}`];
      }),
    ], 2),
  );
  return out.join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
