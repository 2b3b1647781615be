/**
 * Questions asked in the shell (`integ shell`, origin 'shell') and with `integ ask` (origin 'cli')
 * that integ could not answer, recorded for `integ kb gaps` as Slack records its own: by the same
 * rule (src/engine.ts unansweredEntry) into the store `kb gaps` reads (DATABASE_URL, else the lowdb
 * store under INTEG_DATA_DIR).
 *
 * Best effort, never in the way of the answer:
 * - nothing goes to stdout (`ask --json` and `--jsonl` print only JSON); when the questions cannot be
 *   recorded, one note on stderr says why, once per run, and the run goes on (exit code unchanged);
 * - a lowdb or PGlite directory another process holds (a running `integ serve`) is left alone: its
 *   lock is looked at before opening, so the command neither waits for the lock nor writes beside
 *   its holder, and nothing is recorded; PostgreSQL takes writes from many processes at once;
 * - DATABASE_URL=pglite:memory keeps nothing after the run: nothing is recorded;
 * - the store is opened at the first unanswered question only, and closed by close().
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { unansweredEntry } from '../engine.js';
import type { Answer } from '../answer/types.js';
import { LOCK_FILE } from '../store/lock.js';
import { openStore, storeTarget } from '../store/open.js';
import type { Origin, Store } from '../store/types.js';

/** Why the questions of this run cannot be recorded (the note's reason). */
export class GapsNotRecordedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'GapsNotRecordedError';
  }
}

/**
 * Throws GapsNotRecordedError when the store at `dir` is held by another process (its lock is there),
 * without waiting for the lock as opening would.
 */
export function assertStoreFree(dir: string): void {
  if (existsSync(join(dir, LOCK_FILE))) throw new GapsNotRecordedError(`the store in ${dir} is in use by another integ process (integ serve?)`);
}

/** Opens the store `integ kb gaps` reads, for writing, unless it is held by another process or keeps nothing. */
export async function openGapStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  const target = storeTarget(env);
  if (target.kind === 'pglite' && target.dir === null) throw new GapsNotRecordedError('DATABASE_URL=pglite:memory keeps nothing after the run');
  if (target.kind !== 'postgres') assertStoreFree(target.dir!);
  return openStore(env);
}

export interface GapRecorder {
  /** Records the answer's question when integ could not answer it; never throws, never waits. */
  record(answer: Answer): void;
  /** Waits for the writes under way, then closes the store if the recorder opened it. */
  close(): Promise<void>;
}

export interface GapRecorderOptions {
  /** The store to write to, opened at the first gap (default openGapStore()). */
  open?: () => Promise<Store>;
  /** Whether close() closes what `open` gave (default true; false when the store is shared). */
  owns?: boolean;
  /** Told once why nothing more is recorded this run (the caller writes it to stderr). */
  note(reason: string): void;
  now?: () => Date;
}

/** A recorder of one run's unanswered questions, marked `origin`. */
export function gapRecorder(origin: Extract<Origin, 'shell' | 'cli'>, opts: GapRecorderOptions): GapRecorder {
  const open = opts.open ?? (() => openGapStore());
  const now = opts.now ?? (() => new Date());
  let store: Store | null = null;
  let failed = false;
  // one write after another, in the order asked: the store is opened once, by the first
  let queue: Promise<void> = Promise.resolve();
  return {
    record(answer) {
      const entry = unansweredEntry(answer, origin, now());
      if (!entry || failed) return;
      queue = queue.then(async () => {
        if (failed) return;
        try {
          store ??= await open();
          await store.recordUnanswered(entry);
        } catch (err) {
          failed = true;
          opts.note(err instanceof Error ? err.message : String(err));
        }
      });
    },
    async close() {
      await queue;
      if (store && opts.owns !== false) await store.close().catch(() => undefined);
      store = null;
    },
  };
}
