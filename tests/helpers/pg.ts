/**
 * The PostgreSQL server the store and scale-out tests use: 127.0.0.1:5432 (INTEG_TEST_PG_URL
 * overrides). Tests skip only when no server answers there; each test file works in databases or
 * schemas it creates and drops.
 */
import pg from 'pg';
import { describeDatabaseUrl } from '../../src/store/postgres.js';

export const ADMIN_URL = process.env.INTEG_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Is a server there? Only "nothing answers" counts as no; any other failure (auth, …) throws. */
export async function probeServer(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timeout/i.test((err as Error).message)) {
      return { ok: false, reason: `no PostgreSQL server answers at ${describeDatabaseUrl(ADMIN_URL)} (${code ?? (err as Error).message})` };
    }
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let seq = 0;

/** A new empty database; `url` reaches it, `query` runs SQL in it, `drop` removes it. */
export async function tempDatabase(label: string): Promise<{ url: string; query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>; drop(): Promise<void> }> {
  const name = `integ_${label}_${process.pid}_${Date.now().toString(36)}_${++seq}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  return {
    url,
    query: async <R>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as R[],
    async drop() {
      await pool.end();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
