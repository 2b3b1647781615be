/**
 * The Store on PostgreSQL, for several replicas of integ sharing one database.
 *
 * The SQL lives here once (`SqlStore`) and runs on anything with `query(sql, params)`: a `pg`
 * Pool (openPostgresStore, below) or an embedded PGlite (src/store/pglite.ts).
 *
 * Guarantees (MemoryStore's semantics, made safe across processes):
 * - Migrations run at open, inside one transaction holding pg_advisory_xact_lock(MIGRATION_LOCK):
 *   replicas starting together apply each version exactly once (the others wait, then find it in
 *   schema_migrations). Every statement is also IF NOT EXISTS.
 * - claimDelivery is a single INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING: PostgreSQL
 *   takes the row lock on the (team_id, channel, week) unique key and re-evaluates the WHERE on the
 *   latest row version, so of any number of concurrent claims at most one gets a row back.
 * - markEventProcessed is a single upsert on the event_id primary key (also taking over an id whose
 *   record has expired): exactly one caller sees true. markRequestSeen is the same upsert, on keys
 *   prefixed "request:" (event ids never are), so a replayed request is refused on every replica.
 * - Deadline ids come from a sequence ('d' || nextval), unique across replicas, never reused.
 * - Every error from PostgreSQL rejects the caller's promise (nothing is swallowed, except the
 *   best-effort pruning of old records, which the next write retries).
 *
 * Timestamps are kept as the ISO strings callers pass (MemoryStore keeps whatever it is given);
 * where an order or a lease needs them compared, a *_ms column holds Date.parse() of the string
 * (NULL when unparseable, which never compares as older, as in MemoryStore).
 */
import pg from 'pg';
import { EVENT_TTL_MS, MAX_LANGUAGES, MAX_RECORDS, MAX_THREADS, StoreClosedError, StoreReadOnlyError } from './errors.js';
import {
  checkLanguageScope,
  checkPace,
  feedbackComment,
  installationKey,
  isLanguagePreference,
  isOrigin,
  paceKey,
  paceWait,
  subscriptionLang,
  type ClaimOptions,
  type DeliveryFilter,
  type DeliveryKey,
  type DeliveryStatus,
  type FeedbackEntry,
  type FirstClaim,
  type InstallationQuery,
  type LanguagePreference,
  type LanguagePreferences,
  type LanguageQuery,
  type LanguageScope,
  type LedgerEntry,
  type PostPace,
  type PostTurn,
  type Store,
  type Subscription,
  type TeamDeadline,
  type UnansweredEntry,
  type WorkspaceDataRemoved,
  type WorkspaceInstallation,
} from './types.js';

// ---- drivers -----------------------------------------------------------------------------------

/** What the store needs from a connection: one parameterised statement at a time. pg.Pool, pg.Client and PGlite all fit. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** A Queryable that can also run a transaction on one connection and be shut down. */
export interface SqlDriver extends Queryable {
  /** Runs fn between BEGIN and COMMIT on a single connection; ROLLBACK (and rethrow) when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connections (waits for running queries). */
  end(): Promise<void>;
}

/** A SqlDriver over a pg Pool. */
export function poolDriver(pool: pg.Pool): SqlDriver {
  return {
    query: async <R>(sql: string, params?: unknown[]) => pool.query(sql, params) as unknown as Promise<{ rows: R[] }>,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client as unknown as Queryable);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e; // the connection is unusable: drop it rather than return it to the pool
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    end: () => pool.end(),
  };
}

// ---- schema ------------------------------------------------------------------------------------

/** pg_advisory_xact_lock key serialising migrations across replicas ("integ" in ASCII). */
export const MIGRATION_LOCK = 0x696e746567;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Table and sequence names, schema-qualified when a schema is given (else the search_path decides). */
export interface Names {
  schema: string | null;
  (name: string): string;
}

export function names(schema?: string | null): Names {
  if (schema != null && !IDENT.test(schema)) {
    throw new Error(`integ: invalid PostgreSQL schema name ${JSON.stringify(schema)} (letters, digits and _ only)`);
  }
  const f = ((name: string) => (schema ? `"${schema}".${name}` : name)) as Names;
  f.schema = schema ?? null;
  return f;
}

export interface Migration {
  version: number;
  name: string;
  statements: (t: Names) => string[];
}

