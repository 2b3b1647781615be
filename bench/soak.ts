/**
 * The soak run: a bounded load of mixed requests against the compiled server
 * (`node dist/src/cli.js serve`, METRICS=1) on 127.0.0.1, with a local Slack Web API stand-in:
 * slash commands (questions, deadline add/list, digest status), mentions, DMs, App Home opens,
 * button clicks (feedback, share) and forged signatures (which must get 401). It reports errors
 * (any unexpected status or body, any failed Web API call, any reply missing or doubled, any
 * ERROR log line), throughput and latency, and RSS and heap at the start, middle and end: the
 * run passes with zero errors and no memory growth between the middle and the end.
 *
 *   npm run bench -- --soak [--soak-requests=20000] [--json]
 *   node dist/bench/soak.js [--requests=N] [--concurrency=8] [--json]
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SORRY } from '../src/slack/shared.js';
import { actionBody, commandBody, eventBody, signatureHeaders } from '../tests/helpers/sign.js';
import { startSlackStandIn, type SlackStandIn } from '../tests/helpers/slack-api.js';
import { runLoad, type LoadResult } from './load.js';
import { freePort, gcOnSignalArgs, integUnavailable, startServer, type RunningServer } from './servers.js';
import { fmtMB, median, quantile, round } from './stats.js';

export interface SoakOptions {
  /** Requests in all (upper bound; maxMs also bounds the run). */
  requests: number;
  concurrency: number;
  /** Wall-time bound for the whole load (ms). */
  maxMs: number;
  logLevel?: string;
}

export interface MemorySample {
  at: 'start' | 'middle' | 'end';
  requests: number;
  rss: number;
  /** nodejs_heap_size_used_bytes from the server's /metrics right after a full GC (null when unavailable). */
  heapUsed: number | null;
}

export interface SoakResult {
  requests: number;
  /** Every kind of problem, counted: must be 0. */
  errors: number;
  problems: string[];
  statuses: Record<string, number>;
  byKind: Record<string, number>;
  rps: number;
  latencyMs: { p50: number; p99: number; max: number };
  memory: MemorySample[];
  /** (end − middle) ÷ middle, for RSS and heap. */
  growth: { rss: number; heap: number | null };
  webApiCalls: Record<string, number>;
  dataFileBytes: number | null;
  elapsedMs: number;
  verdict: 'PASS' | 'FAIL';
}

const BOT_TOKEN = 'xoxb-soak-0000-not-a-real-token';
const SIGNING_SECRET = 'soak-signing-secret-0123456789';
const QUESTIONS = [
  'How much FDI did Vietnam attract in 2025?',
  'exports 2024',
  'Which free trade agreements has Vietnam signed?',
  'GDP growth 2025',
  'upcoming deadlines',
  'vốn FDI năm 2025',
  'what is the weather',
  'help',
];
type Kind = 'command' | 'deadline-add' | 'deadlines' | 'digest' | 'mention' | 'dm' | 'home' | 'feedback' | 'share' | 'forged';
const MIX: Kind[] = ['command', 'mention', 'command', 'dm', 'forged', 'command', 'feedback', 'mention', 'deadline-add', 'home', 'command', 'share', 'deadlines', 'dm', 'digest', 'forged'];

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';

/** The i-th request: its kind, body and headers. Deterministic. */
function request(i: number, api: SlackStandIn): { kind: Kind; body: string; headers: Record<string, string> } {
  const kind = MIX[i % MIX.length];
  const channel = `CSOAK${i % 16}`;
  const q = QUESTIONS[i % QUESTIONS.length];
  let body: string;
  switch (kind) {
    case 'command':
      body = commandBody({ text: q, channel_id: channel, response_url: api.responseUrl(`c${i}`) });
      break;
    case 'deadline-add':
      body = commandBody({ text: `deadline add 2027-0${1 + (i % 9)}-1${i % 10} Soak task ${i}`, channel_id: channel, response_url: api.responseUrl(`c${i}`) });
      break;
    case 'deadlines':
      body = commandBody({ text: 'deadlines', channel_id: channel, response_url: api.responseUrl(`c${i}`) });
      break;
    case 'digest':
      body = commandBody({ text: i % 2 ? 'digest' : 'digest preview', channel_id: channel, response_url: api.responseUrl(`c${i}`) });
      break;
    case 'mention':
      body = eventBody({ type: 'app_mention', user: 'USOAK', text: `<@UBOT> ${q}`, ts: `1700${String(i).padStart(6, '0')}.000100`, channel }, { event_id: `EvSOAK${i}` });
      break;
    case 'dm':
      body = eventBody({ type: 'message', channel_type: 'im', user: 'USOAK', text: q, ts: `1700${String(i).padStart(6, '0')}.000200`, channel: `DSOAK${i % 8}` }, { event_id: `EvSOAK${i}` });
      break;
    case 'home':
      body = eventBody({ type: 'app_home_opened', user: `USOAK${i % 5}`, channel: 'DSOAK0', tab: 'home' }, { event_id: `EvSOAK${i}` });
      break;
    case 'feedback':
    case 'share':
      body = actionBody({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'USOAK' },
        api_app_id: 'A1',
        container: { type: 'message', channel_id: channel, is_ephemeral: true },
        channel: { id: channel },
        response_url: api.responseUrl(`a${i}`),
        actions: [
          kind === 'feedback'
            ? { type: 'button', action_id: i % 2 ? 'integ_feedback_up' : 'integ_feedback_down', value: JSON.stringify({ q, i: 'fdi' }), action_ts: '1' }
            : { type: 'button', action_id: 'integ_share', value: q, action_ts: '1' },
        ],
      });
      break;
    case 'forged':
      body = commandBody({ text: 'deadline add 2027-01-01 Forged', channel_id: channel });
      return { kind, body, headers: { 'content-type': FORM, ...signatureHeaders('not-the-signing-secret', body) } };
  }
  return { kind, body, headers: { 'content-type': body.startsWith('{') ? JSON_TYPE : FORM, ...signatureHeaders(SIGNING_SECRET, body) } };
}

