/**
 * Delivers the weekly deadline digests that are due (src/digest/schedule.ts decides "due").
 *
 * Per due subscription: claim (channel, week) in the ledger → wait for the workspace's turn →
 * post → record the outcome. The due deliveries go through the posting queue (src/digest/queue.ts):
 * every workspace at once, each at its pace (DEFAULT_PACE, shared by all replicas on the store),
 * a 429's Retry-After pausing that workspace for every replica.
 *
 * Delivery semantics, step by step (the guarantee: one digest per channel and week as the channel
 * sees it, whenever the channel's history can be read; otherwise never two, and the ledger says
 * which weeks are unknown):
 * 1. claim BEFORE post. The claim is the at-most-once guard: two runners (or two ticks) can never
 *    both post for the same (channel, week), and if the claim cannot be saved nothing is posted.
 * 2. post (src/slack/digest.ts over src/slack/post.ts postOnce), at the workspace's turn. The Web
 *    API client retries nothing by itself; a 429 (DigestRateLimitedError: Slack did not take it)
 *    pauses the workspace for Retry-After in the store and is posted again at the next turn, up to
 *    maxRateLimitWaits times. A claim whose turn does not come within maxTurnWaitMs (or when the
 *    scheduler stops) is released: nothing was posted, and the next check tries again. When
 *    Slack's answer is lost (connection dropped, timeout, HTTP 5xx) Slack may have posted: the
 *    digest is looked for in the channel's history by its metadata before it is posted again, and
 *    a post found there is the delivery. When the history cannot be read, `post` rejects with
 *    DigestOutcomeUnknownError: nothing is posted again, the week is recorded 'failed' with an error
 *    starting "outcome unknown", counted in the summary's `unknown`, and a warning says the digest
 *    may or may not be in the channel.
 *    The call is also cut off after postTimeoutMs so one hung channel cannot stall the others; such
 *    a post may still land, so its claim is kept (not released: nobody posts again meanwhile), it
 *    counts as `unknown`, and its outcome is recorded when it ends.
 * 3. record: 'delivered' with the message ts. A crash between 2 and 3 leaves a 'claimed' entry;
 *    once it is older than the lease (DEFAULT_LEASE_MS, 10 min) the week is due again. Its runner may
 *    have posted, so the retry looks in the history first (findPosted) and records the post it
 *    finds; when the history cannot be read it does not post (outcome unknown, as above). A
 *    'released' entry (below) is a failure after which Slack had not posted, so it is posted again
 *    even when the history cannot be read. Without findPosted (tests, library use) a retried claim
 *    is posted again: at least once. If the post succeeded but recording it fails (disk full), the
 *    ts is kept in memory (DeliveryMemo) and the record is retried on the next run without posting
 *    again; only a crash loses that memory (and then the look-up above finds the post).
 * Failures:
 * - channel_not_found / not_in_channel / is_archived: permanent. The week is marked 'failed',
 *   the channel is unsubscribed and a log line says so. Never retried.
 * - other Slack platform errors (invalid_blocks, invalid_auth, …): retrying the same request gives
 *   the same answer; the week is marked 'failed' (tried again next week), logged as an error.
 * - transient (HTTP 5xx, network errors, timeouts that the look-up showed did not post, rate
 *   limits waited out too often, unknown exceptions): the claim is released so the next minute's
 *   check retries within the same week, up to maxAttempts claims; then the week is marked 'failed'.
 * One channel's failure never stops the others. Digests never contain @channel/@here: they are
 * Answers (data) and the renderer escapes all text.
 */
import type { Answer, Lang } from '../answer/types.js';
import type { LedgerEntry, PostPace, Store, Subscription, TeamDeadline } from '../store/types.js';
import { buildDeadlineAnswer, DEADLINE_WINDOW_DAYS, groupDeadlines, hasDueOrOverdue, listDeadlines, PAST_DAYS, titleOf, type DeadlineKnowledge } from './deadlines.js';
import { sayDigest } from './messages.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PACE, drain, type Gate, type QueueClock } from './queue.js';
import { DEFAULT_LEASE_MS, dueDelivery, latestSlot } from './schedule.js';

