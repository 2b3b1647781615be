/**
 * The curators' log of unanswered questions (`integ kb gaps`).
 *
 * A question is handed to the store as soon as it goes unanswered; the request does not wait for
 * the write, and a failed write is logged with the request's id, never shown to the user (the user
 * already has their answer). stop() (SIGTERM) waits for the writes under way before the store
 * closes, so none is lost at a clean shutdown.
 */
import type { Logger } from '@slack/bolt';
import type { Store, UnansweredEntry } from '../store/types.js';

export interface GapLog {
  /** Records an unanswered question (reqId: the request's, for the warning if it cannot be saved). */
  record(entry: UnansweredEntry, reqId: string | null): void;
  /** Waits until every question recorded so far is written (or has failed). */
  flush(): Promise<void>;
}

export function createGapLog(store: Store, logger: Logger): GapLog {
  const writing = new Set<Promise<void>>();
  return {
    record(entry, reqId) {
      const written = store.recordUnanswered(entry).catch((err: unknown) => {
        logger.warn(`integ: could not record unanswered question: ${err instanceof Error ? err.message : String(err)}`, reqId ? { req_id: reqId } : {});
      });
      writing.add(written);
      void written.finally(() => writing.delete(written));
    },
    async flush() {
      await Promise.all([...writing]);
    },
  };
}
