/**
 * The PostgreSQL store on PGlite: PostgreSQL compiled to WebAssembly, embedded in this process.
 * Same SQL as src/store/postgres.ts (SqlStore), so tests and single-process setups exercise the
 * real statements without a server.
 *
 * In memory without a directory; with one, the data persists there. A PGlite directory belongs to
 * ONE process at a time (there is no server to arbitrate, and PGlite itself does not refuse a
 * second opener): the lock of src/store/lock.ts (integ.lock, kept fresh by its holder's heartbeat)
 * makes a second live opener fail, even a read-only one, and is taken over once stale when its
 * holder died. A store that loses its lock fails every later statement. For several replicas, or
 * CLI commands beside `integ serve`, use a server.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { LOCK_FILE, LockHeldError, lockDirectory, type HeldLock, type LockCompromisedError } from './lock.js';
import { openSqlStore, type Queryable, type SqlDriver, type SqlStore } from './postgres.js';

export interface PgliteStoreOptions {
  /** Tables live in this schema (created if needed); default public. */
  schema?: string;
  /** Every mutation rejects; the schema must exist already. */
  readOnly?: boolean;
  /** Milliseconds without a heartbeat after which the directory's lock is stale and taken over (default LOCK_STALE_MS). */
  lockStale?: number;
  /** Told when this store loses its directory's lock (every statement then fails); default: a process warning. */
  onLockLost?: (err: LockCompromisedError) => void;
}

/**
 * A SqlDriver over a PGlite instance. Its transactions hold PGlite's own lock, so statements of
 * other callers cannot slip into them on the single connection. `owns`: end() closes the instance.
 */
export function pgliteDriver(db: PGlite, owns: boolean): SqlDriver {
  return {
    query: <R>(sql: string, params?: unknown[]) => db.query<R>(sql, params),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(tx)),
    end: async () => {
      if (owns && !db.closed) await db.close();
    },
  };
}

export const PGLITE_LOCK_FILE = LOCK_FILE;

/** Takes the directory's lock, or throws naming the holder. */
async function lockDir(dir: string, opts: PgliteStoreOptions): Promise<HeldLock> {
  try {
    return await lockDirectory(dir, { stale: opts.lockStale, onCompromised: opts.onLockLost });
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    throw new Error(
      `integ: the PGlite directory ${dir} is in use ${err.detail}. PGlite allows one process per directory: ` +
        `stop the other one, or use a PostgreSQL server. (Its lock, ${err.lockFile}, is kept fresh by the process ` +
        `holding it; a lock left by a process that died is taken over once it is stale.)`,
      { cause: err },
    );
  }
}

/** Opens the store on an embedded PGlite: in memory when no directory is given. */
export async function openPgliteStore(dir?: string, opts: PgliteStoreOptions = {}): Promise<SqlStore> {
  const root = dir === undefined ? undefined : resolve(dir);
  const where = root === undefined ? 'PGlite (in memory)' : `PGlite ${root}`;
  let db: PGlite;
  let lock: HeldLock | null = null;
  try {
    if (root !== undefined) {
      await mkdir(root, { recursive: true });
      lock = await lockDir(root, opts);
    }
    db = await PGlite.create(root);
  } catch (err) {
    await lock?.release();
    const reason = err instanceof Error ? err.message.replace(/^integ: /, '') : String(err);
    throw new Error(`integ: cannot open the ${where} store: ${reason}`, { cause: err });
  }
  const inner = pgliteDriver(db, true);
  // once the lock is lost another process may open the directory: this one touches it no more
  const driver: SqlDriver = {
    query: <R>(sql: string, params?: unknown[]) => (lock?.lost ? Promise.reject(lock.lost) : inner.query<R>(sql, params)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => (lock?.lost ? Promise.reject(lock.lost) : inner.transaction(fn)),
    end: async () => {
      try {
        await inner.end();
      } finally {
        await lock?.release();
      }
    },
  };
  return openSqlStore(driver, { schema: opts.schema, readOnly: opts.readOnly, label: where });
}

/**
 * A store over a PGlite instance the caller keeps (close() leaves it open). Several stores may
 * share one instance, each in its own schema, or in the same one (tests of concurrent replicas).
 */
export function attachPgliteStore(db: PGlite, opts: PgliteStoreOptions = {}): Promise<SqlStore> {
  return openSqlStore(pgliteDriver(db, false), { ...opts, label: 'PGlite' });
}
