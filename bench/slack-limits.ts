/**
 * A Slack Web API stand-in that answers like Slack under load, for the digest benchmark
 * (bench/digests.ts): every answer comes after `latencyMs`, and chat.postMessage is held to
 * Slack's posting limits, answering 429 with Retry-After beyond them:
 * - per channel: about one message a second (a bucket of 1, refilled at 1 a second);
 * - per workspace: a budget per minute (Slack documents chat.postMessage as "several hundred
 *   messages per minute" per workspace; the benchmark takes 600), as a bucket refilled at
 *   budget/60 a second holding at most `workspaceBurst` (Slack allows short bursts).
 * A refused post uses no budget. Retry-After is whole seconds (as Slack sends it), at least 1: the
 * time until both buckets hold a post again. The workspace is the bot token's (xoxb-<TEAM>-…).
 *
 * It records every post with its arrival time (ms, this process's clock), and checks what a client
 * owes Slack after a 429: a post of the same message (channel and week, from the digest's
 * metadata) before its Retry-After has passed is an early retry; any post in a workspace that
 * arrives after a 429 was answered there and before its Retry-After has passed is counted too
 * (a post already on its way when the 429 was answered is the usual one).
 * conversations.history answers from the posts (with their metadata), auth.test with the token's
 * team, anything else { ok: true }.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LimitsOptions {
  /** Every answer waits this long (ms). */
  latencyMs: number;
  /** The workspace budget of chat.postMessage a minute (default 600), per team. */
  workspacePerMinute?: (team: string) => number;
  /** Posts a workspace's bucket holds at most (default 20: two seconds at 600 a minute). */
  workspaceBurst?: number;
  /** Posts a channel may receive a second (default 1). */
  channelPerSecond?: number;
  /** Time in ms (default Date.now). */
  now?: () => number;
}

export interface PostRecord {
  team: string;
  channel: string;
  /** The digest's week from its metadata ('' when none). */
  week: string;
  /** Arrival (ms). */
  at: number;
  ok: boolean;
  /** 429: the Retry-After sent (s), and why. */
  retryAfter?: number;
  limit?: 'channel' | 'workspace';
  /** The 429 was answered at (ms): at + latency. */
  answeredAt?: number;
}

export interface LimitsStandIn {
  apiUrl: string;
  posts: PostRecord[];
  /** Posts of a (channel, week) that arrived before the Retry-After of its earlier 429 had passed. */
  earlyRetries: PostRecord[];
  /** Posts in a workspace that arrived after a 429 was answered there, before its Retry-After ended. */
  duringPause: PostRecord[];
  /** For each of duringPause: ms between that 429's answer and its arrival. */
  duringPauseLagMs: number[];
  /** Calls by method. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

const teamOfToken = (token: string | null): string => /^xoxb-(T[A-Z0-9]+)-/.exec(token ?? '')?.[1] ?? 'T?';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

export async function startLimitedSlack(opts: LimitsOptions): Promise<LimitsStandIn> {
  const now = opts.now ?? Date.now;
  const perMinute = opts.workspacePerMinute ?? (() => 600);
  const burst = opts.workspaceBurst ?? 20;
  const perChannel = opts.channelPerSecond ?? 1;
  const workspaces = new Map<string, Bucket>();
  const channels = new Map<string, Bucket>();
  /** A message's last 429: until when its client must wait (ms). */
  const retryAfterOf = new Map<string, number>();
  /** Per workspace, the 429s answered: [answeredAt, until]. */
  const pauses = new Map<string, [number, number][]>();
  const history = new Map<string, { ts: string; metadata?: unknown }[]>();
  const posts: PostRecord[] = [];
  const earlyRetries: PostRecord[] = [];
  const duringPause: PostRecord[] = [];
  const duringPauseLagMs: number[] = [];
  const calls = new Map<string, number>();
  let seq = 0;

