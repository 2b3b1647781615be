/**
 * The SQL store (src/store/postgres.ts) against
 *   (a) the PostgreSQL server on 127.0.0.1:5432 (INTEG_TEST_PG_URL overrides), in a database
 *       created for this run and dropped after it; skipped only when no server answers there;
 *   (b) PGlite in memory, always.
 * Each contract test gets its own schema; the replica tests open 3 stores on one schema.
 */
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_MS } from '../../src/digest/schedule.js';
import { LowdbStore } from '../../src/store/lowdb.js';
import { MAX_LANGUAGES, MAX_THREADS } from '../../src/store/errors.js';
import { StoreConfigError, describeStore, openStore, storeTarget } from '../../src/store/open.js';
import { PGLITE_LOCK_FILE, attachPgliteStore, pgliteDriver } from '../../src/store/pglite.js';
import { MIGRATIONS, PostgresOpenError, SqlStore, describeDatabaseUrl, names, openPostgresStore, openSqlStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';
import { ADMIN_URL, probeServer } from '../helpers/pg.js';
import { storeContract } from './contract.js';

const server = await probeServer();
if (!server.ok) console.warn(`tests/store/postgres.test.ts: skipping the PostgreSQL server tests: ${server.reason}`);

let schemaSeq = 0;
const nextSchema = (prefix: string) => `${prefix}${++schemaSeq}`;

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/**
 * The Store contract over stores `open` makes, each test on a schema of its own (reopen: the same
 * schema); `query` runs SQL beside them (to fill a schema for the cap tests).
 */
function contractOnSchemas(name: string, open: (schema: string) => Promise<Store>, query: () => Query): void {
  storeContract(name, async () => {
    let schema = nextSchema('c');
    let store = await open(schema);
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await open(schema);
        return store;
      },
      withLanguages: async (settings) => {
        await store.close();
        schema = nextSchema('c');
        store = await open(schema);
        // seq in the order given, and the sequence past them, as if set one by one
        await query()(
          `INSERT INTO "${schema}".languages (team_id, kind, id, lang, set_at, seq)
           SELECT t, k, i, l, a, n FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(t, k, i, l, a, n)`,
          [settings.map((x) => x.teamId ?? ''), settings.map((x) => x.kind), settings.map((x) => x.id), settings.map((x) => x.lang), settings.map((x) => x.at)],
        );
        await query()(`SELECT setval('"${schema}".language_seq', $1::bigint)`, [settings.length]);
        return store;
      },
    };
  });
}

const deadline = (channel: string, title: string) => ({ channel, title, due: '2026-12-15', createdBy: 'U1', createdAt: '2026-11-22T03:00:00.000Z' });

/** How the replica tests reach a backend: open a store on a schema, and run a query beside the stores. */
interface Backend {
  open(schema: string): Promise<SqlStore>;
  query<R>(sql: string): Promise<R[]>;
}

