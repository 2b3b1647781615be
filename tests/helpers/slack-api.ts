/**
 * A local stand-in for Slack's Web API (and response URLs): an HTTP server on 127.0.0.1:0 that
 * records every call and answers like Slack ({ ok: true, … }), or fails on demand with a Slack
 * error, an HTTP status, or 429 + Retry-After.
 *
 * It keeps the messages posted with chat.postMessage (as soon as the call arrives, even when its
 * answer is delayed) and answers conversations.history (newest first, from `oldest`) and
 * conversations.replies (a thread's messages, oldest first) from them, with their metadata only
 * when asked for it (include_all_metadata); and it answers oauth.v2.access for the code
 * "code-<TEAM>" with a bot token for that team ("xoxb-<TEAM>-oauth-token").
 *
 * A lost answer: `fail(method, { accepted: true, reset: true })` takes the call (the message is
 * posted) and then drops the connection; `fail(method, { accepted: true, delayMs })` takes it and
 * answers only after delayMs, after a client with a shorter timeout has given up.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  /** Web API method ("chat.postMessage"), or "response_url" for a POST to a response URL. */
  method: string;
  /** Parsed arguments: form fields (JSON-looking values parsed) or the JSON body. */
  args: Record<string, any>;
  /** The bearer token sent, if any. */
  token: string | null;
  /** For response URLs: the id in /response/<id>. */
  responseId?: string;
  /** Whether the stand-in answered with a failure. */
  failed: boolean;
  /** chat.postMessage: the message ts. */
  ts?: string;
}

export interface Failure {
  /** Slack error string in { ok: false, error } (HTTP 200). */
  error?: string;
  /** HTTP status instead (e.g. 429, 500). */
  status?: number;
  /** Seconds, sent as Retry-After (with status 429 by default). */
  retryAfter?: number;
  /** How many calls fail (default 1). */
  times?: number;
  /** Drop the connection without answering (a reset), instead of any status. */
  reset?: boolean;
  /**
   * Slack accepted the call before the failure (chat.postMessage: the message is posted and shows in
   * the history): only the answer is lost. With neither reset, status nor error, the call is
   * answered as usual, after delayMs.
   */
  accepted?: boolean;
  /** Answer this call only after delayMs (with `accepted`: a success that comes too late). */
  delayMs?: number;
  /** Only calls whose arguments match fail (default: every call of the method). */
  match?: (args: Record<string, any>) => boolean;
}

