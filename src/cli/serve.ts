/**
 * `integ serve`: the Slack app (HTTP when SLACK_SIGNING_SECRET is set, Socket Mode when
 * SLACK_APP_TOKEN is set) with the real engine and the store DATABASE_URL names (PostgreSQL for
 * several replicas, PGlite, else the lowdb file under INTEG_DATA_DIR), plus the weekly digest
 * scheduler. Replicas on one PostgreSQL database share everything: the ledger's one-statement claim
 * keeps each digest to one replica, markEventProcessed each retried event to one, and OAuth
 * installations (SLACK_CLIENT_ID…, no SLACK_BOT_TOKEN) are read by every replica. Exits non-zero with a clear message when tokens are missing or Slack rejects the bot
 * token; on SIGTERM/SIGINT it stops the scheduler and the app and closes the store, then exits 0
 * (1 when it stops because the store lost its directory's lock).
 * Operations: JSON logs on stderr (LOG_LEVEL), /healthz and /readyz (HTTP: on PORT; Socket Mode:
 * on HEALTH_PORT), /metrics with METRICS=1 (requests, answers, Web API calls, digests, store errors).
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { Engine } from '../answer/index.js';
import { loadEngine } from '../engine.js';
import { ConfigError, describeConfig, loadConfig, requireSlack, secretsOf } from '../config.js';
import { startScheduler, type DigestLogger, type Scheduler } from '../digest/runner.js';
import { slackDigestDelivery } from '../digest/slack.js';
import { instrumentStore } from '../ops/instrument.js';
import { Metrics } from '../ops/metrics.js';
import { createApp, SlackStartError, type IntegApp } from '../slack/app.js';
import { createLogger, describeError, redact } from '../slack/log.js';
import { describeStore, openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { command, parseCommand, processOutput } from './args.js';

const USAGE = `usage: integ serve [--no-digests]

Starts the Slack app. Environment:
  SLACK_BOT_TOKEN        bot token (xoxb-…): one workspace
  SLACK_SIGNING_SECRET   HTTP mode: Slack posts to https://<host>/slack/events (PORT, default 3000)
  SLACK_APP_TOKEN        Socket Mode (xapp-…, connections:write): no public URL needed
  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET
                         instead of SLACK_BOT_TOKEN (HTTP mode): installs into many workspaces
                         through OAuth at https://<host>/slack/install
  SLACK_API_URL          Web API base (default https://slack.com/api/)
  DATABASE_URL           postgres://… (several replicas share it), pglite://DIR or pglite:memory;
                         unset: the lowdb file under INTEG_DATA_DIR (one process)
  INTEG_DATA_DIR         where the lowdb store lives (default ./data)
  INTEG_TZ               workspace time zone (default Asia/Ho_Chi_Minh)
  LOG_LEVEL              debug | info | warn | error (default info); logs are JSON lines on stderr
  METRICS                1: serve Prometheus metrics at GET /metrics (default off)
  HEALTH_PORT            Socket Mode: serve /healthz, /readyz (and /metrics) on this port
  --no-digests           do not post the weekly deadline digests from this process
Tests only: INTEG_TEST_CLOCK (an ISO instant, or file:PATH holding one, read at each use) replaces
the clock; INTEG_DIGEST_INTERVAL_MS sets how often due digests are checked (default 60000).
`;

export interface ServeOptions {
  /** Environment to read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Stops the app when aborted, like SIGTERM (tests). */
  signal?: AbortSignal;
  /** The engine (default: the real one over knowledge/ and seeds/). */
  engine?: Engine;
  /** Where messages for the operator go (default stderr). */
  stderr?: (text: string) => void;
  /** Called once the app listens or is connected. */
  onReady?: (info: { mode: string; port: number | null }) => void;
}

const STOP_TIMEOUT_MS = 10_000;
/** Log lines are written when this much is waiting… */
const LOG_BATCH_CHARS = 4096;
/** …or this long after the first line waiting. */
const LOG_FLUSH_MS = 200;

