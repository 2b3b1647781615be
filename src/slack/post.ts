/**
 * Posting to Slack exactly once, as the conversation sees it.
 *
 * chat.postMessage is not idempotent, and a failure after the request was sent is ambiguous:
 * the connection dropped before the answer, no answer within the client's timeout, an HTTP 5xx.
 * Slack may have posted the message. @slack/web-api retries such failures by itself (retryConfig;
 * its default is 10 retries over about 30 minutes), and the conversation got the message twice.
 * So every Web API client integ posts with is built with POST_CLIENT_OPTIONS: it retries nothing by
 * itself (retryConfig.retries 0) and rejects a rate-limited call at once (rejectRateLimitedCalls),
 * and postOnce decides:
 * - HTTP 429 (WebAPIRateLimitedError): Slack did not take the post. Posted again after Retry-After,
 *   up to maxRateLimitWaits times.
 * - an ambiguous failure: first `find` the earlier attempt (digests by their message metadata in
 *   the channel's history, replies by theirs in the thread). Found: that post is the result, nothing
 *   is posted. Not found: posted again, up to maxPosts posts in all. The look-up fails (missing_scope,
 *   not_in_channel, anything): PostOutcomeUnknownError, and nothing is posted again, ever: the
 *   caller says so (a warning, a metric, the digest ledger).
 * - anything else (Slack answered ok: false, HTTP 4xx): Slack refused the post. Thrown as it is.
 *   (internal_error and fatal_error, after which Slack says part of the work may have been done,
 *   count as refusals too: Slack answered, and the message was not returned.)
 * The look-up comes after the client has given up on the post (at its timeout at the latest), by
 * when a post that Slack took shows in the conversation.
 *
 * Calls that change nothing when repeated (the look-ups and other reads, views.publish):
 * retryIdempotent retries them after ambiguous failures and 429s.
 */
import type { webApi } from '@slack/bolt';

/** Web API calls give up after this long (then a post is looked for before it is posted again). */
export const SLACK_CALL_TIMEOUT_MS = 15_000;

/** The Web API client options for posting: the library retries nothing (postOnce does). */
export const POST_CLIENT_OPTIONS = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
} as const satisfies webApi.WebClientOptions;

/** event_type of the message metadata on replies (event_payload: { id: the request id }). */
export const REPLY_EVENT_TYPE = 'integ_reply';

const RATE_LIMITED = 'slack_webapi_rate_limited_error';
const REQUEST_ERROR = 'slack_webapi_request_error';
const HTTP_ERROR = 'slack_webapi_http_error';

/** Seconds Slack asked to wait (HTTP 429 with Retry-After), or null when err is not a rate limit. */
export function rateLimitedFor(err: unknown): number | null {
  const e = err as { code?: unknown; retryAfter?: unknown } | null;
  return e?.code === RATE_LIMITED && typeof e.retryAfter === 'number' ? e.retryAfter : null;
}

/**
 * Whether Slack may have acted on a call that failed: the request was sent and no answer came
 * (connection dropped, timeout) or the answer was an HTTP 5xx. Slack's own answers (ok: false),
 * 429 and other 4xx mean it did not.
 */
export function isAmbiguous(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  if (e?.code === REQUEST_ERROR) return true;
  if (e?.code === HTTP_ERROR) return typeof e.statusCode === 'number' && (e.statusCode >= 500 || e.statusCode === 408);
  return false;
}

/** What a Web API error was, for messages: Slack's error code (with the scope it needed), else the error's message. */
export function describeSlackError(err: unknown): string {
  const e = err as { data?: { error?: unknown; needed?: unknown }; code?: unknown; statusCode?: unknown; original?: { message?: unknown }; message?: unknown } | null;
  if (e?.data?.error === 'missing_scope' && typeof e.data.needed === 'string') return `missing_scope: needs ${e.data.needed}`;
  if (typeof e?.data?.error === 'string') return e.data.error;
  if (e?.code === HTTP_ERROR && typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`;
  if (e?.code === REQUEST_ERROR && typeof e.original?.message === 'string') return e.original.message;
  return err instanceof Error ? err.message : String(err);
}

/** A post whose answer was lost and whose conversation could not be read: it may or may not be there. */
export class PostOutcomeUnknownError extends Error {
  readonly code = 'integ_post_outcome_unknown';
  /** Why it cannot be told: "Slack's answer was lost (…) and the conversation could not be read to check (…)". */
  readonly reason: string;
  constructor(
    /** The post's failure (ambiguous). */
    readonly postError: unknown,
    /** Why the conversation could not be read. */
    readonly lookupError: unknown,
  ) {
    const reason = `Slack's answer was lost (${describeSlackError(postError)}) and the conversation could not be read to check (${describeSlackError(lookupError)})`;
    super(`may or may not have been posted: ${reason}; not posted again`);
    this.name = 'PostOutcomeUnknownError';
    this.reason = reason;
  }
}

