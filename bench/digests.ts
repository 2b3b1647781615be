/**
 * Ten thousand channels (issue 20, item 4): the Monday digest of 10,000 channels in 20 workspaces,
 * posted by 3 replicas of `integ serve` (dist/) on one PostgreSQL database, against a Slack stand-in
 * that answers in 100 ms and holds posts to Slack's limits (bench/slack-limits.ts: about one a
 * second per channel, a budget per minute per workspace, 429 + Retry-After beyond them).
 *
 *   npm run bench -- --digests [--quick] [--json] [--save=FILE]
 *
 * Set-up: a database created for the run (BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, a role that may create databases; dropped after),
 * OAuth installations for the workspaces (bot tokens xoxb-<TEAM>-…) and the subscriptions (Monday
 * 09:00, Asia/Ho_Chi_Minh; a team deadline in every 50th channel) written through the Store,
 * workspace after workspace, as rollouts subscribe a workspace's channels together (the order in
 * which the store lists them must not decide which workspace waits). The
 * workspace budget is 600 posts a minute, except in `limitedWorkspaces` workspaces where other apps
 * use part of it (`limitedPerMinute` left): integ cannot know that and learns it from 429s.
 * The replicas run as in production (OAuth mode, the default check interval of a minute and the
 * default pace) with INTEG_TEST_CLOCK=offset:…, a real-speed clock that reaches the slot `leadMs`
 * after they are spawned, so they check at the slot together.
 *
 * Measured, from the stand-in's record of every post: delivered (one accepted post per channel and
 * week), duplicates and lost (must be 0), time from the slot to the last delivery (≤ 5 min), posts
 * a second, 429s answered and early retries (a message posted again before its Retry-After: must
 * be 0), posts that reached a workspace during a Retry-After it had been given, and per workspace
 * its deliveries, first and last (s after the slot) and rate, with Jain's fairness index over the
 * workspaces with the full budget; per replica its deliveries (its log's run summaries) and CPU.
 * The ledger is read at the end (every row delivered).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describeDatabaseUrl, openPostgresStore } from '../src/store/postgres.js';
import type { Subscription } from '../src/store/types.js';
import { defaultPgUrl, pgUnavailable } from './replicas.js';
import { freePort, integUnavailable, startServer, type RunningServer } from './servers.js';
import { startLimitedSlack, type PostRecord } from './slack-limits.js';
import { fmtMs, median, round, table, target, verdict, type Target } from './stats.js';

export interface DigestsOptions {
  channels: number;
  workspaces: number;
  replicas: number;
  /** Workspaces whose remaining budget is limitedPerMinute (other apps post there too). */
  limitedWorkspaces: number;
  limitedPerMinute: number;
  /** The stand-in's budget in the other workspaces (posts a minute). */
  perMinute: number;
  latencyMs: number;
  /** Spawn → slot (ms): the replicas must be up before it. */
  leadMs: number;
  /** Every digest within this of the slot (ms). */
  budgetMs: number;
  /** Admin URL of the PostgreSQL server (default BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres). */
  pgUrl?: string;
  logLevel?: string;
}

export const DIGESTS_FULL: DigestsOptions = { channels: 10_000, workspaces: 20, replicas: 3, limitedWorkspaces: 2, limitedPerMinute: 300, perMinute: 600, latencyMs: 100, leadMs: 20_000, budgetMs: 300_000 };
export const DIGESTS_QUICK: DigestsOptions = { channels: 1_000, workspaces: 5, replicas: 3, limitedWorkspaces: 1, limitedPerMinute: 360, perMinute: 600, latencyMs: 100, leadMs: 12_000, budgetMs: 300_000 };

export interface WorkspaceFigures {
  team: string;
  budgetPerMinute: number;
  channels: number;
  delivered: number;
  /** Seconds after the slot. */
  firstS: number;
  lastS: number;
  /** Deliveries a second between its first and last. */
  rate: number;
  rateLimited: number;
}

