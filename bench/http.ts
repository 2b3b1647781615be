/**
 * The HTTP benchmark: the real integ server and the no-op Bolt app, each its own process from
 * dist/, both pointed at a local Slack Web API stand-in, receiving correctly signed `/integ` slash
 * commands on 127.0.0.1 at concurrency 1 and 8, in interleaved rounds. Also start-up time (spawn →
 * port accepting connections, median of interleaved starts) and RSS after warm-up and at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SORRY } from '../src/slack/shared.js';
import { commandBody, signatureHeaders } from '../tests/helpers/sign.js';
import { startSlackStandIn } from '../tests/helpers/slack-api.js';
import { runLoad, type LoadResult } from './load.js';
import { freePort, startServer, type RunningServer, type ServerKind } from './servers.js';
import { median, roundSummary, summarise, type Summary } from './stats.js';

export interface HttpOptions {
  /** The slash command texts, used in turn. */
  questions: readonly string[];
  rounds: number;
  /** Requests per round at each concurrency (upper bounds; maxMsPerRun also bounds each run). */
  requests: Record<number, number>;
  concurrencies: readonly number[];
  maxMsPerRun: number;
  /** Requests per server before measuring (concurrency 8). */
  warmup: number;
  /** Start-ups per server (interleaved) for the start-up median. */
  startups: number;
  /** LOG_LEVEL for both servers (default "info", as in production). */
  logLevel?: string;
  /** CPU-profile the measured instance of each server into <profileDir>/<kind>/ (node --cpu-prof). */
  profileDir?: string | null;
}

export interface RunStats {
  latency: Summary;
  /** Completed requests / elapsed time over all rounds. */
  rps: number;
  rpsPerRound: number[];
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  meanResponseBytes: number;
  /** The server process's CPU time (all threads) per completed request (ms): less sensitive to other load than latency. */
  cpuMsPerRequest: number;
}

export interface ServerStats {
  startupMs: { median: number; samples: number[] };
  /** RSS after warm-up, at the end, and the median of the samples taken after warm-up and after each of the server's rounds. */
  rss: { afterWarmup: number; atEnd: number; median: number; samples: number[] };
  /** The lowdb data file and logs at the end, bytes (integ only; null for the no-op app). */
  dataFileBytes: number | null;
  /** The CPU profile of the measured instance, when profiled. */
  profile: string | null;
  /** Keyed by concurrency ("1", "8"). */
  runs: Record<string, RunStats>;
}

export interface HttpResult {
  integ: ServerStats;
  noop: ServerStats;
  /** integ ÷ noop, per concurrency, over all rounds together. */
  ratios: Record<string, { p50: number; p99: number; rps: number; cpu: number }>;
  /** integ ÷ noop per round (the two ran back to back), median over rounds (used for the targets, which the issue sets on medians of rounds): less sensitive to other load on the machine. */
  pairedRatios: Record<string, { p50: number; rps: number }>;
  startupRatio: number;
  /** integ ÷ noop, RSS medians after warm-up (rss.median). */
  rssRatio: number;
  settings: { rounds: number; requests: Record<number, number>; maxMsPerRun: number; warmup: number; startups: number; logLevel: string; questions: number };
  /** Web API calls the servers made to the stand-in, by method. */
  webApiCalls: Record<string, number>;
}

/** The fake credentials every benchmark server runs with (also bench/replicas.ts). */
export const BOT_TOKEN = 'xoxb-bench-0000-not-a-real-token';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const KINDS: ServerKind[] = ['integ', 'noop'];

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

