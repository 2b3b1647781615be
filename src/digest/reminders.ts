/**
 * Due-day reminders: on the day a channel's deadline is due, one message in the channel saying so
 * (`/integ digest reminders on|off`; src/digest/commands.ts).
 *
 * Which reminders are due (dueReminders), at an instant `now`:
 * - the channel has a digest subscription with reminders on (they come with the weekly digest, and
 *   follow its time zone, time of day and language);
 * - the deadline is the channel's own, not done and not removed (a removed one is not listed);
 * - its due date is today in the subscription's time zone, and `now` is at or after the
 *   subscription's time of day on that date (the digest's HH:MM: a channel with its digest at 09:00
 *   gets its reminders at 09:00). Only on that day: a reminder missed because integ was down all day
 *   is not posted the day after, when it would say "due today" about yesterday;
 * - the deadline was added before that time: whoever adds a deadline due today, after the reminder
 *   time, knows it is due;
 * - the ledger leaves it due: no entry for (channel, reminderKey(id, due)), or a released one (a
 *   retry), or a claim older than the lease (its runner died). A deadline whose date changes gets a
 *   new key, so a new reminder on its new day.
 *
 * Delivery is the digest's (src/digest/runner.ts), through the same ledger and the same posting
 * queue (src/digest/queue.ts: each workspace's pace, shared with the digests and every replica;
 * a 429 pauses the workspace), one ledger entry per reminder:
 * claim before posting (two runners, or two replicas, never both post), record the ts, release a
 * claim after a failure worth retrying (the next check posts it again, up to maxAttempts claims),
 * keep the claim of a post still under way after postTimeoutMs and record it when it ends. A post
 * Slack may or may not have taken (its answer lost, the history unreadable: DigestOutcomeUnknownError)
 * is recorded 'failed' ("outcome unknown: …") and never posted again. A retried claim is first
 * looked for in the channel (findPosted) when the earlier attempt may have posted. A Slack error
 * that will not change (channel gone, bot removed, invalid_blocks…) marks that reminder 'failed';
 * the subscription itself is the digest runner's to drop.
 *
 * The reminder is data (ReminderView); src/render/reminders.ts writes it, src/slack/reminders.ts
 * posts it (injected as `post`: this layer knows no Slack client).
 */
import { TZDate } from '@date-fns/tz';
import type { Message } from '../answer/types.js';
import type { ReminderMessages } from '../render/catalogue/reminders.js';
import type { ReminderView } from '../render/reminders.js';
import { reminderKey, type LedgerEntry, type Store, type Subscription, type TeamDeadline } from '../store/types.js';
import { todayIn } from './deadlines.js';
import type { PostPace } from '../store/types.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PACE, drain, type Gate } from './queue.js';
import {
  classifyPostError,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_RATE_LIMIT_WAITS,
  DEFAULT_POST_TIMEOUT_MS,
  DeliveryMemo,
  DigestOutcomeUnknownError,
  digestLang,
  maxTurnWaitMs,
  PostTimeoutError,
  rateLimitedMs,
  slackErrorCode,
  type DigestLogger,
  type DigestRunSummary,
} from './runner.js';
import { DEFAULT_LEASE_MS, entryLeavesDue } from './schedule.js';

export type { ReminderView };

/** A message of the reminders' catalogue group (src/render/catalogue/reminders.ts). */
export function sayReminder<K extends keyof ReminderMessages>(key: K, ...params: ReminderMessages[K] extends Record<string, never> ? [] : [ReminderMessages[K]]): Message {
  return { kind: 'msg', key, params: params[0] ?? {} };
}

/** Which reminder a post is: the channel's subscription, the deadline, its ledger key and the instant it became due. */
export interface ReminderTarget {
  sub: Subscription;
  deadline: TeamDeadline;
  /** reminderKey(deadline.id, deadline.due). */
  key: string;
  /** The subscription's time of day on the due date, in its zone. */
  slot: Date;
}