/** Append-only: never edit a released version, add the next one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: (t) => [
      // one subscription per channel while the Store interface is keyed by channel alone
      // (UNIQUE (channel)); team_id is '' in single-workspace mode
      `CREATE SEQUENCE IF NOT EXISTS ${t('subscription_seq')}`,
      `CREATE TABLE IF NOT EXISTS ${t('subscriptions')} (
        team_id    text    NOT NULL DEFAULT '',
        channel    text    NOT NULL,
        weekday    integer NOT NULL,
        time       text    NOT NULL,
        tz         text    NOT NULL,
        created_by text    NOT NULL,
        created_at text    NOT NULL,
        seq        bigint  NOT NULL,
        PRIMARY KEY (team_id, channel),
        CONSTRAINT subscriptions_one_per_channel UNIQUE (channel)
      )`,
      `CREATE SEQUENCE IF NOT EXISTS ${t('deadline_ids')}`,
      `CREATE TABLE IF NOT EXISTS ${t('deadlines')} (
        id         text    PRIMARY KEY,
        n          bigint  NOT NULL UNIQUE,
        channel    text    NOT NULL,
        title      text    NOT NULL,
        due        text    NOT NULL,
        created_by text    NOT NULL,
        created_at text    NOT NULL,
        done       boolean NOT NULL DEFAULT false,
        done_at    text
      )`,
      `CREATE INDEX IF NOT EXISTS deadlines_channel ON ${t('deadlines')} (channel, n)`,
      // the delivery ledger: at most one row per (team, channel, week). The Store interface has no
      // team for the ledger yet, so team_id is '' for every row.
      `CREATE TABLE IF NOT EXISTS ${t('deliveries')} (
        id            bigserial PRIMARY KEY,
        team_id       text    NOT NULL DEFAULT '',
        channel       text    NOT NULL,
        week          text    NOT NULL,
        status        text    NOT NULL CHECK (status IN ('claimed', 'delivered', 'failed', 'released')),
        claimed_at    text    NOT NULL,
        claimed_at_ms bigint,
        finished_at   text,
        ts            text,
        error         text,
        attempts      integer NOT NULL DEFAULT 1,
        CONSTRAINT deliveries_once UNIQUE (team_id, channel, week)
      )`,
      `CREATE TABLE IF NOT EXISTS ${t('events')} (
        event_id text PRIMARY KEY,
        at       text NOT NULL,
        at_ms    bigint
      )`,
      `CREATE INDEX IF NOT EXISTS events_at_ms ON ${t('events')} (at_ms)`,
      `CREATE SEQUENCE IF NOT EXISTS ${t('thread_seq')}`,
      `CREATE TABLE IF NOT EXISTS ${t('threads')} (
        key   text   PRIMARY KEY,
        slots json,
        seq   bigint NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS threads_seq ON ${t('threads')} (seq)`,
      `CREATE TABLE IF NOT EXISTS ${t('feedback')} (
        id       bigserial PRIMARY KEY,
        at       text    NOT NULL,
        user_id  text    NOT NULL,
        question text    NOT NULL,
        intent   text    NOT NULL,
        helpful  boolean NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS ${t('unanswered')} (
        id         bigserial PRIMARY KEY,
        at         text NOT NULL,
        question   text NOT NULL,
        normalised text NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'installations; team of deadlines',
    statements: (t) => [
      // one row per Slack installation: install_key is "T:<team>", or "E:<enterprise>" for an
      // org-wide install (src/store/types.ts installationKey); data is Bolt's Installation as given
      `CREATE TABLE IF NOT EXISTS ${t('installations')} (
        install_key           text    PRIMARY KEY,
        team_id               text    NOT NULL DEFAULT '',
        enterprise_id         text    NOT NULL DEFAULT '',
        is_enterprise_install boolean NOT NULL DEFAULT false,
        bot_token             text,
        installed_at          text    NOT NULL,
        data                  json
      )`,
      `CREATE INDEX IF NOT EXISTS installations_team ON ${t('installations')} (team_id)`,
      // the workspace a deadline was added in ('' when unknown), so uninstalling can remove it
      `ALTER TABLE ${t('deadlines')} ADD COLUMN IF NOT EXISTS team_id text NOT NULL DEFAULT ''`,
      `CREATE INDEX IF NOT EXISTS deadlines_team ON ${t('deadlines')} (team_id)`,
      `CREATE INDEX IF NOT EXISTS subscriptions_team ON ${t('subscriptions')} (team_id)`,
      `CREATE INDEX IF NOT EXISTS deliveries_channel ON ${t('deliveries')} (channel)`,
    ],
  },
  {
    version: 3,
    name: 'language preferences; language of digests',
    statements: (t) => [
      // one explicit preference per (workspace, user or channel); team_id '' in single-workspace
      // mode. seq orders them by when they were last set, for the cap (MAX_LANGUAGES).
      `CREATE SEQUENCE IF NOT EXISTS ${t('language_seq')}`,
      `CREATE TABLE IF NOT EXISTS ${t('languages')} (
        team_id text   NOT NULL DEFAULT '',
        kind    text   NOT NULL CHECK (kind IN ('user', 'channel')),
        id      text   NOT NULL,
        lang    text   NOT NULL CHECK (lang IN ('en', 'vi')),
        set_at  text   NOT NULL,
        seq     bigint NOT NULL,
        PRIMARY KEY (team_id, kind, id)
      )`,
      `CREATE INDEX IF NOT EXISTS languages_seq ON ${t('languages')} (seq)`,
      // NULL (every existing row): the channel's preference, else English
      `ALTER TABLE ${t('subscriptions')} ADD COLUMN IF NOT EXISTS lang text CHECK (lang IN ('en', 'vi'))`,
    ],
  },
  {
    version: 4,
    name: 'deadline owners; due-day reminders; origin and comment of feedback and gaps',
    statements: (t) => [
      `ALTER TABLE ${t('deadlines')} ADD COLUMN IF NOT EXISTS owner text`,
      `ALTER TABLE ${t('subscriptions')} ADD COLUMN IF NOT EXISTS reminders boolean NOT NULL DEFAULT false`,
      // NULL origin (every existing row): asked in Slack, the only place that recorded them before
      `ALTER TABLE ${t('feedback')} ADD COLUMN IF NOT EXISTS comment text`,
      `ALTER TABLE ${t('feedback')} ADD COLUMN IF NOT EXISTS origin text CHECK (origin IN ('slack', 'shell', 'cli'))`,
      `ALTER TABLE ${t('unanswered')} ADD COLUMN IF NOT EXISTS origin text CHECK (origin IN ('slack', 'shell', 'cli'))`,
    ],
  },
  {
    version: 5,
    name: 'posting pace per workspace; ledger by week',
    statements: (t) => [
      // one token bucket per workspace (team_id '' in single-workspace mode), shared by every
      // replica: tokens as of updated_ms, refilled at the caller's pace; no post before paused_until_ms
      // (a 429's Retry-After). Times are epoch milliseconds of the replicas' clocks.
      `CREATE TABLE IF NOT EXISTS ${t('post_pace')} (
        team_id         text             PRIMARY KEY,
        tokens          double precision NOT NULL,
        updated_ms      bigint           NOT NULL,
        paused_until_ms bigint           NOT NULL DEFAULT 0
      )`,
      // each check reads the ledger of the current weeks only, not every week ever delivered
      `CREATE INDEX IF NOT EXISTS deliveries_week ON ${t('deliveries')} (week)`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Applies the migrations not yet recorded in schema_migrations, in one transaction holding the
 * advisory lock, so concurrent starters neither fail nor apply a version twice. Returns the
 * versions applied by this call.
 */