export interface SlackStandIn {
  /** The Web API base to use as SLACK_API_URL (ends in /api/). */
  apiUrl: string;
  calls: ApiCall[];
  /** Calls of one method. */
  callsOf(method: string): ApiCall[];
  /** A response URL served by the stand-in. */
  responseUrl(id: string): string;
  /** Makes the next call(s) of `method` fail. */
  fail(method: string, failure: Failure): void;
  /** Overrides the successful answer of a method. */
  answer(method: string, body: Record<string, unknown>): void;
  /** Answers every call of `method` only after `ms` (0: no delay). */
  delay(method: string, ms: number): void;
  /** Messages posted in a channel (chat.postMessage, plus addMessage), oldest first. */
  messages(channel: string): StoredMessage[];
  /** Puts a message in a channel's history (as if posted earlier). */
  addMessage(channel: string, message: StoredMessage): void;
  /** Resolves when `pred` holds for the recorded calls (polling), rejects after `timeoutMs`. */
  waitFor(pred: (calls: ApiCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StoredMessage {
  ts: string;
  text?: string;
  /** The thread it was posted in. */
  thread_ts?: string;
  bot_id?: string;
  user?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** The token it was posted with. */
  token?: string | null;
}

export interface StandInOptions {
  /** The clock for message ts (ms); default: ts counting up from 1700000001. */
  now?: () => number;
}

const BOT = { user_id: 'UBOT', bot_id: 'BBOT', user: 'integ', team: 'Test Team', team_id: 'T1', url: 'https://test.slack.com/' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? (() => { try { return JSON.parse(v); } catch { return v; } })() : v;
  }
  return out;
}

export async function startSlackStandIn(opts: StandInOptions = {}): Promise<SlackStandIn> {
  const calls: ApiCall[] = [];
  const channels = new Map<string, StoredMessage[]>();
  const history = (channel: string) => {
    let list = channels.get(channel);
    if (!list) channels.set(channel, (list = []));
    return list;
  };
  let seq = 0;
  const failures = new Map<string, Failure[]>();
  const answers = new Map<string, Record<string, unknown>>();
  const delays = new Map<string, number>();
  let ts = 1700000000;

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    const resp = /^\/response\/([^/]+)$/.exec(url.pathname);
    const api = /^\/api\/([A-Za-z0-9.]+)$/.exec(url.pathname);
    if (!resp && !api) return respond(404, { ok: false, error: 'unknown_path' });
    const method = resp ? 'response_url' : api![1];
    let args: Record<string, any> = {};
    try {
      args = parseArgs(raw, req.headers['content-type']);
    } catch {
      return respond(400, { ok: false, error: 'invalid_json' });
    }
    const call: ApiCall = { method, args, token: token ?? (typeof args.token === 'string' ? args.token : null), failed: false, ...(resp ? { responseId: resp[1] } : {}) };
    calls.push(call);

    const queue = failures.get(method);
    const at = queue?.findIndex((f) => !f.match || f.match(args)) ?? -1;
    const failure = at >= 0 ? queue![at] : undefined;
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) queue!.splice(at, 1);
    }
    if (method === 'chat.postMessage' && typeof args.channel === 'string' && (!failure || failure.accepted)) {
      // kept as it arrives: a caller that dies before the answer still posted it
      const now = opts.now?.();
      ts += 1;
      seq += 1;
      call.ts = now === undefined ? `${ts}.000100` : `${Math.floor(now / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
      const thread = typeof args.thread_ts === 'string' && args.thread_ts ? { thread_ts: args.thread_ts } : {};
      history(args.channel).push({ ts: call.ts, text: args.text, ...thread, bot_id: BOT.bot_id, ...(args.metadata ? { metadata: args.metadata } : {}), token: call.token });
    }

    const wait = (failure?.delayMs ?? 0) + (delays.get(method) ?? 0);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    if (res.destroyed || req.socket.destroyed) return; // the caller gave up (its timeout) and closed the connection

    if (failure && (failure.reset || failure.status || failure.error || failure.retryAfter !== undefined || !failure.accepted)) {
      call.failed = true;
      if (failure.reset) return void req.socket.destroy();
      if (failure.retryAfter !== undefined) return respond(failure.status ?? 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      if (failure.status) return respond(failure.status, { ok: false, error: 'http_error' });
      return respond(200, { ok: false, error: failure.error ?? 'internal_error' });
    }

    if (method === 'response_url') return respond(200, { ok: true });
    const custom = answers.get(method);
    if (custom) return respond(200, custom);
    switch (method) {
      case 'auth.test':
        return respond(200, { ok: true, ...BOT });
      case 'chat.postMessage':
        return respond(200, { ok: true, channel: args.channel, ts: call.ts, message: { text: args.text, ts: call.ts } });
      case 'chat.postEphemeral':
        ts += 1;
        return respond(200, { ok: true, channel: args.channel, ts: `${ts}.000100`, message: { text: args.text, ts: `${ts}.000100` } });
      case 'conversations.history':
      case 'conversations.replies': {
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const limit = Math.max(1, Math.min(Number(args.limit ?? 100) || 100, 1000));
        const from = Number(args.cursor ?? 0) || 0;
        const inThread = (m: StoredMessage) => m.ts === String(args.ts) || m.thread_ts === String(args.ts);
        const messages = history(String(args.channel)).filter((m) => Number(m.ts) > oldest && (method === 'conversations.history' || inThread(m)));
        const all = (method === 'conversations.history' ? messages.reverse() : messages)
          .map(({ token: _t, metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        const page = all.slice(from, from + limit);
        const more = from + limit < all.length;
        return respond(200, { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } });
      }
      case 'oauth.v2.access': {
        const team = /^code-(\w+)$/.exec(String(args.code ?? ''))?.[1] ?? 'T2';
        return respond(200, {
          ok: true,
          app_id: 'A1',
          authed_user: { id: 'U1' },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: `xoxb-${team}-oauth-token`,
          bot_user_id: `UBOT${team}`,
          team: { id: team, name: `Team ${team}` },
          enterprise: null,
          is_enterprise_install: false,
        });
      }
      case 'views.publish':
        return respond(200, { ok: true, view: { id: 'V1', type: 'home' } });
      case 'views.open':
        // a modal opened with a trigger: Slack answers with the view, given an id
        return respond(200, { ok: true, view: { ...(typeof args.view === 'object' ? args.view : {}), id: `VMODAL${calls.length}` } });
      case 'views.update':
        return respond(200, { ok: true, view: { ...(typeof args.view === 'object' ? args.view : {}), id: args.view_id ?? 'V1' } });
      default:
        return respond(200, { ok: true });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${base}/response/${id}`,
    fail(method, failure) {
      const q = failures.get(method) ?? [];
      q.push({ ...failure });
      failures.set(method, q);
    },
    answer(method, body) {
      answers.set(method, body);
    },
    delay(method, ms) {
      delays.set(method, ms);
    },
    messages: (channel) => [...history(channel)],
    addMessage(channel, message) {
      history(channel).push(message);
      history(channel).sort((a, b) => Number(a.ts) - Number(b.ts));
    },
    async waitFor(pred, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!pred(calls)) {
        if (Date.now() > until) throw new Error(`stand-in: condition not met within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ') || '(none)'}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