function replicaSuite(backend: () => Backend): void {
  const stores: Store[] = [];
  const three = async (schema: string) => {
    const opened = await Promise.all([0, 1, 2].map(() => backend().open(schema)));
    stores.push(...opened);
    return opened;
  };
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('runs the migrations concurrently from 3 stores, and again, applying each version once', async () => {
    const schema = nextSchema('mig');
    const [a] = await three(schema);
    const again = await backend().open(schema);
    stores.push(again);
    const versions = await backend().query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(versions.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    await a.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U', createdAt: 'x' });
    expect(await again.getSubscription('C1')).toMatchObject({ teamId: 'T1', channel: 'C1' });
  });

  it('lets exactly one of 3 stores win each concurrent claim of a (channel, week), 10 times over', async () => {
    const s = await three(nextSchema('claim'));
    const at = '2026-11-23T02:00:00.000Z';
    for (let round = 0; round < 10; round++) {
      const week = `2026-W${String(10 + round).padStart(2, '0')}`;
      // 3 stores × 3 claims each, all in flight at once
      const won = await Promise.all(s.flatMap((st) => [0, 1, 2].map(() => st.claimDelivery('C1', week, at))));
      expect(won.filter(Boolean).length, `round ${round}`).toBe(1);
      expect(await s[round % 3].getDelivery('C1', week)).toMatchObject({ status: 'claimed', attempts: 1 });
      // the take-over path too: after a release, again exactly one winner
      await s[(round + 1) % 3].releaseDelivery('C1', week);
      const again = await Promise.all(s.flatMap((st) => [0, 1, 2].map(() => st.claimDelivery('C1', week, '2026-11-23T02:01:00.000Z'))));
      expect(again.filter(Boolean).length, `round ${round} after release`).toBe(1);
      expect(await s[0].getDelivery('C1', week)).toMatchObject({ status: 'claimed', attempts: 2 });
    }
    expect((await s[2].listDeliveries()).length).toBe(10);
  });

  it('lets another replica take over a claim only after the lease, once', async () => {
    const [a, b, c] = await three(nextSchema('lease'));
    const t0 = Date.parse('2026-11-23T02:00:00.000Z');
    const iso = (msAfter: number) => new Date(t0 + msAfter).toISOString();
    const staleBefore = (now: number) => iso(now - DEFAULT_LEASE_MS);
    expect(await a.claimDelivery('C1', '2026-W48', iso(0))).toBe(true);
    // a replica crashed after claiming; within the lease nobody may post
    const early = DEFAULT_LEASE_MS - 60_000;
    expect(await Promise.all([b, c].map((s) => s.claimDelivery('C1', '2026-W48', iso(early), { staleBefore: staleBefore(early) })))).toEqual([false, false]);
    // after the lease exactly one of the others takes over
    const late = DEFAULT_LEASE_MS + 60_000;
    const took = await Promise.all([b, c, b, c].map((s) => s.claimDelivery('C1', '2026-W48', iso(late), { staleBefore: staleBefore(late) })));
    expect(took.filter(Boolean).length).toBe(1);
    expect(await a.getDelivery('C1', '2026-W48')).toMatchObject({ status: 'claimed', attempts: 2, claimedAt: iso(late) });
    await b.finishDelivery('C1', '2026-W48', { status: 'delivered', at: iso(late + 1000), ts: '1.1' });
    const later = late + 2 * DEFAULT_LEASE_MS;
    expect(await c.claimDelivery('C1', '2026-W48', iso(later), { staleBefore: staleBefore(later) })).toBe(false);
  });

  it('gives 100 concurrent addDeadline calls across 3 stores 100 unique ids', async () => {
    const s = await three(nextSchema('ids'));
    const added = await Promise.all(Array.from({ length: 100 }, (_, i) => s[i % 3].addDeadline(deadline('C1', `T${i}`))));
    const ids = new Set(added.map((d) => d.id));
    expect(ids.size).toBe(100);
    expect([...ids].every((id) => /^d\d+$/.test(id))).toBe(true);
    for (const st of s) expect((await st.listDeadlines('C1')).map((d) => d.id).sort()).toEqual([...ids].sort());
    expect((await s[1].addDeadline(deadline('C1', 'next'))).id).toBe('d101');
  });

  it('reports a Slack event as new to exactly one of 3 stores marking it at once', async () => {
    const s = await three(nextSchema('ev'));
    for (let i = 0; i < 10; i++) {
      const firsts = await Promise.all(s.flatMap((st) => [0, 1].map(() => st.markEventProcessed(`Ev${i}`, '2026-11-22T00:00:00.000Z'))));
      expect(firsts.filter(Boolean).length, `Ev${i}`).toBe(1);
    }
    // a day later the id is new again, still for exactly one
    const later = await Promise.all(s.map((st) => st.markEventProcessed('Ev3', '2026-11-23T00:00:01.000Z')));
    expect(later.filter(Boolean).length).toBe(1);
    // and the expired ids were pruned
    const left = await backend().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schemaOf(s[0])}".events`);
    expect(Number(left[0].n)).toBe(1);
  });

  it('reports a signed request as new to exactly one of 3 stores marking it at once (a replay to another replica)', async () => {
    const s = await three(nextSchema('rq'));
    for (let i = 0; i < 10; i++) {
      const key = `v0=${String(i).repeat(64)}`;
      const firsts = await Promise.all(s.flatMap((st) => [0, 1].map(() => st.markRequestSeen(key, '2026-11-22T00:00:00.000Z'))));
      expect(firsts.filter(Boolean).length, key).toBe(1);
    }
  });

  it('upgrades a schema made by version 2 in place: its subscriptions kept (without a language), languages added', async () => {
    const schema = nextSchema('up');
    const t = names(schema);
    const q = (sql: string) => backend().query(sql);
    // the tables as integ left them before version 3, with a subscription in them
    await q(`CREATE SCHEMA "${schema}"`);
    await q(`CREATE TABLE ${t('schema_migrations')} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) {
      for (const sql of m.statements(t)) await q(sql);
      await q(`INSERT INTO ${t('schema_migrations')} (version, name) VALUES (${m.version}, '${m.name}')`);
    }
    await q(
      `INSERT INTO ${t('subscriptions')} (team_id, channel, weekday, time, tz, created_by, created_at, seq)
       VALUES ('T1', 'C1', 2, '08:30', 'Asia/Ho_Chi_Minh', 'U1', '2026-11-20T00:00:00.000Z', nextval('${t('subscription_seq')}'))`,
    );
    const [a, b] = await three(schema);
    const versions = await q(`SELECT version FROM ${t('schema_migrations')} ORDER BY version`);
    expect((versions as { version: number }[]).map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    const old = { teamId: 'T1', channel: 'C1', weekday: 2, time: '08:30', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U1', createdAt: '2026-11-20T00:00:00.000Z' };
    expect(await a.getSubscription('C1')).toEqual(old);
    expect(await a.getSubscription('C1')).not.toHaveProperty('lang');
    await a.putSubscription({ ...old, lang: 'vi' });
    expect(await b.getSubscription('C1')).toEqual({ ...old, lang: 'vi' });
    await a.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, 'en', '2026-11-22T00:00:00.000Z');
    expect(await b.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: 'en' });
  });

  it('keeps one language preference per user when 3 stores set it at once, the last one set', async () => {
    const s = await three(nextSchema('lang'));
    const at = '2026-11-22T00:00:00.000Z';
    await Promise.all(s.flatMap((st, i) => [0, 1, 2].map((j) => st.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, (i + j) % 2 ? 'vi' : 'en', at))));
    const rows = await backend().query<{ lang: string }>(`SELECT lang FROM "${schemaOf(s[0])}".languages`);
    expect(rows.length).toBe(1);
    for (const st of s) expect(await st.getLanguages({ teamId: 'T1', user: 'U1' })).toEqual({ user: rows[0].lang, channel: null });
  });

  it('keeps the newest MAX_LANGUAGES language preferences when 3 stores add more at once', async () => {
    const s = await three(nextSchema('langcap'));
    const table = `"${schemaOf(s[0])}".languages`;
    await backend().query(
      `INSERT INTO ${table} (team_id, kind, id, lang, set_at, seq) SELECT 'T1', 'user', 'U' || i, 'vi', 'x', i FROM generate_series(1, ${MAX_LANGUAGES}) AS i`,
    );
    await backend().query(`SELECT setval('"${schemaOf(s[0])}".language_seq', ${MAX_LANGUAGES})`);
    await Promise.all(s.flatMap((st, i) => [0, 1, 2, 3].map((j) => st.setLanguage({ teamId: 'T2', kind: 'user', id: `V${i}.${j}` }, 'en', 'y'))));
    const n = await backend().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    expect(Number(n[0].n)).toBe(MAX_LANGUAGES);
    expect(await s[0].getLanguages({ teamId: 'T1', user: 'U12' })).toEqual({ user: null, channel: null });
    expect(await s[0].getLanguages({ teamId: 'T1', user: 'U13' })).toEqual({ user: 'vi', channel: null });
    for (const st of s) expect(await st.getLanguages({ teamId: 'T2', user: 'V2.3' })).toEqual({ user: 'en', channel: null });
  });

  it('keeps the newest MAX_THREADS thread contexts', async () => {
    const [a, b] = await three(nextSchema('threads'));
    await backend().query(`INSERT INTO "${schemaOf(a)}".threads (key, slots, seq) SELECT 'k' || i, '{"i":1}', i FROM generate_series(1, ${MAX_THREADS + 5}) AS i`);
    await backend().query(`SELECT setval('"${schemaOf(a)}".thread_seq', ${MAX_THREADS + 5})`);
    await b.putThreadSlots('k1', { again: true }); // refreshed: now the newest
    expect(await a.getThreadSlots('k1')).toEqual({ again: true });
    expect(await a.getThreadSlots('k2')).toBeNull();
    expect(await a.getThreadSlots('k7')).toEqual({ i: 1 });
    const n = await backend().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schemaOf(a)}".threads`);
    expect(Number(n[0].n)).toBe(MAX_THREADS);
  });
}

