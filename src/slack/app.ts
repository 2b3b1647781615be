/**
 * The Slack app: a thin Bolt App over HTTP (`POST /slack/events` for commands, events and
 * interactivity, through integ's receiver, ./receiver.ts: Bolt's HTTPReceiver, which verifies the
 * v0 request signature, behind integ's stricter checks, replay protection and refusal of payloads
 * that are not JSON objects) or Socket Mode (when SLACK_APP_TOKEN is set; ./socket-mode.ts: Bolt's
 * SocketModeReceiver, its connection kept and closed by integ). The Web API base comes from
 * SLACK_API_URL. Listeners live in ./listeners, one `register(app, deps)` per kind, each with
 * Bolt's own `app.command` / `app.event` / `app.message` / `app.action`.
 *
 * createApp puts the pieces below together: buildDeps (what the listeners use), buildClientOptions
 * (the Web API options: posting clients that do not retry, connection clients that do),
 * buildReceiver, the Bolt App, trackAndLogRequests (request context, app.error),
 * registerListeners, and startApp / stopApp.
 *
 * One error policy: listeners let errors propagate. A global middleware (./listeners/polite.ts)
 * replies with the apology where it can (ephemeral ack/respond for commands and buttons, a thread
 * reply for mentions and DMs) and rethrows; `app.error()` then logs one line, without secrets or
 * request bodies.
 *
 * Workspaces: one, with SLACK_BOT_TOKEN (checked with auth.test at start); or, with
 * SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET and no bot token, any number installed
 * through OAuth (GET /slack/install, /slack/oauth_redirect; tokens kept in the store: ./oauth.ts).
 *
 * Operations (src/ops): GET /healthz, /readyz and /metrics (METRICS=1) on the same port in HTTP
 * mode, on HEALTH_PORT in Socket Mode; each request has a request context (its req_id in its log
 * lines, in every line at debug level; one line and the request counters when done).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type Authorize, type Logger, type LogLevel, webApi } from '@slack/bolt';
import type { Answer } from '../answer/types.js';
import { requireSlack, secretsOf, type Config, type SlackMode, type SlackSettings } from '../config.js';
import { handleCommand } from '../digest/commands.js';
import { deadlinesAnswer } from '../digest/deadlines.js';
import { contextRequestId, createAppOps, HEALTH_PATH, markFailed, trackRequests, type AppOps, type Metrics, type Readiness } from '../ops/index.js';
import { createLogger, describeError, redactingLogger } from './log.js';
import { register as registerActions } from './listeners/actions.js';
import { register as registerCommands } from './listeners/commands.js';
import { register as registerDeadlines } from './listeners/deadlines.js';
import { register as registerEvents } from './listeners/events.js';
import { register as registerFeedback } from './listeners/feedback.js';
import { register as registerHome } from './listeners/home.js';
import { register as registerMessages } from './listeners/messages.js';
import { register as registerShortcuts } from './listeners/shortcuts.js';
import { apologiseOnError } from './listeners/polite.js';
import { botScopes, INSTALL_PATH, oauthReceiverOptions, registerUninstall, teamClients } from './oauth.js';
import { EVENTS_PATH, IntegReceiver, type OAuthReceiverOptions } from './receiver.js';
import { IntegSocketModeReceiver } from './socket-mode.js';
import { createGapLog } from './gaps.js';
import { POST_CLIENT_OPTIONS, retryIdempotent, SLACK_CALL_TIMEOUT_MS } from './post.js';
import { historyScopesNotice } from './scopes.js';
import type { Deps, SlackDeps } from './shared.js';

export type { CommandHandler, SlackDeps } from './shared.js';

export { EVENTS_PATH } from './receiver.js';
export { HEALTH_PATH, METRICS_PATH, READY_PATH } from '../ops/index.js';

export interface IntegApp {
  app: App;
  /**
   * A Web API client with the bot token and API base, for posts outside a request (digests). OAuth
   * installs: no token. Like every client integ posts with, it retries nothing by itself: post through
   * ./post.ts postOnce.
   */
  client: webApi.WebClient;
  /** The client to post with in a workspace outside a request: `client` with one bot token, else that workspace's installation. */
  clientFor(teamId: string | null): Promise<webApi.WebClient>;
  /** Checks the bot token (auth.test), then listens (HTTP) or connects (Socket Mode); healthPort: the probes' own port (Socket Mode with HEALTH_PORT). */
  start(): Promise<{ mode: SlackMode; port: number | null; healthPort: number | null; botUserId: string | null; team: string | null }>;
  /** Stops listening / disconnects, then waits for the requests under way to finish. Safe to call twice or before start. */
  stop(): Promise<void>;
  /** What GET /readyz answers. */
  ready(): Promise<Readiness>;
  /** The metrics (null when METRICS is off). */
  metrics: Metrics | null;
}

