/**
 * The two servers of the HTTP benchmark, each a separate Node process running compiled JS:
 *   integ: `node dist/src/cli.js serve` (the real server),
 *   noop:  `node dist/bench/noop-app.js` (the baseline Bolt app).
 * Start-up is measured from spawn to the port accepting a TCP connection on 127.0.0.1; memory is
 * the process's resident set (VmRSS from /proc/<pid>/status, `ps` elsewhere).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { msSince } from './stats.js';

export type ServerKind = 'integ' | 'noop';

export const INTEG_CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
export const INTEG_SERVE = fileURLToPath(new URL('../src/cli/serve.js', import.meta.url));
export const NOOP_APP = fileURLToPath(new URL('./noop-app.js', import.meta.url));
/** Node flags that make a server collect its garbage and report its live heap on SIGUSR2 (bench/gc-on-signal.ts). */
export const gcOnSignalArgs = (): string[] => ['--expose-gc', '--import', pathToFileURL(fileURLToPath(new URL('./gc-on-signal.js', import.meta.url))).href];
const HEAP_LINE = /\{"integBenchHeap":\{"heapUsed":(\d+),"rss":(\d+)\}\}/;

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  /** Spawn → port accepting connections (ms). */
  startupMs: number;
  /** Current resident set size of the process (bytes). */
  rss(): number;
  /** CPU time the process has used so far, all threads, user + system (ms; NaN when unknown). */
  cpuMs(): number;
  /** Peak resident set size of the process so far (VmHWM, bytes; NaN when unknown). */
  peakRss(): number;
  /** The process's recent output (for diagnostics). */
  output(): string;
  /** Lines of output so far. */
  logLines(): number;
  /** Every ERROR or FATAL log line so far (the first 100). */
  errorLines(): string[];
  /**
   * The live heap and RSS after a full GC (bytes), for a server started with GC_ON_SIGNAL preloaded
   * (gcOnSignalArgs); null when it does not answer within timeoutMs.
   */
  heapAfterGc(timeoutMs?: number): Promise<{ heapUsed: number; rss: number } | null>;
  stop(): Promise<void>;
}

/** Why the integ server cannot be benchmarked from dist/, or null when it can. */
export function integUnavailable(): string | null {
  if (!existsSync(INTEG_CLI)) return `${INTEG_CLI} not found (run npm run build)`;
  if (!existsSync(INTEG_SERVE)) return `${INTEG_SERVE} not found (src/cli/serve.ts missing or not built)`;
  return null;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const tryConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => {
      sock.destroy();
      resolve(false);
    });
  });

/** Resident set size of a process in bytes (Linux /proc; `ps` otherwise); NaN when unknown. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux, or gone */
  }
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
  } catch {
    return NaN;
  }
}

/** A pino line at level error or fatal (JSON logs), or a plain line saying ERROR. */
const ERROR_LINE = /"level":(50|60|"error"|"fatal")|\bERROR\b/;

/** Peak resident set size of a process in bytes (Linux /proc VmHWM); NaN elsewhere. */
export function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

let clockTicks: number | null = null;
/** CPU time of a process (user + system, all its threads) in ms, from /proc/<pid>/stat; NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(f[11]) + Number(f[12])) / clockTicks) * 1000;
  } catch {
    return NaN;
  }
}

/** Busy CPU time of the whole machine so far (all CPUs, everything but idle and iowait), ms, from /proc/stat; NaN elsewhere. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (busy / clockTicks) * 1000;
  } catch {
    return NaN;
  }
}

export interface StartOptions {
  kind: ServerKind;
  /** Environment for the process (Slack settings, PORT, INTEG_DATA_DIR, LOG_LEVEL). */
  env: Record<string, string>;
  port: number;
  timeoutMs?: number;
  /** Extra Node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const args = [...(opts.nodeArgs ?? []), ...(opts.kind === 'integ' ? [INTEG_CLI, 'serve'] : [NOOP_APP])];
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...opts.env, PORT: String(opts.port) };
  const t0 = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  let lines = 0;
  const errors: string[] = [];
  let heap: { heapUsed: number; rss: number } | null = null;
  let heapWaiter: (() => void) | null = null;
  const keep = (d: Buffer) => {
    const text = d.toString('utf8');
    out = (out + text).slice(-8000);
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    lines += parts.length;
    for (const l of parts) {
      if (errors.length < 100 && ERROR_LINE.test(l)) errors.push(l.slice(0, 2000));
      const h = l.startsWith('{"integBenchHeap"') ? HEAP_LINE.exec(l) : null;
      if (h) {
        heap = { heapUsed: Number(h[1]), rss: Number(h[2]) };
        heapWaiter?.();
      }
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      resolve();
    }),
  );

  const deadline = opts.timeoutMs ?? 30_000;
  let startupMs = NaN;
  while (msSince(t0) < deadline && exited === null) {
    if (await tryConnect(opts.port)) {
      startupMs = msSince(t0);
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  if (!Number.isFinite(startupMs)) {
    if (exited === null) child.kill('SIGKILL');
    await exit;
    throw new Error(`${opts.kind} server did not accept connections on port ${opts.port} (${exited ?? `timeout after ${deadline} ms`}):\n${out.trim()}`);
  }

  const pid = child.pid!;
  return {
    kind: opts.kind,
    pid,
    port: opts.port,
    startupMs,
    rss: () => (exited === null ? rssOf(pid) : NaN),
    cpuMs: () => (exited === null ? cpuMsOf(pid) : NaN),
    peakRss: () => (exited === null ? peakRssOf(pid) : NaN),
    output: () => out,
    logLines: () => lines + (partial ? 1 : 0),
    errorLines: () => [...errors, ...(partial && ERROR_LINE.test(partial) ? [partial] : [])],
    heapAfterGc: (timeoutMs = 10_000) => {
      if (exited !== null) return Promise.resolve(null);
      heap = null;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          heapWaiter = null;
          resolve(null);
        }, timeoutMs);
        heapWaiter = () => {
          clearTimeout(timer);
          heapWaiter = null;
          resolve(heap);
        };
        child.kill('SIGUSR2');
      });
    },
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (exited === null) child.kill('SIGKILL');
      }, 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
