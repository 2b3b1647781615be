/**
 * The posting queue (src/digest/queue.ts) through runDigests, on every store that can share it:
 * MemoryStore (one process), PGlite (in memory) and the PostgreSQL server on 127.0.0.1:5432 (a
 * database created for this file and dropped after; skipped only when no server answers).
 *
 * Time is virtual (runDigests' queueClock): the queue waits on it and it jumps to the next wake-up,
 * so minutes of pacing take milliseconds and nothing asserts on real time. The stores are wrapped
 * to record every turn granted and every pause, with the virtual time they were asked at, so the
 * tests check the pace the store enforced, not the order promises happened to run in.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestRateLimitedError, runDigests, type DigestRunSummary, type PostDigest } from '../../src/digest/runner.js';
import type { QueueClock } from '../../src/digest/queue.js';
import { MemoryStore } from '../../src/store/memory.js';
import { attachPgliteStore } from '../../src/store/pglite.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { PostPace, Store, Subscription } from '../../src/store/types.js';
import { probeServer, tempDatabase } from '../helpers/pg.js';

const server = await probeServer();
if (!server.ok) console.warn(`tests/digest/queue.test.ts: skipping the PostgreSQL server: ${server.reason}`);

const SLOT = Date.parse('2030-01-07T02:00:00.000Z'); // Monday 09:00 in Ho Chi Minh City
const WEEK = '2030-W02';

const sub = (teamId: string, channel: string): Subscription => ({
  teamId,
  channel,
  weekday: 1,
  time: '09:00',
  tz: 'Asia/Ho_Chi_Minh',
  createdBy: 'U1',
  createdAt: '2030-01-01T00:00:00.000Z',
});

/**
 * Virtual time: sleep() registers a wake-up; run() lets real work go on (promises, and store calls
 * to a database, which are counted in `busy`) and, once nothing but sleepers is left, wakes the
 * earliest one, moving the clock to its time: store calls take no virtual time. The clock only
 * moves forward.
 */
class VirtualTime implements QueueClock {
  t: number;
  /** Store calls under way (recording() counts them). */
  busy = 0;
  #sleepers: { at: number; wake: () => void }[] = [];
  constructor(start: number) {
    this.t = start;
  }
  now = (): number => this.t;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const s = { at: this.t + ms, wake: resolve };
      this.#sleepers.push(s);
      signal?.addEventListener('abort', () => {
        this.#sleepers = this.#sleepers.filter((x) => x !== s);
        resolve();
      });
    });
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const watched = work.finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done || this.busy > 0 || !this.#sleepers.length) continue;
      this.#sleepers.sort((a, b) => a.at - b.at);
      const s = this.#sleepers.shift()!;
      this.t = Math.max(this.t, s.at);
      s.wake();
    }
    return watched;
  }
}

interface Grant {
  teamId: string;
  at: number;
  /** Position in the log's sequence when the turn was asked for. */
  asked: number;
}
interface Pause {
  teamId: string;
  until: number;
  /** Position in the log's sequence once the pause was in the store. */
  recorded: number;
}
interface Log {
  seq: number;
  grants: Grant[];
  pauses: Pause[];
}
const newLog = (): Log => ({ seq: 0, grants: [], pauses: [] });

/** The store, recording the turns it granted and the pauses it recorded (one log for all stores), its calls counted in time.busy. */
function recording(store: Store, time: VirtualTime, log: Log): Store {
  const counted =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      time.busy++;
      try {
        return await fn(...a);
      } finally {
        time.busy--;
      }
    };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'takePostTurn') {
        return counted(async (teamId: string | null, atMs: number, pace: PostPace) => {
          const asked = ++log.seq;
          const t = await target.takePostTurn(teamId, atMs, pace);
          if (t.granted) log.grants.push({ teamId: teamId ?? '', at: atMs, asked });
          return t;
        });
      }
      if (prop === 'pausePosts') {
        return counted(async (teamId: string | null, untilMs: number) => {
          await target.pausePosts(teamId, untilMs);
          log.pauses.push({ teamId: teamId ?? '', until: untilMs, recorded: ++log.seq });
        });
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === 'function' ? counted(async (...a: unknown[]) => (v as (...x: unknown[]) => unknown).apply(target, a)) : v;
    },
  });
}