export interface DigestLogger {
  /** Per-channel successes (optional): a run's info line is its summary (startScheduler). */
  debug?(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Which digest a post is: the subscription, its week and that week's slot. */
export interface DigestTarget {
  sub: Subscription;
  week: string;
  slot: Date;
}

/**
 * Posts a digest: resolves with its ts (found: an earlier attempt's post, found in the channel after
 * Slack's answer was lost); rejects with DigestOutcomeUnknownError when it may or may not have posted.
 */
export type PostDigest = (channel: string, answer: Answer, target: DigestTarget) => Promise<{ ts: string; found?: boolean }>;
/** How PostDigest rejects when the digest may or may not be in the channel: it is never posted again that week. */
export class DigestOutcomeUnknownError extends Error {
  constructor(
    /** Why it cannot be told ("Slack's answer was lost (…) and the conversation could not be read …"). */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`may or may not have been posted: ${reason}; not posted again`, options);
    this.name = 'DigestOutcomeUnknownError';
  }
}
/** The ts of a digest already posted for target (channel, week), or null; rejects when it cannot tell. */
export type FindPostedDigest = (target: DigestTarget) => Promise<{ ts: string } | null>;
/**
 * How PostDigest (and PostReminder) rejects when Slack refused the post with 429: Slack did not
 * take it, and asks that nothing be posted in the workspace for retryAfterMs. The runner records
 * the pause in the store (every replica waits) and posts it again at the workspace's next turn.
 */
export class DigestRateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super(`rate limited by Slack: retry after ${Math.round(retryAfterMs / 1000)} s`, options);
    this.name = 'DigestRateLimitedError';
  }
}

export interface DigestRunSummary {
  /** Subscriptions due at `now`. */
  due: number;
  /** Posted in this run. */
  delivered: number;
  /** Tried and failed (permanent, give-up or transient), or the ledger could not be written. */
  failed: number;
  /** Due but not posted by this run: claimed elsewhere, attempts used up, or already posted (recorded now). */
  skipped: number;
  /**
   * Posted or not, not known when the run ended: Slack's answer was lost and the channel's history
   * could not be read (recorded 'failed', error "outcome unknown: …"; never posted again that week),
   * or the post was still under way after postTimeoutMs (recorded when it ends).
   */
  unknown: number;
}

/** Posts that succeeded but could not be recorded yet, so they are recorded, not re-posted. */
export class DeliveryMemo {
  readonly posted = new Map<string, string>();
  static key(channel: string, week: string): string {
    return `${channel}\u0000${week}`;
  }
}

