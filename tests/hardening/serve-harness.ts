/**
 * `integ serve` in process (src/cli/serve.ts `run`), with a data directory seeded through the
 * lowdb store and the Web API stand-in as SLACK_API_URL: the production wiring (scheduler, store,
 * post function) without a child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../src/answer/index.js';
import { run } from '../../src/cli/serve.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import type { Store } from '../../src/store/types.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';

export interface Serve {
  api: SlackStandIn;
  dir: string;
  port: number;
  url: string;
  /** Everything serve wrote for the operator (its log lines). */
  out(): string;
  /** Aborts (like SIGTERM) and returns the exit code; closes the stand-in and removes the directory. */
  stop(): Promise<number>;
}

export async function startServe(opts: {
  args?: string[];
  env?: Record<string, string>;
  engine?: Engine;
  seed?: (store: Store) => Promise<void>;
  /** An existing data directory (kept on stop); default: a new one, removed on stop. */
  dir?: string;
  /** Set up the stand-in before serve starts (answers, failures, delays). */
  prepare?: (api: SlackStandIn) => void;
} = {}): Promise<Serve> {
  // message ts from the clock, as Slack's: a digest is looked for in the history since its slot
  const api = await startSlackStandIn({ now: () => Date.now() });
  opts.prepare?.(api);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'integ-hardening-'));
  if (opts.seed) {
    const s = await openLowdbStore(dir);
    await opts.seed(s);
    await s.close();
  }
  const stop = new AbortController();
  let port: number | null = null;
  let out = '';
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', INTEG_DATA_DIR: dir, LOG_LEVEL: 'info', ...opts.env };
  const done = run(opts.args ?? [], { env, engine: opts.engine ?? fakeEngine(), signal: stop.signal, stderr: (t) => (out += t), onReady: (i) => (port = i.port) });
  const cleanup = async () => {
    await api.close();
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  };
  const ready = await Promise.race([
    (async () => {
      while (port === null) await new Promise((r) => setTimeout(r, 10));
      return true;
    })(),
    done.then(() => false),
  ]);
  if (!ready) {
    const code = await done;
    await cleanup();
    throw new Error(`integ serve exited with ${code} before it was ready:\n${out}`);
  }
  return {
    api,
    dir,
    port: port!,
    url: `http://127.0.0.1:${port}/slack/events`,
    out: () => out,
    async stop() {
      stop.abort();
      const code = await done;
      await cleanup();
      return code;
    },
  };
}

/** A subscription whose slot (today 00:00 UTC, subscribed a week ago) has passed: due now. */
export function dueSubscription(channel: string) {
  const now = new Date();
  return {
    teamId: null,
    channel,
    weekday: ((now.getUTCDay() + 6) % 7) + 1,
    time: '00:00',
    tz: 'UTC',
    createdBy: 'U1',
    createdAt: new Date(now.getTime() - 8 * 86_400_000).toISOString(),
  };
}

/** YYYY-MM-DD, `days` from today (UTC). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
