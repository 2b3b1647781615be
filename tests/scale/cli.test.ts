/**
 * The commands use the store DATABASE_URL names: `serve` and `digest run` read and write it,
 * `digest preview`, `deadlines` and `kb gaps` read it (read-only). On a PostgreSQL database
 * created for this file (skipped only when no server answers) and on a PGlite directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as deadlinesCli } from '../../src/cli/deadlines.js';
import { run as digestCli } from '../../src/cli/digest.js';
import { run as kbCli } from '../../src/cli/kb.js';
import { run as serve } from '../../src/cli/serve.js';
import { DIGEST_EVENT_TYPE } from '../../src/slack/digest.js';
import { openStore } from '../../src/store/open.js';
import type { Store, Subscription } from '../../src/store/types.js';
import { kb } from '../digest/fixtures.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { commandBody, postSigned } from '../helpers/sign.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { probeServer, tempDatabase } from '../helpers/pg.js';

const server = await probeServer();
if (!server.ok) console.warn(`tests/scale/cli.test.ts: skipping the PostgreSQL cases: ${server.reason}`);

const NOW = '2030-01-07T09:01:00Z'; // a minute after the Monday 09:00 UTC slot of 2030-W02
const sub = (channel: string): Subscription => ({ teamId: 'T1', channel, weekday: 1, time: '09:00', tz: 'UTC', createdBy: 'U1', createdAt: '2030-01-01T00:00:00.000Z' });

let api: SlackStandIn;
let dir: string;
beforeAll(async () => {
  api = await startSlackStandIn();
  dir = mkdtempSync(join(tmpdir(), 'integ-scale-cli-'));
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seed(env: Record<string, string>, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await openStore(env);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const digestRun = (env: Record<string, string>, out: string[] = []) =>
  digestCli(['run', '--now', NOW], {
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.apiUrl, LOG_LEVEL: 'warn', ...env },
    loadKb: () => kb,
    stdout: (t) => out.push(t),
    stderr: (t) => out.push(t),
  });

const postsTo = (channel: string) => api.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);

describe.skipIf(!server.ok)('on PostgreSQL (DATABASE_URL=postgres://…)', () => {
  let db: Awaited<ReturnType<typeof tempDatabase>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await tempDatabase('cli');
    // INTEG_DATA_DIR points where nothing may be created: the lowdb store must not be used
    env = { DATABASE_URL: db.url, INTEG_DATA_DIR: join(dir, 'must-not-exist') };
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(() => {
    expect(existsSync(join(dir, 'must-not-exist'))).toBe(false);
    vi.unstubAllEnvs();
  });

  it('serve keeps its state in the database', async () => {
    const stop = new AbortController();
    let port: number | null = null;
    let out = '';
    const done = serve(['--no-digests'], {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, PORT: '0', LOG_LEVEL: 'info', METRICS: '1', ...env },
      engine: fakeEngine(),
      signal: stop.signal,
      stderr: (t) => (out += t),
      onReady: (i) => (port = i.port),
    });
    await expect.poll(() => port, { timeout: 10_000 }).not.toBeNull();
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'unknown thing in postgres' }), { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const on = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ channel_id: 'CSERVE', text: 'digest on monday 09:00 UTC' }), { secret: SIGNING_SECRET });
    expect(JSON.stringify(await on.json())).toContain('Weekly deadline digest on');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    stop.abort();
    expect(await done).toBe(0);
    expect(out).toContain(`integ: store: PostgreSQL postgres://postgres@127.0.0.1:5432/`);
    expect(await db.query('SELECT question FROM unanswered')).toEqual([{ question: 'unknown thing in postgres' }]);
    expect(await db.query('SELECT team_id, channel FROM subscriptions')).toEqual([{ team_id: 'T1', channel: 'CSERVE' }]);
  });

  it('digest run posts once per channel and week, even run three times at once (a CronJob beside others)', async () => {
    await seed(env, async (s) => {
      await s.putSubscription(sub('CRUN'));
      await s.addDeadline({ teamId: 'T1', channel: 'CRUN', title: 'Send the quarterly report', due: '2030-01-20', createdBy: 'U1', createdAt: '2030-01-01T00:00:00.000Z' });
    });
    const outs: string[][] = [[], [], []];
    const postedBefore = api.callsOf('chat.postMessage').length;
    const codes = await Promise.all(outs.map((o) => digestRun(env, o)));
    expect(codes).toEqual([0, 0, 0]);
    const posts = postsTo('CRUN');
    expect(posts.length).toBe(1);
    expect(posts[0].args.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { channel: 'CRUN', week: '2030-W02' } });
    expect(JSON.stringify(posts[0].args.blocks)).toContain('Send the quarterly report');
    // the three runs' summaries add up to what was posted (each due digest by exactly one of them)
    const delivered = outs.map((o) => Number(/delivered (\d+),/.exec(o.join(''))![1]));
    expect(delivered.reduce((x, y) => x + y, 0)).toBe(api.callsOf('chat.postMessage').length - postedBefore);
    expect(await db.query("SELECT channel, week, status FROM deliveries WHERE channel = 'CRUN'")).toEqual([{ channel: 'CRUN', week: '2030-W02', status: 'delivered' }]);
    // and again later: nothing more that week
    expect(await digestRun(env)).toBe(0);
    expect(postsTo('CRUN').length).toBe(1);
  });

  it('digest run with OAuth installs posts each workspace\'s digest with its own token from the store', async () => {
    const inst = (teamId: string) => ({ teamId, enterpriseId: null, isEnterpriseInstall: false, botToken: `xoxb-${teamId}-cron-token`, installedAt: '2030-01-01T00:00:00.000Z', data: { team: { id: teamId } } });
    await seed(env, async (s) => {
      await s.storeInstallation(inst('TA'));
      await s.storeInstallation(inst('TB'));
      for (const [team, channel] of [['TA', 'COA'], ['TB', 'COB'], ['TGONE', 'COGONE']]) await s.putSubscription({ ...sub(channel), teamId: team });
    });
    const out: string[] = [];
    const code = await digestCli(['run', '--now', NOW], {
      env: { SLACK_CLIENT_ID: '1111111111.2222222222', SLACK_API_URL: api.apiUrl, LOG_LEVEL: 'warn', ...env },
      loadKb: () => kb,
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(postsTo('COA').map((c) => c.token)).toEqual(['xoxb-TA-cron-token']);
    expect(postsTo('COB').map((c) => c.token)).toEqual(['xoxb-TB-cron-token']);
    expect(postsTo('COGONE')).toEqual([]);
    // a subscription of a workspace integ is no longer installed in fails for the week (exit 1), without retrying every run
    expect(code).toBe(1);
    expect(await db.query("SELECT status, error FROM deliveries WHERE channel = 'COGONE'")).toEqual([{ status: 'failed', error: 'not_installed' }]);
    expect(out.join('')).not.toContain('cron-token');
  });

  it('digest preview, deadlines and kb gaps read the database, read-only', async () => {
    await seed(env, async (s) => {
      await s.putSubscription(sub('CREAD'));
      await s.addDeadline({ teamId: 'T1', channel: 'CREAD', title: 'Table the annual plan', due: '2030-01-15', createdBy: 'U1', createdAt: '2030-01-01T00:00:00.000Z' });
      await s.recordUnanswered({ at: '2030-01-02T00:00:00.000Z', question: 'What about rice exports to Mars?', normalised: 'rice exports mars' });
    });
    const before = await db.query('SELECT count(*)::int AS n FROM deadlines');

    let out = '';
    expect(await digestCli(['preview', '--channel', 'CREAD', '--now', NOW], { env, loadKb: () => kb, stdout: (t) => (out += t), stderr: (t) => (out += t) })).toBe(0);
    expect(out).toContain('Table the annual plan');

    out = '';
    expect(await deadlinesCli(['--channel', 'CREAD', '--now', NOW], { env, loadKb: () => kb, stdout: (t) => (out += t), stderr: (t) => (out += t) })).toBe(0);
    expect(out).toContain('Table the annual plan');

    vi.stubEnv('DATABASE_URL', db.url);
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await kbCli(['gaps', '--json'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('What about rice exports to Mars?');
    expect(await db.query('SELECT count(*)::int AS n FROM deadlines')).toEqual(before);
  });
});

describe('on PGlite (DATABASE_URL=pglite://DIR)', () => {
  it('digest run reads its subscriptions from, and records its posts in, the PGlite directory', async () => {
    const env = { DATABASE_URL: `pglite://${join(dir, 'pg')}`, INTEG_DATA_DIR: join(dir, 'must-not-exist-either') };
    await seed(env, async (s) => {
      await s.putSubscription(sub('CLITE'));
    });
    const out: string[] = [];
    expect(await digestRun(env, out)).toBe(0);
    expect(postsTo('CLITE').length).toBe(1);
    expect(postsTo('CLITE')[0].args.metadata.event_payload).toEqual({ channel: 'CLITE', week: '2030-W02' });
    expect(await digestRun(env)).toBe(0);
    expect(postsTo('CLITE').length).toBe(1);
    await seed(env, async (s) => {
      expect(await s.getDelivery('CLITE', '2030-W02')).toMatchObject({ status: 'delivered', ts: postsTo('CLITE')[0].ts });
    });
    expect(existsSync(join(dir, 'must-not-exist-either'))).toBe(false);
  }, 60_000);
});