export interface DigestsResult {
  skipped: string | null;
  settings: DigestsOptions & { database: string; slot: string; pace: string };
  expected: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** Slot → first and last accepted post (ms). */
  slotToFirstMs: number;
  slotToLastMs: number;
  postsPerSecond: number;
  posts: { accepted: number; refused: number };
  rateLimited: {
    responses: number;
    byLimit: Record<string, number>;
    earlyRetries: number;
    duringPause: number;
    /** How long after the 429 they arrived (ms): the most recent 429 answered there. */
    duringPauseLagMs: { p50: number; max: number };
  };
  fairness: { jain: number; rateMin: number; rateMax: number; lastMinS: number; lastMaxS: number };
  workspaces: WorkspaceFigures[];
  replicas: { delivered: number | null; cpuMs: number; rss: number }[];
  ledger: Record<string, number>;
  webApiCalls: Record<string, number>;
  elapsedMs: number;
  targets: Target[];
}

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = 'bench-client-secret-0123456789';
const STATE_SECRET = 'bench-state-secret-0123456789abcdef';
const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const TZ = 'Asia/Ho_Chi_Minh';
/** Monday 2030-01-07 09:00 in Ho Chi Minh City. */
const SLOT = Date.parse('2030-01-07T02:00:00.000Z');
const WEEK = '2030-W02';

