/**
 * Replicas on PostgreSQL vs one process on lowdb: requests/s and latency of the same signed
 * `/integ` slash-command load (the HTTP benchmark's) against
 *   lowdb:    one `integ serve` (dist/) with the lowdb store, and
 *   postgres: two `integ serve` replicas on one PostgreSQL database, the load sent round-robin to
 *             both (as a load balancer would),
 * in interleaved rounds at each concurrency. Every command is answered in its acknowledgement and
 * each unanswered question is recorded in the store (lowdb: one fsync'd rewrite; PostgreSQL: one
 * INSERT), so both the app and the store are on the path.
 *
 * Needs a PostgreSQL server: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres, a
 * role that may create databases); a database is created for the run and dropped after it.
 * Skipped, with the reason, when none answers there. Everything runs on this machine: with few CPUs
 * the replicas, the database and the load generator share them, so two replicas cannot double the
 * throughput; the figure shows what the shared store costs per request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describeDatabaseUrl } from '../src/store/postgres.js';
import { commandBody, signatureHeaders } from '../tests/helpers/sign.js';
import { startSlackStandIn } from '../tests/helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET, sampledAck } from './http.js';
import { runLoad, type LoadResult } from './load.js';
import { freePort, startServer, type RunningServer } from './servers.js';
import { median, roundSummary, summarise, type Summary } from './stats.js';

export interface ReplicasOptions {
  questions: readonly string[];
  rounds: number;
  concurrencies: readonly number[];
  /** Requests per run (upper bound; maxMsPerRun also bounds each run). */
  requests: number;
  maxMsPerRun: number;
  /** Requests per setup before measuring. */
  warmup: number;
  logLevel?: string;
  /** Admin URL of the PostgreSQL server (default BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres). */
  pgUrl?: string;
}

export interface SetupStats {
  servers: number;
  store: string;
  /** Keyed by concurrency. */
  runs: Record<string, { rps: number; rpsPerRound: number[]; latency: Summary; ok: number; errors: number }>;
  /** Resident set size of each server after the load (bytes). */
  rss: number[];
}

export interface ReplicasResult {
  lowdb: SetupStats;
  postgres: SetupStats;
  /** postgres ÷ lowdb per concurrency (req/s and p50), over all rounds. */
  ratios: Record<string, { rps: number; p50: number }>;
  /** Rows the replicas wrote (unanswered questions), to show both shared one database. */
  rowsWritten: number;
  settings: { rounds: number; concurrencies: readonly number[]; requests: number; maxMsPerRun: number; warmup: number; logLevel: string; database: string };
}