/** Raised by start() when Slack rejects the token or cannot be reached. */
export class SlackStartError extends Error {
  constructor(
    message: string,
    /** Slack's error string (e.g. invalid_auth) or the client error code. */
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'SlackStartError';
  }
}

export function createApp(input: SlackDeps): IntegApp {
  const { config } = input;
  const slack = requireSlack(config);
  const secrets = secretsOf(config);
  const logger = input.logger ? redactingLogger(input.logger, secrets) : createLogger({ level: config.logLevel, secrets });
  const ops = createAppOps({ config, engine: input.engine, store: input.store, metrics: input.metrics, secrets });
  const deps = buildDeps(input, ops, logger);
  const clientOptions = buildClientOptions(config, ops, input.slackTimeoutMs);
  const oauth = slack.oauth ? oauthReceiverOptions(slack.oauth, ops.store, logger, clientOptions.connection) : null;
  const receiver = buildReceiver(slack, { config, logger, ops, now: deps.now, oauth, clientOptions: clientOptions.connection });
  // filled in by startApp: the bot's identity from auth.test (Bolt never calls auth.test itself)
  const session: Session = { identity: null, started: false, opsServer: null };

  const app = new App({
    receiver,
    // OAuth: Bolt's authorize reads each workspace's installation from the store
    authorize: (receiver instanceof IntegReceiver ? receiver.authorize : null) ?? authorizeWithBotToken(slack.botToken!, session),
    logger,
    logLevel: config.logLevel as LogLevel,
    clientOptions: clientOptions.post,
    convoStore: false,
    ignoreSelf: true,
    extendedErrorHandler: true,
  });
  const inFlight = trackAndLogRequests(app, logger, ops);
  registerListeners(app, deps, { oauth: oauth !== null });

  const postOptions: webApi.WebClientOptions = { ...clientOptions.post, logger };
  const authClient = new webApi.WebClient(slack.botToken ?? undefined, postOptions);
  const installed = oauth ? teamClients(deps.store, postOptions) : null;
  const parts: Parts = { config, logger, ops, deps, app, authClient, oauth: oauth !== null, inFlight, session };

  return {
    app,
    client: authClient,
    clientFor: async (teamId) => (installed ? installed.clientFor(teamId) : authClient),
    start: () => startApp(parts),
    stop: () => stopApp(parts),
    ready: ops.ready,
    metrics: ops.metrics,
  };
}

/** What startApp and stopApp share. */
interface Parts {
  config: Config;
  logger: Logger;
  ops: AppOps;
  deps: Deps;
  app: App;
  /** The client with the bot token (auth.test at start). */
  authClient: webApi.WebClient;
  /** OAuth installs: no bot token of integ's own. */
  oauth: boolean;
  /** The requests under way. */
  inFlight: Set<Promise<void>>;
  session: Session;
}

interface Session {
  identity: { botId?: string; botUserId?: string; user?: string; team?: string; teamId?: string } | null;
  started: boolean;
  /** Socket Mode with HEALTH_PORT: the probes' own server. */
  opsServer: Awaited<ReturnType<AppOps['startServer']>> | null;
}

/** SlackDeps with the defaults filled in, and the engine and store instrumented (src/ops). */
function buildDeps(input: SlackDeps, ops: AppOps, logger: Logger): Deps {
  const { config } = input;
  return {
    config,
    engine: ops.engine,
    store: ops.store,
    logger,
    now: input.now ?? (() => new Date()),
    homeDeadlines:
      input.homeDeadlines ??
      (async ({ now, lang }): Promise<Answer | null> => {
        const kb = input.engine.kb;
        return Array.isArray(kb?.facts) ? deadlinesAnswer(now, { kb, tz: config.tz, lang }) : null;
      }),
    commands: ops.commandHandler(input.handleCommand !== undefined ? input.handleCommand : handleCommand),
    gaps: createGapLog(ops.store, logger),
    metrics: ops.metrics,
  };
}

