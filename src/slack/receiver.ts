/**
 * integ's HTTP receiver, built through Bolt's public API: Bolt's own HTTPReceiver (verification,
 * ssl_check, url_verification, acknowledgements, the OAuth install pages, integ's custom routes)
 * behind a server of integ's, in the custom-receiver pattern of Bolt's documentation: a Receiver
 * whose start() listens and whose listener hands each request to the HTTPReceiver's public
 * `requestListener`, after integ's checks on a POST to EVENTS_PATH:
 *
 * 1. Headers. Bolt verifies the v0 signature but accepts a timestamp from any time in the future
 *    (only stale ones are refused) and ignores anything after a second "=" in the signature. A
 *    timestamp that is not whole seconds within 5 minutes of now, or a signature that is not `v0=`
 *    and 64 hex digits, gets 401 before the body is read. (Requests with neither header go on:
 *    Bolt answers an unsigned ssl_check and refuses the rest.)
 * 2. The body is read once, within Bolt's limit (413 past it); Bolt reuses it
 *    (HTTPModuleFunctions.bufferIncomingMessage keeps it on the request).
 * 3. A request whose signature verifies (Bolt's isValidSlackRequest) and whose payload parses (as
 *    Bolt parses it) to anything but a JSON object — `null`, `payload=null`, a number, a list — gets
 *    400 and a warning: Bolt's HTTPReceiver reads `body.ssl_check` outside its error handling, so a
 *    null payload was an unhandled rejection that ended the process.
 * 4. Replays. A verified request whose signature was seen before (the signature is an HMAC of the
 *    timestamp and the body, so it names that pair) is acknowledged empty and not handled again:
 *    within Slack's 5-minute window a captured `/integ deadline add` could otherwise be sent again
 *    and again. Signatures are kept in the store (Store.markRequestSeen), so every replica refuses
 *    a replay. Only verified requests are recorded: a forged request carrying a captured signature
 *    must not block the genuine one. When the store fails, or does not answer within
 *    REPLAY_CHECK_WITHIN_MS (Slack wants its acknowledgement within 3 s), the request is handled and
 *    its signature is kept in memory, so that this process still refuses a replay (as
 *    shared.ts firstDelivery does for event ids). Slack's own retries of an event carry a new
 *    signature; they are deduplicated by event_id, as before.
 *
 * Anything else (unsigned or mis-signed requests, bodies that do not parse) goes to Bolt as is.
 * Payloads that throw inside Bolt's processEvent (a signed event with `"item": null`) get 400 and a
 * warning through the HTTPReceiver's processEventErrorHandler option, instead of Bolt's 500 and
 * error log; authorization failures and errors after the acknowledgement keep Bolt's handling.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  ErrorCode,
  HTTPModuleFunctions,
  HTTPReceiver,
  defaultBodyLimit,
  isRawBodyError,
  isValidSlackRequest,
  type App,
  type Authorize,
  type HTTPReceiverOptions,
  type Logger,
  type Receiver,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import type { Store } from '../store/types.js';
import { describeError } from './log.js';

/** Where Slack sends commands, events and interactivity. */
export const EVENTS_PATH = '/slack/events';
/** How far a request timestamp may be from now, either way (Slack's rule: 5 minutes). */
export const MAX_CLOCK_SKEW_S = 5 * 60;
/** How long a request waits for the store to say whether its signature was seen before. */
export const REPLAY_CHECK_WITHIN_MS = 250;
/** Signatures this process keeps itself when the store could not record them (the newest). */
const UNRECORDED_MAX = 10_000;
/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) is shorter than the idle
 * timeouts of the load balancers and proxies in front of integ (60 s for most): a client that sends
 * a request on a connection at the moment integ closes it gets a reset, not an answer (3 in 30,000
 * commands under `npm run bench`'s load). So integ keeps connections longer than its clients do,
 * and waits a little longer still for a request's headers, as Node's documentation advises.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The OAuth part of the receiver's options (src/slack/oauth.ts oauthReceiverOptions). */
export type OAuthReceiverOptions = Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'>;

export interface IntegReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Routes served beside EVENTS_PATH (health checks, metrics). */
  customRoutes: NonNullable<HTTPReceiverOptions['customRoutes']>;
  /** Where seen signatures are kept (shared by the replicas). */
  store: Pick<Store, 'markRequestSeen'>;
  /** The clock for the store's records. */
  now: () => Date;
  /** OAuth installs into many workspaces; null: one workspace, with its bot token. */
  oauth: OAuthReceiverOptions | null;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export class IntegReceiver implements Receiver {
  /** Bolt's receiver, which does the Slack work behind integ's checks. */
  readonly bolt: HTTPReceiver;
  /** OAuth installs: Bolt's authorize over the installations (for the App's `authorize`); null with one workspace. */
  readonly authorize: Authorize<boolean> | null;
  readonly #opts: IntegReceiverOptions;
  readonly #logger: Logger;
  readonly #unrecorded = new Set<string>();
  #server: Server | null = null;

  constructor(opts: IntegReceiverOptions) {
    this.#opts = opts;
    this.#logger = opts.logger;
    this.bolt = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      endpoints: EVENTS_PATH,
      customRoutes: opts.customRoutes,
      logger: opts.logger,
      // acknowledge first, then handle: Slack wants the acknowledgement within 3 s
      processBeforeResponse: false,
      bodyLimit: defaultBodyLimit,
      processEventErrorHandler: (args) => this.#processEventError(args),
      ...opts.oauth,
    });
    const installer = this.bolt.installer;
    this.authorize = installer ? (source) => installer.authorize(source) : null;
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  /** Listens on `port` (0: any free port). */
  start(port: number): Promise<Server> {
    if (this.#server) return Promise.reject(new Error('integ: the HTTP receiver is already started'));
    const server = createServer((req, res) => this.#listener(req, res));
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
    this.#server = server;
    return new Promise((resolve, reject) => {
      const failed = (err: Error) => {
        this.#server = null;
        reject(err);
      };
      server.once('error', failed);
      server.listen(port, () => {
        server.off('error', failed);
        resolve(server);
      });
    });
  }

  /**
   * Stops listening (the requests under way finish). Safe before start. Kept-alive connections are
   * closed as soon as they are idle, including those that become idle after this call (a request
   * finishing, a refused body being drained): with KEEP_ALIVE_TIMEOUT_MS they would otherwise hold
   * the stop for a minute.
   */
  stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return Promise.resolve();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))).finally(() => clearInterval(sweep));
  }

  #listener(req: IncomingMessage, res: ServerResponse): void {
    if (req.method?.toUpperCase() === 'POST' && pathOf(req) === EVENTS_PATH) {
      this.#guard(req, res).catch((err: unknown) => {
        this.#logger.error(`integ: could not check a request to ${EVENTS_PATH}: ${describeError(err)}`);
        if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      });
      return;
    }
    this.#toBolt(req, res);
  }

  #toBolt(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.bolt.requestListener(req, res);
    } catch (error) {
      // as Bolt's own server does: an unknown path gets 404
      HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger: this.#logger, request: req, response: res });
    }
  }

  async #guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ts = req.headers['x-slack-request-timestamp'];
    const sig = req.headers['x-slack-signature'];
    const badTs = ts !== undefined && (typeof ts !== 'string' || !TIMESTAMP.test(ts) || Math.abs(Number(ts) - Date.now() / 1000) > MAX_CLOCK_SKEW_S);
    const badSig = sig !== undefined && (typeof sig !== 'string' || !SIGNATURE.test(sig));
    if (badTs || badSig) {
      this.#logger.warn(`integ: refused a request to ${EVENTS_PATH}: ${badTs ? 'timestamp malformed or more than 5 minutes off' : 'malformed signature'}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      req.resume();
      return;
    }

    let buffered;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
    } catch (err) {
      const status = isRawBodyError(err) && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      this.#logger.warn(`integ: could not read a request to ${EVENTS_PATH} (${status}): ${describeError(err)}`);
      // the rest of the body is never read: the connection cannot serve another request
      res.setHeader('connection', 'close');
      HTTPModuleFunctions.buildNoBodyResponse(res, status);
      return;
    }

    const verified =
      typeof ts === 'string' &&
      typeof sig === 'string' &&
      isValidSlackRequest({ signingSecret: this.#opts.signingSecret, body: buffered.rawBody.toString(), headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': Number(ts) } });
    if (verified) {
      let payload: unknown;
      let parsed = true;
      try {
        payload = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
      } catch {
        parsed = false; // Bolt answers 400 for a body that does not parse
      }
      if (parsed && (payload === null || typeof payload !== 'object' || Array.isArray(payload))) {
        this.#logger.warn(`integ: refused a signed request to ${EVENTS_PATH}: its payload is not a JSON object`);
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
        return;
      }
      if (parsed && !(await this.#firstSight(sig))) {
        this.#logger.warn(`integ: acknowledged a replayed request to ${EVENTS_PATH} without handling it (its signature was seen before)`);
        HTTPModuleFunctions.buildNoBodyResponse(res, 200);
        return;
      }
    }
    this.#toBolt(buffered, res);
  }

  /** True the first time a verified request's signature is seen, here or on another replica. */
  async #firstSight(signature: string): Promise<boolean> {
    if (this.#unrecorded.has(signature)) return false;
    let outcome: boolean | Error;
    try {
      outcome = await withinReplayCheck(this.#opts.store.markRequestSeen(signature, this.#opts.now().toISOString()));
    } catch (err) {
      outcome = err instanceof Error ? err : new Error(String(err));
    }
    if (typeof outcome === 'boolean') return outcome;
    if (this.#unrecorded.has(signature)) return false; // a replay that could not be recorded either
    this.#unrecorded.add(signature);
    if (this.#unrecorded.size > UNRECORDED_MAX) this.#unrecorded.delete(this.#unrecorded.values().next().value!);
    this.#logger.warn(`integ: could not record a request's signature, handling it anyway: ${describeError(outcome)}`);
    return true;
  }

  async #processEventError(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
    if (args.response.headersSent || (args.error as { code?: string }).code === ErrorCode.AuthorizationError) {
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    }
    this.#logger.warn(`integ: refused a payload that cannot be read: ${describeError(args.error)}`);
    HTTPModuleFunctions.buildNoBodyResponse(args.response, 400);
    return true;
  }
}

/** The request's path as Bolt's HTTPReceiver routes it (a URL's pathname). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (url === EVENTS_PATH) return url;
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return url;
  }
}

class StoreTooSlowError extends Error {
  constructor() {
    super(`the store did not answer within ${REPLAY_CHECK_WITHIN_MS} ms`);
    this.name = 'StoreTooSlowError';
  }
}

/** The store's answer, or StoreTooSlowError past REPLAY_CHECK_WITHIN_MS (the request then goes on as if the store had failed). */
function withinReplayCheck(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTooSlowError()), REPLAY_CHECK_WITHIN_MS);
  });
  return Promise.race([check, tooSlow]).finally(() => clearTimeout(timer));
}