/** Posts a reminder: its ts (found: an earlier attempt's, found in the channel); rejects with DigestOutcomeUnknownError when it may or may not have posted. */
export type PostReminder = (channel: string, reminder: ReminderView, target: ReminderTarget) => Promise<{ ts: string; found?: boolean }>;
/** The ts of the reminder already posted for target, or null; rejects when it cannot tell. */
export type FindPostedReminder = (target: ReminderTarget) => Promise<{ ts: string } | null>;

/** due, delivered, failed, skipped, unknown: as a digest run's (DigestRunSummary), counted in reminders. */
export type ReminderRunSummary = DigestRunSummary;

export interface RunRemindersOptions {
  store: Store;
  now: Date;
  post: PostReminder;
  findPosted?: FindPostedReminder;
  logger?: DigestLogger;
  /** A claim older than this is presumed abandoned and retried (default 10 min, as digests). */
  leaseMs?: number;
  /** Claims per reminder before giving up on it (default 5). */
  maxAttempts?: number;
  /** A post still under way after this is left to finish on its own (default 2 min); its claim is kept. */
  postTimeoutMs?: number;
  /** Posts in flight at once in this process (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Each workspace's pace, all replicas together (default DEFAULT_PACE, the digests'). */
  pace?: PostPace;
  /** Stops the run when aborted (as runDigests). */
  signal?: AbortSignal;
  /** Posts not yet recorded (shared across runs: reminderChecks). */
  memo?: DeliveryMemo;
}

const silentLogger: DigestLogger = { info() {}, warn() {}, error() {} };
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const describeError = (err: unknown): string => slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err));

/** The instant a date's reminders are due: the subscription's time of day on that date (YYYY-MM-DD), in its zone. */
export function reminderSlot(sub: Pick<Subscription, 'time' | 'tz'>, date: string): Date {
  const t = TIME.exec(sub.time);
  if (!t) throw new RangeError(`not a time of day: ${sub.time} (expected HH:MM)`);
  const [y, m, d] = date.split('-').map(Number);
  // built from the local date and time: a time that does not exist that day is moved forward by the gap
  return new Date(new TZDate(y, m - 1, d, Number(t[1]), Number(t[2]), sub.tz).getTime());
}

