/**
 * The curators' log of unanswered questions, written in batches.
 *
 * Each unanswered question used to be its own store write: for lowdb an append to
 * `unanswered.jsonl` through the thread pool, ~150 µs of CPU, which on a benchmark where 1 command
 * in 15 goes unanswered was ~6% of integ's CPU per command (`npm run bench`). Questions are now
 * queued and handed to the store together LINGER_MS after the first one (or at MAX_BATCH), and
 * lowdb's group commit writes them in one append. The request does not wait for the write.
 *
 * Durability: stop() (SIGTERM) writes what is queued before the store closes; a crash of the
 * process can lose the questions of the last LINGER_MS. A failed write is logged once per
 * question, with its request id, and never shown to the user.
 */
import type { Logger } from '@slack/bolt';
import type { Store, UnansweredEntry } from '../store/types.js';

/** How long a question waits for others to be written with it. */
export const LINGER_MS = 200;
/** Written at once when this many are waiting. */
export const MAX_BATCH = 100;

export interface GapLog {
  /** Queues an unanswered question (reqId: the request's, for the warning if it cannot be saved). */
  record(entry: UnansweredEntry, reqId: string | null): void;
  /** Hands what is queued to the store now, and waits until it is written (or has failed). */
  flush(): Promise<void>;
}

export function createGapLog(store: Store, logger: Logger, lingerMs: number = LINGER_MS): GapLog {
  let queue: { entry: UnansweredEntry; reqId: string | null }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const writing = new Set<Promise<void>>();

  const handOver = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
    // all at once: the store puts them in one write
    const written = Promise.all(
      batch.map(({ entry, reqId }) =>
        store.recordUnanswered(entry).catch((err: unknown) => {
          logger.warn(`integ: could not record unanswered question: ${err instanceof Error ? err.message : String(err)}`, reqId ? { req_id: reqId } : {});
        }),
      ),
    ).then(() => undefined);
    writing.add(written);
    void written.finally(() => writing.delete(written));
  };

  return {
    record(entry, reqId) {
      queue.push({ entry, reqId });
      if (queue.length >= MAX_BATCH) handOver();
      else timer ??= setTimeout(handOver, lingerMs).unref();
    },
    async flush() {
      handOver();
      await Promise.all([...writing]);
    },
  };
}
