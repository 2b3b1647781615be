/**
 * Picks the Store from the environment:
 *
 *   DATABASE_URL=postgres://user:password@host:5432/db   PostgreSQL server (also postgresql://)
 *   DATABASE_URL=pglite:///var/lib/integ/pg               embedded PGlite, data in that directory
 *   DATABASE_URL=pglite://data/pg                         … relative to the working directory
 *   DATABASE_URL=pglite:memory                            embedded PGlite in memory (lost at exit)
 *   DATABASE_URL unset or empty                           lowdb JSON file under INTEG_DATA_DIR (default ./data)
 *
 * The database drivers are loaded only when DATABASE_URL asks for them.
 */
import { join, resolve } from 'node:path';
import { dataDir } from '../paths.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** Mutations reject (lowdb: no lock taken, so it can run beside `integ serve`; SQL: no migration). */
  readOnly?: boolean;
  /** lowdb only: the data directory (default INTEG_DATA_DIR, else ./data). */
  dataDir?: string;
  /**
   * lowdb and a PGlite directory: told when the store loses the directory's lock (deleted, or taken
   * over after this process stalled longer than the staleness); the store then saves nothing more.
   */
  onLockLost?: (err: Error) => void;
}

/** DATABASE_URL (or the other settings) cannot be used; the message never includes a password. */
export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

export type StoreTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dir: string | null }
  | { kind: 'lowdb'; dir: string };

/** Where openStore(env, opts) would open the store. Throws StoreConfigError for a bad DATABASE_URL. */
export function storeTarget(env: NodeJS.ProcessEnv = process.env, opts: OpenStoreOptions = {}): StoreTarget {
  const url = (env.DATABASE_URL ?? '').trim();
  if (url === '') {
    const dir = opts.dataDir ?? (env === process.env ? dataDir() : resolve(env.INTEG_DATA_DIR || join(process.cwd(), 'data')));
    return { kind: 'lowdb', dir };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (/^pglite:memory$/i.test(url)) return { kind: 'pglite', dir: null };
  const m = /^pglite:\/\/(.*)$/i.exec(url);
  if (m) {
    if (m[1] === '') throw new StoreConfigError('integ: DATABASE_URL=pglite:// needs a directory (pglite:///abs/path or pglite://relative/path), or use pglite:memory');
    return { kind: 'pglite', dir: resolve(m[1]) };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new StoreConfigError(
    `integ: DATABASE_URL must start with postgres://, postgresql:// or pglite://, or be pglite:memory ` +
      `(got ${scheme ? `a ${scheme}: URL` : 'a value without a scheme'}). Unset it to use the JSON store under INTEG_DATA_DIR.`,
  );
}

/** A one-line description of the store for logs and errors, without any password. */
export async function describeStore(env: NodeJS.ProcessEnv = process.env, opts: OpenStoreOptions = {}): Promise<string> {
  const target = storeTarget(env, opts);
  if (target.kind === 'postgres') {
    const { describeDatabaseUrl } = await import('./postgres.js');
    return `PostgreSQL ${describeDatabaseUrl(target.url)}`;
  }
  if (target.kind === 'pglite') return target.dir === null ? 'PGlite (in memory)' : `PGlite ${target.dir}`;
  return `lowdb ${target.dir}`;
}

/**
 * Opens the Store DATABASE_URL names (see the top of this file), migrating a SQL database first.
 * Rejects with StoreConfigError for an unusable DATABASE_URL, PostgresOpenError when the server
 * cannot be reached or set up, and lowdb's errors (StoreLockedError, StoreCorruptError) otherwise.
 */
export async function openStore(env: NodeJS.ProcessEnv = process.env, opts: OpenStoreOptions = {}): Promise<Store> {
  const target = storeTarget(env, opts);
  switch (target.kind) {
    case 'postgres': {
      const { openPostgresStore } = await import('./postgres.js');
      return openPostgresStore(target.url, { readOnly: opts.readOnly });
    }
    case 'pglite': {
      const { openPgliteStore } = await import('./pglite.js');
      return openPgliteStore(target.dir ?? undefined, { readOnly: opts.readOnly, onLockLost: opts.onLockLost });
    }
    case 'lowdb': {
      const { openLowdbStore } = await import('./lowdb.js');
      return openLowdbStore(target.dir, { readOnly: opts.readOnly, onLockLost: opts.onLockLost });
    }
  }
}