/** Why the replicas benchmark cannot run (no server answers), or null. */
export async function pgUnavailable(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return `no PostgreSQL server usable at ${describeDatabaseUrl(url)} (${(err as { code?: string }).code ?? (err as Error).message}); set BENCH_PG_URL`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const defaultPgUrl = (): string => process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export async function benchReplicas(opts: ReplicasOptions, log: (line: string) => void = () => undefined): Promise<ReplicasResult> {
  const adminUrl = opts.pgUrl ?? defaultPgUrl();
  const logLevel = opts.logLevel ?? 'info';
  const dbName = `integ_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();

  const api = await startSlackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'integ-bench-replicas-'));
  const base = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, LOG_LEVEL: logLevel };
  // each request its own trigger_id, as Slack sends them: integ acknowledges a request whose
  // signature it has seen before (the same body in the same second) without handling it
  const bodies = opts.questions.map((text) => commandBody({ text, team_id: 'TBENCH', channel_id: 'CBENCH', user_id: 'UBENCH', trigger_id: 'TRIGGER' }));
  let sent = 0;
  const prepare = (i: number) => {
    const body = bodies[i % bodies.length].replace('TRIGGER', `bench.${++sent}`);
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(SIGNING_SECRET, body) } };
  };
  const setups = {
    lowdb: [] as RunningServer[],
    postgres: [] as RunningServer[],
  };
  try {
    setups.lowdb.push(await startServer({ kind: 'integ', env: { ...base, INTEG_DATA_DIR: join(dataDir, 'lowdb') }, port: await freePort() }));
    // the replicas start together, as in a rollout (the migration lock serialises their set-up)
    setups.postgres.push(
      ...(await Promise.all([0, 1].map(async () => startServer({ kind: 'integ', env: { ...base, DATABASE_URL: dbUrl, INTEG_DATA_DIR: join(dataDir, 'unused') }, port: await freePort() })))),
    );
    log(`  lowdb: 1 server (port ${setups.lowdb[0].port}); postgres: 2 replicas (ports ${setups.postgres.map((s) => s.port).join(', ')}) on ${describeDatabaseUrl(dbUrl)}`);

    const load = (name: keyof typeof setups, concurrency: number, requests: number): Promise<LoadResult> => {
      const ports = setups[name].map((s) => s.port);
      return runLoad({ port: ports[0], ports, path: '/slack/events', concurrency, requests, maxMs: opts.maxMsPerRun, prepare, check: sampledAck() });
    };
    for (const name of ['lowdb', 'postgres'] as const) {
      const w = await load(name, 8, opts.warmup);
      if (w.errors) log(`  ${name}: warm-up had ${w.errors} failed requests (${JSON.stringify(w.statuses)})\n${setups[name][0].output().slice(-1500)}`);
    }

    const results: Record<'lowdb' | 'postgres', Record<number, LoadResult[]>> = { lowdb: {}, postgres: {} };
    for (let r = 0; r < opts.rounds; r++) {
      const order = r % 2 ? (['postgres', 'lowdb'] as const) : (['lowdb', 'postgres'] as const);
      for (const name of order) {
        for (const c of opts.concurrencies) {
          const res = await load(name, c, opts.requests);
          (results[name][c] ??= []).push(res);
          log(`  round ${r + 1} ${name.padEnd(8)} c=${c}: ${res.ok} ok, ${res.errors} errors, ${res.rps.toFixed(0)} req/s, p50 ${median(res.latencies).toFixed(2)} ms`);
        }
      }
    }
    const rss = { lowdb: setups.lowdb.map((s) => s.rss()), postgres: setups.postgres.map((s) => s.rss()) };
    const stats = (name: 'lowdb' | 'postgres'): SetupStats => ({
      servers: setups[name].length,
      store: name === 'lowdb' ? 'lowdb (JSON file, fsync per write)' : `PostgreSQL ${describeDatabaseUrl(dbUrl)}`,
      rss: rss[name],
      runs: Object.fromEntries(
        opts.concurrencies.map((c) => {
          const list = results[name][c] ?? [];
          const ok = list.reduce((a, x) => a + x.ok, 0);
          const elapsed = list.reduce((a, x) => a + x.elapsedMs, 0);
          return [
            String(c),
            {
              rps: Math.round((ok / elapsed) * 1000 * 10) / 10,
              rpsPerRound: list.map((x) => Math.round(x.rps)),
              latency: roundSummary(summarise(list.flatMap((x) => x.latencies)), 3),
              ok,
              errors: list.reduce((a, x) => a + x.errors, 0),
            },
          ];
        }),
      ),
    });
    const lowdb = stats('lowdb');
    const postgres = stats('postgres');
    for (const s of [...setups.lowdb, ...setups.postgres]) await s.stop();
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const rowsWritten = Number((await check.query<{ n: number }>('SELECT count(*)::int AS n FROM unanswered')).rows[0].n);
    await check.end();
    return {
      lowdb,
      postgres,
      ratios: Object.fromEntries(
        opts.concurrencies.map((c) => [String(c), { rps: postgres.runs[String(c)].rps / lowdb.runs[String(c)].rps, p50: postgres.runs[String(c)].latency.p50 / lowdb.runs[String(c)].latency.p50 }]),
      ),
      rowsWritten,
      settings: { rounds: opts.rounds, concurrencies: opts.concurrencies, requests: opts.requests, maxMsPerRun: opts.maxMsPerRun, warmup: opts.warmup, logLevel, database: describeDatabaseUrl(dbUrl) },
    };
  } finally {
    for (const s of [...setups.lowdb, ...setups.postgres]) await s.stop().catch(() => undefined);
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
