/**
 * Starts the REAL Bolt app over HTTP on a free port, pointed at the Slack stand-in, with a
 * MemoryStore and a fake engine (both replaceable), and collects the log lines.
 */
import type { Logger, LogLevel } from '@slack/bolt';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp, type IntegApp, type SlackDeps } from '../../src/slack/app.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';
import { startSlackStandIn, type SlackStandIn } from './slack-api.js';
import { postSigned, type PostOptions } from './sign.js';

export const BOT_TOKEN = 'xoxb-1111-2222-secretbottoken';
export const SIGNING_SECRET = 'signing-secret-0123456789abcdef';

/** A logger that keeps raw lines (no redaction of its own: what it sees is what integ logged). */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  let level = 'debug' as LogLevel;
  const push = (l: string) => (...m: unknown[]) => lines.push(`${l} ${m.map((x) => (typeof x === 'string' ? x : x instanceof Error ? `${x.message}\n${x.stack}` : JSON.stringify(x))).join(' ')}`);
  return { lines, debug: push('DEBUG'), info: push('INFO'), warn: push('WARN'), error: push('ERROR'), setLevel: (l) => void (level = l), getLevel: () => level, setName: () => undefined };
}

export interface Harness {
  api: SlackStandIn;
  integ: IntegApp;
  config: Config;
  store: Store;
  /** The fake engine (or whatever engine was passed, typed as the fake for convenience). */
  engine: FakeEngine;
  logs: string[];
  /** http://127.0.0.1:<port>/slack/events */
  url: string;
  post(body: string, opts?: Partial<PostOptions>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startHarness(options: Partial<SlackDeps> & { env?: Record<string, string>; scopes?: readonly string[] } = {}): Promise<Harness> {
  const { scopes, ...over } = options;
  const api = await startSlackStandIn({ scopes });
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', LOG_LEVEL: 'debug', ...over.env });
  const store = over.store ?? new MemoryStore();
  const engine = (over.engine ?? fakeEngine()) as FakeEngine;
  const logger = captureLogger();
  const integ = createApp({ handleCommand: null, ...over, config, store, engine, logger, now: over.now ?? (() => new Date('2026-03-02T03:00:00Z')) });
  const { port } = await integ.start();
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    api,
    integ,
    config,
    store,
    engine,
    logs: logger.lines,
    url,
    post: (body, opts = {}) => postSigned(url, body, { secret: SIGNING_SECRET, ...opts }),
    async stop() {
      await integ.stop();
      await api.close();
    },
  };
}