  /** A bucket's tokens at t, refilled at rate (per ms) up to cap; the wait (ms) until it holds one. */
  const take = (b: Bucket, t: number, rate: number, cap: number): { ok: boolean; waitMs: number } => {
    b.tokens = Math.min(cap, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens >= 1) return { ok: true, waitMs: 0 };
    return { ok: false, waitMs: (1 - b.tokens) / rate };
  };

  const post = (token: string | null, args: Record<string, unknown>): { status: number; body: unknown; headers?: Record<string, string> } => {
    const t = now();
    const team = teamOfToken(token);
    const channel = String(args.channel ?? '');
    let metadata: { event_payload?: { week?: unknown } } | undefined;
    try {
      metadata = typeof args.metadata === 'string' ? (JSON.parse(args.metadata) as typeof metadata) : (args.metadata as typeof metadata);
    } catch {
      metadata = undefined;
    }
    const week = typeof metadata?.event_payload?.week === 'string' ? metadata.event_payload.week : '';
    const key = `${channel}\u0000${week}`;
    const rec: PostRecord = { team, channel, week, at: t, ok: false };
    posts.push(rec);
    const owed = retryAfterOf.get(key);
    if (owed !== undefined && t < owed) earlyRetries.push(rec);
    const pausedBy = (pauses.get(team) ?? []).filter(([from, until]) => t >= from && t < until);
    if (pausedBy.length) {
      duringPause.push(rec);
      duringPauseLagMs.push(t - Math.max(...pausedBy.map(([from]) => from)));
    }

    const ws = workspaces.get(team) ?? { tokens: burst, at: t };
    workspaces.set(team, ws);
    const ch = channels.get(channel) ?? { tokens: 1, at: t };
    channels.set(channel, ch);
    // look at both before taking from either: a refused post uses no budget
    const wsRate = perMinute(team) / 60_000;
    const wsState = take({ ...ws }, t, wsRate, burst);
    const chState = take({ ...ch }, t, perChannel / 1000, 1);
    if (!wsState.ok || !chState.ok) {
      const waitMs = Math.max(wsState.waitMs, chState.waitMs);
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      rec.retryAfter = retryAfter;
      rec.limit = wsState.ok ? 'channel' : 'workspace';
      rec.answeredAt = t + opts.latencyMs;
      const until = rec.answeredAt + retryAfter * 1000;
      retryAfterOf.set(key, Math.max(retryAfterOf.get(key) ?? 0, until));
      const list = pauses.get(team) ?? [];
      list.push([rec.answeredAt, until]);
      pauses.set(team, list);
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(retryAfter) } };
    }
    take(ws, t, wsRate, burst);
    ws.tokens -= 1;
    take(ch, t, perChannel / 1000, 1);
    ch.tokens -= 1;
    rec.ok = true;
    const ts = `${Math.floor(t / 1000)}.${String(++seq % 1_000_000).padStart(6, '0')}`;
    const list = history.get(channel) ?? [];
    list.push({ ts, ...(metadata ? { metadata } : {}) });
    history.set(channel, list);
    return { status: 200, body: { ok: true, channel, ts, message: { ts } } };
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const method = /^\/api\/([A-Za-z0-9.]+)$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1] ?? '?';
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const auth = req.headers.authorization;
    let args: Record<string, unknown> = {};
    try {
      args = parseArgs(raw, req.headers['content-type']);
    } catch {
      args = {};
    }
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    let answer: { status: number; body: unknown; headers?: Record<string, string> };
    if (method === 'chat.postMessage') answer = post(token, args);
    else if (method === 'auth.test') answer = { status: 200, body: { ok: true, team_id: teamOfToken(token), user_id: 'UBOT', bot_id: 'BBOT' } };
    else if (method === 'conversations.history') {
      const oldest = Number(args.oldest ?? 0);
      const messages = (history.get(String(args.channel)) ?? []).filter((m) => Number(m.ts) > oldest).reverse().map((m) => ({ type: 'message', bot_id: 'BBOT', ...m }));
      answer = { status: 200, body: { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } } };
    } else answer = { status: 200, body: { ok: true } };
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    }, opts.latencyMs);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    posts,
    earlyRetries,
    duringPause,
    duringPauseLagMs,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
