/**
 * A closed-loop HTTP load generator for 127.0.0.1: `concurrency` workers, each sending one request
 * at a time over a keep-alive agent, until `requests` have been sent or `maxMs` has passed.
 * Request bodies and signatures are prepared before each request's clock starts.
 */
import { Agent, request } from 'node:http';
import { msSince } from './stats.js';

export interface LoadOptions {
  port: number;
  /** Several servers instead (replicas behind a load balancer): request i goes to ports[i % ports.length]. */
  ports?: readonly number[];
  path: string;
  concurrency: number;
  /** Upper bound on requests sent. */
  requests: number;
  /** Upper bound on wall time (ms): no request starts after it. */
  maxMs: number;
  /** The i-th request's body and headers (called before the request is timed). */
  prepare: (i: number) => { body: string; headers: Record<string, string> };
  /** Checks a 200 response body, as bytes (e.g. that it is the expected JSON); false counts as an error. */
  check?: (body: Buffer) => boolean;
  /** Instead of "200 and check": whether the i-th request's answer is the expected one (e.g. 401 for a forged signature). */
  accept?: (i: number, status: string, body: string) => boolean;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

export interface LoadResult {
  concurrency: number;
  sent: number;
  ok: number;
  errors: number;
  /** Status codes seen (non-200 and transport errors as "ERR"). */
  statuses: Record<string, number>;
  /** Latency of every completed request (ms), in completion order. */
  latencies: number[];
  elapsedMs: number;
  /** Completed requests per second over elapsedMs. */
  rps: number;
  /** Mean response body size of the successful requests (bytes). */
  meanResponseBytes: number;
}

const EMPTY = Buffer.alloc(0);

/** Only 127.0.0.1: the benchmark never sends load anywhere else. */
const HOST = '127.0.0.1';

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();

