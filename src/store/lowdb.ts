/**
 * The default Store: one JSON file under the data directory (INTEG_DATA_DIR), held in memory by
 * lowdb and written through an atomic adapter, plus the curators' logs (feedback and unanswered
 * questions) in append-only JSON Lines files beside it (JsonLinesLog).
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
 *   committed state (copy-on-write: only the fields it touches are copied, see draftOf); the copy
 *   is committed to memory only after it is on disk. A failed write (read-only directory, full
 *   disk) rejects that caller's promise and changes nothing, so callers can reply "couldn't save"
 *   and never a false "saved". A write costs what it touches: unchanged fields and records are
 *   not serialised again, and a log record is one appended line.
 * - Reads are served from memory (no disk access on the request path).
 * - One process per data directory: the lock of src/store/lock.ts (integ.lock, kept fresh by its
 *   holder's heartbeat); a second live opener is refused with StoreLockedError naming the directory
 *   and the holder, and a lock whose holder died is taken over once it is stale, whatever pid it
 *   named. close() releases it. A store that loses its lock rejects every later mutation.
 * - The data file is parsed and validated with zod on open; a corrupt, truncated or empty file
 *   stops the open with StoreCorruptError naming the file, and is never overwritten.
 * - readOnly: true reads the file without the lock (read-only CLI commands while `serve` runs);
 *   every mutation then rejects.
 */
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { LOCK_FILE, LockHeldError, lockDirectory, type HeldLock, type LockCompromisedError } from './lock.js';
import { DataStore, clone, emptyData, type StoreData } from './memory.js';
import { MAX_RECORDS, StoreClosedError, StoreCorruptError, StoreLockedError, StoreReadOnlyError, StoreWriteError } from './errors.js';
import { LEDGER_KEY, MAX_FEEDBACK_COMMENT } from './types.js';

export { LOCK_FILE, LockCompromisedError, type LockInfo } from './lock.js';
export const DATA_FILE = 'integ.json';

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
  /** Milliseconds without a heartbeat after which a lock is stale and taken over (default LOCK_STALE_MS). */
  lockStale?: number;
  /** Told when this store loses its lock (it then rejects every mutation); default: a process warning. */
  onLockLost?: (err: LockCompromisedError) => void;
}

// ---- validation --------------------------------------------------------------------------------