export async function run(args: string[], opts: ServeOptions = {}): Promise<number> {
  // stderr through pino's asynchronous destination (sonic-boom), in batches: a log line costs the
  // request no write system call (stderr is a pipe under most supervisors, and writes to pipes
  // block; a write per line was ~15 µs of CPU a request under load). Lines are handed over when
  // LOG_BATCH_CHARS are waiting or LOG_FLUSH_MS after the first one; at exit, synchronously.
  const dest = opts.stderr ? null : pino.destination({ dest: 2, sync: false });
  let batch = '';
  let flushTimer: NodeJS.Timeout | null = null;
  const handOver = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (batch) dest!.write(batch);
    batch = '';
  };
  if (dest)
    process.once('exit', () => {
      handOver();
      flushQuietly(dest);
    });
  const err =
    opts.stderr ??
    ((t: string) => {
      batch += t;
      if (batch.length >= LOG_BATCH_CHARS) handOver();
      else flushTimer ??= setTimeout(handOver, LOG_FLUSH_MS).unref();
    });
  const parsed = parseCommand(command({ name: 'serve', usage: USAGE, options: { 'no-digests': { type: 'boolean' } } }), args, { out: processOutput.out, err: opts.stderr ?? processOutput.err });
  if (typeof parsed === 'number') return parsed;

  let config;
  try {
    config = loadConfig(opts.env ?? process.env);
    requireSlack(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${e.message}\nSet them in the environment (see \`integ serve --help\` and manifest.yml).\n`);
      return 2;
    }
    throw e;
  }
  const secrets = secretsOf(config);
  const logger = createLogger({ level: config.logLevel, secrets, write: (line) => err(`${line}\n`) });
  logger.debug('integ: configuration', describeConfig(config));

  let engine: Engine;
  try {
    engine = opts.engine ?? loadEngine();
  } catch (e) {
    err(`integ serve: cannot load the knowledge base: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  const env = opts.env ?? process.env;
  let clock: (() => Date) | undefined;
  let intervalMs: number | undefined;
  try {
    clock = testClock(env.INTEG_TEST_CLOCK);
    intervalMs = positiveInt(env.INTEG_DIGEST_INTERVAL_MS, 'INTEG_DIGEST_INTERVAL_MS');
  } catch (e) {
    err(`integ serve: ${(e as Error).message}\n`);
    return 2;
  }

  const metrics = config.metrics ? new Metrics() : null;
  // A store that lost its directory's lock saves nothing more (another process may write there
  // now): stop, and exit 1 so a supervisor restarts integ, which then waits for the lock.
  const lockLost = new AbortController();
  const onLockLost = (e: Error) => {
    logger.error(`${e.message}: stopping`);
    lockLost.abort(e);
  };
  let store: Store;
  let where = 'the store';
  try {
    where = await describeStore(env, { dataDir: config.dataDir });
    store = await openStore(env, { dataDir: config.dataDir, onLockLost });
    if (metrics) store = instrumentStore(store, metrics);
  } catch (e) {
    err(`integ serve: cannot open the store (${where}): ${redact(e instanceof Error ? e.message : String(e), secrets)}\n`);
    return 1;
  }
  logger.info(`integ: store: ${where}`);

  let integ: IntegApp;
  let info: Awaited<ReturnType<IntegApp['start']>>;
  try {
    integ = createApp({ config, engine, store, logger, metrics, ...(clock ? { now: clock } : {}) });
    info = await integ.start();
  } catch (e) {
    await store.close().catch(() => undefined);
    if (e instanceof SlackStartError || e instanceof ConfigError) {
      err(`integ serve: ${redact(e.message, secrets)}\n`);
      return 1;
    }
    err(`integ serve: cannot start the Slack app: ${redact(describeError(e), secrets)}\n`);
    return 1;
  }

  let scheduler: Scheduler | null = null;
  if (!args.includes('--no-digests')) {
    const digestLogger: DigestLogger = {
      debug: (m, meta) => logger.debug(m, meta ?? {}),
      info: (m, meta) => logger.info(m, meta ?? {}),
      warn: (m, meta) => logger.warn(m, meta ?? {}),
      error: (m, meta) => logger.error(m, meta ?? {}),
    };
    // each subscription's workspace: its installation's token (OAuth), else the bot token
    const delivery = slackDigestDelivery((teamId) => integ.clientFor(teamId));
    scheduler = startScheduler({
      store,
      kb: engine.kb,
      logger: digestLogger,
      onRun: (summary) => metrics?.digestRun(summary),
      post: delivery.post,
      findPosted: delivery.findPosted,
      ...(clock ? { clock } : {}),
      ...(intervalMs ? { intervalMs } : {}),
    });
  }

  opts.onReady?.({ mode: info.mode, port: info.port });
  await waitForStop([opts.signal, lockLost.signal]);
  logger.info('integ: stopping');

  let code = lockLost.signal.aborted ? 1 : 0;
  const stopAll = async () => {
    await scheduler?.stop();
    await integ.stop();
  };
  try {
    await withTimeout(stopAll(), STOP_TIMEOUT_MS, 'stopping the app');
  } catch (e) {
    logger.error(`integ: ${describeError(e)}`);
    code = 1;
  }
  try {
    await withTimeout(store.close(), STOP_TIMEOUT_MS, 'closing the store');
  } catch (e) {
    logger.error(`integ: ${describeError(e)}`);
    code = 1;
  }
  logger.info('integ: stopped');
  return code;
}

function flushQuietly(dest: { flushSync(): void }): void {
  try {
    dest.flushSync();
  } catch {
    /* nothing more can be done at exit */
  }
}

/**
 * INTEG_TEST_CLOCK (tests): an ISO instant (a frozen clock), or file:PATH, read at each use, so a
 * test can move the clock of several running replicas at once. undefined when unset.
 */
export function testClock(value: string | undefined): (() => Date) | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const parse = (text: string, from: string): Date => {
    const d = new Date(text.trim());
    if (Number.isNaN(d.getTime())) throw new Error(`INTEG_TEST_CLOCK: ${from} does not hold an ISO instant`);
    return d;
  };
  if (v.startsWith('file:')) {
    const file = v.slice(5);
    parse(readFileSync(file, 'utf8'), file); // fail at start, not in the scheduler
    return () => parse(readFileSync(file, 'utf8'), file);
  }
  const fixed = parse(v, 'the value');
  return () => new Date(fixed.getTime());
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (!value?.trim()) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of milliseconds above 0`);
  return n;
}

/** Resolves on SIGTERM, SIGINT or when one of `signals` aborts. */
function waitForStop(signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      for (const s of signals) s?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    if (signals.some((s) => s?.aborted)) done();
    else for (const s of signals) s?.addEventListener('abort', done, { once: true });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000}s`)), ms);
      timer.unref();
    }),
  ]);
}