export async function benchHttp(opts: HttpOptions, log: (line: string) => void = () => undefined): Promise<HttpResult> {
  const api = await startSlackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'integ-bench-'));
  const logLevel = opts.logLevel ?? 'info';
  const env = (kind: ServerKind): Record<string, string> => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    LOG_LEVEL: logLevel,
    INTEG_DATA_DIR: join(dataDir, kind),
  });
  // each request its own trigger_id, as Slack sends them: integ acknowledges a request whose
  // signature it has seen before (the same body in the same second) without handling it
  const bodies = opts.questions.map((text) => commandBody({ text, team_id: 'TBENCH', channel_id: 'CBENCH', user_id: 'UBENCH', trigger_id: 'TRIGGER' }));
  let sent = 0;
  const prepare = (i: number) => {
    const body = bodies[i % bodies.length].replace('TRIGGER', `bench.${++sent}`);
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(SIGNING_SECRET, body) } };
  };
  const servers = new Map<ServerKind, RunningServer>();
  const profileDirOf = (kind: ServerKind) => join(opts.profileDir!, `${kind}-server`);
  if (opts.profileDir) for (const kind of KINDS) {
    rmSync(profileDirOf(kind), { recursive: true, force: true });
    mkdirSync(profileDirOf(kind), { recursive: true });
  }
  const startups: Record<ServerKind, number[]> = { integ: [], noop: [] };

  try {
    // start-up: interleaved starts; the last instance of each stays up for the load
    for (let i = 0; i < opts.startups; i++) {
      for (const kind of i % 2 ? [...KINDS].reverse() : KINDS) {
        await servers.get(kind)?.stop();
        const last = i === opts.startups - 1;
        const nodeArgs = last && opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDirOf(kind)}`] : [];
        const s = await startServer({ kind, env: env(kind), port: await freePort(), nodeArgs });
        servers.set(kind, s);
        startups[kind].push(s.startupMs);
        log(`  ${kind}: start-up ${s.startupMs.toFixed(0)} ms (pid ${s.pid}, port ${s.port})`);
      }
    }

    /** Server CPU (ms) used during each measured run, in the order of `results`. */
    const cpu: Record<ServerKind, Record<number, number[]>> = { integ: {}, noop: {} };
    const load = async (kind: ServerKind, concurrency: number, requests: number): Promise<LoadResult> => {
      const server = servers.get(kind)!;
      const before = server.cpuMs();
      const res = await runLoad({ port: server.port, path: '/slack/events', concurrency, requests, maxMs: opts.maxMsPerRun, prepare, check: sampledAck() });
      (cpu[kind][concurrency] ??= []).push(server.cpuMs() - before);
      return res;
    };

    for (const kind of KINDS) {
      const w = await load(kind, 8, opts.warmup);
      cpu[kind][8] = []; // the warm-up is not measured
      if (w.errors) log(`  ${kind}: warm-up had ${w.errors} failed requests (${JSON.stringify(w.statuses)})\n${servers.get(kind)!.output().slice(-1500)}`);
    }
    const rssWarm = Object.fromEntries(KINDS.map((k) => [k, servers.get(k)!.rss()])) as Record<ServerKind, number>;
    // RSS moves with garbage collection: sampled after warm-up and after each round, the median compared
    const rssSamples: Record<ServerKind, number[]> = { integ: [rssWarm.integ], noop: [rssWarm.noop] };

    const results: Record<ServerKind, Record<number, LoadResult[]>> = { integ: {}, noop: {} };
    for (let r = 0; r < opts.rounds; r++) {
      for (const kind of r % 2 ? [...KINDS].reverse() : KINDS) {
        for (const c of opts.concurrencies) {
          const res = await load(kind, c, opts.requests[c] ?? 200);
          (results[kind][c] ??= []).push(res);
          log(`  round ${r + 1} ${kind.padEnd(5)} c=${c}: ${res.ok} ok, ${res.errors} errors, ${res.rps.toFixed(0)} req/s, p50 ${median(res.latencies).toFixed(2)} ms`);
        }
        rssSamples[kind].push(servers.get(kind)!.rss());
      }
    }
    const rssEnd = Object.fromEntries(KINDS.map((k) => [k, servers.get(k)!.rss()])) as Record<ServerKind, number>;
    // stop now: a profiled process writes its profile when it exits
    for (const s of servers.values()) await s.stop();
    const stored = ['integ.json', 'feedback.jsonl', 'unanswered.jsonl'].map((f) => join(dataDir, 'integ', f)).filter((f) => existsSync(f));
    const dataFileBytes = stored.length ? stored.reduce((n, f) => n + statSync(f).size, 0) : null;
    const profileOf = (kind: ServerKind): string | null => {
      if (!opts.profileDir) return null;
      const files = readdirSync(profileDirOf(kind)).filter((f) => f.endsWith('.cpuprofile'));
      return files.length ? join(profileDirOf(kind), files.sort().pop()!) : null;
    };

    const stats = (kind: ServerKind): ServerStats => ({
      startupMs: { median: median(startups[kind]), samples: startups[kind].map((x) => Math.round(x * 10) / 10) },
      rss: { afterWarmup: rssWarm[kind], atEnd: rssEnd[kind], median: median(rssSamples[kind]), samples: rssSamples[kind] },
      dataFileBytes: kind === 'integ' ? dataFileBytes : null,
      profile: profileOf(kind),
      runs: Object.fromEntries(
        opts.concurrencies.map((c) => {
          const list = results[kind][c] ?? [];
          const ok = list.reduce((a, x) => a + x.ok, 0);
          const elapsed = list.reduce((a, x) => a + x.elapsedMs, 0);
          const statuses: Record<string, number> = {};
          for (const x of list) for (const [s, n] of Object.entries(x.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
          return [
            String(c),
            {
              latency: roundSummary(summarise(list.flatMap((x) => x.latencies)), 3),
              rps: Math.round((ok / elapsed) * 1000 * 10) / 10,
              rpsPerRound: list.map((x) => Math.round(x.rps)),
              sent: list.reduce((a, x) => a + x.sent, 0),
              ok,
              errors: list.reduce((a, x) => a + x.errors, 0),
              statuses,
              meanResponseBytes: Math.round(list.reduce((a, x) => a + x.meanResponseBytes * x.ok, 0) / Math.max(1, ok)),
              cpuMsPerRequest: Math.round(((cpu[kind][c] ?? []).reduce((a, x) => a + x, 0) / Math.max(1, ok)) * 1000) / 1000,
            },
          ];
        }),
      ),
    });
    const integ = stats('integ');
    const noop = stats('noop');
    const ratios = Object.fromEntries(
      opts.concurrencies.map((c) => {
        const a = integ.runs[String(c)];
        const b = noop.runs[String(c)];
        return [String(c), { p50: a.latency.p50 / b.latency.p50, p99: a.latency.p99 / b.latency.p99, rps: a.rps / b.rps, cpu: a.cpuMsPerRequest / b.cpuMsPerRequest }];
      }),
    );
    const pairedRatios = Object.fromEntries(
      opts.concurrencies.map((c) => {
        const a = results.integ[c] ?? [];
        const b = results.noop[c] ?? [];
        const n = Math.min(a.length, b.length);
        const idx = Array.from({ length: n }, (_, i) => i);
        return [
          String(c),
          {
            p50: median(idx.map((i) => median(a[i].latencies) / median(b[i].latencies))),
            rps: median(idx.map((i) => a[i].rps / b[i].rps)),
          },
        ];
      }),
    );
    const webApiCalls: Record<string, number> = {};
    for (const call of api.calls) webApiCalls[call.method] = (webApiCalls[call.method] ?? 0) + 1;
    return {
      integ,
      noop,
      ratios,
      pairedRatios,
      startupRatio: integ.startupMs.median / noop.startupMs.median,
      rssRatio: integ.rss.median / noop.rss.median,
      settings: {
        rounds: opts.rounds,
        requests: opts.requests,
        maxMsPerRun: opts.maxMsPerRun,
        warmup: opts.warmup,
        startups: opts.startups,
        logLevel,
        questions: opts.questions.length,
      },
      webApiCalls,
    };
  } finally {
    for (const s of servers.values()) await s.stop().catch(() => undefined);
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
