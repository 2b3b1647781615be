/**
 * The default Store: one JSON file under the data directory (INTEG_DATA_DIR), held in memory by
 * lowdb and written through an atomic adapter.
 *
 * Why not lowdb's JSONFile adapter as is: it writes through steno, which writes a temp file and
 * renames it (atomic against a crash mid-write) but never fsyncs, so after a power loss the rename
 * can survive while the data does not; it also coalesces queued writes so a failure is reported
 * on the wrong caller. `AtomicJsonFile` below writes a unique temp file, fsyncs it, renames it
 * over the data file and fsyncs the directory; on any error it removes the temp file and rejects,
 * leaving the previous file untouched.
 *
 * Guarantees:
 * - Mutations are serialised through one promise queue and each one works on a copy of the
 *   committed state; the copy is committed to memory only after it is on disk. A failed write
 *   (read-only directory, full disk) rejects that caller's promise and changes nothing, so callers
 *   can reply "couldn't save" and never a false "saved".
 * - Reads are served from memory (no disk access on the request path).
 * - One process per data directory: a lock file (integ.lock, holding pid and host) is created
 *   atomically (link of a complete temp file); a second opener is refused with a message naming the
 *   holder. A lock whose pid is dead (same host) is stale and taken over. close() releases it.
 * - The data file is parsed and validated with zod on open; a corrupt, truncated or empty file
 *   stops the open with StoreCorruptError naming the file, and is never overwritten.
 * - readOnly: true reads the file without the lock (read-only CLI commands while `serve` runs);
 *   every mutation then rejects.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { DataStore, StoreClosedError, emptyData, type StoreData } from './memory.js';

export const DATA_FILE = 'integ.json';
export const LOCK_FILE = 'integ.lock';

/** The file operations the store uses to write (injectable so tests can make them fail). */
export interface FileOps {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

export interface LowdbStoreOptions {
  /** Data file name inside the directory (default integ.json). */
  file?: string;
  /** Read the file without taking the lock; every mutation rejects with StoreReadOnlyError. */
  readOnly?: boolean;
  /** fsync the temp file and the directory on each write (default true). */
  fsync?: boolean;
  /** Replaces the file operations used for writing (tests). */
  fs?: Partial<FileOps>;
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
        `to another directory. If no integ process is running, delete ${lockFile}.`,
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

// ---- validation --------------------------------------------------------------------------------

const iso = z.string().min(1);
const SubscriptionSchema = z.object({
  teamId: z.string().nullable(),
  channel: z.string().min(1),
  weekday: z.number().int().min(1).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  tz: z.string().min(1),
  createdBy: z.string(),
  createdAt: iso,
});
const DeadlineSchema = z.object({
  id: z.string().regex(/^d\d+$/),
  teamId: z.string().min(1).optional(),
  channel: z.string().min(1),
  title: z.string(),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdBy: z.string(),
  createdAt: iso,
  done: z.boolean(),
  doneAt: z.string().nullable(),
});
const LedgerSchema = z.object({
  channel: z.string().min(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  status: z.enum(['claimed', 'delivered', 'failed', 'released']),
  claimedAt: iso,
  finishedAt: z.string().nullable(),
  ts: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().min(1).optional(),
});
const FeedbackSchema = z.object({ at: iso, user: z.string(), question: z.string(), intent: z.string(), helpful: z.boolean() });
const UnansweredSchema = z.object({ at: iso, question: z.string(), normalised: z.string() });
const InstallationSchema = z.object({
  teamId: z.string().min(1).nullable(),
  enterpriseId: z.string().min(1).nullable(),
  isEnterpriseInstall: z.boolean(),
  botToken: z.string().nullable(),
  installedAt: iso,
  data: z.unknown(),
});

export const StoreDataSchema = z
  .object({
    version: z.literal(1),
    nextDeadlineId: z.number().int().min(1),
    subscriptions: z.array(SubscriptionSchema),
    deadlines: z.array(DeadlineSchema),
    deliveries: z.array(LedgerSchema),
    events: z.array(z.object({ id: z.string(), at: iso })),
    threads: z.array(z.object({ key: z.string(), slots: z.unknown() })),
    feedback: z.array(FeedbackSchema),
    unanswered: z.array(UnansweredSchema),
    installations: z.array(InstallationSchema).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    for (const x of d.deadlines) {
      if (ids.has(x.id)) ctx.addIssue({ code: 'custom', message: `duplicate deadline id ${x.id}`, path: ['deadlines'] });
      ids.add(x.id);
      if (Number(x.id.slice(1)) >= d.nextDeadlineId) {
        ctx.addIssue({ code: 'custom', message: `deadline id ${x.id} not below nextDeadlineId`, path: ['nextDeadlineId'] });
      }
    }
  });

function parseData(file: string, text: string): StoreData {
  if (text.trim() === '') throw new StoreCorruptError(file, 'the file is empty (truncated?)');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StoreCorruptError(file, `not valid JSON (truncated?): ${(err as Error).message}`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) {
    throw new StoreCorruptError(file, `written by a newer integ (data version ${version})`);
  }
  const parsed = StoreDataSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new StoreCorruptError(file, `does not match the expected shape: ${issues}`);
  }
  return parsed.data as StoreData;
}

// ---- the atomic adapter ------------------------------------------------------------------------

let tempSeq = 0;

/** A lowdb adapter: validated reads, atomic durable writes. */
export class AtomicJsonFile implements Adapter<StoreData> {
  readonly #ops: FileOps;
  constructor(
    readonly file: string,
    ops: Partial<FileOps> = {},
    private readonly fsync = true,
  ) {
    this.#ops = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink, ...ops };
  }

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreCorruptError(this.file, `cannot be read: ${(err as Error).message}`);
    }
    return parseData(this.file, text);
  }

