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
