/**
 * The posting queue of the digests and the due-day reminders: due deliveries are worked through
 * workspace by workspace, each workspace at its own pace, all workspaces at once, and every replica
 * sharing one store shares each workspace's pace.
 *
 * Why: Slack limits chat.postMessage per workspace (several hundred a minute, short bursts allowed)
 * and per channel (about one a second), answers 429 with Retry-After beyond that, and counts the
 * posts of every replica together. A fixed number of posts in flight per replica ignores all of
 * this: one workspace's thousand channels hold up every other workspace, three replicas post three
 * times as fast into the same workspace, and a 429 seen by one replica does not slow the others.
 *
 * How (drain):
 * - One lane per workspace with something due, all lanes at once (a workspace never waits for
 *   another's queue). A lane walks its due list in an order of its own (shuffled: replicas walking
 *   the same list rarely race for the same channel) and claims the first delivery still claimable
 *   in one store call (Store.claimFirstDelivery: deliveries other replicas took are passed over in
 *   that call, not one round trip each).
 * - A claimed delivery waits for its workspace's turn (Gate.turn): Store.takePostTurn spends a token
 *   of the workspace's bucket (PostPace, kept in the store, so all replicas draw on one bucket) or
 *   says how long until one is there; the lane claims its next delivery only once this one has its
 *   turn, so a lane holds at most one claim waiting. Posts then run in the background, at most
 *   `concurrency` in this process (a post whose turn came waits for one of those slots).
 * - A 429 (Gate.pause): Store.pausePosts records Retry-After for the workspace, so no replica gets a
 *   turn there before it ends, and the refused post waits for a turn again. A post already on its
 *   way when the 429 arrives cannot be called back (it may be refused too, and then waits as well).
 * - A turn that would come later than maxWaitMs, or a stop (signal), ends the wait: the caller
 *   releases its claim (nothing was posted) and the delivery is due again at the next check.
 * Only turns are paced; reads (a look-up in the history) have their own, separate Slack limits.
 */
import type { DeliveryKey, FirstClaim, PostPace, Store } from '../store/types.js';

/**
 * Digests' default pace in each workspace: 480 posts a minute, bursts of 10. Slack's chat.postMessage
 * budget is "several hundred messages a minute" per workspace (600 assumed); digests keep a fifth
 * of it for integ's answers to people posted meanwhile. A 429 slows a workspace further (Retry-After).
 */
export const DEFAULT_PACE: PostPace = { perMinute: 480, burst: 10 };

/** Posts in flight at once in one process, all workspaces together (20 workspaces × 8 a second × 0.1 s of Slack latency ≈ 16). */
export const DEFAULT_CONCURRENCY = 32;

/** Keys offered to one claimFirstDelivery call. */
const CLAIM_CHUNK = 64;

/** What a claimed delivery uses to post in its workspace. */
export interface Gate {
  /**
   * Resolves true once it is this workspace's turn to post (a token spent: post now), false when
   * the wait would end after maxWaitMs or the run is stopping (then do not post: release the claim).
   */
  turn(): Promise<boolean>;
  /** Slack answered 429: no turn in this workspace, for any replica, for retryAfterMs from now. */
  pause(retryAfterMs: number): Promise<void>;
}