  async write(data: StoreData): Promise<void> {
    const text = JSON.stringify(data, null, 1) + '\n';
    const dir = dirname(this.file);
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.${++tempSeq}.tmp`);
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await this.#ops.open(tmp, 'wx');
      await fh.writeFile(text, 'utf8');
      if (this.fsync) await fh.sync();
      await fh.close();
      fh = undefined;
      await this.#ops.rename(tmp, this.file);
    } catch (err) {
      await fh?.close().catch(() => undefined);
      await this.#ops.unlink(tmp).catch(() => undefined);
      throw new StoreWriteError(this.file, err);
    }
    // Make the rename itself durable. Best effort: some platforms cannot fsync a directory, and
    // failing here would report "not saved" for data that is already visible in the file.
    if (this.fsync) {
      try {
        const d = await fsp.open(dir, 'r');
        try {
          await d.sync();
        } finally {
          await d.close();
        }
      } catch {
        /* ignore */
      }
    }
  }
}

// ---- the lock ------------------------------------------------------------------------------------

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(lockFile: string): Promise<LockInfo | null | 'missing'> {
  let text: string;
  try {
    text = await fsp.readFile(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return Number.isInteger(v.pid) && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws StoreLockedError. Returns the content written. */
async function acquireLock(lockFile: string): Promise<LockInfo> {
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const tmp = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(me) + '\n', { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // link fails with EEXIST when the lock exists: creation is atomic, content complete
        await fsp.link(tmp, lockFile);
        return me;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readLock(lockFile);
      if (holder === 'missing') continue; // released meanwhile
      if (holder !== null) {
        if (holder.host !== me.host) {
          throw new StoreLockedError(lockFile, holder, `by process ${holder.pid} on host ${holder.host} (since ${holder.startedAt})`);
        }
        if (holder.pid === process.pid) {
          throw new StoreLockedError(lockFile, holder, `by this process (the store is already open)`);
        }
        if (isAlive(holder.pid)) {
          throw new StoreLockedError(lockFile, holder, `by process ${holder.pid} (since ${holder.startedAt})`);
        }
      }
      // Stale (dead pid) or unreadable: move it aside atomically, then make sure what we moved is
      // the stale lock and not one a concurrent starter just created.
      const aside = `${lockFile}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        await fsp.rename(lockFile, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = await readLock(aside);
      const wasStale = moved === null || (moved !== 'missing' && holder !== null && moved.pid === holder.pid);
      if (!wasStale) {
        // we moved a live lock: put it back (link fails if yet another one appeared) and retry
        await fsp.link(aside, lockFile).catch(() => undefined);
      }
      await fsp.unlink(aside).catch(() => undefined);
    }
    throw new StoreLockedError(lockFile, null, '(could not take over its lock file)');
  } finally {
    await fsp.unlink(tmp).catch(() => undefined);
  }
}

