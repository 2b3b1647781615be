/**
 * One process per data directory (the lowdb store's INTEG_DATA_DIR, a PGlite directory), with a
 * lock that dies with its holder.
 *
 * The lock is proper-lockfile's: `integ.lock` is a directory created atomically (mkdir) whose
 * modification time the holder refreshes every LOCK_STALE_MS / 4 (a heartbeat). A lock not
 * refreshed for LOCK_STALE_MS is stale, whoever it names, and the next opener takes it over. No pid
 * decides anything: after `kill -9` or an OOM kill a container's restarted process is pid 1 again,
 * and on a host the dead holder's pid may belong to another live process by then, so a pid check
 * kept a dead lock forever.
 *
 * Opening waits while the lock is fresh: when its heartbeat moves, a live process holds it and the
 * opener is refused (LockHeldError, within about one heartbeat); when it goes stale instead, its
 * holder is dead and the opener takes it (after at most LOCK_STALE_MS and a little more). The lock
 * is released by release(), and by proper-lockfile at exit or on a fatal signal.
 *
 * `integ.lock.owner` beside it says who holds it (pid, host, since), for messages only: it never
 * decides anything. An `integ.lock` left as a plain file by an older integ (pid and host) is
 * removed unless it names another live process on this host.
 *
 * A held lock can be lost (compromised): its directory deleted, or the heartbeat late by more than
 * the staleness (an event loop blocked that long, so another process may have taken it over). The
 * holder is then told through onCompromised and must stop writing to the directory. This also
 * covers proper-lockfile's known race (moxystudio/node-proper-lockfile#121): two openers that take
 * over the same stale lock at the same moment can both succeed; the next heartbeat of one of them
 * then finds a time stamp that is not its own, and that one is told it lost the lock.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** The lock (a directory) inside the locked directory. */
export const LOCK_FILE = 'integ.lock';
/** Who holds the lock (JSON: pid, host, startedAt); informational. */
export const LOCK_OWNER_FILE = 'integ.lock.owner';
/** A lock whose heartbeat stopped this long ago is stale (its holder is dead) and is taken over. */
export const LOCK_STALE_MS = 10_000;
/** proper-lockfile's floor for the staleness. */
const MIN_STALE_MS = 2_000;

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export interface DirLockOptions {
  /**
   * Milliseconds without a heartbeat after which the lock is stale (default LOCK_STALE_MS, at least
   * 2000). Every process on a directory must use the same value (tests use a short one).
   */
  stale?: number;
  /** The held lock was lost (see the top of this file). Default: a process warning. */
  onCompromised?: (err: LockCompromisedError) => void;
}

/** The directory is locked by a live process (or by this one). */
export class LockHeldError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockInfo | null,
    /** How the holder is named in a sentence: "by process 12 (since …)". */
    readonly detail: string,
  ) {
    super(`${lockFile} is held ${detail}`);
    this.name = 'LockHeldError';
  }
}

/** A lock this process held was lost; nothing more may be written to its directory. */
export class LockCompromisedError extends Error {
  constructor(
    readonly lockFile: string,
    cause: unknown,
  ) {
    // proper-lockfile sets the code of every such error to ECOMPROMISED: the cause is in the message
    const message = cause instanceof Error ? cause.message : String(cause);
    const why = /^ENOENT\b/.test(message)
      ? 'its lock directory was deleted'
      : /stale threshold/.test(message)
        ? 'another process took it over: its heartbeat was late by more than the staleness period'
        : `its heartbeat failed: ${message}`;
    super(`integ: this process lost the lock ${lockFile} (${why}); it writes nothing more there`, { cause });
    this.name = 'LockCompromisedError';
  }
}

export interface HeldLock {
  readonly lockFile: string;
  readonly info: LockInfo;
  /** Set once the lock was lost. */
  readonly lost: LockCompromisedError | null;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/** Locks held by this process (a second open in the same process is refused at once). */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseInfo(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo> | null;
    return v && Number.isInteger(v.pid) && typeof v.host === 'string' ? { pid: v.pid!, host: v.host, startedAt: String(v.startedAt ?? '?') } : null;
  } catch {
    return null;
  }
}

async function readOwner(dir: string): Promise<LockInfo | null> {
  return parseInfo(await fsp.readFile(join(dir, LOCK_OWNER_FILE), 'utf8').catch(() => ''));
}

function describeHolder(holder: LockInfo | null): string {
  if (!holder) return 'by another process';
  if (holder.host !== hostname()) return `by process ${holder.pid} on host ${holder.host} (since ${holder.startedAt})`;
  return `by process ${holder.pid} (since ${holder.startedAt})`;
}