/** The schema a test store lives in (its label is not it: tests track it here). */
const schemas = new WeakMap<Store, string>();
const schemaOf = (s: Store): string => schemas.get(s)!;

/**
 * A pool for the test's own queries. pg-pool's end() resolves before its clients' connections have
 * closed, and a client's idle listener then re-emits a server's "terminating connection" (the
 * database dropped WITH (FORCE) right after) on the pool: without a listener that is an uncaught error.
 */
function testPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined);
  return pool;
}

// ---- (a) the PostgreSQL server -----------------------------------------------------------------

describe.skipIf(!server.ok)(`PostgreSQL server ${describeDatabaseUrl(ADMIN_URL)}${server.ok ? '' : ` (skipped: ${server.reason})`}`, () => {
  const dbName = `integ_test_${process.pid}_${Date.now().toString(36)}`;
  let url = '';
  let admin: pg.Pool;
  let beside: pg.Pool;

  beforeAll(async () => {
    admin = testPool({ connectionString: ADMIN_URL, max: 2 });
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
    beside = testPool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await beside.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  const open = async (schema: string) => {
    const s = await openPostgresStore(url, { schema, max: 4 });
    schemas.set(s, schema);
    return s;
  };

  contractOnSchemas('PostgreSQL server', open, () => (sql, params) => beside.query(sql, params));

  describe('replicas on one database', () => {
    let q: pg.Pool;
    beforeAll(() => {
      q = testPool({ connectionString: url, max: 2 });
    });
    afterAll(async () => {
      await q.end();
    });
    replicaSuite(() => ({ open, query: async <R>(sql: string) => (await q.query(sql)).rows as R[] }));
  });

  it('rejects (does not swallow) errors from PostgreSQL', async () => {
    const schema = nextSchema('err');
    const s = await open(schema);
    try {
      const q = testPool({ connectionString: url, max: 1 });
      await q.query(`DROP SCHEMA "${schema}" CASCADE`);
      await q.end();
      await expect(s.putSubscription({ teamId: null, channel: 'C1', weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U', createdAt: 'x' })).rejects.toThrow(
        /does not exist/,
      );
      await expect(s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z')).rejects.toThrow(/does not exist/);
      await expect(s.listDeadlines()).rejects.toThrow(/does not exist/);
    } finally {
      await s.close();
    }
  });

  it('opens through openStore(DATABASE_URL=postgres://…): 3 at once create the tables in the default schema; read-only too', async () => {
    const [s, ...others] = await Promise.all([0, 1, 2].map(() => openStore({ DATABASE_URL: url })));
    await Promise.all(others.map((o) => o.close()));
    try {
      expect(s).toBeInstanceOf(SqlStore);
      const q = testPool({ connectionString: url, max: 1 });
      const { rows } = await q.query(`SELECT to_regclass('public.deliveries')::text AS t, (SELECT count(*)::int FROM public.schema_migrations) AS n`);
      await q.end();
      expect(rows[0]).toEqual({ t: 'deliveries', n: MIGRATIONS.length });
      await s.putSubscription({ teamId: null, channel: 'CX', weekday: 2, time: '10:00', tz: 'UTC', createdBy: 'U', createdAt: 'x' });
      const ro = await openStore({ DATABASE_URL: url }, { readOnly: true });
      expect(await ro.getSubscription('CX')).toMatchObject({ weekday: 2 });
      await expect(ro.removeSubscription('CX')).rejects.toThrow(/read-only/);
      await ro.close();
    } finally {
      await s.close();
    }
  });

  it('names the database, never the password, when it does not exist', async () => {
    const u = new URL(url);
    u.password = 'pw-s3cret';
    u.pathname = '/integ_no_such_database';
    const err = await openPostgresStore(u.toString()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(PostgresOpenError);
    expect(err!.message).toMatch(/integ_no_such_database.*does not exist/);
    expect(err!.message).not.toContain('pw-s3cret');
  });
});

// ---- (b) PGlite ------------------------------------------------------------------------------

describe('PGlite (in memory)', () => {
  // one instance (starting PGlite takes seconds); each test in its own schema
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  const open = async (schema: string) => {
    const s = await attachPgliteStore(db, { schema });
    schemas.set(s, schema);
    return s;
  };

  contractOnSchemas('PGlite', open, () => (sql, params) => db.query(sql, params));

  describe('3 stores sharing one instance', () => {
    replicaSuite(() => ({ open, query: async <R>(sql: string) => (await db.query<R>(sql)).rows }));
  });

  it("reads a user's and a channel's language in one statement (one round trip per request)", async () => {
    const driver = pgliteDriver(db, false);
    let statements = 0;
    const s = await openSqlStore(
      { ...driver, query: <R>(sql: string, params?: unknown[]) => (statements++, driver.query<R>(sql, params)) },
      { schema: nextSchema('rt') },
    );
    try {
      await s.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', '2026-11-22T00:00:00.000Z');
      await s.setLanguage({ teamId: 'T1', kind: 'channel', id: 'C1' }, 'en', '2026-11-22T00:00:00.000Z');
      statements = 0;
      expect(await s.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: 'en' });
      expect(statements).toBe(1);
    } finally {
      await s.close();
    }
  });
});

// ---- openStore ---------------------------------------------------------------------------------

describe('openStore', () => {
  it('uses lowdb under INTEG_DATA_DIR when DATABASE_URL is unset or empty', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'integ-open-'));
    try {
      for (const env of [{ INTEG_DATA_DIR: dir }, { INTEG_DATA_DIR: dir, DATABASE_URL: '' }]) {
        const s = await openStore(env);
        expect(s).toBeInstanceOf(LowdbStore);
        await s.addDeadline(deadline('C1', 'A'));
        await s.close();
        expect(await describeStore(env)).toBe(`lowdb ${dir}`);
      }
      expect(JSON.parse(await fsp.readFile(join(dir, 'integ.json'), 'utf8')).deadlines.length).toBe(2);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses other URLs with a message that shows the scheme, not the URL', async () => {
    for (const bad of ['mysql://u:pw-s3cret@h/db', 'pw-s3cret', 'pglite://']) {
      const err = await openStore({ DATABASE_URL: bad }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err, bad).toBeInstanceOf(StoreConfigError);
      expect(err!.message).not.toContain('pw-s3cret');
    }
    expect(() => storeTarget({ DATABASE_URL: 'mysql://u:pw@h/db' })).toThrow(/postgres:\/\/.*a mysql: URL/);
    expect(storeTarget({ DATABASE_URL: 'postgresql://h/db' })).toEqual({ kind: 'postgres', url: 'postgresql://h/db' });
    expect(storeTarget({ DATABASE_URL: 'pglite:memory' })).toEqual({ kind: 'pglite', dir: null });
    expect(storeTarget({ DATABASE_URL: 'pglite:///var/x' })).toEqual({ kind: 'pglite', dir: '/var/x' });
  });

  it('says which server cannot be reached, without the password', async () => {
    const err = await openStore({ DATABASE_URL: 'postgres://integ:pw-s3cret@127.0.0.1:1/integ' }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(PostgresOpenError);
    expect(err!.message).toBe('integ: cannot open the PostgreSQL store at postgres://integ@127.0.0.1:1/integ: connection refused: is PostgreSQL running and listening there?');
    const bad = await openPostgresStore('postgres://integ:pw-s3cret@[::1').then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(bad!.message).toMatch(/not a valid URL/);
    expect(bad!.message).not.toContain('pw-s3cret');
  });

  it('keeps a pglite:// directory across close and reopen, and refuses a second opener meanwhile', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'integ-pglite-'));
    const env = { DATABASE_URL: `pglite://${dir}` };
    try {
      const s = await openStore(env);
      await s.addDeadline(deadline('C1', 'A'));
      await s.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z');
      await expect(openStore(env)).rejects.toThrow(/in use by process/);
      await s.close();
      await expect(fsp.access(join(dir, PGLITE_LOCK_FILE))).rejects.toThrow();
      const s2 = await openStore(env);
      expect((await s2.listDeadlines()).map((d) => [d.id, d.title])).toEqual([['d1', 'A']]);
      expect(await s2.claimDelivery('C1', '2026-W48', '2026-11-23T02:00:00.000Z')).toBe(false);
      expect((await s2.addDeadline(deadline('C1', 'B'))).id).toBe('d2');
      await s2.close();
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