/** Turns in a workspace asked for after a pause was recorded there and granted before it ended (must be none). */
const grantsDuring = (log: Log, p: Pause): Grant[] => log.grants.filter((g) => g.teamId === p.teamId && g.asked > p.recorded && g.at < p.until);

/** Slack as the runner sees it: every post recorded with its virtual time; `refuse` decides a post's fate. */
function slack(time: VirtualTime, refuse: (channel: string, attempt: number) => Error | null = () => null) {
  const posts: { channel: string; teamId: string; at: number; accepted: boolean }[] = [];
  let ts = 0;
  const post: PostDigest = async (channel, _answer, target) => {
    const attempt = posts.filter((p) => p.channel === channel).length + 1;
    const err = refuse(channel, attempt);
    posts.push({ channel, teamId: target.sub.teamId ?? '', at: time.now(), accepted: !err });
    if (err) throw err;
    return { ts: `1700000000.${String(++ts).padStart(6, '0')}` };
  };
  const accepted = (channel: string) => posts.filter((p) => p.channel === channel && p.accepted);
  return { post, posts, accepted };
}

/**
 * Whether a workspace's grant times conform to its bucket: in every closed window [t_i, t_j] at
 * most burst + (t_j − t_i) × rate turns (the most a full bucket and its refill allow).
 */
function conforms(times: number[], pace: PostPace): { ok: boolean; worst: string } {
  const t = [...times].sort((a, b) => a - b);
  for (let i = 0; i < t.length; i++) {
    for (let j = i; j < t.length; j++) {
      const allowed = pace.burst + ((t[j] - t[i]) * pace.perMinute) / 60_000 + 1e-9;
      if (j - i + 1 > allowed) return { ok: false, worst: `${j - i + 1} turns within ${t[j] - t[i]} ms (at most ${allowed.toFixed(2)})` };
    }
  }
  return { ok: true, worst: '' };
}

const transient = () => Object.assign(new Error('Server Error'), { code: 'slack_webapi_http_error', statusCode: 503 });

/** One backend: `open` gives n Store objects on one shared state (one per runner, as replicas). */
interface Backend {
  open(n: number): Promise<Store[]>;
}

