/**
 * `integ serve`: the Slack app (HTTP when SLACK_SIGNING_SECRET is set, Socket Mode when
 * SLACK_APP_TOKEN is set) with the real engine and the store DATABASE_URL names (PostgreSQL for
 * several replicas, PGlite, else the lowdb file under INTEG_DATA_DIR), plus the weekly digest
 * scheduler. Replicas on one PostgreSQL database share everything: the ledger's one-statement claim
 * keeps each digest to one replica, markEventProcessed each retried event to one, and OAuth
 * installations (SLACK_CLIENT_ID…, no SLACK_BOT_TOKEN) are read by every replica. The scheduler also
 * posts the due-day reminders (src/digest/reminders.ts), claimed through the same ledger. Exits
 * non-zero with a clear message when tokens are missing or Slack rejects the bot token; on
 * SIGTERM/SIGINT it stops the scheduler and the app and closes the store, then exits 0 (1 when it
 * stops because the store lost its directory's lock).
 * Operations: JSON logs on stderr (LOG_LEVEL), /healthz and /readyz (HTTP: on PORT; Socket Mode:
 * on HEALTH_PORT), /metrics with METRICS=1 (requests, answers, Web API calls, digests, store errors).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../answer/index.js';
import { loadEngine, type LoadOptions } from '../engine.js';
import { ConfigError, describeConfig, loadConfig, requireSlack, secretsOf, type Config } from '../config.js';
import { reminderChecks } from '../digest/reminders.js';
import { startScheduler, type Scheduler } from '../digest/runner.js';
import { slackDigestDelivery } from '../slack/digest.js';
import { slackReminderDelivery } from '../slack/reminders.js';
import { instrumentStore } from '../ops/instrument.js';
import { stderrDestination, type LogDestination } from '../ops/logger.js';
import { Metrics } from '../ops/metrics.js';
import { createApp, SlackStartError, type IntegApp } from '../slack/app.js';
import { createLogger, describeError, redact, type IntegLogger } from '../slack/log.js';
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
  INTEG_INDEX_CACHE      file keeping the engine's built indexes between starts, rebuilt when
                         knowledge/ or seeds/ change (default INTEG_DATA_DIR/index-cache.bin; off: none)
  LOG_LEVEL              debug | info | warn | error (default info); logs are JSON lines on stderr
  METRICS                1: serve Prometheus metrics at GET /metrics (default off)
  HEALTH_PORT            Socket Mode: serve /healthz, /readyz (and /metrics) on this port
  --no-digests           do not post the weekly deadline digests (nor the due-day reminders)
                         from this process
Tests only: INTEG_TEST_CLOCK (an ISO instant, file:PATH holding one, read at each use, or offset:MS,
the real clock moved by MS milliseconds) replaces the clock; INTEG_DIGEST_INTERVAL_MS sets how often
due digests and reminders are checked (default 60000).
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

/** Starts everything, waits for SIGTERM or SIGINT (or opts.signal, or a lost store lock), then shuts down: the exit code. */
export async function run(args: string[], opts: ServeOptions = {}): Promise<number> {
  const parsed = parseCommand(command({ name: 'serve', usage: USAGE, options: { 'no-digests': { type: 'boolean' } } }), args, { out: processOutput.out, err: opts.stderr ?? processOutput.err });
  if (typeof parsed === 'number') return parsed;
  // the operator's messages and the log lines share one destination, so they stay in order
  const out: LogDestination = opts.stderr ? { write: opts.stderr } : stderrDestination();
  const err = (text: string): void => void out.write(text);

  let running: Running;
  try {
    running = await start({ env: opts.env ?? process.env, digests: !parsed.values['no-digests'], engine: opts.engine, out });
  } catch (e) {
    if (!(e instanceof StartFailure)) throw e;
    err(`${e.message}\n`);
    return e.code;
  }
  opts.onReady?.({ mode: running.info.mode, port: running.info.port });
  await waitForStop([opts.signal, running.lockLost]);
  return shutdown(running);
}