/** The queue's clock (epoch ms) and waiting; tests pass a virtual one. */
export interface QueueClock {
  now: () => number;
  /** Resolves after ms, or at once when signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DrainOptions<T> extends Partial<QueueClock> {
  store: Store;
  items: readonly T[];
  /** The workspace an item posts in (null: single-workspace mode). */
  workspace(item: T): string | null;
  /** The ledger key an item is claimed under. */
  key(item: T): DeliveryKey;
  /** The instant to claim at, and claims made before which are stale (ISO; read at each claim). */
  claimAt(): { at: string; staleBefore: string };
  pace: PostPace;
  /** Posts in flight at once in this process. */
  concurrency: number;
  /** The longest wait for a turn before giving up on an item (its claim is released by deliver). */
  maxWaitMs: number;
  /** Stops claiming and waiting when aborted (posts under way finish). */
  signal?: AbortSignal;
  /** Shuffles a lane's items (default Math.random Fisher–Yates; tests pass the identity). */
  order?: <U>(items: U[]) => U[];
  /** Posts a claimed item; calls gate.turn() before each post. Never rejects (its failures are its own). */
  deliver(item: T, claim: FirstClaim, gate: Gate): Promise<void>;
  /** An item that could not be claimed: another runner has it, or it is done. */
  skipped(item: T): void;
  /** The store failed while claiming this item. */
  claimFailed(item: T, err: unknown): void;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export function shuffle<U>(items: U[]): U[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A counting semaphore, first come first served. */
class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(n: number) {
    this.#free = Math.max(1, n);
  }
  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

/** The gate of one workspace: turns from the store's bucket, pauses recorded there. */
export function workspaceGate(
  store: Store,
  teamId: string | null,
  opts: Pick<DrainOptions<unknown>, 'pace' | 'maxWaitMs' | 'signal' | 'now' | 'sleep'>,
): Gate {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  return {
    async turn() {
      const giveUpAt = now() + opts.maxWaitMs;
      for (;;) {
        if (opts.signal?.aborted) return false;
        const t = await store.takePostTurn(teamId, now(), opts.pace);
        if (t.granted) return true;
        if (now() + t.waitMs > giveUpAt) return false;
        await sleep(t.waitMs, opts.signal);
      }
    },
    pause: (retryAfterMs) => store.pausePosts(teamId, now() + retryAfterMs),
  };
}

/**
 * Works through `items` (rules above): each is claimed at most once here, and either delivered
 * (deliver), skipped (not claimable) or failed to claim (claimFailed). Resolves when every lane is
 * done and every post started has ended.
 */
export async function drain<T>(opts: DrainOptions<T>): Promise<void> {
  const slots = new Slots(opts.concurrency);
  const order = opts.order ?? shuffle;
  const lanes = new Map<string, { teamId: string | null; items: T[] }>();
  for (const item of opts.items) {
    const teamId = opts.workspace(item);
    const lane = lanes.get(teamId ?? '') ?? { teamId, items: [] };
    lane.items.push(item);
    lanes.set(teamId ?? '', lane);
  }

  const runLane = async (teamId: string | null, list: T[]): Promise<void> => {
    const items = order(list);
    const gate = workspaceGate(opts.store, teamId, opts);
    const posting = new Set<Promise<void>>();
    let next = 0;
    while (next < items.length && !opts.signal?.aborted) {
      const chunk = items.slice(next, next + CLAIM_CHUNK);
      let claim: FirstClaim | null;
      try {
        const { at, staleBefore } = opts.claimAt();
        claim = await opts.store.claimFirstDelivery(chunk.map(opts.key), at, { staleBefore });
      } catch (err) {
        opts.claimFailed(items[next++], err);
        continue;
      }
      if (!claim) {
        for (const item of chunk) opts.skipped(item);
        next += chunk.length;
        continue;
      }
      for (const item of chunk.slice(0, claim.index)) opts.skipped(item);
      const item = chunk[claim.index];
      next += claim.index + 1;
      // The lane goes on once this delivery has its turn (or is done without one). A slot (a post
      // in flight) is taken with each turn and given back at the next turn or the end: waiting for
      // a turn (a long Retry-After) holds no slot, so a paused workspace never holds up the others.
      let onTurn!: () => void;
      const turnTaken = new Promise<void>((resolve) => (onTurn = resolve));
      let holding = false;
      const itemGate: Gate = {
        turn: async () => {
          if (holding) {
            holding = false;
            slots.release();
          }
          try {
            if (!(await gate.turn())) return false;
            await slots.acquire();
            holding = true;
            return true;
          } finally {
            onTurn();
          }
        },
        pause: gate.pause,
      };
      const p: Promise<void> = opts
        .deliver(item, claim, itemGate)
        .catch(() => undefined)
        .finally(() => {
          if (holding) slots.release();
          holding = false;
          onTurn();
          posting.delete(p);
        });
      posting.add(p);
      await turnTaken;
    }
    // stopped: what was not claimed stays due (the next check, here or in another replica)
    for (const item of items.slice(next)) opts.skipped(item);
    await Promise.all(posting);
  };

  await Promise.all([...lanes.values()].map((l) => runLane(l.teamId, l.items)));
}