export async function migrate(db: SqlDriver, t: Names): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
    if (t.schema) await tx.query(`CREATE SCHEMA IF NOT EXISTS "${t.schema}"`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${t('schema_migrations')} (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${t('schema_migrations')}`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const sql of m.statements(t)) await tx.query(sql);
      await tx.query(`INSERT INTO ${t('schema_migrations')} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** For read-only stores: the schema must exist already (a writer created it). */
async function checkSchema(db: Queryable, t: Names): Promise<void> {
  const { rows } = await db.query<{ present: string | null }>(`SELECT to_regclass($1)::text AS present`, [t('schema_migrations')]);
  if (!rows[0]?.present) {
    throw new Error('integ: the database has no integ tables yet; start `integ serve` (or any command that writes) once to create them');
  }
}

// ---- the store ---------------------------------------------------------------------------------

/** Date.parse as a bigint-column value: null when the string is not a date. */
const ms = (iso: string | undefined): number | null => {
  if (iso === undefined) return null;
  const v = Date.parse(iso);
  return Number.isFinite(v) ? v : null;
};

interface SubscriptionRow {
  team_id: string;
  channel: string;
  weekday: number;
  time: string;
  tz: string;
  created_by: string;
  created_at: string;
  lang: string | null;
  reminders: boolean;
}
interface DeadlineRow {
  id: string;
  team_id: string;
  channel: string;
  title: string;
  due: string;
  created_by: string;
  created_at: string;
  owner: string | null;
  done: boolean;
  done_at: string | null;
}
interface DeliveryRow {
  channel: string;
  week: string;
  status: DeliveryStatus;
  claimed_at: string;
  finished_at: string | null;
  ts: string | null;
  error: string | null;
  attempts: number;
}

interface InstallationRow {
  team_id: string;
  enterprise_id: string;
  is_enterprise_install: boolean;
  bot_token: string | null;
  installed_at: string;
  data: string | null;
}

const toInstallation = (r: InstallationRow): WorkspaceInstallation => ({
  teamId: r.team_id === '' ? null : r.team_id,
  enterpriseId: r.enterprise_id === '' ? null : r.enterprise_id,
  isEnterpriseInstall: r.is_enterprise_install,
  botToken: r.bot_token,
  installedAt: r.installed_at,
  data: r.data == null ? undefined : (JSON.parse(r.data) as unknown),
});

const toSubscription = (r: SubscriptionRow): Subscription => ({
  teamId: r.team_id === '' ? null : r.team_id,
  channel: r.channel,
  weekday: Number(r.weekday),
  time: r.time,
  tz: r.tz,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(isLanguagePreference(r.lang) ? { lang: r.lang } : {}),
  ...(r.reminders ? { reminders: true } : {}),
});
const toDeadline = (r: DeadlineRow): TeamDeadline => ({
  id: r.id,
  ...(r.team_id ? { teamId: r.team_id } : {}),
  channel: r.channel,
  title: r.title,
  due: r.due,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.owner ? { owner: r.owner } : {}),
  done: r.done,
  doneAt: r.done_at,
});
const toLedger = (r: DeliveryRow): LedgerEntry => ({
  channel: r.channel,
  week: r.week,
  status: r.status,
  claimedAt: r.claimed_at,
  finishedAt: r.finished_at,
  ts: r.ts,
  error: r.error,
  attempts: Number(r.attempts),
});

const SUB_COLS = 'team_id, channel, weekday, time, tz, created_by, created_at, lang, reminders';
const DEADLINE_COLS = 'id, team_id, channel, title, due, created_by, created_at, owner, done, done_at';
const LEDGER_COLS = 'channel, week, status, claimed_at, finished_at, ts, error, attempts';

export interface SqlStoreOptions {
  /** Tables live in this schema (created if needed); default: the connection's search_path. */
  schema?: string;
  /** Every mutation rejects with StoreReadOnlyError; no migration is run. */
  readOnly?: boolean;
  /** Names the database in errors (never with a password). */
  label?: string;
}

/** The Store rules in SQL, over any SqlDriver. Use openPostgresStore / openPgliteStore. */
export class SqlStore implements Store {
  readonly #db: SqlDriver;
  readonly #t: Names;
  readonly readOnly: boolean;
  readonly label: string;
  #closed = false;
  readonly #running = new Set<Promise<unknown>>();

  /** Use openSqlStore() (runs the migrations). */
  constructor(db: SqlDriver, opts: SqlStoreOptions = {}) {
    this.#db = db;
    this.#t = names(opts.schema);
    this.readOnly = opts.readOnly ?? false;
    this.label = opts.label ?? 'the database';
  }

  #run<T>(write: boolean, fn: (db: Queryable, t: Names) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    if (write && this.readOnly) return Promise.reject(new StoreReadOnlyError(this.label));
    const p = fn(this.#db, this.#t);
    this.#running.add(p);
    const done = () => this.#running.delete(p);
    p.then(done, done);
    return p;
  }

  /** Housekeeping after a write; a failure is left for the next write to retry. */
  async #prune(db: Queryable, sql: string, params: unknown[]): Promise<void> {
    try {
      await db.query(sql, params);
    } catch {
      /* best effort */
    }
  }

  // ---- subscriptions -------------------------------------------------------------------------

  listSubscriptions(): Promise<Subscription[]> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUB_COLS} FROM ${t('subscriptions')} ORDER BY seq`);
      return rows.map(toSubscription);
    });
  }

  getSubscription(channel: string): Promise<Subscription | null> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUB_COLS} FROM ${t('subscriptions')} WHERE channel = $1`, [channel]);
      return rows[0] ? toSubscription(rows[0]) : null;
    });
  }

  putSubscription(sub: Subscription): Promise<void> {
    let lang: LanguagePreference | null;
    try {
      lang = subscriptionLang(sub);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#run(true, async (db, t) => {
      // replaces the channel's subscription in place (its position in the list is kept)
      await db.query(
        `INSERT INTO ${t('subscriptions')} (${SUB_COLS}, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nextval('${t('subscription_seq')}'))
         ON CONFLICT (channel) DO UPDATE SET
           team_id = EXCLUDED.team_id, weekday = EXCLUDED.weekday, time = EXCLUDED.time, tz = EXCLUDED.tz,
           created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, lang = EXCLUDED.lang,
           reminders = EXCLUDED.reminders`,
        [sub.teamId ?? '', sub.channel, sub.weekday, sub.time, sub.tz, sub.createdBy, sub.createdAt, lang, sub.reminders === true],
      );
    });
  }

  removeSubscription(channel: string): Promise<boolean> {
    return this.#run(true, async (db, t) => {
      const { rows } = await db.query(`DELETE FROM ${t('subscriptions')} WHERE channel = $1 RETURNING channel`, [channel]);
      return rows.length > 0;
    });
  }

  // ---- team deadlines ------------------------------------------------------------------------

  listDeadlines(channel?: string): Promise<TeamDeadline[]> {
    return this.#run(false, async (db, t) => {
      const { rows } =
        channel === undefined
          ? await db.query<DeadlineRow>(`SELECT ${DEADLINE_COLS} FROM ${t('deadlines')} ORDER BY n`)
          : await db.query<DeadlineRow>(`SELECT ${DEADLINE_COLS} FROM ${t('deadlines')} WHERE channel = $1 ORDER BY n`, [channel]);
      return rows.map(toDeadline);
    });
  }

  addDeadline(input: Omit<TeamDeadline, 'id' | 'done' | 'doneAt'>): Promise<TeamDeadline> {
    return this.#run(true, async (db, t) => {
      const { rows } = await db.query<DeadlineRow>(
        `INSERT INTO ${t('deadlines')} (id, n, team_id, channel, title, due, created_by, created_at, owner, done, done_at)
         SELECT 'd' || v, v, $6::text, $1::text, $2::text, $3::text, $4::text, $5::text, $7::text, false, NULL
         FROM nextval('${t('deadline_ids')}') AS v
         RETURNING ${DEADLINE_COLS}`,
        [input.channel, input.title, input.due, input.createdBy, input.createdAt, input.teamId ?? '', input.owner || null],
      );
      return toDeadline(rows[0]);
    });
  }

  markDeadlineDone(id: string, at: string): Promise<TeamDeadline | null> {
    return this.#run(true, async (db, t) => {
      // the first doneAt is kept (right-hand sides see the row before the update)
      const { rows } = await db.query<DeadlineRow>(
        `UPDATE ${t('deadlines')} SET done = true, done_at = CASE WHEN done THEN done_at ELSE $2 END
         WHERE id = $1 RETURNING ${DEADLINE_COLS}`,
        [id, at],
      );
      return rows[0] ? toDeadline(rows[0]) : null;
    });
  }

  removeDeadline(id: string): Promise<boolean> {
    return this.#run(true, async (db, t) => {
      const { rows } = await db.query(`DELETE FROM ${t('deadlines')} WHERE id = $1 RETURNING id`, [id]);
      return rows.length > 0;
    });
  }

  // ---- delivery ledger -----------------------------------------------------------------------

  claimDelivery(channel: string, week: string, at: string, opts: ClaimOptions = {}): Promise<boolean> {
    return this.#run(true, async (db, t) => {
      // One statement: a new row is inserted; an existing one is taken over only when released or
      // claimed before staleBefore (NULL staleBefore: never). Under concurrency PostgreSQL locks the
      // conflicting row and re-checks the WHERE on its latest version, so only one claim returns a row.
      const { rows } = await db.query<{ attempts: number }>(
        `INSERT INTO ${t('deliveries')} (team_id, channel, week, status, claimed_at, claimed_at_ms, attempts)
         VALUES ('', $1, $2, 'claimed', $3, $4, 1)
         ON CONFLICT (team_id, channel, week) DO UPDATE SET
           status = 'claimed', claimed_at = EXCLUDED.claimed_at, claimed_at_ms = EXCLUDED.claimed_at_ms,
           finished_at = NULL, attempts = deliveries.attempts + 1
         WHERE deliveries.status = 'released'
            OR (deliveries.status = 'claimed' AND deliveries.claimed_at_ms < $5::bigint)
         RETURNING attempts`,
        [channel, week, at, ms(at), ms(opts.staleBefore)],
      );
      return rows.length === 1;
    });
  }

  finishDelivery(
    channel: string,
    week: string,
    result: { status: 'delivered' | 'failed'; at: string; ts?: string; error?: string },
  ): Promise<void> {
    return this.#run(true, async (db, t) => {
      const error = result.status === 'delivered' ? null : (result.error ?? 'failed');
      // finishing without a claim (e.g. the claim was lost) still records the outcome
      await db.query(
        `INSERT INTO ${t('deliveries')} (team_id, channel, week, status, claimed_at, claimed_at_ms, finished_at, ts, error, attempts)
         VALUES ('', $1, $2, $3, $4, $5, $4, $6, $7, 1)
         ON CONFLICT (team_id, channel, week) DO UPDATE SET
           status = EXCLUDED.status, finished_at = EXCLUDED.finished_at, error = EXCLUDED.error,
           ts = COALESCE(EXCLUDED.ts, CASE WHEN EXCLUDED.status = 'delivered' THEN deliveries.ts END)`,
        [channel, week, result.status, result.at, ms(result.at), result.ts ?? null, error],
      );
    });
  }

  releaseDelivery(channel: string, week: string): Promise<void> {
    return this.#run(true, async (db, t) => {
      // only a claim can be released: a delivered entry must never become due again
      await db.query(
        `UPDATE ${t('deliveries')} SET status = 'released'
         WHERE team_id = '' AND channel = $1 AND week = $2 AND status = 'claimed'`,
        [channel, week],
      );
    });
  }

  getDelivery(channel: string, week: string): Promise<LedgerEntry | null> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<DeliveryRow>(
        `SELECT ${LEDGER_COLS} FROM ${t('deliveries')} WHERE team_id = '' AND channel = $1 AND week = $2`,
        [channel, week],
      );
      return rows[0] ? toLedger(rows[0]) : null;
    });
  }

  listDeliveries(filter: DeliveryFilter = {}): Promise<LedgerEntry[]> {
    return this.#run(false, async (db, t) => {
      const { rows } = filter.weeks
        ? await db.query<DeliveryRow>(`SELECT ${LEDGER_COLS} FROM ${t('deliveries')} WHERE week = ANY($1::text[]) ORDER BY id`, [[...filter.weeks]])
        : await db.query<DeliveryRow>(`SELECT ${LEDGER_COLS} FROM ${t('deliveries')} ORDER BY id`);
      return rows.map(toLedger);
    });
  }

  claimFirstDelivery(keys: readonly DeliveryKey[], at: string, opts: ClaimOptions = {}): Promise<FirstClaim | null> {
    return this.#run(true, async (db, t) => {
      const channels = keys.map((k) => k.channel);
      const weeks = keys.map((k) => k.week);
      // One statement: `cand` is the first key whose entry (in the statement's snapshot) is absent,
      // released or a stale claim; the upsert claims it with claimDelivery's rule, which PostgreSQL
      // re-checks on the row's latest version under its lock. A cand without a claimed row lost a
      // race to another runner: that key is taken now, so the next statement looks past it.
      for (let tries = 0; tries <= keys.length; tries++) {
        const { rows } = await db.query<{ channel: string; week: string; i: string; previous: DeliveryStatus | null; attempts: number | null }>(
          `WITH cand AS (
             SELECT k.channel, k.week, k.i, d.status AS previous
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(channel, week, i)
             LEFT JOIN ${t('deliveries')} d ON d.team_id = '' AND d.channel = k.channel AND d.week = k.week
             WHERE d.id IS NULL OR d.status = 'released' OR (d.status = 'claimed' AND d.claimed_at_ms < $5::bigint)
             ORDER BY k.i LIMIT 1
           ), claimed AS (
             INSERT INTO ${t('deliveries')} (team_id, channel, week, status, claimed_at, claimed_at_ms, attempts)
             SELECT '', channel, week, 'claimed', $3, $4, 1 FROM cand
             ON CONFLICT (team_id, channel, week) DO UPDATE SET
               status = 'claimed', claimed_at = EXCLUDED.claimed_at, claimed_at_ms = EXCLUDED.claimed_at_ms,
               finished_at = NULL, attempts = deliveries.attempts + 1
             WHERE deliveries.status = 'released'
                OR (deliveries.status = 'claimed' AND deliveries.claimed_at_ms < $5::bigint)
             RETURNING channel, week, attempts
           )
           SELECT cand.channel, cand.week, cand.i, cand.previous, claimed.attempts
           FROM cand LEFT JOIN claimed ON claimed.channel = cand.channel AND claimed.week = cand.week`,
          [channels, weeks, at, ms(at), ms(opts.staleBefore)],
        );
        const r = rows[0];
        if (!r) return null;
        if (r.attempts === null) continue;
        const previous = r.previous === 'released' || r.previous === 'claimed' ? r.previous : null;
        return { channel: r.channel, week: r.week, index: Number(r.i) - 1, attempts: Number(r.attempts), previous };
      }
      return null;
    });
  }

  // ---- posting pace --------------------------------------------------------------------------

  takePostTurn(teamId: string | null, atMs: number, pace: PostPace): Promise<PostTurn> {
    try {
      checkPace(pace, atMs);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#run(true, async (db, t) => {
      const key = paceKey(teamId);
      const perMs = pace.perMinute / 60_000;
      for (let tries = 0; tries < 3; tries++) {
        // One statement: the UPDATE spends a token when the bucket (refilled to now, at most burst)
        // holds one and no pause runs; PostgreSQL re-checks that on the row's latest version under
        // its lock, so concurrent takers never spend the same token. The outer SELECT reads the row
        // as it was before (the statement's snapshot), to say how long to wait when not granted.
        const { rows } = await db.query<{ granted: number; tokens: number; updated_ms: string; paused_until_ms: string }>(
          `WITH turn AS (
             UPDATE ${t('post_pace')} SET
               tokens = LEAST($3::float8, tokens + GREATEST($2::bigint - updated_ms, 0) * $4::float8) - 1,
               updated_ms = GREATEST(updated_ms, $2::bigint)
             WHERE team_id = $1 AND paused_until_ms <= $2::bigint
               AND LEAST($3::float8, tokens + GREATEST($2::bigint - updated_ms, 0) * $4::float8) >= 1
             RETURNING 1
           )
           SELECT (SELECT count(*) FROM turn)::int AS granted, tokens, updated_ms, paused_until_ms
           FROM ${t('post_pace')} WHERE team_id = $1`,
          [key, Math.floor(atMs), pace.burst, perMs],
        );
        const r = rows[0];
        if (r) {
          if (Number(r.granted) === 1) return { granted: true, waitMs: 0 };
          // a concurrent taker may have spent the token this snapshot still shows: ask again soon
          const waitMs = paceWait({ tokens: Number(r.tokens), updatedMs: Number(r.updated_ms), pausedUntilMs: Number(r.paused_until_ms) }, atMs, pace);
          return { granted: false, waitMs: Math.max(1, waitMs) };
        }
        // the workspace's first turn: a full bucket, less this post (a concurrent first taker may win the insert)
        const inserted = await db.query(
          `INSERT INTO ${t('post_pace')} (team_id, tokens, updated_ms, paused_until_ms) VALUES ($1, $2::float8 - 1, $3, 0)
           ON CONFLICT (team_id) DO NOTHING RETURNING 1`,
          [key, pace.burst, Math.floor(atMs)],
        );
        if (inserted.rows.length) return { granted: true, waitMs: 0 };
      }
      return { granted: false, waitMs: 1 };
    });
  }

  pausePosts(teamId: string | null, untilMs: number): Promise<void> {
    if (!Number.isFinite(untilMs)) return Promise.reject(new TypeError(`integ: a pause needs the time it ends, in epoch milliseconds (got ${untilMs})`));
    return this.#run(true, async (db, t) => {
      // as pausedPace (src/store/types.ts): a longer pause replaces the bucket with one post at its end
      await db.query(
        `INSERT INTO ${t('post_pace')} (team_id, tokens, updated_ms, paused_until_ms) VALUES ($1, 1, $2, $2)
         ON CONFLICT (team_id) DO UPDATE SET
           tokens = CASE WHEN EXCLUDED.paused_until_ms > post_pace.paused_until_ms THEN 1 ELSE post_pace.tokens END,
           updated_ms = CASE WHEN EXCLUDED.paused_until_ms > post_pace.paused_until_ms THEN EXCLUDED.updated_ms ELSE post_pace.updated_ms END,
           paused_until_ms = GREATEST(post_pace.paused_until_ms, EXCLUDED.paused_until_ms)`,
        [paceKey(teamId), Math.ceil(untilMs)],
      );
    });
  }

  // ---- installations -------------------------------------------------------------------------

  storeInstallation(installation: WorkspaceInstallation): Promise<void> {
    return this.#run(true, async (db, t) => {
      const i = installation;
      await db.query(
        `INSERT INTO ${t('installations')} (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, installed_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7::json)
         ON CONFLICT (install_key) DO UPDATE SET
           team_id = EXCLUDED.team_id, enterprise_id = EXCLUDED.enterprise_id, is_enterprise_install = EXCLUDED.is_enterprise_install,
           bot_token = EXCLUDED.bot_token, installed_at = EXCLUDED.installed_at, data = EXCLUDED.data`,
        [installationKey(i), i.teamId ?? '', i.enterpriseId ?? '', i.isEnterpriseInstall, i.botToken, i.installedAt, JSON.stringify(i.data) ?? null],
      );
    });
  }

  fetchInstallation(query: InstallationQuery): Promise<WorkspaceInstallation | null> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<InstallationRow>(
        `SELECT team_id, enterprise_id, is_enterprise_install, bot_token, installed_at, data::text AS data
         FROM ${t('installations')} WHERE install_key = $1`,
        [installationKey(query)],
      );
      return rows[0] ? toInstallation(rows[0]) : null;
    });
  }

  deleteInstallation(query: InstallationQuery): Promise<boolean> {
    return this.#run(true, async (db, t) => {
      const { rows } = await db.query(`DELETE FROM ${t('installations')} WHERE install_key = $1 RETURNING install_key`, [installationKey(query)]);
      return rows.length > 0;
    });
  }

  deleteWorkspaceData(teamId: string): Promise<WorkspaceDataRemoved> {
    return this.#run(true, (_, t) =>
      // one transaction: another replica never sees the workspace half removed
      this.#db.transaction(async (tx) => {
        const count = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).rows.length;
        const { rows } = await tx.query<{ channel: string }>(
          `SELECT channel FROM ${t('subscriptions')} WHERE team_id = $1 UNION SELECT channel FROM ${t('deadlines')} WHERE team_id = $1`,
          [teamId],
        );
        const channels = rows.map((r) => r.channel);
        // its posting pace too (not counted: no one's data, only when integ may post there next)
        await tx.query(`DELETE FROM ${t('post_pace')} WHERE team_id = $1`, [teamId]);
        return {
          installations: await count(`DELETE FROM ${t('installations')} WHERE team_id = $1 RETURNING 1`, [teamId]),
          subscriptions: await count(`DELETE FROM ${t('subscriptions')} WHERE team_id = $1 OR channel = ANY($2::text[]) RETURNING 1`, [teamId, channels]),
          deadlines: await count(`DELETE FROM ${t('deadlines')} WHERE team_id = $1 OR channel = ANY($2::text[]) RETURNING 1`, [teamId, channels]),
          deliveries: await count(`DELETE FROM ${t('deliveries')} WHERE channel = ANY($1::text[]) RETURNING 1`, [channels]),
          threads: await count(`DELETE FROM ${t('threads')} WHERE split_part(key, ':', 1) = ANY($1::text[]) RETURNING 1`, [channels]),
          languages: await count(
            `DELETE FROM ${t('languages')} WHERE team_id = $1 OR (kind = 'channel' AND id = ANY($2::text[])) RETURNING 1`,
            [teamId, channels],
          ),
        };
      }),
    );
  }

  // ---- language preferences ------------------------------------------------------------------

  setLanguage(scope: LanguageScope, lang: LanguagePreference | null, at: string): Promise<void> {
    let key: LanguageScope;
    try {
      key = checkLanguageScope(scope, lang, at);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#run(true, async (db, t) => {
      const params = [key.teamId ?? '', key.kind, key.id];
      if (lang === null) {
        await db.query(`DELETE FROM ${t('languages')} WHERE team_id = $1 AND kind = $2 AND id = $3`, params);
        return;
      }
      // setting makes it the newest; only the newest MAX_LANGUAGES are kept
      await db.query(
        `INSERT INTO ${t('languages')} (team_id, kind, id, lang, set_at, seq) VALUES ($1, $2, $3, $4, $5, nextval('${t('language_seq')}'))
         ON CONFLICT (team_id, kind, id) DO UPDATE SET lang = EXCLUDED.lang, set_at = EXCLUDED.set_at, seq = EXCLUDED.seq`,
        [...params, lang, at],
      );
      await this.#prune(db, keepNewest(t('languages'), 'seq', 'seq'), [MAX_LANGUAGES]);
    });
  }

  getLanguages(query: LanguageQuery): Promise<LanguagePreferences> {
    const user = query.user || null;
    const channel = query.channel || null;
    if (user === null && channel === null) return this.#run(false, async () => ({ user: null, channel: null }));
    return this.#run(false, async (db, t) => {
      // both in one statement: one round trip per request (a NULL id matches nothing)
      const { rows } = await db.query<{ kind: string; lang: string }>(
        `SELECT kind, lang FROM ${t('languages')}
         WHERE team_id = $1 AND ((kind = 'user' AND id = $2::text) OR (kind = 'channel' AND id = $3::text))`,
        [query.teamId || '', user, channel],
      );
      const found: LanguagePreferences = { user: null, channel: null };
      for (const r of rows) if ((r.kind === 'user' || r.kind === 'channel') && isLanguagePreference(r.lang)) found[r.kind] = r.lang;
      return found;
    });
  }

  // ---- events, threads, feedback -------------------------------------------------------------

  markEventProcessed(eventId: string, at: string): Promise<boolean> {
    return this.#run(true, async (db, t) => {
      const atMs = ms(at);
      const cutoff = atMs === null ? null : atMs - EVENT_TTL_MS;
      // New id: inserted. Known id: taken over only if its record has expired (older than a day,
      // as if pruned). Concurrent callers with the same id: one insert wins, the others see its row.
      const { rows } = await db.query(
        `INSERT INTO ${t('events')} (event_id, at, at_ms) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET at = EXCLUDED.at, at_ms = EXCLUDED.at_ms
         WHERE events.at_ms < $4::bigint
         RETURNING event_id`,
        [eventId, at, atMs, cutoff],
      );
      if (cutoff !== null) {
        // SKIP LOCKED: pruners never wait for (or deadlock with) each other or a running upsert
        await this.#prune(
          db,
          `DELETE FROM ${t('events')} WHERE event_id IN (
             SELECT event_id FROM ${t('events')} WHERE at_ms < $1::bigint LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
          [cutoff],
        );
      }
      return rows.length === 1;
    });
  }

  /** In the events table, kept EVENT_TTL_MS (at least REQUEST_TTL_MS). */
  markRequestSeen(key: string, at: string): Promise<boolean> {
    return this.markEventProcessed(`request:${key}`, at);
  }

  putThreadSlots(key: string, slots: unknown): Promise<void> {
    return this.#run(true, async (db, t) => {
      const json = JSON.stringify(slots) ?? null;
      // a put makes the key the newest; only the newest MAX_THREADS are kept
      await db.query(
        `INSERT INTO ${t('threads')} (key, slots, seq) VALUES ($1, $2::json, nextval('${t('thread_seq')}'))
         ON CONFLICT (key) DO UPDATE SET slots = EXCLUDED.slots, seq = EXCLUDED.seq`,
        [key, json],
      );
      await this.#prune(db, keepNewest(t('threads'), 'key', 'seq'), [MAX_THREADS]);
    });
  }

  getThreadSlots(key: string): Promise<unknown | null> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<{ slots: string | null }>(`SELECT slots::text AS slots FROM ${t('threads')} WHERE key = $1`, [key]);
      const text = rows[0]?.slots;
      return text == null ? null : (JSON.parse(text) as unknown);
    });
  }

  recordFeedback(entry: FeedbackEntry): Promise<void> {
    return this.#run(true, async (db, t) => {
      await db.query(
        `INSERT INTO ${t('feedback')} (at, user_id, question, intent, helpful, comment, origin) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [entry.at, entry.user, entry.question, entry.intent, entry.helpful, feedbackComment(entry.comment) ?? null, entry.origin ?? null],
      );
      await this.#prune(db, keepNewest(t('feedback'), 'id', 'id'), [MAX_RECORDS]);
    });
  }

  recordUnanswered(entry: UnansweredEntry): Promise<void> {
    return this.#run(true, async (db, t) => {
      await db.query(`INSERT INTO ${t('unanswered')} (at, question, normalised, origin) VALUES ($1, $2, $3, $4)`, [
        entry.at,
        entry.question,
        entry.normalised,
        entry.origin ?? null,
      ]);
      await this.#prune(db, keepNewest(t('unanswered'), 'id', 'id'), [MAX_RECORDS]);
    });
  }

  listFeedback(): Promise<FeedbackEntry[]> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<{ at: string; user_id: string; question: string; intent: string; helpful: boolean; comment: string | null; origin: string | null }>(
        `SELECT at, user_id, question, intent, helpful, comment, origin FROM ${t('feedback')} ORDER BY id`,
      );
      return rows.map((r) => ({
        at: r.at,
        user: r.user_id,
        question: r.question,
        intent: r.intent,
        helpful: r.helpful,
        ...(r.comment ? { comment: r.comment } : {}),
        ...(isOrigin(r.origin) ? { origin: r.origin } : {}),
      }));
    });
  }

  listUnanswered(): Promise<UnansweredEntry[]> {
    return this.#run(false, async (db, t) => {
      const { rows } = await db.query<{ at: string; question: string; normalised: string; origin: string | null }>(
        `SELECT at, question, normalised, origin FROM ${t('unanswered')} ORDER BY id`,
      );
      return rows.map((r) => ({ at: r.at, question: r.question, normalised: r.normalised, ...(isOrigin(r.origin) ? { origin: r.origin } : {}) }));
    });
  }

  /** Waits for running calls, then closes the connections. Later calls reject with StoreClosedError. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#running]);
    await this.#db.end();
  }
}

/** Deletes all but the newest $1 rows (by `order`) of a table, skipping rows other writers hold. */
const keepNewest = (table: string, key: string, order: string): string =>
  `DELETE FROM ${table} WHERE ${key} IN (
     SELECT ${key} FROM ${table}
     WHERE ${order} <= (SELECT ${order} FROM ${table} ORDER BY ${order} DESC OFFSET $1::int LIMIT 1)
     FOR UPDATE SKIP LOCKED)`;