export interface PostOnceOptions {
  /** One chat.postMessage (with message metadata that `find` recognises). */
  post: () => Promise<{ ts?: string }>;
  /**
   * The post of an earlier attempt, if the conversation has it; rejects when it cannot tell (it
   * retries its own reads: retryIdempotent). Without it, an ambiguous failure is thrown as it is (never posted again: the apology).
   */
  find?: () => Promise<{ ts: string } | null>;
  /** Posts at most (default 3). */
  maxPosts?: number;
  /** 429s waited out at most (default 3). */
  maxRateLimitWaits?: number;
  /** Called before posting again after an ambiguous failure that the look-up showed did not post. */
  onRetry?: (err: unknown, posts: number) => void;
  /** Waiting (tests). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Wait before posting again after a lost answer: 0.5 s, then 1 s, 2 s, … */
const backoff = (posts: number): number => 500 * 2 ** Math.max(0, posts - 1);

/**
 * Posts once, as the conversation sees it. Resolves with the post's ts (found: an earlier attempt's,
 * found in the conversation); rejects with Slack's refusal, with the last failure when no post
 * reached Slack, or with PostOutcomeUnknownError.
 */
export async function postOnce(opts: PostOnceOptions): Promise<{ ts: string; found: boolean }> {
  const maxPosts = opts.maxPosts ?? 3;
  const maxWaits = opts.maxRateLimitWaits ?? 3;
  const sleep = opts.sleep ?? defaultSleep;
  let posts = 0;
  let waits = 0;
  for (;;) {
    posts++;
    try {
      const res = await opts.post();
      return { ts: res.ts ?? '', found: false };
    } catch (err) {
      const retryAfter = rateLimitedFor(err);
      if (retryAfter !== null) {
        if (++waits > maxWaits) throw err;
        await sleep(retryAfter * 1000);
        continue;
      }
      if (!isAmbiguous(err) || !opts.find) throw err;
      const find = opts.find;
      let found: { ts: string } | null;
      try {
        found = await find();
      } catch (lookupError) {
        throw new PostOutcomeUnknownError(err, lookupError);
      }
      if (found) return { ts: found.ts, found: true };
      if (posts >= maxPosts) throw err;
      opts.onRetry?.(err, posts);
      await sleep(backoff(posts));
    }
  }
}

/** Runs a call that changes nothing when repeated (a read, views.publish), again after an ambiguous failure or a 429. */
export async function retryIdempotent<T>(read: () => Promise<T>, opts: { tries?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<T> {
  const tries = opts.tries ?? 3;
  const sleep = opts.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    try {
      return await read();
    } catch (err) {
      const retryAfter = rateLimitedFor(err);
      if (n >= tries || (retryAfter === null && !isAmbiguous(err))) throw err;
      await sleep(retryAfter !== null ? retryAfter * 1000 : backoff(n));
    }
  }
}

/** Message metadata of a message in a Web API answer. */
interface MetadataMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { id?: unknown } };
}

/** Pages of a thread (200 replies each) read when looking for a reply. */
const MAX_THREAD_PAGES = 5;
/** Pages of a DM's newest messages (100 each) read when looking for a top-level reply posted just now. */
const MAX_DM_PAGES = 2;

/**
 * The reply with metadata id `id`, in the thread `threadTs` of `channel` (conversations.replies) or,
 * for a top-level reply (a DM), among the conversation's newest messages (conversations.history).
 * Needs the history scope of the conversation: im:history (always asked for), channels:history or
 * groups:history (optional, ./scopes.ts: without them the look-up fails with missing_scope).
 */
export async function findReply(client: Pick<webApi.WebClient, 'conversations'>, where: { channel: string; threadTs: string | null; id: string }): Promise<{ ts: string } | null> {
  const isOurs = (m: MetadataMessage) => typeof m.ts === 'string' && m.metadata?.event_type === REPLY_EVENT_TYPE && m.metadata.event_payload?.id === where.id;
  let cursor: string | undefined;
  const pages = where.threadTs ? MAX_THREAD_PAGES : MAX_DM_PAGES;
  for (let page = 0; page < pages; page++) {
    const base = { channel: where.channel, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
    const threadTs = where.threadTs;
    const res = await retryIdempotent(() => (threadTs ? client.conversations.replies({ ...base, ts: threadTs, limit: 200 }) : client.conversations.history({ ...base, limit: 100 })));
    const hit = (res.messages as MetadataMessage[] | undefined)?.find(isOurs);
    if (hit) return { ts: hit.ts! };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return null;
  }
  return null;
}