/**
 * The Web API options. post: the clients that post (Bolt's, which the listeners reply with, and the
 * ones digests post with) retry nothing by themselves: a post whose answer was lost may have been
 * posted, and ./post.ts postOnce looks for it before posting again, and waits out 429s.
 * connection: the Socket Mode client's own calls (apps.connections.open) and the OAuth installer's
 * (oauth.v2.access) post nothing, and keep the library's retries.
 */
function buildClientOptions(config: Config, ops: AppOps, timeoutMs = SLACK_CALL_TIMEOUT_MS): { post: webApi.WebClientOptions; connection: webApi.WebClientOptions } {
  return {
    post: { slackApiUrl: config.slack.apiUrl, timeout: timeoutMs, ...POST_CLIENT_OPTIONS, ...ops.clientOptions },
    connection: { slackApiUrl: config.slack.apiUrl, ...ops.clientOptions },
  };
}

/**
 * HTTP: ./receiver.ts (Bolt's HTTPReceiver behind integ's checks, serving the probes too);
 * Socket Mode: ./socket-mode.ts, whose client's lifecycle events tell /readyz whether the
 * WebSocket to Slack is up.
 */
function buildReceiver(
  slack: SlackSettings,
  opts: { config: Config; logger: Logger; ops: AppOps; now: () => Date; oauth: OAuthReceiverOptions | null; clientOptions: webApi.WebClientOptions },
): IntegReceiver | IntegSocketModeReceiver {
  const { config, logger, ops } = opts;
  if (config.mode === 'http') {
    return new IntegReceiver({ signingSecret: slack.signingSecret!, logger, customRoutes: ops.routes, store: ops.store, now: opts.now, oauth: opts.oauth });
  }
  const receiver = new IntegSocketModeReceiver({ appToken: slack.appToken!, logger, logLevel: config.logLevel as LogLevel, clientOptions: opts.clientOptions });
  ops.setConnected(false);
  receiver.client.on('connected', () => ops.setConnected(true));
  for (const state of ['connecting', 'disconnecting', 'disconnected']) receiver.client.on(state, () => ops.setConnected(false));
  return receiver;
}

/** One workspace: every request is authorized with the bot token, as the bot auth.test named at start. */
function authorizeWithBotToken(botToken: string, session: Session): Authorize<boolean> {
  return async () => {
    const identity = session.identity;
    if (!identity) throw new Error('integ: the app is not started');
    // teamId: the token's workspace, not the payload's (Bolt keeps a Web API client per team id it sees)
    return { botToken, botId: identity.botId, botUserId: identity.botUserId, teamId: identity.teamId };
  };
}

/**
 * Every request goes through app.processEvent (both receivers call it): there it gets its request
 * context (src/ops/requests.ts), is logged and counted, is acknowledged empty if no listener did,
 * and is tracked while under way (a reply being posted after the ack) so that stop() waits for it.
 * A listener's error reaches app.error(), which marks the request failed and logs one line.
 * Returns the requests under way.
 */
function trackAndLogRequests(app: App, logger: Logger, ops: AppOps): Set<Promise<void>> {
  const inFlight = new Set<Promise<void>>();
  app.processEvent = trackRequests(app.processEvent.bind(app), { logger, metrics: ops.metrics, correlate: () => logger.getLevel() === 'debug', inFlight });
  // (the last overload of app.error is the extended handler: { error, logger, body, context })
  const onError: Parameters<App['error']>[0] = async ({ error, body, context }) => {
    markFailed(context);
    logger.error(`integ: ${describeRequest(body)} failed: ${describeError(error)}`, { req_id: contextRequestId(context) });
  };
  app.error(onError);
  return inFlight;
}

