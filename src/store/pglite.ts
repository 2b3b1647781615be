/**
 * The PostgreSQL store on PGlite: PostgreSQL compiled to WebAssembly, embedded in this process.
 * Same SQL as src/store/postgres.ts (SqlStore), so tests and single-process setups exercise the
 * real statements without a server.
 *
 * In memory without a directory; with one, the data persists there. A PGlite directory belongs to
 * ONE process at a time (there is no server to arbitrate, and PGlite itself does not refuse a
 * second opener): integ.lock in the directory (pid and host) makes a second opener fail, even a
 * read-only one. For several replicas, or CLI commands beside `integ serve`, use a server.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openSqlStore, type Queryable, type SqlDriver, type SqlStore } from './postgres.js';

export interface PgliteStoreOptions {
  /** Tables live in this schema (created if needed); default public. */
  schema?: string;
  /** Every mutation rejects; the schema must exist already. */
  readOnly?: boolean;
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

export const PGLITE_LOCK_FILE = 'integ.lock';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes `dir`/integ.lock or throws naming the holder; a lock left by a dead process is taken over. Returns the release. */
async function lockDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, PGLITE_LOCK_FILE);
  const me = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return async () => {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text === JSON.stringify(me) + '\n') await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: unknown; host?: unknown; startedAt?: unknown } | null = null;
    try {
      holder = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
    }
    const pid = typeof holder?.pid === 'number' ? holder.pid : null;
    if (pid === null || holder?.host !== me.host || pid === process.pid || alive(pid)) {
      const who = pid === null ? 'another process (unreadable lock)' : `process ${pid} on ${String(holder?.host)} since ${String(holder?.startedAt)}`;
      throw new Error(
        `integ: the PGlite directory ${dir} is in use by ${who}. PGlite allows one process per directory: ` +
          `stop the other one, or use a PostgreSQL server. If no integ process uses it, delete ${file}.`,
      );
    }
    await unlink(file).catch(() => undefined); // its process is gone
  }
  throw new Error(`integ: could not take the lock ${file}`);
}

/** Opens the store on an embedded PGlite: in memory when no directory is given. */
export async function openPgliteStore(dir?: string, opts: PgliteStoreOptions = {}): Promise<SqlStore> {
  const root = dir === undefined ? undefined : resolve(dir);
  const where = root === undefined ? 'PGlite (in memory)' : `PGlite ${root}`;
  let db: PGlite;
  let unlock = async () => {};
  try {
    if (root !== undefined) {
      await mkdir(root, { recursive: true });
      unlock = await lockDir(root);
    }
    db = await PGlite.create(root);
  } catch (err) {
    await unlock();
    const reason = err instanceof Error ? err.message.replace(/^integ: /, '') : String(err);
    throw new Error(`integ: cannot open the ${where} store: ${reason}`, { cause: err });
  }
  const driver = pgliteDriver(db, true);
  const end = driver.end;
  driver.end = async () => {
    try {
      await end();
    } finally {
      await unlock();
    }
  };
  return openSqlStore(driver, { ...opts, label: where });
}

/**
 * A store over a PGlite instance the caller keeps (close() leaves it open). Several stores may
 * share one instance, each in its own schema, or in the same one (tests of concurrent replicas).
 */
export function attachPgliteStore(db: PGlite, opts: PgliteStoreOptions = {}): Promise<SqlStore> {
  return openSqlStore(pgliteDriver(db, false), { ...opts, label: 'PGlite' });
}