/** Why serve could not start: the message for the operator and the exit code (2: configuration, 1: anything else). */
class StartFailure extends Error {
  constructor(
    readonly code: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

/** What runs once serve has started, until shutdown(). */
interface Running {
  logger: IntegLogger;
  store: Store;
  integ: IntegApp;
  info: Awaited<ReturnType<IntegApp['start']>>;
  scheduler: Scheduler | null;
  /** Aborted when the store lost its directory's lock. */
  lockLost: AbortSignal;
}

/** The configuration, the engine, the store, the Slack app and the digest scheduler, in that order; a StartFailure when one cannot start. */
async function start(opts: { env: NodeJS.ProcessEnv; digests: boolean; engine: Engine | undefined; out: LogDestination }): Promise<Running> {
  const settings = loadSettings(opts.env);
  const logger = createLogger({ level: settings.config.logLevel, secrets: settings.secrets, destination: opts.out });
  logger.debug('integ: configuration', describeConfig(settings.config));
  const engine = buildEngine(opts.engine, indexCacheFile(opts.env, settings.config.dataDir), (how) => logger.info(`integ: engine ready in ${how.ms} ms (${how.from === 'cache' ? 'indexes read from the index cache' : `indexes built${how.cacheError ? `; index cache not written: ${how.cacheError}` : ''}`})`));
  const metrics = settings.config.metrics ? new Metrics() : null;
  // A store that lost its directory's lock saves nothing more (another process may write there
  // now): stop, and exit 1 so a supervisor restarts integ, which then waits for the lock.
  const lockLost = new AbortController();
  const store = await openStoreFor(settings, metrics, (e) => {
    logger.error(`${e.message}: stopping`);
    lockLost.abort(e);
  });
  logger.info(`integ: store: ${store.where}`);
  const { integ, info } = await startSlack(settings, { engine, store: store.store, logger, metrics });
  const scheduler = opts.digests ? startDigests(settings, { integ, engine, store: store.store, logger, metrics }) : null;
  return { logger, store: store.store, integ, info, scheduler, lockLost: lockLost.signal };
}

/** What serve reads from the environment. */
interface Settings {
  env: NodeJS.ProcessEnv;
  config: Config;
  secrets: string[];
  /** INTEG_TEST_CLOCK (tests). */
  clock: (() => Date) | undefined;
  /** INTEG_DIGEST_INTERVAL_MS (tests). */
  intervalMs: number | undefined;
}

/** The configuration (Slack tokens required) and the test settings; exit 2 when one is missing or malformed. */
function loadSettings(env: NodeJS.ProcessEnv): Settings {
  let config: Config;
  try {
    config = loadConfig(env);
    requireSlack(config);
  } catch (e) {
    if (e instanceof ConfigError) throw new StartFailure(2, `${e.message}\nSet them in the environment (see \`integ serve --help\` and manifest.yml).`);
    throw e;
  }
  try {
    return { env, config, secrets: secretsOf(config), clock: testClock(env.INTEG_TEST_CLOCK), intervalMs: positiveInt(env.INTEG_DIGEST_INTERVAL_MS, 'INTEG_DIGEST_INTERVAL_MS') };
  } catch (e) {
    throw new StartFailure(2, `integ serve: ${(e as Error).message}`);
  }
}

/**
 * Where the engine keeps its built indexes between starts (src/engine.ts): INTEG_INDEX_CACHE, "off"
 * for nowhere, default index-cache.bin in the data directory. Rebuilt when knowledge/ or seeds/ change.
 */
function indexCacheFile(env: NodeJS.ProcessEnv, dataDir: string): string | null {
  const v = env.INTEG_INDEX_CACHE;
  if (v === 'off') return null;
  return v || join(dataDir, 'index-cache.bin');
}

/** The engine given (tests), else the real one over knowledge/ and seeds/; exit 1 when the knowledge base cannot load. */
function buildEngine(given: Engine | undefined, cacheFile: string | null, onLoad: LoadOptions['onLoad']): Engine {
  try {
    return given ?? loadEngine({ cacheFile, onLoad });
  } catch (e) {
    throw new StartFailure(1, `integ serve: cannot load the knowledge base: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The store DATABASE_URL names (else the lowdb file), counting its errors when metrics are on; exit 1 when it cannot open. */
async function openStoreFor(settings: Settings, metrics: Metrics | null, onLockLost: (e: Error) => void): Promise<{ store: Store; where: string }> {
  const { env, config } = settings;
  let where = 'the store';
  try {
    where = await describeStore(env, { dataDir: config.dataDir });
    const store = await openStore(env, { dataDir: config.dataDir, onLockLost });
    return { store: metrics ? instrumentStore(store, metrics) : store, where };
  } catch (e) {
    throw new StartFailure(1, `integ serve: cannot open the store (${where}): ${redact(e instanceof Error ? e.message : String(e), settings.secrets)}`);
  }
}

/** The Slack app, started: the bot token checked, then listening (HTTP) or connected (Socket Mode). Closes the store and exits 1 when it cannot start. */
async function startSlack(settings: Settings, deps: { engine: Engine; store: Store; logger: IntegLogger; metrics: Metrics | null }): Promise<{ integ: IntegApp; info: Running['info'] }> {
  const { config, clock, secrets } = settings;
  try {
    const integ = createApp({ config, ...deps, ...(clock ? { now: clock } : {}) });
    return { integ, info: await integ.start() };
  } catch (e) {
    await deps.store.close().catch(() => undefined);
    if (e instanceof SlackStartError || e instanceof ConfigError) throw new StartFailure(1, `integ serve: ${redact(e.message, secrets)}`);
    throw new StartFailure(1, `integ serve: cannot start the Slack app: ${redact(describeError(e), secrets)}`);
  }
}

/**
 * The weekly digest scheduler, posting in each subscription's workspace with its installation's
 * token (OAuth), else the bot token; the due-day reminders are checked on the same tick.
 */
function startDigests(settings: Settings, deps: { integ: IntegApp; engine: Engine; store: Store; logger: IntegLogger; metrics: Metrics | null }): Scheduler {
  const { clock, intervalMs } = settings;
  const clientFor = (teamId: string | null) => deps.integ.clientFor(teamId);
  const delivery = slackDigestDelivery(clientFor);
  const reminders = slackReminderDelivery(clientFor);
  return startScheduler({
    store: deps.store,
    kb: deps.engine.kb,
    logger: deps.logger,
    onRun: (summary) => deps.metrics?.digestRun(summary),
    post: delivery.post,
    findPosted: delivery.findPosted,
    alsoCheck: reminderChecks({ store: deps.store, logger: deps.logger, post: reminders.post, findPosted: reminders.findPosted }),
    ...(clock ? { clock } : {}),
    ...(intervalMs ? { intervalMs } : {}),
  });
}

/**
 * Stops the scheduler and the app (each within STOP_TIMEOUT_MS; requests and digests under way
 * finish first), then closes the store. The exit code: 0, or 1 when something did not stop in
 * time or the store had lost its lock.
 */
async function shutdown(running: Running): Promise<number> {
  const { logger, scheduler, integ, store } = running;
  logger.info('integ: stopping');
  let code = running.lockLost.aborted ? 1 : 0;
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

/**
 * INTEG_TEST_CLOCK (tests): an ISO instant (a frozen clock), file:PATH, read at each use, so a
 * test can move the clock of several running replicas at once, or offset:MS (an integer, may be
 * negative): the real clock moved by MS, running at real speed, so replicas given one offset share
 * one clock that reaches a chosen slot at a chosen real moment (bench/digests.ts). undefined when unset.
 */
export function testClock(value: string | undefined): (() => Date) | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v.startsWith('offset:')) {
    const offset = Number(v.slice(7));
    if (!Number.isSafeInteger(offset)) throw new Error('INTEG_TEST_CLOCK: offset: takes a whole number of milliseconds');
    return () => new Date(Date.now() + offset);
  }
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