function queueSuite(name: string, backend: () => Backend): void {
  describe(`posting queue on ${name}`, () => {
    const seed = async (store: Store, plan: Record<string, number>): Promise<string[]> => {
      const channels: string[] = [];
      for (const [teamId, n] of Object.entries(plan)) {
        for (let i = 0; i < n; i++) {
          const channel = `C${teamId}${String(i).padStart(3, '0')}`;
          channels.push(channel);
          await store.putSubscription(sub(teamId, channel));
        }
      }
      return channels;
    };

    it('posts in every workspace at once, each at its pace: a small workspace never waits behind a large one', async () => {
      const [raw] = await backend().open(1);
      const channels = await seed(raw, { TA: 30, TB: 30, TC: 3 });
      const time = new VirtualTime(SLOT + 60_000);
      const log = newLog();
      const store = recording(raw, time, log);
      const s = slack(time);
      const pace = { perMinute: 60, burst: 2 }; // a turn a second after a burst of two
      const summary = await time.run(runDigests({ store, kb: null, now: new Date(time.t), post: s.post, pace, queueClock: time }));

      expect(summary).toEqual({ due: 63, delivered: 63, failed: 0, skipped: 0, unknown: 0 });
      for (const c of channels) expect(s.accepted(c).length, c).toBe(1);
      expect((await raw.listDeliveries()).filter((e) => e.status === 'delivered').length).toBe(63);
      const start = SLOT + 60_000;
      const postsOf = (team: string) => s.posts.filter((p) => p.teamId === team).map((p) => p.at - start);
      for (const team of ['TA', 'TB', 'TC']) {
        const grants = log.grants.filter((g) => g.teamId === team).map((g) => g.at);
        expect(grants.length, team).toBe(team === 'TC' ? 3 : 30);
        const c = conforms(grants, pace);
        expect(c.ok, `${team}: ${c.worst}`).toBe(true);
      }
      // the pace, not a queue, sets each workspace's time: 30 posts at 1/s after a burst of 2 take 28 s
      expect(Math.max(...postsOf('TA'))).toBeGreaterThanOrEqual(28_000);
      expect(Math.max(...postsOf('TB'))).toBeGreaterThanOrEqual(28_000);
      // ...in parallel: both start at once and end within a few seconds of each other, and the small
      // workspace is done within its burst and one interval
      expect(Math.min(...postsOf('TA'))).toBe(0);
      expect(Math.min(...postsOf('TB'))).toBe(0);
      expect(Math.abs(Math.max(...postsOf('TA')) - Math.max(...postsOf('TB')))).toBeLessThanOrEqual(3_000);
      expect(Math.max(...postsOf('TA'))).toBeLessThan(40_000);
      expect(Math.max(...postsOf('TC'))).toBeLessThanOrEqual(2_000);
    }, 60_000);

    it("honours a 429: nobody posts in that workspace until its Retry-After has passed, the refused digest is posted after it, other workspaces go on", async () => {
      const [raw] = await backend().open(1);
      const channels = await seed(raw, { TA: 12, TB: 12 });
      const time = new VirtualTime(SLOT + 60_000);
      const log = newLog();
      const store = recording(raw, time, log);
      // the 4th post in TA is refused with Retry-After 5 s
      let inA = 0;
      const s = slack(time, (channel, attempt) => (channel.startsWith('CTA') && attempt === 1 && ++inA === 4 ? new DigestRateLimitedError(5_000) : null));
      const pace = { perMinute: 600, burst: 2 };
      const summary = await time.run(runDigests({ store, kb: null, now: new Date(time.t), post: s.post, pace, queueClock: time }));

      expect(summary).toEqual({ due: 24, delivered: 24, failed: 0, skipped: 0, unknown: 0 });
      for (const c of channels) expect(s.accepted(c).length, c).toBe(1);
      const refused = s.posts.find((p) => !p.accepted)!;
      expect(refused.teamId).toBe('TA');
      expect(log.pauses).toEqual([{ teamId: 'TA', recorded: expect.any(Number), until: refused.at + 5_000 }]);
      const [pause] = log.pauses;
      // the retry of the refused digest: after Retry-After, not before
      const retry = s.accepted(refused.channel)[0];
      expect(retry.at).toBeGreaterThanOrEqual(refused.at + 5_000);
      // no turn in TA asked for once the pause was recorded, until it ended; no post in TA meanwhile
      expect(grantsDuring(log, pause)).toEqual([]);
      expect(s.posts.filter((p) => p.teamId === 'TA' && p.at > refused.at && p.at < pause.until)).toEqual([]);
      // TB was not held up by TA's pause
      expect(s.posts.filter((p) => p.teamId === 'TB' && p.at > refused.at && p.at < pause.until).length).toBeGreaterThan(0);
      expect(conforms(log.grants.filter((g) => g.teamId === 'TA').map((g) => g.at), pace).ok).toBe(true);
    }, 60_000);

    it('delivers each digest exactly once with 3 runners sharing the store: one pace per workspace for all, a 429 seen by one pausing all, transient failures retried at the next check', async () => {
      const stores = await backend().open(3);
      const channels = await seed(stores[0], { TA: 25, TB: 25 });
      const time = new VirtualTime(SLOT + 60_000);
      const log = newLog();
      const wrapped = stores.map((st) => recording(st, time, log));
      const refusals: Record<string, (attempt: number) => Error | null> = {
        CTA003: (a) => (a === 1 ? new DigestRateLimitedError(3_000) : null),
        CTB010: (a) => (a <= 2 ? new DigestRateLimitedError(2_000) : null),
        CTA020: (a) => (a === 1 ? transient() : null),
        CTB020: (a) => (a === 1 ? transient() : null),
      };
      const s = slack(time, (channel, attempt) => refusals[channel]?.(attempt) ?? null);
      const pace = { perMinute: 60, burst: 3 };
      const round = (): Promise<DigestRunSummary[]> =>
        time.run(Promise.all(wrapped.map((store) => runDigests({ store, kb: null, now: new Date(time.t), post: s.post, pace, queueClock: time }))));

      // a digest released after a 503 is due again: another runner still at work may post it in the
      // same round, else the next check does
      const first = await round();
      expect(first.reduce((n, x) => n + x.failed, 0)).toBe(2);
      time.t += 60_000;
      const second = await round();
      expect([...first, ...second].reduce((n, x) => n + x.delivered, 0)).toBe(50);
      expect(second.reduce((n, x) => n + x.failed + x.unknown, 0)).toBe(0);

      for (const c of channels) expect(s.accepted(c).length, c).toBe(1);
      const ledger = await stores[0].listDeliveries();
      expect(ledger.length).toBe(50);
      expect(ledger.every((e) => e.status === 'delivered')).toBe(true);
      expect(ledger.filter((e) => e.attempts === 2).map((e) => e.channel).sort()).toEqual(['CTA020', 'CTB020']);
      // one bucket per workspace, whichever runner took the turn
      for (const team of ['TA', 'TB']) {
        const c = conforms(log.grants.filter((g) => g.teamId === team && g.at < SLOT + 120_000).map((g) => g.at), pace);
        expect(c.ok, `${team}: ${c.worst}`).toBe(true);
      }
      // a pause one runner recorded held every runner: no turn asked for after it until it ended
      expect(log.pauses.length).toBe(3);
      for (const p of log.pauses) expect(grantsDuring(log, p)).toEqual([]);
      // each refused digest was posted again only after its Retry-After
      for (const [channel, ra] of [['CTA003', 3_000], ['CTB010', 2_000]] as const) {
        const tries = s.posts.filter((p) => p.channel === channel);
        for (let i = 1; i < tries.length; i++) expect(tries[i].at - tries[i - 1].at, channel).toBeGreaterThanOrEqual(ra);
      }
    }, 60_000);
  });
}