export interface RunDigestsOptions {
  store: Store;
  kb: DeadlineKnowledge | null;
  now: Date;
  post: PostDigest;
  /** Asked before posting on a retried claim (a runner crashed, or a post failed): was it posted after all? */
  findPosted?: FindPostedDigest;
  logger?: DigestLogger;
  /** A claim older than this is presumed abandoned and retried (default 10 min). */
  leaseMs?: number;
  /** Claims per (channel, week) before giving up for the week (default 5). */
  maxAttempts?: number;
  /** A post still under way after this is left to finish on its own (default 2 min); its claim is kept. */
  postTimeoutMs?: number;
  /** Posts in flight at once in this process, all workspaces together (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** How fast each workspace is posted to, by all replicas together (default DEFAULT_PACE). */
  pace?: PostPace;
  /** 429s waited out for one digest before its claim is released for the next check (default 10). */
  maxRateLimitWaits?: number;
  /** Stops the run when aborted: nothing more is claimed, claims waiting for a turn are released, posts under way finish. */
  signal?: AbortSignal;
  /** The posting queue's clock (epoch ms) and waiting (tests: a virtual clock; default Date.now and setTimeout). */
  queueClock?: QueueClock;
  /** Shared across runs by the scheduler. */
  memo?: DeliveryMemo;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MAX_RATE_LIMIT_WAITS = 10;
/** Longer than postOnce normally takes (3 posts of at most 15 s each, look-ups and backoff between them), so it ends first. */
export const DEFAULT_POST_TIMEOUT_MS = 120_000;

const silentLogger: DigestLogger = { info() {}, warn() {}, error() {} };

/** Slack errors after which the channel can never receive the digest. */
export const UNSUBSCRIBE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
/** Slack platform errors worth retrying. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

export type FailureKind = 'unsubscribe' | 'give-up' | 'retry';

export class PostTimeoutError extends Error {
  constructor(ms: number) {
    super(`posting timed out after ${ms} ms`);
    this.name = 'PostTimeoutError';
  }
}

/** The Slack error code ("channel_not_found") of an error from @slack/web-api, when it has one. */
export function slackErrorCode(err: unknown): string | null {
  const e = err as { data?: { error?: unknown }; error?: unknown; message?: unknown } | null;
  if (e && typeof e.data?.error === 'string') return e.data.error;
  if (e && typeof e.error === 'string') return e.error;
  const m = typeof e?.message === 'string' ? /An API error occurred: (\w+)/.exec(e.message) : null;
  return m ? m[1] : null;
}

/** What to do after a failed post. */
export function classifyPostError(err: unknown): FailureKind {
  const code = slackErrorCode(err);
  if (code && UNSUBSCRIBE_ERRORS.has(code)) return 'unsubscribe';
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  if (e?.code === 'slack_webapi_platform_error' || code) {
    return code && TRANSIENT_PLATFORM_ERRORS.has(code) ? 'retry' : 'give-up';
  }
  if (e?.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number') {
    return e.statusCode >= 500 || e.statusCode === 429 || e.statusCode === 408 ? 'retry' : 'give-up';
  }
  return 'retry'; // request errors, rate limits the client gave up on, timeouts, anything unknown
}

/** An error for the ledger and logs: Slack's error code (missing_scope with the scope it needed), else the message. */
const describeError = (err: unknown): string => {
  const code = slackErrorCode(err);
  const needed = (err as { data?: { needed?: unknown } } | null)?.data?.needed;
  if (code === 'missing_scope' && typeof needed === 'string') return `missing_scope: needs ${needed}`;
  return code ?? (err instanceof Error ? err.message : String(err));
};

/**
 * The language a channel's digest is posted in: the one chosen with its subscription (`digest on`
 * stores the language it was asked in), else the channel's preference (`/integ lang channel …`),
 * else English. The preference is read only for subscriptions that have no language of their own.
 */
export async function digestLang(sub: Pick<Subscription, 'lang' | 'teamId' | 'channel'>, store: Pick<Store, 'getLanguages'>): Promise<Lang> {
  if (sub.lang) return sub.lang;
  return (await store.getLanguages({ teamId: sub.teamId, channel: sub.channel })).channel ?? 'en';
}

/**
 * The digest content, in `lang` (default English): what is due within DEADLINE_WINDOW_DAYS (with
 * days left; the same window as the `deadlines` list), the team's overdue deadlines, the sources'
 * passed in the last PAST_DAYS, and the next later item. With none of those, a single line. The
 * same deadlines and citations in every language.
 */
export function digestAnswer(now: Date, kb: DeadlineKnowledge | null | undefined, teamDeadlines: TeamDeadline[], tz: string, lang: Lang = 'en'): Answer {
  const items = listDeadlines(now, { kb, teamDeadlines, tz });
  const windowDays = DEADLINE_WINDOW_DAYS;
  const answer = buildDeadlineAnswer(items, {
    kb: kb ?? null,
    teamDeadlines,
    tz,
    lang,
    question: '',
    intent: 'digest',
    windowDays,
    pastDays: PAST_DAYS,
    laterCount: 1,
    title: (count, window, overdue) => sayDigest('digest.count', { count, windowDays: window, overdue }),
  });
  const g = groupDeadlines(items, windowDays, PAST_DAYS, 1);
  if (!hasDueOrOverdue(g) && !g.passed.length) {
    // one line: the headline already names the next deadline, if any
    const next = g.later[0];
    return {
      ...answer,
      headline: sayDigest('deadlines.nothingSoon', { windowDays, next: next ? { title: titleOf(next), due: next.due } : null }),
      points: [],
      citations: [],
      notes: [],
    };
  }
  return answer;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostTimeoutError(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The longest a claimed delivery waits for its workspace's turn before its claim is released: well
 * inside the lease (a claim older than the lease is taken over by another replica), with room for
 * the post itself (postTimeoutMs).
 */
export function maxTurnWaitMs(leaseMs: number, postTimeoutMs: number): number {
  return Math.max(1_000, Math.min(leaseMs / 2, leaseMs - postTimeoutMs - 60_000));
}

/** The Retry-After of a post Slack refused with 429 (DigestRateLimitedError), or null. */
export const rateLimitedMs = (err: unknown): number | null => (err instanceof DigestRateLimitedError ? Math.max(0, err.retryAfterMs) : null);

/**
 * Delivers every digest due at `now`, through the posting queue (src/digest/queue.ts): each
 * workspace at its pace, shared with every replica on the store. Never throws for one channel's failure.
 */
export async function runDigests(opts: RunDigestsOptions): Promise<DigestRunSummary> {
  const { store, kb, now, post } = opts;
  const logger = opts.logger ?? silentLogger;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const postTimeoutMs = opts.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS;
  const maxRateLimitWaits = opts.maxRateLimitWaits ?? DEFAULT_MAX_RATE_LIMIT_WAITS;
  const memo = opts.memo ?? new DeliveryMemo();
  const summary: DigestRunSummary = { due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 };
  // A run may last minutes (thousands of channels at each workspace's pace): claims and records are
  // made at the time they happen, `now` moved on by the time elapsed, so a claim is only ever as old
  // as it really is when other replicas judge it against the lease.
  const started = Date.now();
  const clock = (): Date => new Date(now.getTime() + Math.max(0, Date.now() - started));
  const at = now.toISOString();

  // Posts that succeeded earlier in this process but could not be recorded: record them first.
  for (const [key, ts] of [...memo.posted]) {
    const [channel, week] = key.split('\u0000');
    try {
      await store.finishDelivery(channel, week, { status: 'delivered', at, ts });
      memo.posted.delete(key);
      logger.info('digest: recorded an earlier delivery', { channel, week, ts });
    } catch (err) {
      logger.error('digest: still cannot record a delivery', { channel, week, ts, error: describeError(err) });
    }
  }

  // Each subscription's latest slot (one computation per schedule: thousands of channels share a
  // few), then the ledger of those weeks only, looked up by key.
  const subs = await store.listSubscriptions();
  const slots = new Map<string, { week: string; slot: Date } | Error>();
  const latestOf = (sub: Subscription): { week: string; slot: Date } | Error => {
    const k = `${sub.weekday}\u0000${sub.time}\u0000${sub.tz}`;
    let v = slots.get(k);
    if (!v) {
      try {
        v = latestSlot(sub, now);
      } catch (err) {
        v = err instanceof Error ? err : new Error(String(err));
      }
      slots.set(k, v);
    }
    return v;
  };
  const weeks = new Set<string>();
  for (const sub of subs) {
    const l = latestOf(sub);
    if (!(l instanceof Error)) weeks.add(l.week);
  }
  const ledger = new Map<string, LedgerEntry>();
  for (const e of weeks.size ? await store.listDeliveries({ weeks: [...weeks] }) : []) ledger.set(DeliveryMemo.key(e.channel, e.week), e);
  const due: DigestTarget[] = [];
  for (const sub of subs) {
    try {
      const latest = latestOf(sub);
      if (latest instanceof Error) throw latest;
      const d = dueDelivery(sub, now, (channel, week) => ledger.get(DeliveryMemo.key(channel, week)), { leaseMs, latest });
      if (d) due.push({ sub, week: d.week, slot: d.slot });
    } catch (err) {
      logger.error('digest: bad subscription, skipped', { channel: sub.channel, error: describeError(err) });
    }
  }
  summary.due = due.length;

  let rateLimited = 0;
  /** Posts one claimed digest (the claim's attempts and what it was before are the store's answer). */
  const deliver = async (target: DigestTarget, claim: { attempts: number; previous: 'released' | 'claimed' | null }, gate: Gate): Promise<void> => {
    const { sub, week } = target;
    const { channel } = sub;
    const key = DeliveryMemo.key(channel, week);
    const { attempts } = claim;
    try {
      if (attempts > maxAttempts) {
        await store.finishDelivery(channel, week, { status: 'failed', at: clock().toISOString(), error: `gave up after ${maxAttempts} attempts` });
        logger.error('digest: gave up for this week', { channel, week, attempts: maxAttempts });
        summary.skipped++;
        return;
      }

      /** Records a failed post: unsubscribe, give up for the week, or release the claim for a retry. */
      const settleFailure = async (err: unknown, attempt: number): Promise<void> => {
        const error = describeError(err);
        const kind = classifyPostError(err);
        const at = clock().toISOString();
        if (kind === 'unsubscribe') {
          await store.finishDelivery(channel, week, { status: 'failed', at, error });
          await store.removeSubscription(channel);
          logger.warn(`digest: unsubscribed ${channel} (${error}); nothing more will be posted there`, { channel, week, error });
        } else if (kind === 'give-up' || attempt >= maxAttempts) {
          await store.finishDelivery(channel, week, { status: 'failed', at, error: kind === 'give-up' ? error : `${error} (gave up after ${attempt} attempts)` });
          logger.error('digest: failed for this week', { channel, week, error, attempts: attempt });
        } else {
          await store.releaseDelivery(channel, week);
          logger.warn('digest: post failed, will retry', { channel, week, error, attempt, maxAttempts });
        }
      };
      /** Records a week whose digest may or may not be in the channel: never posted again that week. */
      const recordUnknown = async (reason: string): Promise<void> => {
        logger.warn(`digest: the digest may or may not have been posted: ${reason}; not posted again this week`, { channel, week, attempts });
        await store.finishDelivery(channel, week, { status: 'failed', at: clock().toISOString(), error: `outcome unknown: ${reason}` });
        summary.unknown++;
      };

      if (attempts > 1) {
        // an earlier attempt may have posted (its runner crashed before recording it): look first
        const stale = claim.previous !== 'released';
        let found: { ts: string } | null = null;
        if (opts.findPosted) {
          try {
            found = await opts.findPosted(target);
          } catch (err) {
            if (stale) {
              await recordUnknown(`an earlier attempt may have posted and the channel's history cannot be read to check (${describeError(err)})`);
              return;
            }
            // released: Slack had answered that attempt without posting (or the history showed no post)
            logger.warn("digest: cannot read the channel's history; the earlier attempt did not post, posting", { channel, week, error: describeError(err) });
          }
        }
        if (found) {
          await store.finishDelivery(channel, week, { status: 'delivered', at: clock().toISOString(), ts: found.ts });
          logger.info('digest: an earlier attempt had posted; recorded it without posting again', { channel, week, ts: found.ts, attempts });
          summary.skipped++;
          return;
        }
      }

      const answer = digestAnswer(now, kb, await store.listDeadlines(channel), sub.tz, await digestLang(sub, store));
      let posted: { ts: string; found?: boolean } | null = null;
      for (let waits = 0; posted === null; ) {
        if (!(await gate.turn())) {
          // stopping, or the workspace's turn is too far off: nothing was posted, so due again later
          await store.releaseDelivery(channel, week);
          logger.info('digest: no turn to post in time; released for the next check', { channel, week, teamId: sub.teamId });
          summary.skipped++;
          return;
        }
        const posting = post(channel, answer, target);
        try {
          posted = await withTimeout(posting, postTimeoutMs);
        } catch (err) {
          const retryAfterMs = rateLimitedMs(err);
          if (retryAfterMs !== null && waits < maxRateLimitWaits) {
            // Slack did not take it: nobody posts in this workspace until Retry-After, then this one again
            waits++;
            rateLimited++;
            logger.debug?.('digest: rate limited; the workspace waits', { channel, week, teamId: sub.teamId, retryAfterMs });
            await gate.pause(retryAfterMs);
            continue;
          }
          if (err instanceof DigestOutcomeUnknownError) {
            await recordUnknown(err.reason);
            return;
          }
          if (err instanceof PostTimeoutError) {
            // Still under way and it may still post: the claim stays (nobody posts meanwhile) and
            // its outcome is recorded when it ends.
            summary.unknown++;
            logger.warn('digest: post still under way; its outcome is recorded when it ends', { channel, week, timeoutMs: postTimeoutMs });
            posting.then(
              async (r) => {
                memo.posted.set(key, r.ts);
                logger.warn('digest: a timed-out post succeeded late', { channel, week, ts: r.ts });
                const e = await store.getDelivery(channel, week).catch(() => null);
                if (e?.status === 'delivered') return;
                await store.finishDelivery(channel, week, { status: 'delivered', at: new Date().toISOString(), ts: r.ts });
                memo.posted.delete(key);
              },
              async (late: unknown) => {
                if (late instanceof DigestOutcomeUnknownError) {
                  await store.finishDelivery(channel, week, { status: 'failed', at: new Date().toISOString(), error: `outcome unknown: ${late.reason}` });
                  logger.warn('digest: a timed-out post ended with an unknown outcome; not posted again this week', { channel, week, error: late.message });
                } else {
                  await settleFailure(late, attempts);
                }
              },
            ).catch(() => undefined);
            return;
          }
          summary.failed++;
          await settleFailure(err, attempts);
          return;
        }
      }

      const { ts } = posted;
      memo.posted.set(key, ts);
      summary.delivered++;
      logger.debug?.(posted.found ? "digest: delivered (Slack's answer was lost; found in the channel)" : 'digest: delivered', { channel, week, ts });
      try {
        await store.finishDelivery(channel, week, { status: 'delivered', at: clock().toISOString(), ts });
        memo.posted.delete(key);
      } catch (err) {
        logger.error('digest: delivered but not recorded; will record on the next run', { channel, week, ts, error: describeError(err) });
      }
    } catch (err) {
      // the ledger or store failed: count it; the claim (if any) is retried after the lease
      summary.failed++;
      logger.error('digest: could not process channel', { channel, week, error: describeError(err) });
    }
  };

  await drain({
    store,
    // posted earlier in this process, still not recorded: never posted again
    items: due.filter((t) => {
      if (!memo.posted.has(DeliveryMemo.key(t.sub.channel, t.week))) return true;
      summary.skipped++;
      return false;
    }),
    workspace: (t) => t.sub.teamId,
    key: (t) => ({ channel: t.sub.channel, week: t.week }),
    claimAt: () => {
      const c = clock();
      return { at: c.toISOString(), staleBefore: new Date(c.getTime() - leaseMs).toISOString() };
    },
    pace: opts.pace ?? DEFAULT_PACE,
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    maxWaitMs: maxTurnWaitMs(leaseMs, postTimeoutMs),
    signal: opts.signal,
    ...opts.queueClock,
    deliver,
    skipped: () => void summary.skipped++,
    claimFailed: (t, err) => {
      // the claim could not be saved: nothing is posted
      summary.failed++;
      logger.error('digest: could not process channel', { channel: t.sub.channel, week: t.week, error: describeError(err) });
    },
  });
  if (rateLimited) logger.info('digest: Slack rate-limited some posts; each workspace waited as told (Retry-After) and posted them again', { rateLimited });
  return summary;
}

export interface SchedulerOptions extends Omit<RunDigestsOptions, 'now' | 'memo'> {
  /** Check interval (default 60 s). */
  intervalMs?: number;
  /** The clock (tests). */
  clock?: () => Date;
  /** Called after each run. */
  onRun?: (summary: DigestRunSummary) => void;
  /**
   * Also run at each check, after the digests and at the same instant: the due-day reminders
   * (src/digest/reminders.ts reminderChecks). Its failure is logged; it never stops the digests.
   * `signal` aborts when the scheduler stops.
   */
  alsoCheck?: (now: Date, signal?: AbortSignal) => Promise<unknown>;
}

/** After the interval's boundary: a check meant for 09:00:00 never runs a hair before it. */
const TICK_MARGIN_MS = 10;

export interface Scheduler {
  /** Stops the checks and waits for a run in progress. */
  stop(): Promise<void>;
  /** Runs a check now unless one is in progress (then returns null). */
  runNow(): Promise<DigestRunSummary | null>;
}

/**
 * Checks for due digests (and, with alsoCheck, due-day reminders) at start and then at every
 * multiple of intervalMs on the clock (09:00:00, 09:01:00, … for the default minute): a slot at
 * HH:MM is seen as it passes, on every replica at once, rather than up to a minute later at a time
 * set by when the process started. Runs never overlap (a boundary passed during a run is skipped).
 * stop() ends a run early: nothing more is claimed, posts under way finish. Used by `serve`.
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const intervalMs = opts.intervalMs ?? 60_000;
  const clock = opts.clock ?? (() => new Date());
  const logger = opts.logger ?? silentLogger;
  const memo = new DeliveryMemo();
  const stopping = new AbortController();
  let running: Promise<DigestRunSummary> | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const runNow = async (): Promise<DigestRunSummary | null> => {
    if (running || stopped) return null;
    const now = clock();
    running = (async () => {
      try {
        return await runDigests({ ...opts, now, memo, logger, signal: stopping.signal });
      } finally {
        await opts.alsoCheck?.(now, stopping.signal).catch((err: unknown) => logger.error('reminder: run failed', { error: describeError(err) }));
      }
    })();
    try {
      const summary = await running;
      // the one line per run (failures are also logged per channel, as warnings or errors)
      if (summary.due) logger.info('digest: run finished', { ...summary });
      opts.onRun?.(summary);
      return summary;
    } catch (err) {
      logger.error('digest: run failed', { error: describeError(err) });
      return null;
    } finally {
      running = null;
    }
  };

  /** Milliseconds to the clock's next multiple of intervalMs. */
  const untilNextBoundary = (): number => {
    const t = clock().getTime();
    return intervalMs - (((t % intervalMs) + intervalMs) % intervalMs) + TICK_MARGIN_MS;
  };
  const tick = () => {
    timer = null;
    if (stopped) return;
    void runNow().finally(() => {
      if (!stopped) timer = setTimeout(tick, untilNextBoundary());
    });
  };
  timer = setTimeout(tick, 0);

  return {
    runNow,
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
