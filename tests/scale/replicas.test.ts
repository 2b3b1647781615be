/**
 * Several `integ serve` replicas (child processes, `node --import tsx src/cli.ts serve`) on one
 * PostgreSQL database (created for this file, dropped after), against the Web API stand-in.
 * Their digest clock is INTEG_TEST_CLOCK=file:… (one file for all, so moving it fires the slot in
 * every replica at once) and they check every 50 ms. Skipped only when no server answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run as serve } from '../../src/cli/serve.js';
import { weekKeyAt } from '../../src/digest/schedule.js';
import { DIGEST_EVENT_TYPE } from '../../src/slack/digest.js';
import { ROOT } from '../../src/paths.js';
import { openStore } from '../../src/store/open.js';
import type { Subscription } from '../../src/store/types.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startSlackStandIn, type ApiCall, type SlackStandIn } from '../helpers/slack-api.js';
import { commandBody, eventBody, postSigned, signatureHeaders } from '../helpers/sign.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { probeServer, tempDatabase } from '../helpers/pg.js';

const server = await probeServer();
if (!server.ok) console.warn(`tests/scale/replicas.test.ts: skipping: ${server.reason}`);

const DAY = 86_400_000;
/** Monday 2030-01-07 09:00 UTC: the first slot; week i's slot is i weeks later. */
const FIRST_SLOT = Date.parse('2030-01-07T09:00:00Z');
const slotOf = (i: number) => FIRST_SLOT + i * 7 * DAY;

const sub = (channel: string): Subscription => ({
  teamId: null,
  channel,
  weekday: 1,
  time: '09:00',
  tz: 'UTC',
  createdBy: 'U1',
  // after the slot of the week before FIRST_SLOT's: nothing is due until FIRST_SLOT
  createdAt: '2030-01-06T00:00:00.000Z',
});

/** The clock file every replica (and the stand-in's message ts) reads. */
class Clock {
  readonly file: string;
  constructor(dir: string, at: number) {
    this.file = join(dir, 'clock');
    this.set(at);
  }
  /** Replaced atomically: a replica never reads half a date. */
  set(at: number): void {
    writeFileSync(`${this.file}.tmp`, new Date(at).toISOString());
    renameSync(`${this.file}.tmp`, this.file);
  }
  now = (): number => Date.parse(readFileSync(this.file, 'utf8'));
}

interface Replica {
  child: ChildProcess;
  port: number;
  out(): string;
  /** SIGTERM and the exit code. */
  stop(): Promise<number | null>;
}

const running: Replica[] = [];

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on port (\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`integ serve exited with ${code} before listening:\n${out}`));
    });
  });
  const r: Replica = {
    child,
    port,
    out: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  running.push(r);
  return r;
}

/** The JSON log lines of a replica with this msg. */
const lines = (r: Replica, msg: string): Record<string, any>[] =>
  r
    .out()
    .split('\n')
    .filter((l) => l.includes(msg))
    .map((l) => JSON.parse(l) as Record<string, any>);

const digestPosts = (api: SlackStandIn): ApiCall[] => api.callsOf('chat.postMessage').filter((c) => c.args.metadata?.event_type === DIGEST_EVENT_TYPE);