/** Whether the answer to a request of `kind` is the expected one. */
function acceptable(kind: Kind, status: string, body: string): boolean {
  if (kind === 'forged') return status === '401';
  if (status !== '200') return false;
  if (kind === 'command' || kind === 'deadline-add' || kind === 'deadlines' || kind === 'digest') {
    try {
      const j = JSON.parse(body) as { text?: unknown; response_type?: unknown };
      if (j.response_type !== 'ephemeral' || typeof j.text !== 'string' || j.text === SORRY) return false;
      return kind !== 'deadline-add' || j.text.startsWith('Added d');
    } catch {
      return false;
    }
  }
  return true;
}

async function heapUsed(port: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (res.status !== 200) return null;
    const m = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(await res.text());
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Waits until the server has made no Web API call for `quietMs` (its replies are all out). */
async function settle(api: SlackStandIn, quietMs = 500, maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  let n = api.calls.length;
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    if (api.calls.length !== n) {
      n = api.calls.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export async function runSoak(opts: SoakOptions, log: (line: string) => void = () => undefined): Promise<SoakResult> {
  const why = integUnavailable();
  if (why) throw new Error(`soak: ${why}`);
  const api = await startSlackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'integ-soak-'));
  let server: RunningServer | null = null;
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const latencies: number[] = [];
  const memory: MemorySample[] = [];
  const webApiCalls: Record<string, number> = {};
  const mentionReplies = new Map<string, number>(); // thread_ts of a mention → replies posted
  let dmReplies = 0;
  let sent = 0;
  let errors = 0;
  const started = Date.now();

  /** Checks and forgets the Web API calls so far (the stand-in would otherwise hold them all). */
  const drain = () => {
    for (const c of api.calls.splice(0)) {
      webApiCalls[c.method] = (webApiCalls[c.method] ?? 0) + 1;
      if (c.failed) {
        errors++;
        problems.push(`Web API ${c.method} failed`);
      }
      if (c.method === 'chat.postMessage') {
        if (String(c.args.channel).startsWith('D')) dmReplies++;
        else mentionReplies.set(String(c.args.thread_ts), (mentionReplies.get(String(c.args.thread_ts)) ?? 0) + 1);
        if (c.args.text === SORRY) {
          errors++;
          problems.push(`an apology was posted in ${c.args.channel}`);
        }
      }
      if (c.args?.link_names || c.args?.parse === 'full') {
        errors++;
        problems.push(`${c.method} asked Slack to parse names`);
      }
    }
  };
  const sample = async (at: MemorySample['at']) => {
    await settle(api);
    drain();
    // a full GC in the server (bench/gc-on-signal.ts), then the live heap
    process.kill(server!.pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 300));
    const m: MemorySample = { at, requests: sent, rss: server!.rss(), heapUsed: await heapUsed(server!.port) };
    memory.push(m);
    log(`  ${at.padEnd(6)} after ${String(sent).padStart(6)} requests: RSS ${fmtMB(m.rss)}, heap ${m.heapUsed === null ? 'n/a' : fmtMB(m.heapUsed)}`);
  };

  try {
    const port = await freePort();
    server = await startServer({
      kind: 'integ',
      port,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, LOG_LEVEL: opts.logLevel ?? 'warn', INTEG_DATA_DIR: dataDir, METRICS: '1' },
      nodeArgs: gcOnSignalArgs(),
    });
    log(`  integ serve up in ${server.startupMs.toFixed(0)} ms (pid ${server.pid}, port ${port})`);

    const phase = async (n: number, offset: number): Promise<LoadResult> => {
      const res = await runLoad({
        port,
        path: '/slack/events',
        concurrency: opts.concurrency,
        requests: n,
        maxMs: Math.max(1, opts.maxMs - (Date.now() - started)),
        prepare: (i) => {
          const r = request(offset + i, api);
          byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
          return { body: r.body, headers: r.headers };
        },
        accept: (i, status, body) => {
          const ok = acceptable(MIX[(offset + i) % MIX.length], status, body);
          if (!ok && problems.length < 50) problems.push(`request ${offset + i} (${MIX[(offset + i) % MIX.length]}): ${status} ${body.slice(0, 120)}`);
          return ok;
        },
        timeoutMs: 10_000,
      });
      sent += res.sent;
      errors += res.errors;
      latencies.push(...res.latencies);
      for (const [s, c] of Object.entries(res.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
      return res;
    };

    // warm-up (counted), then the start sample, half, the middle sample, the rest, the end sample
    const warm = Math.min(1000, Math.floor(opts.requests / 10));
    await phase(warm, 0);
    await sample('start');
    const half = Math.floor((opts.requests - warm) / 2);
    await phase(half, warm);
    await sample('middle');
    await phase(opts.requests - warm - half, warm + half);
    await sample('end');

    // every mention answered exactly once, in its thread; as many DM replies as DMs
    const doubled = [...mentionReplies.entries()].filter(([, n]) => n !== 1);
    if (doubled.length) {
      errors += doubled.length;
      problems.push(`${doubled.length} mentions answered more than once (e.g. ${doubled[0][0]} × ${doubled[0][1]})`);
    }
    if (mentionReplies.size !== (byKind.mention ?? 0)) {
      errors += Math.abs((byKind.mention ?? 0) - mentionReplies.size);
      problems.push(`${byKind.mention ?? 0} mentions sent, ${mentionReplies.size} answered`);
    }
    if (dmReplies !== (byKind.dm ?? 0)) {
      errors += Math.abs((byKind.dm ?? 0) - dmReplies);
      problems.push(`${byKind.dm ?? 0} DMs sent, ${dmReplies} replies`);
    }
    const out = server.output();
    const errorLines = out.split('\n').filter((l) => /"level":(50|60|"error"|"fatal")|\bERROR\b/.test(l));
    if (errorLines.length) {
      errors += errorLines.length;
      problems.push(`server logged ${errorLines.length} error lines, e.g. ${errorLines[0].slice(0, 200)}`);
    }
    const rss = memory.map((m) => m.rss);
    const heap = memory.map((m) => m.heapUsed);
    const mid = memory.find((m) => m.at === 'middle')!;
    const end = memory.find((m) => m.at === 'end')!;
    const growth = { rss: (end.rss - mid.rss) / mid.rss, heap: mid.heapUsed && end.heapUsed ? (end.heapUsed - mid.heapUsed) / mid.heapUsed : null };
    await server.stop();
    const dataFile = join(dataDir, 'integ.json');
    const elapsedMs = Date.now() - started;
    const sorted = [...latencies].sort((a, b) => a - b);
    // no growth: the second half adds at most 10% RSS and 25% heap (a leak of ~1 KB a request would add more)
    const flat = growth.rss <= 0.1 && (growth.heap === null || growth.heap <= 0.25);
    void rss;
    void heap;
    return {
      requests: sent,
      errors,
      problems,
      statuses,
      byKind,
      rps: round((latencies.length / elapsedMs) * 1000, 1),
      latencyMs: { p50: round(median(latencies), 2), p99: round(quantile(sorted, 0.99), 2), max: round(sorted[sorted.length - 1] ?? NaN, 1) },
      memory,
      growth: { rss: round(growth.rss, 3), heap: growth.heap === null ? null : round(growth.heap, 3) },
      webApiCalls,
      dataFileBytes: existsSync(dataFile) ? statSync(dataFile).size : null,
      elapsedMs,
      verdict: errors === 0 && sent >= opts.requests && flat ? 'PASS' : 'FAIL',
    };
  } finally {
    await server?.stop().catch(() => undefined);
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatSoak(r: SoakResult): string {
  const mem = r.memory.map((m) => `${m.at} (${m.requests} requests): RSS ${fmtMB(m.rss)}, heap ${m.heapUsed === null ? 'n/a' : fmtMB(m.heapUsed)}`);
  return [
    `soak: ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.rps} req/s), ${r.errors} errors — ${r.verdict}`,
    `  by kind: ${Object.entries(r.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  statuses: ${JSON.stringify(r.statuses)}; latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `  Web API calls: ${JSON.stringify(r.webApiCalls)}; data file ${r.dataFileBytes ?? 'n/a'} bytes`,
    ...mem.map((m) => `  ${m}`),
    `  growth middle → end: RSS ${(r.growth.rss * 100).toFixed(1)}%, heap ${r.growth.heap === null ? 'n/a' : `${(r.growth.heap * 100).toFixed(1)}%`}`,
    ...r.problems.slice(0, 20).map((p) => `  problem: ${p}`),
  ].join('\n');
}

// run directly: node dist/bench/soak.js [--requests=N] [--concurrency=N] [--json]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const opts: SoakOptions = { requests: Number(arg('requests') ?? 20_000), concurrency: Number(arg('concurrency') ?? 8), maxMs: Number(arg('max-ms') ?? 600_000) };
  runSoak(opts, (l) => process.stderr.write(`${l}\n`)).then(
    (r) => {
      process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(r, null, 1)}\n` : `${formatSoak(r)}\n`);
      process.exitCode = r.verdict === 'PASS' ? 0 : 1;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