/** An older integ's lock: a plain file holding pid and host. Removed unless it names another live process here. */
async function clearLegacyLock(lockFile: string): Promise<void> {
  const st = await fsp.lstat(lockFile).catch(() => null);
  if (!st || st.isDirectory()) return;
  const holder = parseInfo(await fsp.readFile(lockFile, 'utf8').catch(() => ''));
  if (holder && (holder.host !== hostname() || (holder.pid !== process.pid && isAlive(holder.pid)))) {
    throw new LockHeldError(lockFile, holder, `${describeHolder(holder)}, according to the lock file of an older integ`);
  }
  // unlink never removes a lock directory another starter may have created meanwhile
  await fsp.unlink(lockFile).catch(() => undefined);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `dir`/integ.lock, waiting while a lock there is fresh (see the top of this file). Throws
 * LockHeldError when a live process (or this one) holds it.
 */
export async function lockDirectory(dir: string, opts: DirLockOptions = {}): Promise<HeldLock> {
  const lockFile = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  if (heldHere.has(lockFile)) throw new LockHeldError(lockFile, me, `by process ${me.pid}, this one (the store is already open)`);
  heldHere.add(lockFile);
  try {
    return await take(dir, lockFile, me, opts);
  } catch (err) {
    heldHere.delete(lockFile);
    throw err;
  }
}

async function take(dir: string, lockFile: string, me: LockInfo, opts: DirLockOptions): Promise<HeldLock> {
  const stale = Math.max(opts.stale ?? LOCK_STALE_MS, MIN_STALE_MS);
  // A heartbeat four times per staleness period (proper-lockfile's floor: once a second): the
  // event loop may stall for three of them before the lock is lost.
  const update = Math.max(stale / 4, 1_000);
  // Polled twice per heartbeat, so a live holder's heartbeat is seen within about one of them.
  const poll = update / 2;
  await clearLegacyLock(lockFile);

  let lost: LockCompromisedError | null = null;
  let release!: () => Promise<void>;
  const onCompromised = (err: Error) => {
    lost = new LockCompromisedError(lockFile, err);
    heldHere.delete(lockFile);
    if (opts.onCompromised) opts.onCompromised(lost);
    else process.emitWarning(lost.message);
  };

  let seen: number | null = null;
  let deadline = Infinity;
  for (;;) {
    try {
      release = await lockfile.lock(dir, { lockfilePath: lockFile, realpath: false, stale, update, retries: 0, onCompromised });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    }
    const st = await fsp.stat(lockFile).catch(() => null);
    if (st) {
      if (seen !== null && st.mtimeMs !== seen) {
        // its heartbeat moved (or another opener took it over): a live process holds it
        const holder = await readOwner(dir);
        throw new LockHeldError(lockFile, holder, describeHolder(holder));
      }
      if (seen === null) {
        seen = st.mtimeMs;
        // by then a dead holder's lock is stale; proper-lockfile may set the mtime up to 1 s ahead
        deadline = Math.max(Date.now(), seen) + stale + update + 1_000;
      }
    }
    if (Date.now() > deadline) {
      const holder = await readOwner(dir);
      throw new LockHeldError(lockFile, holder, `${describeHolder(holder)} (its lock did not go stale in time: is its date in the future?)`);
    }
    await sleep(poll);
  }

  const ownerFile = join(dir, LOCK_OWNER_FILE);
  // owner files half-written by a holder that died (we hold the lock: no one else writes them)
  for (const name of await fsp.readdir(dir).catch(() => [])) {
    if (name.startsWith(`${LOCK_OWNER_FILE}.`) && name.endsWith('.tmp')) await fsp.unlink(join(dir, name)).catch(() => undefined);
  }
  const tmp = `${ownerFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fsp.writeFile(tmp, JSON.stringify(me) + '\n');
    await fsp.rename(tmp, ownerFile);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    await release().catch(() => undefined);
    throw err;
  }

  let released = false;
  const held: HeldLock = {
    lockFile,
    info: me,
    get lost() {
      return lost;
    },
    async release() {
      if (released) return;
      released = true;
      if (lost) return; // not ours any more: leave the lock and its owner file to whoever has it
      heldHere.delete(lockFile);
      const owner = await readOwner(dir);
      if (owner?.pid === me.pid && owner.startedAt === me.startedAt) await fsp.unlink(ownerFile).catch(() => undefined);
      await release().catch(() => undefined);
    },
  };
  return held;
}