describe.skipIf(!server.ok)('replicas on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof tempDatabase>>;
  let dir: string;
  let api: SlackStandIn | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integ-replicas-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await api?.close();
    api = null;
    await db?.drop();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const envFor = (clock: Clock): Record<string, string> => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api!.apiUrl,
    PORT: '0',
    DATABASE_URL: db.url,
    INTEG_DATA_DIR: join(dir, 'unused'),
    LOG_LEVEL: 'info',
    INTEG_TEST_CLOCK: `file:${clock.file}`,
    INTEG_DIGEST_INTERVAL_MS: '50',
  });

  it('posts exactly one digest per channel per week when 3 replicas fire every slot at once, 10 weeks over; answers an event retried to each replica once', async () => {
    db = await tempDatabase('replicas');
    const channels = ['CA', 'CB', 'CC'];
    const seed = await openStore({ DATABASE_URL: db.url });
    for (const c of channels) await seed.putSubscription(sub(c));
    await seed.close();
    const clock = new Clock(mkdtempSync(join(dir, 'w')), FIRST_SLOT - DAY);
    api = await startSlackStandIn({ now: clock.now });
    const replicas = await Promise.all([0, 1, 2].map(() => startReplica(envFor(clock))));

    const t0 = Date.now();
    for (let i = 0; i < 10; i++) {
      const week = weekKeyAt(new Date(slotOf(i)), 'UTC');
      clock.set(slotOf(i) + 60_000); // the slot has just passed, for all three at once
      await api.waitFor(() => digestPosts(api!).filter((c) => c.args.metadata.event_payload.week === week).length >= channels.length, 10_000);
      // every replica checks several more times within this week: none may post again
      await new Promise((r) => setTimeout(r, 250));
    }

    const posts = digestPosts(api);
    const perKey = new Map<string, number>();
    for (const p of posts) {
      const { channel, week } = p.args.metadata.event_payload as { channel: string; week: string };
      expect(p.args.channel).toBe(channel);
      perKey.set(`${channel} ${week}`, (perKey.get(`${channel} ${week}`) ?? 0) + 1);
    }
    expect(posts.length).toBe(30);
    expect(perKey.size).toBe(30);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(api.callsOf('chat.postMessage').length).toBe(30);

    // the ledger agrees: 30 deliveries, each with the ts Slack gave its one post
    const ledger = await db.query<{ channel: string; week: string; status: string; ts: string; attempts: number }>(
      'SELECT channel, week, status, ts, attempts FROM deliveries ORDER BY week, channel',
    );
    expect(ledger.length).toBe(30);
    const tsOf = new Map(posts.map((p) => [`${p.args.channel} ${p.args.metadata.event_payload.week}`, p.ts]));
    for (const e of ledger) {
      expect(e).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(e.ts).toBe(tsOf.get(`${e.channel} ${e.week}`));
    }

    // which replica delivered what: the run summaries add up to the 30 posts
    // (their log lines reach us through pipes, after the posts: wait until all 30 are told)
    const summariesNow = () => replicas.map((r) => lines(r, '"digest: run finished"'));
    await expect.poll(() => summariesNow().flat().reduce((n, l) => n + l.delivered, 0), { timeout: 5_000, interval: 50 }).toBe(30);
    const summaries = summariesNow();
    const delivered = summaries.map((s) => s.reduce((n, l) => n + l.delivered, 0));
    const lost = summaries.map((s) => s.reduce((n, l) => n + l.skipped, 0));
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(30);
    expect(summaries.flat().every((l) => l.failed === 0)).toBe(true);
    console.info(`3 replicas × 10 weeks in ${Date.now() - t0} ms: delivered per replica ${delivered.join('/')}, claims lost to another replica ${lost.join('/')}`);
    // Slack retrying one event, each delivery reaching another replica: answered once (shared dedupe)
    const body = eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> How much FDI did Vietnam attract in 2024?', ts: '1894006900.000100', channel: 'CA' }, { event_id: 'EvREPLICAS1' });
    const answers = await Promise.all(
      replicas.map((r, i) => postSigned(`http://127.0.0.1:${r.port}/slack/events`, body, { secret: SIGNING_SECRET, ts: Math.floor(Date.now() / 1000) - i, headers: i ? { 'x-slack-retry-num': String(i), 'x-slack-retry-reason': 'http_timeout' } : {} })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const replies = () => api!.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === '1894006900.000100');
    await api.waitFor(() => replies().length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(replies().length).toBe(1);

    for (const r of replicas) expect(r.out()).not.toContain(BOT_TOKEN);
    expect(await Promise.all(replicas.map((r) => r.stop()))).toEqual([0, 0, 0]);
  }, 60_000);

  it('adds one deadline when a captured "/integ deadline add" is sent again, to the same and to another replica', async () => {
    db = await tempDatabase('replay');
    const clock = new Clock(mkdtempSync(join(dir, 'r')), FIRST_SLOT);
    api = await startSlackStandIn({ now: clock.now });
    const [a, b] = await Promise.all([0, 1].map(() => startReplica(envFor(clock))));
    const body = commandBody({ text: 'deadline add 2030-03-15 Report', channel_id: 'CREPLAY' });
    // one signed request, captured and sent three times within Slack's 5 minutes
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(SIGNING_SECRET, body) };
    const answers: { status: number; text: string }[] = [];
    for (const r of [a, b, a]) {
      const res = await fetch(`http://127.0.0.1:${r.port}/slack/events`, { method: 'POST', headers, body });
      answers.push({ status: res.status, text: await res.text() });
    }
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    expect((JSON.parse(answers[0].text) as { text: string }).text).toMatch(/^Added d1: Report/);
    expect(answers.slice(1).map((x) => x.text)).toEqual(['', '']);
    expect(await db.query<{ title: string }>(`SELECT title FROM deadlines WHERE channel = 'CREPLAY'`)).toEqual([{ title: 'Report' }]);
    expect(await Promise.all([a, b].map((r) => r.stop()))).toEqual([0, 0]);
    // (log lines reach us through pipes, possibly after the exit)
    await expect.poll(() => [a, b].map((r) => lines(r, 'replayed request').length), { timeout: 5_000, interval: 50 }).toEqual([1, 1]);
  }, 60_000);

  it('finds the post of a replica killed after posting but before recording it, and does not post again', async () => {
    db = await tempDatabase('crash');
    const seed = await openStore({ DATABASE_URL: db.url });
    await seed.putSubscription(sub('CX'));
    await seed.close();
    const slot = slotOf(0);
    const clock = new Clock(mkdtempSync(join(dir, 'c')), slot + 60_000);
    api = await startSlackStandIn({ now: clock.now });
    // Slack receives the post but answers only after 10 s: the replica dies waiting
    api.delay('chat.postMessage', 10_000);

    const a = await startReplica(envFor(clock));
    await api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 10_000);
    a.child.kill('SIGKILL');
    await a.stop();
    const [first] = digestPosts(api);
    expect(first.args.metadata.event_payload).toEqual({ channel: 'CX', week: '2030-W02' });
    expect(await db.query('SELECT status, ts, attempts FROM deliveries')).toEqual([{ status: 'claimed', ts: null, attempts: 1 }]);

    // after the lease (10 min) another replica takes the claim over
    api.delay('chat.postMessage', 0);
    clock.set(slot + 60_000 + 11 * 60_000);
    const b = await startReplica(envFor(clock));
    await expect.poll(async () => (await db.query<{ status: string }>('SELECT status FROM deliveries'))[0]?.status, { timeout: 10_000, interval: 50 }).toBe('delivered');
    expect(await db.query('SELECT status, ts, attempts FROM deliveries')).toEqual([{ status: 'delivered', ts: first.ts, attempts: 2 }]);
    expect(api.callsOf('chat.postMessage').length).toBe(1);
    const [history] = api.callsOf('conversations.history');
    expect(history.args).toMatchObject({ channel: 'CX', include_all_metadata: 'true', oldest: String(slot / 1000 - 1) });
    expect(history.token).toBe(BOT_TOKEN);
    // (b's log lines reach us through a pipe, after the database says delivered)
    await expect.poll(() => lines(b, 'an earlier attempt had posted'), { timeout: 5_000, interval: 50 }).toEqual([expect.objectContaining({ channel: 'CX', week: '2030-W02', ts: first.ts, level: 'info' })]);
    // and it stays at one post while b keeps checking
    await new Promise((r) => setTimeout(r, 300));
    expect(api.callsOf('chat.postMessage').length).toBe(1);
    expect(await b.stop()).toBe(0);
  }, 60_000);

  it('does not post a claim it takes over when the channel history cannot be read: says so and records the outcome as unknown', async () => {
    db = await tempDatabase('fallback');
    const slot = slotOf(0);
    const seed = await openStore({ DATABASE_URL: db.url });
    for (const c of ['CY', 'CZ']) {
      await seed.putSubscription(sub(c));
      // a replica claimed both and died: before posting or after, nobody can tell without the history
      await seed.claimDelivery(c, '2030-W02', new Date(slot + 60_000).toISOString());
    }
    await seed.close();
    api = await startSlackStandIn();
    api.fail('conversations.history', { error: 'missing_scope', match: (a) => a.channel === 'CY' });

    // in process this time (same wiring as the child processes)
    const stop = new AbortController();
    let out = '';
    let ready = false;
    const done = serve([], {
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: api.apiUrl,
        PORT: '0',
        DATABASE_URL: db.url,
        LOG_LEVEL: 'info',
        INTEG_TEST_CLOCK: new Date(slot + 20 * 60_000).toISOString(),
      },
      engine: fakeEngine(),
      signal: stop.signal,
      stderr: (t) => (out += t),
      onReady: () => (ready = true),
    });
    await expect.poll(() => ready, { timeout: 5000 }).toBe(true);
    await expect.poll(async () => (await db.query<{ status: string }>("SELECT status FROM deliveries WHERE status <> 'claimed'")).length, { timeout: 10_000, interval: 50 }).toBe(2);
    stop.abort();
    expect(await done).toBe(0);

    // CZ posted after checking an empty history; CY not posted (it may be there already): logged and recorded
    expect(digestPosts(api).map((c) => c.args.channel)).toEqual(['CZ']);
    expect(api.callsOf('conversations.history').map((c) => c.args.channel).sort()).toEqual(['CY', 'CZ']);
    const warned = out.split('\n').filter((l) => l.includes('may or may not have been posted'));
    expect(warned.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'warn', channel: 'CY', msg: expect.stringContaining('missing_scope') })]);
    expect(await db.query('SELECT channel, status, attempts FROM deliveries ORDER BY channel')).toEqual([
      { channel: 'CY', status: 'failed', attempts: 2 },
      { channel: 'CZ', status: 'delivered', attempts: 2 },
    ]);
    expect((await db.query<{ error: string }>("SELECT error FROM deliveries WHERE channel = 'CY'"))[0].error).toMatch(/^outcome unknown: .*missing_scope/);
  }, 30_000);
});
