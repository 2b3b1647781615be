/**
 * The server under load (issue 20, item 3): the real `integ serve` from dist/ (lowdb store,
 * LOG_LEVEL=info as in production, SLACK_API_URL at a local Slack stand-in that also takes the
 * response_url posts) receives correctly signed `/integ` slash commands of questions it has not
 * seen, 5% of them the slowest inputs of bench/worst.ts, at a steady rate (500/s) for a fixed time
 * (60 s), open-loop: each command is sent when it is due whether or not the earlier ones have been
 * answered, and its acknowledgement latency is measured from that due time (bench/load.ts
 * runOpenLoad), so queueing in the server, or in the load generator sharing its CPUs, counts.
 *
 * A command is acknowledged when the answer (HTTP 200, the JSON ack, not the apology) arrives
 * within Slack's 3 s. Before the measured run the server answers `warmup` other unseen commands at
 * the same rate, on the same connections: a server that has been running a while has its request
 * path optimised by V8 and its clients' connections open.
 * Reported: acknowledged/late/errors, ack latency (p50…max, and for the worst inputs alone), the
 * server's CPU per command (from /proc: all its threads, user + system) and RSS at the end (and
 * its peak), the Web API and response_url calls it made, and the ERROR log lines it wrote.
 *
 * For reference, the maximum rate of the no-op Bolt app (bench/noop-app.ts: same Bolt version and
 * receiver, acks a fixed text) and of integ on the same commands: closed-loop at concurrency 16 for
 * a few seconds each, requests per second completed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SORRY } from '../src/slack/shared.js';
import { signatureHeaders } from '../tests/helpers/sign.js';
import { startSlackStandIn } from '../tests/helpers/slack-api.js';
import { openLoadAgent, runLoad, runOpenLoad, type OpenLoadResult } from './load.js';
import { generateQuestions } from './questions.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { freePort, gcOnSignalArgs, machineBusyMs, startServer, type RunningServer, type ServerKind } from './servers.js';
import { round, roundSummary, summarise, type Summary } from './stats.js';
import { worstInputs } from './worst.js';

/** The fake credentials every benchmark server runs with (also bench/replicas.ts). */
export const BOT_TOKEN = 'xoxb-bench-0000-not-a-real-token';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
/** Slack shows the user an error when a slash command is not acknowledged within 3 s. */
export const SLACK_ACK_MS = 3000;

/**
 * Unseen questions: n distinct texts, generated from the real knowledge for a seed (bench/questions.ts:
 * every kind of question, English and Vietnamese, with and without diacritics, typos).
 */
function unseenQuestions(n: number, seed: number): readonly (string | { text: string })[] {
  return generateQuestions(loadKnowledge(), n, seed);
}

export interface CommandMix {
  /** The i-th command's text. */
  texts: string[];
  /** Whether the i-th command is one of bench/worst.ts's inputs. */
  worst: boolean[];
  distinctQuestions: number;
}

/**
 * `n` command texts: unseen questions (never repeated within the mix), and in place of every
 * (1 / worstShare)-th one a worst input of bench/worst.ts, in turn.
 */
export function commandMix(n: number, worstShare: number, seed: number, questions: (n: number, seed: number) => readonly (string | { text: string })[] = unseenQuestions): CommandMix {
  const worstList = worstInputs().map((w) => w.text);
  const every = worstShare > 0 ? Math.round(1 / worstShare) : Infinity;
  const worst = Array.from({ length: n }, (_, i) => i % every === every - 1);
  const needed = worst.filter((w) => !w).length;
  const qs = questions(needed, seed).map((q) => (typeof q === 'string' ? q : q.text));
  if (new Set(qs).size < needed) throw new Error(`bench: only ${new Set(qs).size} distinct questions for ${needed} commands`);
  let q = 0;
  let w = 0;
  const texts = worst.map((isWorst) => (isWorst ? worstList[w++ % worstList.length] : qs[q++]));
  return { texts, worst, distinctQuestions: needed };
}

/** A 200 response is a success only when it is the JSON ack (not integ's apology). */
export function isAck(body: string): boolean {
  try {
    const j = JSON.parse(body) as { text?: unknown };
    return typeof j.text === 'string' && j.text !== SORRY;
  } catch {
    return false;
  }
}

/**
 * isAck for the load generator, which shares the CPUs with the servers: every response gets a
 * cheap check on the bytes (a JSON object with a text, not the apology) and every 16th the full
 * parse, so that decoding and parsing integ's 2.7 KB answers in the load generator does not count
 * against integ.
 */