// ---- the store ---------------------------------------------------------------------------------

export class LowdbStore extends DataStore {
  readonly file: string;
  readonly lockFile: string;
  readonly readOnly: boolean;
  readonly #db: Low<StoreData>;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  #lockHeld = false;
  #onExit: (() => void) | null = null;

  /** Use openLowdbStore(). */
  constructor(db: Low<StoreData>, file: string, lockFile: string, readOnly: boolean) {
    super();
    this.#db = db;
    this.file = file;
    this.lockFile = lockFile;
    this.readOnly = readOnly;
  }

  /** @internal called by openLowdbStore once the lock is held. */
  holdLock(): void {
    this.#lockHeld = true;
    // Last resort for an exit without close(): at exit only, never on the request path.
    this.#onExit = () => {
      try {
        unlinkSync(this.lockFile);
      } catch {
        /* ignore */
      }
    };
    process.once('exit', this.#onExit);
  }

  protected view<T>(fn: (data: Readonly<StoreData>) => T): Promise<T> {
    try {
      return Promise.resolve(fn(this.#db.data));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Mutations waiting for the next write (group commit). */
  #pending: { fn: (data: StoreData) => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  #writing = false;

  /**
   * Mutations are applied in order to a copy of the data and written together: while one write is
   * on disk, the next ones queue and go into the following write (one fsync for all of them). The
   * copy is committed to memory only once it is saved, so readers never see unsaved state; if the
   * write fails, every mutation in it is rejected (none was saved). A mutation that throws is
   * rejected alone and leaves no trace.
   */
  protected mutate<T>(fn: (data: StoreData) => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new StoreReadOnlyError(this.file));
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const p = new Promise<T>((resolve, reject) => this.#pending.push({ fn, resolve: resolve as (v: unknown) => void, reject }));
    if (!this.#writing) this.#tail = this.#flush().catch(() => undefined);
    return p;
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#pending.length) {
        let batch = this.#pending.splice(0);
        let draft: StoreData;
        let results: unknown[];
        // apply the batch; a mutation that throws is rejected and the batch is applied again without it
        for (;;) {
          draft = structuredClone(this.#db.data);
          results = [];
          const failed = batch.findIndex((m) => {
            try {
              results.push(m.fn(draft));
              return false;
            } catch (err) {
              m.reject(err);
              return true;
            }
          });
          if (failed < 0) break;
          batch = batch.filter((_, i) => i !== failed);
        }
        if (!batch.length) continue;
        try {
          await this.#db.adapter.write(draft);
          this.#db.data = draft;
          batch.forEach((m, i) => m.resolve(results[i]));
        } catch (err) {
          batch.forEach((m) => m.reject(err));
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    if (this.#onExit) process.removeListener('exit', this.#onExit);
    this.#onExit = null;
    if (this.#lockHeld) {
      this.#lockHeld = false;
      const holder = await readLock(this.lockFile).catch(() => null);
      if (holder && holder !== 'missing' && holder.pid === process.pid) {
        await fsp.unlink(this.lockFile).catch(() => undefined);
      }
    }
  }
}

/**
 * Opens (creating the directory if needed) the store in `dir`. Throws StoreLockedError when
 * another process uses the directory, StoreCorruptError when the data file is unreadable.
 */
export async function openLowdbStore(dir: string, opts: LowdbStoreOptions = {}): Promise<LowdbStore> {
  const root = resolve(dir);
  const file = join(root, opts.file ?? DATA_FILE);
  const lockFile = join(root, LOCK_FILE);
  const adapter = new AtomicJsonFile(file, opts.fs, opts.fsync ?? true);
  const db = new Low<StoreData>(adapter, emptyData());
  const readOnly = opts.readOnly ?? false;
  const store = new LowdbStore(db, file, lockFile, readOnly);

  if (readOnly) {
    await db.read();
    return store;
  }

  await fsp.mkdir(root, { recursive: true });
  await acquireLock(lockFile);
  store.holdLock();
  try {
    await db.read();
    // temp files left by a crash mid-write (ours only: we hold the lock)
    const prefix = `.${basename(file)}.`;
    for (const name of await fsp.readdir(root)) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await fsp.unlink(join(root, name)).catch(() => undefined);
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