queueSuite('MemoryStore (one process)', () => ({
  async open(n) {
    const s = new MemoryStore();
    return Array.from({ length: n }, () => s);
  },
}));

describe('PGlite', () => {
  let db: PGlite;
  let seq = 0;
  const opened: Store[] = [];
  beforeAll(async () => {
    db = await PGlite.create();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await db.close();
  });
  queueSuite('PGlite (3 stores on one instance)', () => ({
    async open(n) {
      const schema = `q${++seq}`;
      const stores: Store[] = [];
      for (let i = 0; i < n; i++) stores.push(await attachPgliteStore(db, { schema }));
      opened.push(...stores);
      return stores;
    },
  }));
});

describe.skipIf(!server.ok)('PostgreSQL server', () => {
  let db: Awaited<ReturnType<typeof tempDatabase>>;
  let seq = 0;
  const opened: Store[] = [];
  beforeAll(async () => {
    db = await tempDatabase('queue');
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await db.drop();
  });
  queueSuite('PostgreSQL (3 stores, as 3 replicas)', () => ({
    async open(n) {
      const schema = `q${++seq}`;
      const stores: Store[] = [];
      for (let i = 0; i < n; i++) stores.push(await openPostgresStore(db.url, { schema, max: 4 }));
      opened.push(...stores);
      return stores;
    },
  }));
});