export function sampledAck(): (body: Buffer) => boolean {
  let n = 0;
  const textKey = Buffer.from('"text":"');
  const sorry = Buffer.from(JSON.stringify(SORRY).slice(1, -1));
  return (body) => {
    if (n++ % 16 === 0) return isAck(body.toString('utf8'));
    return body[0] === 0x7b && body[body.length - 1] === 0x7d && body.includes(textKey) && !body.includes(sorry);
  };
}

export interface ServerLoadOptions {
  /** Commands per second, steady (the budget: 500). */
  rate: number;
  /** How long (ms; the budget: 60 s). */
  durationMs: number;
  /** Share of the commands that are bench/worst.ts inputs (0.05). */
  worstShare: number;
  /** Unseen commands answered before the measured run (open-loop at `rate`, on the connections the run then uses). */
  warmup: number;
  /** Closed-loop maximum-rate runs (integ and the no-op app), ms each; 0: skipped. */
  maxRateMs: number;
  /** LOG_LEVEL for the servers (default "info", as in production). */
  logLevel?: string;
  /** CPU-profile integ during the measured run into this directory (node --cpu-prof). */
  profileDir?: string | null;
  seed?: number;
}

export interface MaxRate {
  /** Requests completed per second, closed-loop at `concurrency`. */
  rps: number;
  concurrency: number;
  ok: number;
  errors: number;
  latency: Summary;
  cpuMsPerRequest: number;
}

export interface ServerLoadResult {
  settings: { rate: number; durationMs: number; worstShare: number; warmup: number; logLevel: string; store: string; ackWithinMs: number; questions: string };
  /** Spawn → port accepting connections (ms). */
  startupMs: number;
  /** The measured open-loop run. */
  load: {
    scheduled: number;
    /** HTTP 200 with the JSON ack within 3 s of the due time. */
    acked: number;
    late: number;
    errors: number;
    statuses: Record<string, number>;
    /** The first few failures (request index in the run, ms after its due time, what happened). */
    errorSamples: { i: number; atMs: number; what: string }[];
    /** Due time → ack, every acknowledged command (ms). */
    latency: Summary;
    /** The same, the questions only and the worst inputs only. */
    latencyQuestions: Summary;
    latencyWorst: Summary;
    /** Due time → handed to the socket (ms): how far the load generator itself fell behind. */
    sendLag: Summary;
    /** Commands answered per second over the run. */
    achievedRate: number;
    elapsedMs: number;
    /** The load generator's own CPU per command (ms). */
    generatorCpuMsPerCommand: number;
    distinctQuestions: number;
    worstCommands: number;
  };
  server: {
    pid: number;
    /** Server CPU time (all threads, user + system) during the measured run, per command (ms). */
    cpuMsPerCommand: number;
    /** The same as a share of one CPU over the run (1 = one core busy). */
    cpuCores: number;
    /**
     * CPUs the other processes of the machine kept busy during the run (all busy CPU time minus the
     * server's and the load generator's, ÷ the run's time; NaN off Linux): with the server needing
     * more CPU than was left, latencies measure the machine, not integ.
     */
    othersCores: number;
    /** The 1-minute load average at the end of the run. */
    loadavgAtEnd: number;
    rssAfterWarmup: number;
    rssAtEnd: number;
    /** The process's peak RSS (VmHWM) at the end. */
    rssPeak: number;
    /** After the run and a full GC: the live heap and RSS (null when the server did not say). */
    afterGc: { heapUsed: number; rss: number } | null;
    /** ERROR/FATAL log lines the server wrote during the whole run, and the first few. */
    errorLines: number;
    errorSamples: string[];
    logLines: number;
    /** Web API and response_url calls the server made to the stand-in, by method. */
    webApiCalls: Record<string, number>;
    dataFileBytes: number | null;
    profile: string | null;
  };
  /** Closed-loop maximum rates, for reference (null when skipped). */
  maxRate: { integ: MaxRate; noop: MaxRate } | null;
}