  const ports = opts.ports?.length ? opts.ports : [opts.port];
  // Responses stay bytes (counted by length, checked as bytes, decoded only for `accept`): the load
  // generator shares the CPUs with the servers, and decoding every 2.7 KB answer counted against integ.
  const one = (body: string, headers: Record<string, string>, port: number): Promise<{ status: string; body: Buffer }> =>
    new Promise((resolve) => {
      const req = request(
        { host: HOST, port, path: opts.path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: String(res.statusCode), body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
          res.on('error', () => resolve({ status: 'ERR', body: EMPTY }));
        },
      );
      req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 'ERR', body: EMPTY }));
      req.end(body);
    });

  const worker = async () => {
    while (sent < opts.requests && msSince(started) < opts.maxMs) {
      const i = sent++;
      const { body, headers } = opts.prepare(i);
      const t = process.hrtime.bigint();
      const res = await one(body, headers, ports[i % ports.length]);
      const ms = msSince(t);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const good = opts.accept ? opts.accept(i, res.status, res.body.toString('utf8')) : res.status === '200' && (!opts.check || opts.check(res.body));
      if (good) {
        ok++;
        bytes += res.body.length;
        latencies.push(ms);
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = msSince(started);
  agent.destroy();
  return { concurrency: opts.concurrency, sent, ok, errors, statuses, latencies, elapsedMs, rps: (ok / elapsedMs) * 1000, meanResponseBytes: ok ? bytes / ok : NaN };
}

export interface OpenLoadOptions {
  port: number;
  path: string;
  /** Requests per second, on a fixed schedule: request i is due at start + i / rate. */
  rate: number;
  /** How long requests are scheduled for (ms): rate × durationMs / 1000 requests in all. */
  durationMs: number;
  /** The i-th request's body and headers (called when it is due; signing is part of sending). */
  prepare: (i: number) => { body: string; headers: Record<string, string> };
  /** Checks a 200 response body, as bytes; false counts as an error. */
  check?: (body: Buffer) => boolean;
  /** A 200 that arrives later than this after its due time is not an acknowledgement (Slack gives up after 3 s). */
  ackWithinMs: number;
  /** Per-request timeout (ms, default 10 s): the request is then an error. */
  timeoutMs?: number;
  /** Upper bound on open connections (default 256): beyond it requests wait in the client, and that wait counts. */
  maxSockets?: number;
  /** A keep-alive agent to send with, kept open after the run (e.g. the warm-up's, with its connections); default: one of its own. */
  agent?: Agent;
  /** Called about once a second with the requests due so far and those answered. */
  onSecond?: (due: number, done: number) => void;
}

export interface OpenLoadResult {
  rate: number;
  durationMs: number;
  /** Requests scheduled (rate × duration). */
  scheduled: number;
  /** 200, the check passed, within ackWithinMs of the due time. */
  acked: number;
  /** 200 and the check passed, but later than ackWithinMs (Slack would have shown an error). */
  late: number;
  /** Anything else: another status, a failed check, a transport error or a timeout. */
  errors: number;
  statuses: Record<string, number>;
  /** The first few failures: request index, ms after its due time, and what happened. */
  errorSamples: { i: number; atMs: number; what: string }[];
  /** Due time → response fully read (ms), for every 200 that passed the check, in completion order. */
  latencies: number[];
  /** The same by request index; NaN for a request that failed. */
  byRequest: Float64Array;
  /** Due time → the request handed to the socket layer (ms): the generator's own lag, which counts against the server here. */
  sendLag: number[];
  /** First due time → last response (ms). */
  elapsedMs: number;
  /** The generator's own CPU time (user + system, ms) over the run. */
  generatorCpuMs: number;
}

/** A keep-alive agent for runOpenLoad: up to maxSockets connections (default 256). */
export function openLoadAgent(maxSockets = 256): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * An open-loop load generator for 127.0.0.1: requests are sent on a schedule (request i at
 * start + i / rate), whether or not earlier ones have been answered, as Slack sends commands. Each
 * latency is measured from the request's due time, not from when it was sent, so a server (or a
 * generator) that falls behind sees its queueing counted (no coordinated omission).
 */
export async function runOpenLoad(opts: OpenLoadOptions): Promise<OpenLoadResult> {
  const agent = opts.agent ?? openLoadAgent(opts.maxSockets);
  const scheduled = Math.round((opts.rate * opts.durationMs) / 1000);
  const intervalMs = 1000 / opts.rate;
  const latencies: number[] = [];
  const byRequest = new Float64Array(scheduled).fill(NaN);
  const sendLag: number[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: OpenLoadResult['errorSamples'] = [];
  let acked = 0;
  let late = 0;
  let errors = 0;
  let done = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const dueAt = (i: number) => i * intervalMs;

  const count = (status: string) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const send = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const { body, headers } = opts.prepare(i);
      const due = dueAt(i);
      const finish = (status: string, res: Buffer | null, what?: string) => {
        const ms = msSince(started) - due;
        count(status);
        if (status === '200' && res && (!opts.check || opts.check(res))) {
          latencies.push(ms);
          byRequest[i] = ms;
          if (ms <= opts.ackWithinMs) acked++;
          else late++;
        } else {
          errors++;
          if (errorSamples.length < 10) errorSamples.push({ i, atMs: Math.round(ms), what: what ?? (status === '200' ? `200, not the expected body: ${res?.toString('utf8').slice(0, 200)}` : `HTTP ${status}`) });
        }
        done++;
        resolve();
      };
      const req = request(
        { host: HOST, port: opts.port, path: opts.path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(String(res.statusCode), chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
          res.on('error', (err) => finish('ERR', null, `response: ${err.message}`));
        },
      );
      req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
      req.on('error', (err) => finish(err.message === 'timeout' ? 'TIMEOUT' : 'ERR', null, `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim()));
      req.end(body);
      sendLag.push(msSince(started) - due);
    });

  const inFlight: Promise<void>[] = [];
  let next = 0;
  let lastSecond = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = msSince(started);
      // every request now due, in order (a late tick sends the ones it missed at once: their latency keeps the delay)
      while (next < scheduled && dueAt(next) <= now) inFlight.push(send(next++));
      if (opts.onSecond && now - lastSecond >= 1000) {
        lastSecond = now;
        opts.onSecond(next, done);
      }
      if (next >= scheduled) resolve();
      else setTimeout(tick, Math.max(0, Math.min(intervalMs, dueAt(next) - msSince(started))));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsedMs = msSince(started);
  const cpu = process.cpuUsage(cpu0);
  if (!opts.agent) agent.destroy();
  return { rate: opts.rate, durationMs: opts.durationMs, scheduled, acked, late, errors, statuses, errorSamples, latencies, byRequest, sendLag, elapsedMs, generatorCpuMs: (cpu.user + cpu.system) / 1000 };
}