/** The one error policy first (the apology, ./listeners/polite.ts; then app.error()), then a listener file per kind. */
function registerListeners(app: App, deps: Deps, opts: { oauth: boolean }): void {
  app.use(apologiseOnError);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerMessages(app, deps);
  registerHome(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
  registerDeadlines(app, deps);
  registerFeedback(app, deps);
  if (opts.oauth) registerUninstall(app, { store: deps.store, logger: deps.logger });
}

/** IntegApp.start(): checks the bot token, then listens (HTTP) or connects (Socket Mode). */
async function startApp(parts: Parts): ReturnType<IntegApp['start']> {
  const { config, logger, ops, app, session } = parts;
  if (parts.oauth) {
    // no token of our own: each workspace's comes from its installation
    const server = (await app.start(config.port)) as Server;
    const port = (server.address() as AddressInfo).port;
    logger.info(`integ: listening on port ${port} (POST ${EVENTS_PATH}, GET ${HEALTH_PATH}), installable into any workspace at GET ${INSTALL_PATH}`);
    // installs get the scopes asked for (manifest.yml's): say once what is lost without the optional ones
    const notice = historyScopesNotice(botScopes(), 'installs');
    if (notice) logger.info(notice);
    session.started = true;
    ops.setPhase('ready');
    return { mode: config.mode, port, healthPort: null, botUserId: null, team: null };
  }
  const auth = await checkBotToken(parts.authClient, config.slack.apiUrl);
  session.identity = { botId: auth.bot_id, botUserId: auth.user_id, user: auth.user, team: auth.team, teamId: auth.team_id };
  // integ runs without the optional history scopes: say once what is lost (./scopes.ts)
  const notice = historyScopesNotice(auth.response_metadata?.scopes);
  if (notice) logger.info(notice);
  let port: number | null = null;
  if (config.mode === 'http') {
    const server = (await app.start(config.port)) as Server;
    port = (server.address() as AddressInfo).port;
    logger.info(`integ: listening on port ${port} (POST ${EVENTS_PATH}, GET ${HEALTH_PATH}) as @${auth.user ?? '?'} in ${auth.team ?? '?'}`);
  } else {
    if (config.healthPort !== null) {
      session.opsServer = await ops.startServer(config.healthPort);
      logger.info(`integ: health checks on port ${session.opsServer.port} (GET ${HEALTH_PATH})`);
    }
    try {
      await app.start();
    } catch (err) {
      await session.opsServer?.close();
      session.opsServer = null;
      throw err;
    }
    logger.info(`integ: connected over Socket Mode as @${auth.user ?? '?'} in ${auth.team ?? '?'}`);
  }
  session.started = true;
  ops.setPhase('ready');
  return { mode: config.mode, port, healthPort: session.opsServer?.port ?? null, botUserId: auth.user_id ?? null, team: auth.team ?? null };
}

/** Slack's answers to auth.test that mean the token itself is wrong. */
const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope']);

/** auth.test with the bot token; SlackStartError when Slack rejects it or cannot be reached. */
async function checkBotToken(client: webApi.WebClient, apiUrl: string): Promise<webApi.AuthTestResponse> {
  try {
    return await retryIdempotent(() => client.auth.test());
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string } };
    const slackError = e.data?.error ?? null;
    if (slackError && AUTH_ERRORS.has(slackError)) {
      throw new SlackStartError(`Slack rejected SLACK_BOT_TOKEN (${slackError}): check the Bot User OAuth Token (xoxb-…) and that the app is installed in the workspace`, slackError);
    }
    throw new SlackStartError(`cannot check the bot token with Slack at ${apiUrl}: ${describeError(err)}`, slackError ?? e.code ?? null);
  }
}

/** IntegApp.stop(): stops listening / disconnects, lets the requests under way finish, writes what is queued. */
async function stopApp(parts: Parts): Promise<void> {
  const { ops, session } = parts;
  if (!session.started) return;
  session.started = false;
  ops.setPhase('stopping');
  try {
    await parts.app.stop();
    // no new requests now; let the ones under way finish (their replies and store writes),
    // then write the unanswered questions still queued
    await Promise.allSettled([...parts.inFlight]);
    await parts.deps.gaps.flush();
  } finally {
    await session.opsServer?.close();
    session.opsServer = null;
    ops.setPhase('stopped');
  }
}

/** What a request was, for logs: never its body. */
function describeRequest(body: unknown): string {
  const b = (body ?? {}) as { command?: string; type?: string; event?: { type?: string }; actions?: { action_id?: string }[] };
  if (b.command) return `command ${b.command}`;
  if (b.event?.type) return `event ${b.event.type}`;
  if (b.type === 'block_actions') return `action ${b.actions?.[0]?.action_id ?? '?'}`;
  return b.type ?? 'request';
}
