/**
 * What every store shares: the limits on what it keeps and the errors it throws. One module, so
 * each store (memory, lowdb, SQL) imports them from here and none from a sibling.
 */
import { dirname } from 'node:path';
import type { LockInfo } from './lock.js';

/**
 * Slack retries an event delivery three times, the last about 5 minutes after the first: an hour
 * is plenty (and keeps the list, which every mention and DM rewrites, short).
 */
export const EVENT_TTL_MS = 60 * 60 * 1000;
/**
 * How long a signed request is remembered (markRequestSeen). Slack's signatures are good for 5
 * minutes either side of their timestamp (integ refuses the rest), so a request can be replayed at
 * most 10 minutes after it was first seen; 15 leaves room for clocks that differ between replicas.
 */
export const REQUEST_TTL_MS = 15 * 60 * 1000;
/** Thread contexts kept (oldest dropped first). */
export const MAX_THREADS = 2000;
/** Feedback and unanswered questions kept for curators (the newest; older ones are dropped). */
export const MAX_RECORDS = 5000;
/**
 * Explicit language preferences kept (users' and channels', all workspaces together; the newest
 * set, older ones dropped first: their owners fall back to auto). Only people who type
 * `/integ lang` add one, so this is far above any real rollout; it bounds what a flood of
 * distinct user ids can make the store hold (and what getLanguages scans in the lowdb store).
 */
export const MAX_LANGUAGES = 10_000;

/** Thrown by a store's mutations after close(). */
export class StoreClosedError extends Error {
  constructor() {
    super('integ: the store is closed');
    this.name = 'StoreClosedError';
  }
}

export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `integ: the data file ${file} is unreadable (${reason}). It has been left untouched: ` +
        `restore it from a backup, or move it aside to start with empty state.`,
    );
    this.name = 'StoreCorruptError';
  }
}

export class StoreLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockInfo | null,
    detail: string,
  ) {
    super(
      `integ: the data directory ${dirname(lockFile)} is in use ${detail}. ` +
        `Only one integ process may use a data directory: stop the other one, or set INTEG_DATA_DIR ` +
        `to another directory. (Its lock, ${lockFile}, is kept fresh by the process holding it; ` +
        `a lock left by a process that died is taken over once it is stale.)`,
    );
    this.name = 'StoreLockedError';
  }
}

export class StoreWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | null)?.code;
    super(`integ: couldn't save ${file}${code ? ` (${code})` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StoreWriteError';
  }
}

export class StoreReadOnlyError extends Error {
  constructor(file: string) {
    super(`integ: ${file} is open read-only; nothing can be saved from this command`);
    this.name = 'StoreReadOnlyError';
  }
}