/** The reminders due at `now` for one subscription and its channel's deadlines (rules above). */
export function dueReminders(
  sub: Subscription,
  deadlines: readonly TeamDeadline[],
  now: Date,
  ledger: (channel: string, key: string) => LedgerEntry | null | undefined,
  opts: { leaseMs?: number } = {},
): ReminderTarget[] {
  if (!sub.reminders) return [];
  const today = todayIn(now, sub.tz);
  const slot = reminderSlot(sub, today);
  if (now.getTime() < slot.getTime()) return [];
  const due: ReminderTarget[] = [];
  for (const d of deadlines) {
    if (d.done || d.channel !== sub.channel || d.due !== today) continue;
    if (!(Date.parse(d.createdAt) < slot.getTime())) continue;
    const key = reminderKey(d.id, d.due);
    if (entryLeavesDue(ledger(sub.channel, key), now, opts.leaseMs ?? DEFAULT_LEASE_MS)) due.push({ sub, deadline: d, key, slot });
  }
  return due;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostTimeoutError(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}


/** Posts every reminder due at `now`, each once. Never throws for one reminder's failure. */
export async function runReminders(opts: RunRemindersOptions): Promise<ReminderRunSummary> {
  const { store, now, post } = opts;
  const logger = opts.logger ?? silentLogger;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const postTimeoutMs = opts.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS;
  const memo = opts.memo ?? new DeliveryMemo();
  const summary: ReminderRunSummary = { due: 0, delivered: 0, failed: 0, skipped: 0, unknown: 0 };
  const at = now.toISOString();
  const started = Date.now();

  // posted earlier in this process but not recorded: record them first, never post them again
  for (const [memoKey, ts] of [...memo.posted]) {
    const [channel, key] = memoKey.split('\u0000');
    try {
      await store.finishDelivery(channel, key, { status: 'delivered', at, ts });
      memo.posted.delete(memoKey);
      logger.info('reminder: recorded an earlier delivery', { channel, key, ts });
    } catch (err) {
      logger.error('reminder: still cannot record a delivery', { channel, key, ts, error: describeError(err) });
    }
  }

  const subs = (await store.listSubscriptions()).filter((s) => s.reminders);
  if (!subs.length) return summary;
  // the reminders of today's deadlines, then the ledger of those keys only
  const candidates: ReminderTarget[] = [];
  for (const sub of subs) {
    try {
      candidates.push(...dueReminders(sub, await store.listDeadlines(sub.channel), now, () => undefined, { leaseMs }));
    } catch (err) {
      logger.error('reminder: bad subscription, skipped', { channel: sub.channel, error: describeError(err) });
    }
  }
  if (!candidates.length) return summary;
  const entries = new Map<string, LedgerEntry>();
  for (const e of await store.listDeliveries({ weeks: [...new Set(candidates.map((t) => t.key))] })) entries.set(DeliveryMemo.key(e.channel, e.week), e);
  const due = candidates.filter((t) => entryLeavesDue(entries.get(DeliveryMemo.key(t.sub.channel, t.key)), now, leaseMs));
  summary.due = due.length;

  const deliver = async (target: ReminderTarget, claim: { attempts: number; previous: 'released' | 'claimed' | null }, gate: Gate): Promise<void> => {
    const { sub, deadline, key } = target;
    const { channel } = sub;
    const memoKey = DeliveryMemo.key(channel, key);
    const meta = { channel, key };
    const { attempts } = claim;
    try {
      if (attempts > maxAttempts) {
        await store.finishDelivery(channel, key, { status: 'failed', at, error: `gave up after ${maxAttempts} attempts` });
        logger.error('reminder: gave up', { ...meta, attempts: maxAttempts });
        summary.skipped++;
        return;
      }

      /** A failed post: given up on (a Slack error that will not change, or the last attempt), or released for the next check. */
      const settleFailure = async (err: unknown): Promise<void> => {
        const error = describeError(err);
        const kind = classifyPostError(err);
        if (kind === 'retry' && attempts < maxAttempts) {
          await store.releaseDelivery(channel, key);
          logger.warn('reminder: failed, will retry', { ...meta, attempt: attempts, error });
          return;
        }
        await store.finishDelivery(channel, key, { status: 'failed', at: new Date().toISOString(), error });
        logger.error('reminder: failed', { ...meta, attempts, error });
      };
      const recordUnknown = async (reason: string): Promise<void> => {
        logger.warn(`reminder: may or may not have been posted: ${reason}; not posted again`, { ...meta, attempts });
        await store.finishDelivery(channel, key, { status: 'failed', at, error: `outcome unknown: ${reason}` });
        summary.unknown++;
      };

      if (attempts > 1) {
        // a stale claim's runner may have posted before it died: look first. A released claim's
        // attempt did not post (Slack said so), so it is posted again even when the look fails.
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
            logger.warn("reminder: cannot read the channel's history; the earlier attempt did not post, posting", { ...meta, error: describeError(err) });
          }
        }
        if (found) {
          await store.finishDelivery(channel, key, { status: 'delivered', at, ts: found.ts });
          logger.info('reminder: an earlier attempt had posted; recorded it without posting again', { ...meta, ts: found.ts });
          summary.skipped++;
          return;
        }
      }

      const view: ReminderView = {
        id: deadline.id,
        title: deadline.title,
        due: deadline.due,
        owner: deadline.owner ?? null,
        lang: await digestLang(sub, store),
      };
      let posted: { ts: string; found?: boolean } | null = null;
      for (let waits = 0; posted === null; ) {
        if (!(await gate.turn())) {
          // stopping, or the workspace's turn is too far off: nothing was posted, so due again later
          await store.releaseDelivery(channel, key);
          summary.skipped++;
          return;
        }
        const posting = post(channel, view, target);
        try {
          posted = await withTimeout(posting, postTimeoutMs);
        } catch (err) {
          const retryAfterMs = rateLimitedMs(err);
          if (retryAfterMs !== null && waits < DEFAULT_MAX_RATE_LIMIT_WAITS) {
            // Slack did not take it: nobody posts in this workspace until Retry-After, then this one again
            waits++;
            await gate.pause(retryAfterMs);
            continue;
          }
          if (err instanceof DigestOutcomeUnknownError) {
            await recordUnknown(err.reason);
            return;
          }
          if (err instanceof PostTimeoutError) {
            // still under way and it may still post: the claim stays (nobody posts meanwhile), the outcome is recorded when it ends
            summary.unknown++;
            logger.warn('reminder: post still under way; its outcome is recorded when it ends', { ...meta, timeoutMs: postTimeoutMs });
            posting
              .then(
                async (r) => {
                  memo.posted.set(memoKey, r.ts);
                  await store.finishDelivery(channel, key, { status: 'delivered', at: new Date().toISOString(), ts: r.ts });
                  memo.posted.delete(memoKey);
                },
                async (late: unknown) => {
                  if (late instanceof DigestOutcomeUnknownError) {
                    await store.finishDelivery(channel, key, { status: 'failed', at: new Date().toISOString(), error: `outcome unknown: ${late.reason}` });
                  } else {
                    await settleFailure(late);
                  }
                },
              )
              .catch(() => undefined);
            return;
          }
          summary.failed++;
          await settleFailure(err);
          return;
        }
      }

      memo.posted.set(memoKey, posted.ts);
      summary.delivered++;
      logger.debug?.('reminder: delivered', { ...meta, ts: posted.ts });
      try {
        await store.finishDelivery(channel, key, { status: 'delivered', at, ts: posted.ts });
        memo.posted.delete(memoKey);
      } catch (err) {
        logger.error('reminder: delivered but not recorded; will record on the next run', { ...meta, ts: posted.ts, error: describeError(err) });
      }
    } catch (err) {
      // the ledger or store failed: the claim (if any) is retried after the lease
      summary.failed++;
      logger.error('reminder: could not process', { ...meta, error: describeError(err) });
    }
  };

  await drain({
    store,
    // posted earlier in this process, still not recorded: never posted again
    items: due.filter((t) => {
      if (!memo.posted.has(DeliveryMemo.key(t.sub.channel, t.key))) return true;
      summary.skipped++;
      return false;
    }),
    workspace: (t) => t.sub.teamId,
    key: (t) => ({ channel: t.sub.channel, week: t.key }),
    claimAt: () => {
      const c = new Date(now.getTime() + Math.max(0, Date.now() - started));
      return { at: c.toISOString(), staleBefore: new Date(c.getTime() - leaseMs).toISOString() };
    },
    pace: opts.pace ?? DEFAULT_PACE,
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    maxWaitMs: maxTurnWaitMs(leaseMs, postTimeoutMs),
    signal: opts.signal,
    deliver,
    skipped: () => void summary.skipped++, // another runner or replica has it
    claimFailed: (t, err) => {
      summary.failed++;
      logger.error('reminder: could not process', { channel: t.sub.channel, key: t.key, error: describeError(err) });
    },
  });
  return summary;
}

/**
 * Reminder checks for a scheduler (startScheduler's alsoCheck): each call runs the reminders due at
 * that instant, with one memo across calls, and logs one line when any were due.
 */
export function reminderChecks(opts: Omit<RunRemindersOptions, 'now' | 'memo'>): (now: Date, signal?: AbortSignal) => Promise<ReminderRunSummary> {
  const memo = new DeliveryMemo();
  return async (now, signal) => {
    const summary = await runReminders({ ...opts, now, memo, ...(signal ? { signal } : {}) });
    if (summary.due) opts.logger?.info('reminder: run finished', { ...summary });
    return summary;
  };
}