export async function benchServerLoad(opts: ServerLoadOptions, log: (line: string) => void = () => undefined): Promise<ServerLoadResult> {
  const api = await startSlackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'integ-bench-'));
  const logLevel = opts.logLevel ?? 'info';
  const seed = opts.seed ?? 1;
  const env = (kind: ServerKind): Record<string, string> => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    LOG_LEVEL: logLevel,
    INTEG_DATA_DIR: join(dataDir, kind),
  });
  const scheduled = Math.round((opts.rate * opts.durationMs) / 1000);
  const maxRateRequests = opts.maxRateMs > 0 ? Math.ceil((opts.maxRateMs / 1000) * 3000) : 0;
  log(`  generating ${opts.warmup + scheduled + maxRateRequests} commands (unseen questions, ${Math.round(opts.worstShare * 100)}% worst inputs)…`);
  // one mix for everything, so that no question is asked twice: warm-up, then the measured run, then the max-rate runs
  const mix = commandMix(opts.warmup + scheduled + maxRateRequests, opts.worstShare, seed);
  // 200 users in 50 channels of one workspace; each command its own trigger_id and response URL (at
  // the stand-in), as Slack sends them. The text goes last: the worst inputs (up to 40,000
  // characters) are encoded once.
  const encoded = new Map<string, string>();
  let sent = 0;
  const prepare = (i: number) => {
    const n = ++sent;
    const text = mix.texts[i];
    let field = encoded.get(text);
    if (field === undefined) {
      field = new URLSearchParams({ text }).toString();
      if (mix.worst[i]) encoded.set(text, field);
    }
    const body = `${new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'TBENCH',
      team_domain: 'bench',
      channel_id: `CBENCH${n % 50}`,
      channel_name: 'bench',
      user_id: `UBENCH${n % 200}`,
      user_name: 'bench',
      command: '/integ',
      api_app_id: 'ABENCH',
      response_url: api.responseUrl(`load-${n}`),
      trigger_id: `bench.${n}`,
    }).toString()}&${field}`;
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(SIGNING_SECRET, body) } };
  };
  const profileDir = opts.profileDir ? join(opts.profileDir, 'integ-server') : null;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  let integ: RunningServer | null = null;
  let noop: RunningServer | null = null;
  try {
    // --expose-gc and a SIGUSR2 handler only: the live heap after a full GC, read once the minute is over
    integ = await startServer({ kind: 'integ', env: env('integ'), port: await freePort(), nodeArgs: [...gcOnSignalArgs(), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] });
    log(`  integ serve: start-up ${integ.startupMs.toFixed(0)} ms (pid ${integ.pid}, port ${integ.port})`);
    const check = sampledAck();
    // the warm-up is the same load, open-loop at the same rate on the same connections: the measured
    // minute starts where a server that has been up a while is (V8 has optimised its request path,
    // the connections Slack's side keeps are open), not with a cold process and a storm of connects
    const agent = openLoadAgent();
    let offset = 0;
    if (opts.warmup > 0) {
      const w = await runOpenLoad({ port: integ.port, path: '/slack/events', rate: opts.rate, durationMs: (opts.warmup / opts.rate) * 1000, prepare: (i) => prepare(i), check, ackWithinMs: SLACK_ACK_MS, agent });
      offset = w.scheduled;
      log(`  warm-up: ${w.scheduled} commands at ${opts.rate}/s, ${w.acked} acknowledged within 3 s, ${w.errors} errors`);
      if (w.errors) log(`  warm-up errors ${JSON.stringify(w.statuses)}: ${JSON.stringify(w.errorSamples.slice(0, 3))}`);
    }
    const rssAfterWarmup = integ.rss();
    const callsBefore = api.calls.length;
    const cpu0 = integ.cpuMs();
    const machine0 = machineBusyMs();
    const loadStart = offset;
    log(`  ${opts.rate} commands/s for ${(opts.durationMs / 1000).toFixed(0)} s, open-loop…`);
    const res: OpenLoadResult = await runOpenLoad({
      port: integ.port,
      path: '/slack/events',
      rate: opts.rate,
      durationMs: opts.durationMs,
      prepare: (i) => prepare(offset + i),
      check,
      ackWithinMs: SLACK_ACK_MS,
      agent,
      onSecond: (due, done) => {
        if (due % (opts.rate * 10) < opts.rate) log(`    ${due} due, ${done} answered, RSS ${(integ!.rss() / 1048576).toFixed(0)} MB`);
      },
    });
    const cpuMs = integ.cpuMs() - cpu0;
    agent.destroy();
    const machineMs = machineBusyMs() - machine0;
    const loadavgAtEnd = loadavg()[0];
    const rssAtEnd = integ.rss();
    const rssPeak = integ.peakRss();
    const afterGc = await integ.heapAfterGc();
    const runCalls = api.calls.slice(callsBefore);
    offset += res.scheduled;

    let maxRate: ServerLoadResult['maxRate'] = null;
    if (opts.maxRateMs > 0) {
      const measure = async (server: RunningServer): Promise<MaxRate> => {
        const c0 = server.cpuMs();
        const r = await runLoad({ port: server.port, path: '/slack/events', concurrency: 16, requests: maxRateRequests, maxMs: opts.maxRateMs, prepare: (i) => prepare(offset + i), check: sampledAck() });
        offset += r.sent;
        return { rps: round(r.rps, 1), concurrency: 16, ok: r.ok, errors: r.errors, latency: roundSummary(summarise(r.latencies), 3), cpuMsPerRequest: round((server.cpuMs() - c0) / Math.max(1, r.ok), 3) };
      };
      const integMax = await measure(integ);
      log(`  integ maximum rate (closed-loop, c=16): ${integMax.rps.toFixed(0)}/s`);
      noop = await startServer({ kind: 'noop', env: env('noop'), port: await freePort() });
      await runLoad({ port: noop.port, path: '/slack/events', concurrency: 8, requests: 2000, maxMs: 10_000, prepare: (i) => prepare(offset + i), check: sampledAck() }); // warm-up
      const noopMax = await measure(noop);
      log(`  no-op Bolt app maximum rate (closed-loop, c=16): ${noopMax.rps.toFixed(0)}/s`);
      maxRate = { integ: integMax, noop: noopMax };
    }

    // stop now: a profiled process writes its profile when it exits
    await integ.stop();
    const errorSamples = integ.errorLines();
    const logLines = integ.logLines();
    const stored = ['integ.json', 'feedback.jsonl', 'unanswered.jsonl'].map((f) => join(dataDir, 'integ', f)).filter((f) => existsSync(f));
    const profileFiles = profileDir ? readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')) : [];

    const byIndex = res.byRequest;
    const pick = (worst: boolean) => {
      const out: number[] = [];
      for (let i = 0; i < byIndex.length; i++) if (mix.worst[loadStart + i] === worst && Number.isFinite(byIndex[i])) out.push(byIndex[i]);
      return out;
    };
    const webApiCalls: Record<string, number> = {};
    for (const call of runCalls) webApiCalls[call.method] = (webApiCalls[call.method] ?? 0) + 1;
    return {
      settings: {
        rate: opts.rate,
        durationMs: opts.durationMs,
        worstShare: opts.worstShare,
        warmup: opts.warmup,
        logLevel,
        store: 'lowdb',
        ackWithinMs: SLACK_ACK_MS,
        questions: 'unseen questions generated from knowledge/ (bench/questions.ts), all distinct',
      },
      startupMs: round(integ.startupMs, 1),
      load: {
        scheduled: res.scheduled,
        acked: res.acked,
        late: res.late,
        errors: res.errors,
        statuses: res.statuses,
        errorSamples: res.errorSamples,
        latency: roundSummary(summarise(res.latencies), 3),
        latencyQuestions: roundSummary(summarise(pick(false)), 3),
        latencyWorst: roundSummary(summarise(pick(true)), 3),
        sendLag: roundSummary(summarise(res.sendLag), 3),
        achievedRate: round(((res.acked + res.late) / res.elapsedMs) * 1000, 1),
        elapsedMs: round(res.elapsedMs, 0),
        generatorCpuMsPerCommand: round(res.generatorCpuMs / Math.max(1, res.scheduled), 3),
        distinctQuestions: mix.distinctQuestions,
        worstCommands: mix.worst.slice(loadStart, loadStart + res.scheduled).filter(Boolean).length,
      },
      server: {
        pid: integ.pid,
        cpuMsPerCommand: round(cpuMs / Math.max(1, res.scheduled), 3),
        cpuCores: round(cpuMs / res.elapsedMs, 2),
        othersCores: round((machineMs - cpuMs - res.generatorCpuMs) / res.elapsedMs, 2),
        loadavgAtEnd: round(loadavgAtEnd, 2),
        rssAfterWarmup,
        rssAtEnd,
        rssPeak,
        afterGc,
        errorLines: errorSamples.length,
        errorSamples: errorSamples.slice(0, 5),
        logLines,
        webApiCalls,
        dataFileBytes: stored.length ? stored.reduce((n, f) => n + statSync(f).size, 0) : null,
        profile: profileFiles.length ? join(profileDir!, profileFiles.sort().pop()!) : null,
      },
      maxRate,
    };
  } finally {
    await integ?.stop().catch(() => undefined);
    await noop?.stop().catch(() => undefined);
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
