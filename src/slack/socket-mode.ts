/**
 * integ's Socket Mode receiver: Bolt's SocketModeReceiver, built through its documented options,
 * inside a Receiver of integ's (Bolt's custom-receiver pattern, as ./receiver.ts does for HTTP)
 * that keeps the connection open and closes it, through the receiver's public `client` (the
 * SocketModeClient of @slack/socket-mode) only.
 *
 * Why integ reconnects, not the client: the client reconnects by calling its start() from a timer
 * without handling the promise, and a disconnect() while that start() is under way (a stop during a
 * reconnect) rejects it with undefined: an unhandled rejection, which ends the process with exit
 * code 1. Upstream: https://github.com/slackapi/node-slack-sdk/issues/2656 (a fix is proposed in
 * https://github.com/slackapi/node-slack-sdk/pull/2657; @slack/socket-mode 3.1.0 still has the
 * fault). So the client is built with `autoReconnectEnabled: false`, and when it reports
 * `disconnected` this receiver calls its public start() again and handles every promise.
 *
 * And closing a WebSocket whose handshake has not finished leaves the client's close-handshake
 * timer (30 s, from https://github.com/slackapi/node-slack-sdk/pull/2710) running after the client
 * reports `disconnected`, which kept the process alive 30 s after "stopped". A second disconnect()
 * of the closed client cleans its socket up again, and that clears the timer: stop() ends with one.
 *
 * tests/slack/socket-mode.test.ts checks both faults in the library alone and fails when
 * an upgrade changes them: then this receiver can give way to Bolt's as it is.
 */
import { SocketModeReceiver, type App, type Logger, type LogLevel, type Receiver, type webApi } from '@slack/bolt';
import { describeError } from './log.js';

/** Wait before the first attempt to reconnect, doubled after each failed attempt… */
export const RECONNECT_FIRST_MS = 1000;
/** …up to this. */
export const RECONNECT_MAX_MS = 30_000;
/** How long stop() lets Slack answer the close handshake before the socket is closed anyway. */
export const CLOSE_WAIT_MS = 2000;

export type SocketModeClient = SocketModeReceiver['client'];

export interface IntegSocketModeReceiverOptions {
  appToken: string;
  logger: Logger;
  logLevel: LogLevel;
  /**
   * The Socket Mode client's Web API options (apps.connections.open). Given without retryConfig,
   * the client keeps its own retries of that call (it posts nothing).
   */
  clientOptions: webApi.WebClientOptions;
}

export class IntegSocketModeReceiver implements Receiver {
  /** Bolt's receiver, which turns Socket Mode envelopes into Bolt requests and acknowledges them. */
  readonly bolt: SocketModeReceiver;
  readonly #logger: Logger;
  /** Between start() and stop(): a lost connection is opened again. */
  #running = false;
  /** An attempt to (re)connect is under way. */
  #connecting = false;
  /** Ends the wait between two attempts (stop()). */
  #wake: (() => void) | null = null;

  constructor(opts: IntegSocketModeReceiverOptions) {
    this.#logger = opts.logger;
    this.bolt = new SocketModeReceiver({
      appToken: opts.appToken,
      logger: opts.logger,
      logLevel: opts.logLevel,
      autoReconnectEnabled: false,
      // Bolt hands installerOptions.clientOptions to the Socket Mode client as its Web API options
      // (a copy: the client adds its retryConfig to the object)
      installerOptions: { clientOptions: { ...opts.clientOptions } },
    });
    this.client.on('disconnected', () => {
      if (!this.#running || this.#connecting) return;
      this.#connect(false).catch((err: unknown) => this.#logger.error(`integ: Socket Mode reconnection stopped: ${describeError(err)}`));
    });
  }

  /** The Socket Mode client (an EventEmitter of its lifecycle: connecting, connected, disconnected…). */
  get client(): SocketModeClient {
    return this.bolt.client;
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  /**
   * Connects. Rejects when Slack refuses the app token or cannot be reached (the client retries
   * apps.connections.open itself); a WebSocket that fails to open is tried again.
   */
  async start(): Promise<void> {
    if (this.#running) throw new Error('integ: the Socket Mode receiver is already started');
    this.#running = true;
    try {
      await this.#connect(true);
    } catch (err) {
      this.#running = false;
      throw err;
    }
  }

  /** Disconnects, and stops reconnecting. Safe before start and twice. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    const client = this.client;
    const disconnected = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
    await this.bolt.stop(); // disconnects the client, without waiting for it
    await within(disconnected, CLOSE_WAIT_MS);
    // the second disconnect: see the comment at the top (a close-handshake timer left behind)
    await client.disconnect();
  }

  /**
   * Opens the connection, trying again after a WebSocket that closed, until connected or stopped.
   * first: start()'s attempt, which throws what Slack answers (after the client's own retries).
   */
  async #connect(first: boolean): Promise<void> {
    this.#connecting = true;
    try {
      let waits = 0;
      for (let attempt = 0; ; attempt++) {
        if (!first || attempt > 0) await this.#pause(reconnectDelay(waits++));
        if (!this.#running) return;
        try {
          await (first && attempt === 0 ? this.bolt.start() : this.client.start());
          // stopped while connecting: the client connected anyway
          if (!this.#running) await this.client.disconnect();
          return;
        } catch (err) {
          if (!this.#running) return; // stop() interrupted the attempt: it rejects with undefined
          // undefined: the WebSocket closed before Slack's hello; anything else is Slack's answer
          if (first && err !== undefined) throw err;
          const why = err === undefined ? 'the WebSocket closed' : describeError(err);
          this.#logger.warn(`integ: could not connect to Slack over Socket Mode (${why}); trying again in ${reconnectDelay(waits) / 1000} s`);
        }
      }
    } finally {
      this.#connecting = false;
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

/** The wait before an attempt to reconnect, after `waits` waits already. */
export const reconnectDelay = (waits: number): number => Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** waits);

/** Resolves when `p` does, or after `ms`. */
function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