const iso = z.string().min(1);
const LangSchema = z.enum(['en', 'vi']);
const SubscriptionSchema = z.object({
  teamId: z.string().nullable(),
  channel: z.string().min(1),
  weekday: z.number().int().min(1).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  tz: z.string().min(1),
  createdBy: z.string(),
  createdAt: iso,
  // absent in files written before digests had a language: the same as null
  lang: LangSchema.nullable().optional(),
  reminders: z.boolean().optional(),
});
const DeadlineSchema = z.object({
  id: z.string().regex(/^d\d+$/),
  teamId: z.string().min(1).optional(),
  channel: z.string().min(1),
  title: z.string(),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  createdBy: z.string(),
  createdAt: iso,
  owner: z.string().min(1).optional(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
});
const LedgerSchema = z.object({
  channel: z.string().min(1),
  week: z.string().regex(LEDGER_KEY),
  status: z.enum(['claimed', 'delivered', 'failed', 'released']),
  claimedAt: iso,
  finishedAt: z.string().nullable(),
  ts: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().min(1).optional(),
});
const OriginSchema = z.enum(['slack', 'shell', 'cli']);
const FeedbackSchema = z.object({
  at: iso,
  user: z.string(),
  question: z.string(),
  intent: z.string(),
  helpful: z.boolean(),
  comment: z.string().max(MAX_FEEDBACK_COMMENT).optional(),
  origin: OriginSchema.optional(),
});
const UnansweredSchema = z.object({ at: iso, question: z.string(), normalised: z.string(), origin: OriginSchema.optional() });
const InstallationSchema = z.object({
  teamId: z.string().min(1).nullable(),
  enterpriseId: z.string().min(1).nullable(),
  isEnterpriseInstall: z.boolean(),
  botToken: z.string().nullable(),
  installedAt: iso,
  data: z.unknown(),
});
const LanguageSettingSchema = z.object({
  teamId: z.string().min(1).nullable(),
  kind: z.enum(['user', 'channel']),
  id: z.string().min(1),
  lang: LangSchema,
  at: iso,
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
    languages: z.array(LanguageSettingSchema).optional(),
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

// ---- serialising and copy-on-write ------------------------------------------------------------

/**
 * The data file's text: one top-level field per line, and each element of an array field on a line
 * of its own (readable, greppable, diffable). `cache` maps values (by reference: a field, or an
 * element of an array field) to their JSON. The store never changes a committed value in place
 * (see draftOf), so what a write did not touch is not serialised again.
 */
export function serialize(data: StoreData, cache?: WeakMap<object, string>): string {
  const json = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    let text = cache?.get(value);
    if (text === undefined) {
      text = Array.isArray(value) ? (value.length ? `[\n  ${value.map(json).join(',\n  ')}\n ]` : '[]') : JSON.stringify(value);
      cache?.set(value, text);
    }
    return text;
  };
  const lines: string[] = [];
  for (const [key, value] of Object.entries(data)) if (value !== undefined) lines.push(` ${JSON.stringify(key)}: ${json(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Fields whose elements are only ever added or removed, never changed in place (memory.ts):
 * a draft copies the array, not its elements.
 */
const APPEND_ONLY: ReadonlySet<PropertyKey> = new Set<keyof StoreData>(['events', 'threads', 'feedback', 'unanswered', 'languages']);

/**
 * A draft of the committed state for one batch of mutations: a shallow copy whose top-level fields
 * are copied the first time a mutation reads or sets them (deep copies, except the arrays of
 * APPEND_ONLY fields, whose elements are shared). What the batch does not touch stays shared with
 * the committed state, which is therefore never changed in place: a write costs what it touches,
 * not the whole store (at the caps of feedback, unanswered questions and threads, copying and
 * serialising everything would hold every write, and the requests behind it, for tens of
 * milliseconds).
 */
function draftOf(committed: StoreData): { draft: StoreData; data: StoreData } {
  const data = { ...committed } as Record<PropertyKey, unknown>;
  const copied = new Set<PropertyKey>();
  const draft = new Proxy(data, {
    get(target, key, receiver) {
      if (!copied.has(key) && Object.hasOwn(target, key)) {
        copied.add(key);
        const v = target[key];
        if (Array.isArray(v) && APPEND_ONLY.has(key)) target[key] = v.slice();
        else if (v !== null && typeof v === 'object') target[key] = clone(v);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
    set(target, key, value) {
      copied.add(key);
      target[key] = value;
      return true;
    },
    deleteProperty(target, key) {
      copied.add(key);
      return delete target[key];
    },
  });
  // the mutations get the proxy; what is written and committed is the plain object behind it
  return { draft: draft as unknown as StoreData, data: data as unknown as StoreData };
}

/** The data as the data file holds it: the logs' fields empty (their records are in LOG_FILES). */
function dataFileView(data: StoreData): StoreData {
  return { ...data, feedback: EMPTY, unanswered: EMPTY };
}
const EMPTY: never[] = [];

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
    await this.writeText(serialize(data));
  }

  /** Writes text already serialised (by serialize()) atomically and durably. */
  writeText(text: string): Promise<void> {
    return writeAtomic(this.#ops, this.file, text, this.fsync);
  }
}

/** Writes a unique temp file, fsyncs it, renames it over `file` and fsyncs the directory. */
async function writeAtomic(ops: FileOps, file: string, text: string, fsync: boolean): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${++tempSeq}.tmp`);
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await ops.open(tmp, 'wx');
    await fh.writeFile(text, 'utf8');
    if (fsync) await fh.sync();
    await fh.close();
    fh = undefined;
    await ops.rename(tmp, file);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await ops.unlink(tmp).catch(() => undefined);
    throw new StoreWriteError(file, err);
  }
  // Make the rename itself durable. Best effort: some platforms cannot fsync a directory, and
  // failing here would report "not saved" for data that is already visible in the file.
  if (fsync) {
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

// ---- the logs ------------------------------------------------------------------------------------

/** The store's logs: kept in JSON Lines files of their own beside the data file. */
export const LOG_FILES = { feedback: 'feedback.jsonl', unanswered: 'unanswered.jsonl' } as const;
type LogField = keyof typeof LOG_FILES;
const LOG_FIELDS = Object.keys(LOG_FILES) as LogField[];

/**
 * An append-only JSON Lines file (one record per line): recording feedback or an unanswered
 * question appends one line instead of rewriting the data file with every record in it. The file
 * stays open for appending, and appends are not fsync'd: these are the curators' logs, written
 * once the user has their answer, so a record survives a crash of integ (it is in the kernel's
 * page cache) and only a power cut or kernel crash in the seconds before the kernel writes it back
 * can lose the last few. When the file holds twice the records kept (MAX_RECORDS), it is rewritten
 * atomically (fsync'd) with the kept ones. A line that does not parse (a torn last line) is skipped
 * on read; after a failed append the next write rewrites the file instead of appending to it.
 */
export class JsonLinesLog<T> {
  /** Lines in the file (records and skipped ones). */
  #lines = 0;
  /** A write failed part-way: rewrite, never append, next time. */
  #dirty = false;
  /** Open for appending (after the first append; closed by rewrite and close). */
  #handle: fsp.FileHandle | null = null;

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly ops: FileOps,
    private readonly fsync: boolean,
  ) {}

  async read(): Promise<{ records: T[]; skipped: number }> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw new StoreCorruptError(this.file, `cannot be read: ${(err as Error).message}`);
    }
    const records: T[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.#lines++;
      try {
        const parsed = this.schema.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    // a torn last line must not swallow the next record appended after it
    if (text && !text.endsWith('\n')) this.#dirty = true;
    return { records, skipped };
  }

  /** Replaces the file with `all`, atomically. */
  async rewrite(all: readonly T[]): Promise<void> {
    await this.close(); // the handle would go on appending to the replaced file
    await writeAtomic(this.ops, this.file, all.map((r) => `${JSON.stringify(r)}\n`).join(''), this.fsync);
    this.#lines = all.length;
    this.#dirty = false;
  }

  /** Makes the file hold `all` (the records kept), by appending `added` (their newest) when it can. */
  async write(added: readonly T[], all: readonly T[], keep: number): Promise<void> {
    if (this.#dirty || this.#lines + added.length > 2 * keep) return this.rewrite(all);
    if (!added.length) return;
    try {
      this.#handle ??= await this.ops.open(this.file, 'a');
      await this.#handle.writeFile(added.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
      this.#lines += added.length;
    } catch (err) {
      this.#dirty = true;
      await this.close();
      throw new StoreWriteError(this.file, err);
    }
  }

  async close(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    await h?.close().catch(() => undefined);
  }
}

/**
 * What a write added to a log: `next` is `prev` with records dropped from the start (the cap) and
 * appended at the end (records are never changed in place). Null when `next` is not of that shape
 * (the log is then rewritten whole).
 */
function appended<T>(prev: readonly T[], next: readonly T[]): readonly T[] | null {
  if (!prev.length) return next;
  const last = prev[prev.length - 1];
  const at = next.lastIndexOf(last);
  if (at < 0) return null;
  // next[0..at] must be the end of prev
  if (next[0] !== prev[prev.length - 1 - at]) return null;
  return next.slice(at + 1);
}

// ---- the store ---------------------------------------------------------------------------------

export class LowdbStore extends DataStore {
  readonly file: string;
  readonly lockFile: string;
  readonly readOnly: boolean;
  readonly #db: Low<StoreData>;
  readonly #adapter: AtomicJsonFile;
  readonly #logs: Record<LogField, JsonLinesLog<unknown>>;
  /** JSON of committed field values (by reference): a write serialises only the fields it changed. */
  readonly #json = new WeakMap<object, string>();
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  #lock: HeldLock | null = null;

  /** Use openLowdbStore(). */
  constructor(db: Low<StoreData>, file: string, lockFile: string, readOnly: boolean, logs: Record<LogField, JsonLinesLog<unknown>>) {
    super();
    this.#db = db;
    if (!(db.adapter instanceof AtomicJsonFile)) throw new TypeError('integ: LowdbStore needs an AtomicJsonFile adapter');
    this.#adapter = db.adapter;
    this.#logs = logs;
    this.file = file;
    this.lockFile = lockFile;
    this.readOnly = readOnly;
  }

  /** @internal called by openLowdbStore once the lock is held. */
  holdLock(lock: HeldLock): void {
    this.#lock = lock;
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
    // another process may be writing the directory now: saving would overwrite its changes
    if (this.#lock?.lost) return Promise.reject(this.#lock.lost);
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
        let next: StoreData;
        let results: unknown[];
        // apply the batch; a mutation that throws is rejected and the batch is applied again without it
        for (;;) {
          ({ draft, data: next } = draftOf(this.#db.data));
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
          await this.#persist(this.#db.data, next);
          this.#db.data = next;
          batch.forEach((m, i) => m.resolve(results[i]));
        } catch (err) {
          batch.forEach((m) => m.reject(err));
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  /** Writes what changed from `prev` to `next`: lines appended to the logs, the data file if anything else changed. */
  async #persist(prev: StoreData, next: StoreData): Promise<void> {
    for (const field of LOG_FIELDS) {
      const before = prev[field] as unknown[];
      const after = next[field] as unknown[];
      if (before === after) continue;
      const added = appended(before, after);
      if (added) await this.#logs[field].write(added, after, MAX_RECORDS);
      else await this.#logs[field].rewrite(after); // not an append (records removed): the whole log
    }
    const keys = new Set([...Object.keys(prev), ...Object.keys(next)]) as Set<keyof StoreData>;
    if ([...keys].some((k) => !LOG_FIELDS.includes(k as LogField) && prev[k] !== next[k])) {
      await this.#adapter.writeText(serialize(dataFileView(next), this.#json));
    }
  }

  /** @internal openLowdbStore: the logs' records into memory (after the data file's own, if an older integ kept them there). */
  async loadLogs(): Promise<void> {
    const data = this.#db.data;
    let legacy = false;
    for (const field of LOG_FIELDS) {
      const { records, skipped } = await this.#logs[field].read();
      const inFile = data[field] as unknown[];
      if (inFile.length) legacy = true;
      (data as unknown as Record<LogField, unknown[]>)[field] = [...inFile, ...records].slice(-MAX_RECORDS);
      if (skipped) process.emitWarning(`integ: skipped ${skipped} unreadable line(s) in ${this.#logs[field].file}`);
    }
    if (legacy && !this.readOnly) {
      // move them out of the data file: logs first, so a crash in between loses nothing
      for (const field of LOG_FIELDS) await this.#logs[field].rewrite(data[field] as unknown[]);
      await this.#adapter.writeText(serialize(dataFileView(data), this.#json));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    for (const log of Object.values(this.#logs)) await log.close();
    const lock = this.#lock;
    this.#lock = null;
    await lock?.release();
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
  const ops: FileOps = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink, ...opts.fs };
  const logs = {
    feedback: new JsonLinesLog(join(root, LOG_FILES.feedback), FeedbackSchema, ops, opts.fsync ?? true),
    unanswered: new JsonLinesLog(join(root, LOG_FILES.unanswered), UnansweredSchema, ops, opts.fsync ?? true),
  };
  const store = new LowdbStore(db, file, lockFile, readOnly, logs);

  if (readOnly) {
    await db.read();
    await store.loadLogs();
    return store;
  }

  await fsp.mkdir(root, { recursive: true });
  try {
    store.holdLock(await lockDirectory(root, { stale: opts.lockStale, onCompromised: opts.onLockLost }));
  } catch (err) {
    if (err instanceof LockHeldError) throw new StoreLockedError(err.lockFile, err.holder, err.detail);
    throw err;
  }
  try {
    await db.read();
    // temp files left by a crash mid-write (ours only: we hold the lock)
    const prefixes = [file, ...Object.values(logs).map((l) => l.file)].map((f) => `.${basename(f)}.`);
    for (const name of await fsp.readdir(root)) {
      if (prefixes.some((p) => name.startsWith(p)) && name.endsWith('.tmp')) await fsp.unlink(join(root, name)).catch(() => undefined);
    }
    await store.loadLogs();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