const teamId = (i: number) => `T${String(i + 1).padStart(3, '0')}`;
const channelId = (i: number) => `C${String(i + 1).padStart(6, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jain's fairness index of positive rates: 1 when equal, 1/n when one has everything. */
export function jain(xs: readonly number[]): number {
  const s = xs.reduce((a, b) => a + b, 0);
  const q = xs.reduce((a, b) => a + b * b, 0);
  return xs.length && q > 0 ? (s * s) / (xs.length * q) : NaN;
}

/** Runs the benchmark: DIGESTS_FULL, or DIGESTS_QUICK with quick, with any setting overridden. */
export async function benchDigests(given: Partial<DigestsOptions> & { quick?: boolean } = {}, log: (line: string) => void = () => undefined): Promise<DigestsResult> {
  const { quick, ...over } = given;
  const opts: DigestsOptions = { ...(quick ? DIGESTS_QUICK : DIGESTS_FULL), ...over };
  const t0 = Date.now();
  const adminUrl = opts.pgUrl ?? defaultPgUrl();
  const skipped = integUnavailable() ?? (await pgUnavailable(adminUrl));
  const empty = (reason: string): DigestsResult => ({
    skipped: reason,
    settings: { ...opts, database: describeDatabaseUrl(adminUrl), slot: new Date(SLOT).toISOString(), pace: 'integ default' },
    expected: opts.channels,
    delivered: 0,
    duplicates: 0,
    lost: 0,
    slotToFirstMs: NaN,
    slotToLastMs: NaN,
    postsPerSecond: NaN,
    posts: { accepted: 0, refused: 0 },
    rateLimited: { responses: 0, byLimit: {}, earlyRetries: 0, duringPause: 0, duringPauseLagMs: { p50: NaN, max: NaN } },
    fairness: { jain: NaN, rateMin: NaN, rateMax: NaN, lastMinS: NaN, lastMaxS: NaN },
    workspaces: [],
    replicas: [],
    ledger: {},
    webApiCalls: {},
    elapsedMs: Date.now() - t0,
    targets: [],
  });
  if (skipped) return empty(skipped);

  const teams = Array.from({ length: opts.workspaces }, (_, i) => teamId(i));
  const teamOfChannel = (i: number) => teams[Math.floor((i * teams.length) / opts.channels)];
  const budgetOf = (team: string) => (teams.indexOf(team) < opts.limitedWorkspaces ? opts.limitedPerMinute : opts.perMinute);
  const dbName = `integ_digests_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'integ-bench-digests-'));
  const api = await startLimitedSlack({ latencyMs: opts.latencyMs, workspacePerMinute: budgetOf });
  const servers: RunningServer[] = [];
  try {
    // the installations and subscriptions, through the Store (as `/integ digest on` would write them)
    log(`  seeding ${opts.channels} subscriptions in ${opts.workspaces} workspaces…`);
    const store = await openPostgresStore(dbUrl, { max: 8 });
    try {
      for (const team of teams) {
        const botToken = `xoxb-${team}-bench-not-a-real-token`;
        await store.storeInstallation({
          teamId: team,
          enterpriseId: null,
          isEnterpriseInstall: false,
          botToken,
          installedAt: '2030-01-01T00:00:00.000Z',
          data: { team: { id: team, name: `Team ${team}` }, bot: { token: botToken, userId: `UBOT${team}`, scopes: ['commands', 'chat:write'] }, authVersion: 'v2' },
        });
      }
      const subs: Subscription[] = Array.from({ length: opts.channels }, (_, i) => ({
        teamId: teamOfChannel(i),
        channel: channelId(i),
        weekday: 1,
        time: '09:00',
        tz: TZ,
        createdBy: 'UBENCH',
        createdAt: '2030-01-01T00:00:00.000Z',
      }));
      for (let i = 0; i < subs.length; i += 200) await Promise.all(subs.slice(i, i + 200).map((s) => store.putSubscription(s)));
      for (let i = 0; i < subs.length; i += 50) {
        await store.addDeadline({ teamId: subs[i].teamId!, channel: subs[i].channel, title: `Quarterly report ${i / 50 + 1}`, due: '2030-01-20', createdBy: 'UBENCH', createdAt: '2030-01-02T00:00:00.000Z' });
      }
    } finally {
      await store.close();
    }

    // the replicas: the slot comes leadMs after they are spawned
    const slotAtReal = Date.now() + opts.leadMs;
    const env = {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      DATABASE_URL: dbUrl,
      INTEG_DATA_DIR: join(dataDir, 'unused'),
      LOG_LEVEL: opts.logLevel ?? 'info',
      INTEG_TEST_CLOCK: `offset:${SLOT - slotAtReal}`,
    };
    log(`  starting ${opts.replicas} replicas of integ serve on ${describeDatabaseUrl(dbUrl)}; the slot (${new Date(SLOT).toISOString()}) in ${(opts.leadMs / 1000).toFixed(0)} s…`);
    servers.push(...(await Promise.all(Array.from({ length: opts.replicas }, async () => startServer({ kind: 'integ', env, port: await freePort(), timeoutMs: opts.leadMs })))));
    const readyBefore = slotAtReal - Date.now();
    if (readyBefore < 0) throw new Error(`the replicas were not up before the slot (${-readyBefore} ms late): raise leadMs`);
    log(`  replicas up (${servers.map((s) => `${(s.startupMs / 1000).toFixed(1)} s`).join(', ')}), ${(readyBefore / 1000).toFixed(1)} s before the slot`);
    const cpuAtSlot: number[] = [];
    await sleep(Math.max(0, slotAtReal - Date.now() - 200));
    for (const s of servers) cpuAtSlot.push(s.cpuMs());

    // until every channel has its digest, or the budget (and a minute) has passed
    const accepted = () => api.posts.filter((p) => p.ok).length;
    const deadline = slotAtReal + opts.budgetMs + 60_000;
    let lastLog = Date.now();
    while (Date.now() < deadline && new Set(api.posts.filter((p) => p.ok).map((p) => p.channel)).size < opts.channels) {
      await sleep(250);
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        log(`  ${((Date.now() - slotAtReal) / 1000).toFixed(0)} s after the slot: ${accepted()} delivered, ${api.posts.length - accepted()} refused (429)`);
      }
    }
    // a little longer: a duplicate would show now
    await sleep(3_000);
    const cpuMs = servers.map((s, i) => s.cpuMs() - cpuAtSlot[i]);
    const rss = servers.map((s) => s.rss());
    await Promise.all(servers.map((s) => s.stop()));
    const delivered = servers.map((s) => {
      const lines = s
        .output()
        .split('\n')
        .filter((l) => l.includes('"digest: run finished"'));
      return lines.length ? lines.reduce((n, l) => n + (JSON.parse(l) as { delivered: number }).delivered, 0) : null;
    });

    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const ledgerRows = (await check.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM deliveries GROUP BY status')).rows;
    await check.end();

    return figures(opts, {
      posts: api.posts,
      earlyRetries: api.earlyRetries.length,
      duringPause: api.duringPauseLagMs,
      slotAtReal,
      teams,
      channelsOf: (team: string) => Array.from({ length: opts.channels }, (_, i) => teamOfChannel(i)).filter((t) => t === team).length,
      budgetOf,
      replicas: servers.map((_, i) => ({ delivered: delivered[i], cpuMs: round(cpuMs[i], 0), rss: rss[i] })),
      ledger: Object.fromEntries(ledgerRows.map((r) => [r.status, Number(r.n)])),
      webApiCalls: Object.fromEntries(api.calls),
      database: describeDatabaseUrl(dbUrl),
      elapsedMs: Date.now() - t0,
    });
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** The figures and verdicts from the stand-in's record. */
function figures(
  opts: DigestsOptions,
  r: {
    posts: PostRecord[];
    earlyRetries: number;
    duringPause: number[];
    slotAtReal: number;
    teams: string[];
    channelsOf: (team: string) => number;
    budgetOf: (team: string) => number;
    replicas: DigestsResult['replicas'];
    ledger: Record<string, number>;
    webApiCalls: Record<string, number>;
    database: string;
    elapsedMs: number;
  },
): DigestsResult {
  const ok = r.posts.filter((p) => p.ok && p.week === WEEK);
  const firstOf = new Map<string, PostRecord>();
  for (const p of ok) if (!firstOf.has(p.channel)) firstOf.set(p.channel, p);
  const delivered = firstOf.size;
  const duplicates = ok.length - delivered;
  const times = ok.map((p) => p.at - r.slotAtReal);
  const first = times.length ? Math.min(...times) : NaN;
  // not all delivered: the last delivery is not yet (the target fails)
  const last = times.length && delivered === opts.channels ? Math.max(...times) : NaN;
  const refused = r.posts.filter((p) => !p.ok);
  const byLimit: Record<string, number> = {};
  for (const p of refused) byLimit[p.limit ?? '?'] = (byLimit[p.limit ?? '?'] ?? 0) + 1;

  const workspaces: WorkspaceFigures[] = r.teams.map((team) => {
    const mine = ok.filter((p) => p.team === team).map((p) => (p.at - r.slotAtReal) / 1000);
    const firstS = mine.length ? Math.min(...mine) : NaN;
    const lastS = mine.length ? Math.max(...mine) : NaN;
    return {
      team,
      budgetPerMinute: r.budgetOf(team),
      channels: r.channelsOf(team),
      delivered: new Set(ok.filter((p) => p.team === team).map((p) => p.channel)).size,
      firstS: round(firstS, 2),
      lastS: round(lastS, 2),
      rate: round(mine.length > 1 ? (mine.length - 1) / (lastS - firstS) : 0, 2),
      rateLimited: refused.filter((p) => p.team === team).length,
    };
  });
  // a workspace with nothing delivered counts as rate 0 and never done (NaN)
  const full = workspaces.filter((w) => w.budgetPerMinute === opts.perMinute);
  const done = full.map((w) => w.lastS);
  const fairness = {
    jain: round(jain(full.map((w) => w.rate)), 4),
    rateMin: Math.min(...full.map((w) => w.rate)),
    rateMax: Math.max(...full.map((w) => w.rate)),
    lastMinS: done.some(Number.isNaN) ? NaN : Math.min(...done),
    lastMaxS: done.some(Number.isNaN) ? NaN : Math.max(...done),
  };
  const lost = opts.channels - delivered;
  const postsPerSecond = round(ok.length > 1 ? ((ok.length - 1) * 1000) / (Math.max(...times) - first) : NaN, 1);
  const targets = [
    target('digests delivered exactly once: duplicates', duplicates, '<=', 0, 'posts'),
    target('digests lost', lost, '<=', 0, 'channels'),
    { ...target('slot → last digest delivered', last, '<=', opts.budgetMs, 'ms'), ...(Number.isNaN(last) ? { pass: false } : {}) },
    target('posts again before Retry-After', r.earlyRetries, '<=', 0, 'posts'),
  ];
  return {
    skipped: null,
    settings: { ...opts, database: r.database, slot: new Date(SLOT).toISOString(), pace: 'integ default (src/digest/queue.ts DEFAULT_PACE)' },
    expected: opts.channels,
    delivered,
    duplicates,
    lost,
    slotToFirstMs: round(first, 0),
    slotToLastMs: round(last, 0),
    postsPerSecond,
    posts: { accepted: ok.length, refused: refused.length },
    rateLimited: {
      responses: refused.length,
      byLimit,
      earlyRetries: r.earlyRetries,
      duringPause: r.duringPause.length,
      duringPauseLagMs: { p50: round(median(r.duringPause), 1), max: round(Math.max(...r.duringPause), 1) },
    },
    fairness,
    workspaces,
    replicas: r.replicas,
    ledger: r.ledger,
    webApiCalls: r.webApiCalls,
    elapsedMs: r.elapsedMs,
    targets,
  };
}

const fmtCount = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : 'n/a');
const fmtS = (s: number) => (Number.isFinite(s) ? s.toFixed(1) : '—');