/** Migrates (or, read-only, checks) the schema and returns the store; on failure ends the driver. */
export async function openSqlStore(db: SqlDriver, opts: SqlStoreOptions = {}): Promise<SqlStore> {
  const store = new SqlStore(db, opts);
  try {
    const t = names(opts.schema);
    if (opts.readOnly) await checkSchema(db, t);
    else await migrate(db, t);
  } catch (err) {
    await db.end().catch(() => undefined);
    throw err;
  }
  return store;
}

// ---- PostgreSQL server -------------------------------------------------------------------------

export interface PostgresStoreOptions {
  /** Tables live in this schema (created if needed); default: the connection's search_path (usually public). */
  schema?: string;
  /** Every mutation rejects; the schema must exist already. */
  readOnly?: boolean;
  /** Pool size (default 10). */
  max?: number;
  /** Give up connecting after this long (default 10 s). */
  connectionTimeoutMillis?: number;
  /**
   * Called when an idle pooled connection fails (server restart, network drop); the pool replaces
   * it on next use. Default: one line on stderr. (Without a handler pg would crash the process.)
   */
  onIdleError?: (err: Error) => void;
}

/** Thrown when the store cannot be opened: bad URL, server unreachable, authentication, migration. */
export class PostgresOpenError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PostgresOpenError';
  }
}

