/**
 * `integ serve`: the Slack app (HTTP when SLACK_SIGNING_SECRET is set, Socket Mode when
 * SLACK_APP_TOKEN is set) with the real engine and the lowdb store, plus the weekly digest
 * scheduler. Exits non-zero with a clear message when tokens are missing or Slack rejects the bot
 * token; on SIGTERM/SIGINT it stops the scheduler and the app and closes the store, then exits 0.
 * Operations: JSON logs on stderr (LOG_LEVEL), /healthz and /readyz (HTTP: on PORT; Socket Mode:
 * on HEALTH_PORT), /metrics with METRICS=1 (requests, answers, Web API calls, digests, store errors).
 */
import type { Engine } from '../answer/index.js';
import { loadEngine } from '../answer/load.js';
import { ConfigError, describeConfig, loadConfig, requireSlack, secretsOf } from '../config.js';
import { startScheduler, type DigestLogger, type Scheduler } from '../digest/runner.js';
import { answerFallbackText, answerToBlocks } from '../render/blocks.js';
import { instrumentStore } from '../ops/instrument.js';
import { Metrics } from '../ops/metrics.js';
import { createApp, SlackStartError, type IntegApp } from '../slack/app.js';
import { createLogger, describeError, redact } from '../slack/log.js';
import { openLowdbStore } from '../store/lowdb.js';
import type { Store } from '../store/types.js';

const USAGE = `usage: integ serve [--no-digests]

Starts the Slack app. Environment:
  SLACK_BOT_TOKEN        bot token (xoxb-…), required
  SLACK_SIGNING_SECRET   HTTP mode: Slack posts to https://<host>/slack/events (PORT, default 3000)
  SLACK_APP_TOKEN        Socket Mode (xapp-…, connections:write): no public URL needed
  SLACK_API_URL          Web API base (default https://slack.com/api/)
  INTEG_DATA_DIR         where the store lives (default ./data)
  INTEG_TZ               workspace time zone (default Asia/Ho_Chi_Minh)
  LOG_LEVEL              debug | info | warn | error (default info); logs are JSON lines on stderr
  METRICS                1: serve Prometheus metrics at GET /metrics (default off)
  HEALTH_PORT            Socket Mode: serve /healthz, /readyz (and /metrics) on this port
  --no-digests           do not post the weekly deadline digests from this process
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

export async function run(args: string[], opts: ServeOptions = {}): Promise<number> {
  const err = opts.stderr ?? ((t: string) => void process.stderr.write(t));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--no-digests');
  if (unknown.length) {
    err(`integ serve: unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }

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

  const metrics = config.metrics ? new Metrics() : null;
  let store: Store;
  try {
    store = await openLowdbStore(config.dataDir);
    if (metrics) store = instrumentStore(store, metrics);
  } catch (e) {
    err(`integ serve: cannot open the store in ${config.dataDir}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  let integ: IntegApp;
  let info: Awaited<ReturnType<IntegApp['start']>>;
  try {
    integ = createApp({ config, engine, store, logger, metrics });
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
    scheduler = startScheduler({
      store,
      kb: engine.kb,
      logger: digestLogger,
      onRun: (summary) => metrics?.digestRun(summary),
      post: async (channel, answer) => {
        const res = await integ.client.chat.postMessage({
          channel,
          text: answerFallbackText(answer),
          blocks: answerToBlocks(answer, { showQuestion: false }),
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ts: res.ts ?? '' };
      },
    });
  }

  opts.onReady?.({ mode: info.mode, port: info.port });
  await waitForStop(opts.signal);
  logger.info('integ: stopping');

  let code = 0;
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

/** Resolves on SIGTERM, SIGINT or when `signal` aborts. */
function waitForStop(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
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