/** The human summary. */
export function formatDigests(r: DigestsResult): string {
  const s = r.settings;
  if (r.skipped) return `Digest benchmark skipped: ${r.skipped}`;
  const out: string[] = [];
  out.push(
    `Digests: ${fmtCount(s.channels)} channels in ${s.workspaces} workspaces, ${s.replicas} × integ serve on ${s.database}; Slack stand-in: ${s.latencyMs} ms an answer, ` +
      `1 post/s a channel, ${s.perMinute} posts/min a workspace (${s.limitedWorkspaces} with ${s.limitedPerMinute} left), 429 + Retry-After beyond; integ's pace: ${s.pace}. ${(r.elapsedMs / 1000).toFixed(0)} s in all.`,
  );
  out.push(
    `delivered ${fmtCount(r.delivered)}/${fmtCount(r.expected)}, duplicates ${r.duplicates}, lost ${r.lost}${r.lost ? ` (not posted within ${fmtMs(r.settings.budgetMs + 60_000)} of the slot)` : ''}; ` +
      `slot → first ${fmtMs(r.slotToFirstMs)}, → last ${r.lost ? 'never' : fmtMs(r.slotToLastMs)}; ${r.postsPerSecond} posts/s`,
  );
  out.push(
    `429s answered: ${r.rateLimited.responses} (${Object.entries(r.rateLimited.byLimit).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); posted again before Retry-After: ${r.rateLimited.earlyRetries}; ` +
      `posts reaching a workspace during a Retry-After it had been given: ${r.rateLimited.duringPause}` +
      (r.rateLimited.duringPause ? ` (arriving a median ${fmtMs(r.rateLimited.duringPauseLagMs.p50)} after that 429 was answered, at most ${fmtMs(r.rateLimited.duringPauseLagMs.max)})` : ''),
  );
  out.push(
    `fairness over the workspaces with the full budget: Jain ${r.fairness.jain}, rate ${r.fairness.rateMin}–${r.fairness.rateMax} posts/s, done ${r.fairness.lastMinS}–${r.fairness.lastMaxS} s after the slot`,
  );
  out.push(
    table([
      ['workspace', 'budget/min', 'channels', 'delivered', 'first (s)', 'last (s)', 'posts/s', '429s'],
      ...r.workspaces.map((w) => [w.team, String(w.budgetPerMinute), String(w.channels), String(w.delivered), fmtS(w.firstS), fmtS(w.lastS), w.rate.toFixed(2), String(w.rateLimited)]),
    ]),
  );
  out.push(`replicas: ${r.replicas.map((x, i) => `#${i + 1} delivered ${x.delivered ?? '?'}, CPU ${fmtMs(x.cpuMs)}, RSS ${(x.rss / 1024 / 1024).toFixed(0)} MB`).join('; ')}`);
  out.push(`ledger at the end: ${Object.entries(r.ledger).map(([k, v]) => `${k} ${v}`).join(', ')}; Web API calls: ${Object.entries(r.webApiCalls).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(table([['', 'target', 'measured', 'limit'], ...r.targets.map((t) => [verdict(t), t.name, t.unit === 'ms' ? fmtMs(t.measured) : String(t.measured), `${t.op} ${t.unit === 'ms' ? fmtMs(t.limit) : t.limit}`])], 2));
  return out.join('\n');
}