/** A URL for messages and logs: scheme, user, host, port and database; never the password or query. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    const host = u.hostname || new URLSearchParams(u.search).get('host') || 'localhost';
    return `${u.protocol}//${user}${host}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(an unparseable URL)';
  }
}

function explainConnectError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string } | null;
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused: is PostgreSQL running and listening there?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${e.code})`;
    case '28P01':
      return 'password authentication failed';
    case '28000':
      return `not allowed to connect: ${e.message}`;
    case '3D000':
      return `${e.message} (create it first, e.g. createdb)`;
    case '42501':
      return `permission denied: ${e.message} (the user needs CREATE on the database or schema to set up the tables)`;
  }
  if (/timeout/i.test(e?.message ?? '')) return `no answer within ${timeoutMs / 1000} s`;
  return (e?.message ?? String(err)).replace(/^integ: /, '');
}

/**
 * Opens the Store on a PostgreSQL server (postgres:// or postgresql:// URL), creating or
 * upgrading the tables first. Rejects with PostgresOpenError naming the server (without the
 * password) when the URL is bad or the server cannot be reached.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<SqlStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PostgresOpenError('integ: the PostgreSQL URL is not a valid URL (expected postgres://user:password@host:5432/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PostgresOpenError(`integ: a PostgreSQL URL starts with postgres:// or postgresql:// (got ${parsed.protocol}//…)`);
  }
  const where = describeDatabaseUrl(url);
  const timeout = opts.connectionTimeoutMillis ?? 10_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: timeout,
    application_name: 'integ',
  });
  const onIdleError =
    opts.onIdleError ?? ((err: Error) => process.stderr.write(`integ: PostgreSQL connection to ${where} lost (${err.message}); reconnecting on next use\n`));
  pool.on('error', onIdleError);
  try {
    return await openSqlStore(poolDriver(pool), { schema: opts.schema, readOnly: opts.readOnly, label: `PostgreSQL ${where}` });
  } catch (err) {
    throw new PostgresOpenError(`integ: cannot open the PostgreSQL store at ${where}: ${explainConnectError(err, timeout)}`, err);
  }
}
