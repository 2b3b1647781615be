/**
 * Many workspaces: `integ serve` (in process) with SLACK_CLIENT_ID / SLACK_CLIENT_SECRET /
 * SLACK_STATE_SECRET and no bot token, against the Web API stand-in, on the lowdb store and on a
 * PostgreSQL database (skipped only when no server answers): the install page and redirect store an
 * installation per workspace; each workspace's requests and digests use its own token; uninstalling
 * forgets that workspace only.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as serve } from '../../src/cli/serve.js';
import { DIGEST_EVENT_TYPE } from '../../src/slack/digest.js';
import { botScopes } from '../../src/slack/oauth.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { commandBody, eventBody, postSigned } from '../helpers/sign.js';
import { SIGNING_SECRET } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { probeServer, tempDatabase } from '../helpers/pg.js';

const server = await probeServer();
if (!server.ok) console.warn(`tests/scale/oauth.test.ts: skipping the PostgreSQL case: ${server.reason}`);

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = 'client-secret-abcdef0123456789';
const STATE_SECRET = 'state-secret-abcdef0123456789abcdef';
const token = (team: string) => `xoxb-${team}-oauth-token`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The store's env for each backend, and a way to read it while serve runs. */
interface Backend {
  env: Record<string, string>;
  peek<T>(fn: (s: Store) => Promise<T>): Promise<T>;
}

async function lowdbBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'integ-oauth-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env = { INTEG_DATA_DIR: dir };
  return { env, peek: (fn) => withStore(openStore(env, { readOnly: true }), fn) };
}

async function postgresBackend(): Promise<Backend> {
  const db = await tempDatabase('oauth');
  cleanups.push(() => db.drop());
  const env = { DATABASE_URL: db.url };
  return { env, peek: (fn) => withStore(openStore(env, { readOnly: true }), fn) };
}

async function withStore<T>(opening: Promise<Store>, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await opening;
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const installation = (b: Backend, teamId: string) => b.peek((s) => s.fetchInstallation({ teamId, enterpriseId: null, isEnterpriseInstall: false }));

for (const [name, open] of [
  ['lowdb', lowdbBackend],
  ['PostgreSQL', postgresBackend],
] as const) {
  describe.skipIf(name === 'PostgreSQL' && !server.ok)(`OAuth installs on ${name}`, () => {
    it('installs into two workspaces, answers each with its own token, posts digests with it, and forgets a workspace on uninstall', async () => {
      const backend = await open();
      const dir = mkdtempSync(join(tmpdir(), 'integ-oauth-clock-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const clockFile = join(dir, 'clock');
      const setClock = (iso: string) => {
        writeFileSync(`${clockFile}.tmp`, iso);
        renameSync(`${clockFile}.tmp`, clockFile);
      };
      setClock('2030-01-07T08:00:00.000Z'); // a Monday, before 09:00
      const api: SlackStandIn = await startSlackStandIn({ now: () => Date.parse(readFileSync(clockFile, 'utf8')) });
      cleanups.push(() => api.close());

      const stop = new AbortController();
      let out = '';
      let port: number | null = null;
      const done = serve([], {
        env: {
          SLACK_CLIENT_ID: CLIENT_ID,
          SLACK_CLIENT_SECRET: CLIENT_SECRET,
          SLACK_STATE_SECRET: STATE_SECRET,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: api.apiUrl,
          PORT: '0',
          LOG_LEVEL: 'info',
          INTEG_TEST_CLOCK: `file:${clockFile}`,
          INTEG_DIGEST_INTERVAL_MS: '50',
          ...backend.env,
        },
        engine: fakeEngine(),
        signal: stop.signal,
        stderr: (t) => (out += t),
        onReady: (i) => (port = i.port),
      });
      cleanups.push(async () => {
        stop.abort();
        await done;
      });
      await expect.poll(() => port, { timeout: 10_000 }).not.toBeNull();
      const base = `http://127.0.0.1:${port}`;
      // no bot token of its own: nothing asked of Slack at start
      expect(api.callsOf('auth.test')).toEqual([]);
      expect(out).toContain('installable into any workspace at GET /slack/install');

      /** The browser's path: the install page (state in a cookie and in the authorize URL), then Slack's redirect. */
      const install = async (team: string, opts: { badState?: boolean } = {}) => {
        const page = await fetch(`${base}/slack/install`);
        expect(page.status).toBe(200);
        const state = /slack-app-oauth-state=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1];
        const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(await page.text())![1];
        const authorize = new URL(href);
        expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
        expect(authorize.searchParams.get('state')).toBe(state);
        expect(authorize.searchParams.get('scope')!.split(',')).toEqual(botScopes());
        const sent = opts.badState ? `${state.slice(0, -2)}xx` : state;
        return fetch(`${base}/slack/oauth_redirect?code=code-${team}&state=${encodeURIComponent(sent)}`, { headers: { cookie: `slack-app-oauth-state=${state}` } });
      };

      // a forged state is refused and stores nothing
      const forged = await install('T9', { badState: true });
      expect(forged.status).toBe(400);
      // in English and Vietnamese: whoever installs has chosen no language yet
      const refused = await forged.text();
      expect(refused).toContain('integ could not be installed');
      expect(refused).toContain('Chưa cài đặt được integ');
      expect(api.callsOf('oauth.v2.access')).toEqual([]);
      expect(await installation(backend, 'T9')).toBeNull();

      for (const team of ['T2', 'T3']) {
        const res = await install(team);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(html).toContain(`integ is now in Team ${team}`);
        expect(html).toContain(`integ đã được cài vào Team ${team}.`);
        expect(await installation(backend, team)).toMatchObject({ teamId: team, botToken: token(team), isEnterpriseInstall: false, data: { team: { id: team }, bot: { token: token(team), userId: `UBOT${team}` } } });
      }
      expect(api.callsOf('oauth.v2.access').map((c) => c.args)).toEqual([
        expect.objectContaining({ code: 'code-T2', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
        expect.objectContaining({ code: 'code-T3', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      ]);

      const post = (body: string) => postSigned(`${base}/slack/events`, body, { secret: SIGNING_SECRET });
      // a command from T2: answered, and its subscription and deadline carry T2
      const on = await post(commandBody({ team_id: 'T2', channel_id: 'C2', text: 'digest on monday 09:00 UTC', trigger_id: '1.T2.on' }));
      expect(on.status).toBe(200);
      expect(JSON.stringify(await on.json())).toContain('Weekly deadline digest on');
      const add = await post(commandBody({ team_id: 'T2', channel_id: 'C2', text: 'deadline add 2030-02-01 Report', trigger_id: '1.T2.add' }));
      expect(JSON.stringify(await add.json())).toContain('Added d1');
      await post(commandBody({ team_id: 'T3', channel_id: 'C3', text: 'digest on monday 09:00 UTC', trigger_id: '1.T3.on' }));
      expect(await backend.peek((s) => s.listSubscriptions())).toEqual([
        expect.objectContaining({ teamId: 'T2', channel: 'C2' }),
        expect.objectContaining({ teamId: 'T3', channel: 'C3' }),
      ]);
      expect(await backend.peek((s) => s.listDeadlines())).toEqual([expect.objectContaining({ id: 'd1', teamId: 'T2', channel: 'C2' })]);

      // a workspace integ is not installed in gets no answer
      const stranger = await post(commandBody({ team_id: 'T9', channel_id: 'C9', text: 'help', trigger_id: '1.T9' }));
      expect(stranger.status).toBe(200);
      expect(await stranger.text()).not.toContain('response_type');

      // mentions are answered with the token of the workspace they come from
      for (const team of ['T2', 'T3']) {
        await post(eventBody({ type: 'app_mention', user: 'U1', text: `<@UBOT${team}> FDI in 2024?`, ts: '1893999600.000100', channel: `C${team.slice(1)}` }, { team_id: team, authorizations: [{ team_id: team, user_id: `UBOT${team}`, is_bot: true }] }));
      }
      await api.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 2);
      expect(api.callsOf('chat.postMessage').map((c) => [c.args.channel, c.token]).sort()).toEqual([
        ['C2', token('T2')],
        ['C3', token('T3')],
      ]);

      // 09:01: each workspace's digest is posted with its own token, tagged with its channel and week
      setClock('2030-01-07T09:01:00.000Z');
      await api.waitFor((calls) => calls.filter((c) => c.args.metadata?.event_type === DIGEST_EVENT_TYPE).length >= 2, 10_000);
      const digests = api.callsOf('chat.postMessage').filter((c) => c.args.metadata?.event_type === DIGEST_EVENT_TYPE);
      expect(digests.map((c) => [c.args.channel, c.token, c.args.metadata.event_payload.week]).sort()).toEqual([
        ['C2', token('T2'), '2030-W02'],
        ['C3', token('T3'), '2030-W02'],
      ]);
      await expect.poll(() => backend.peek(async (s) => (await s.listDeliveries()).filter((e) => e.status === 'delivered').length)).toBe(2);

      // T2 uninstalls: its installation, subscription, deadline and ledger go; T3 keeps everything
      const gone = await post(eventBody({ type: 'app_uninstalled' }, { team_id: 'T2', authorizations: [{ team_id: 'T2', user_id: 'UBOTT2', is_bot: true }] }));
      expect(gone.status).toBe(200);
      await expect.poll(() => installation(backend, 'T2'), { timeout: 5000 }).toBeNull();
      expect(await installation(backend, 'T3')).toMatchObject({ botToken: token('T3') });
      expect((await backend.peek((s) => s.listSubscriptions())).map((x) => x.channel)).toEqual(['C3']);
      expect(await backend.peek((s) => s.listDeadlines())).toEqual([]);
      expect((await backend.peek((s) => s.listDeliveries())).map((e) => e.channel)).toEqual(['C3']);
      expect(out).toMatch(/uninstalled in workspace T2: removed its data/);
      // and T2's requests are no longer answered
      const after = await post(commandBody({ team_id: 'T2', channel_id: 'C2', text: 'help', trigger_id: '1.T2.after' }));
      expect(await after.text()).not.toContain('response_type');

      // T3 revokes its bot token: forgotten too
      await post(eventBody({ type: 'tokens_revoked', tokens: { bot: ['UBOTT3'] } }, { team_id: 'T3' }));
      await expect.poll(() => installation(backend, 'T3'), { timeout: 5000 }).toBeNull();
      expect(await backend.peek((s) => s.listSubscriptions())).toEqual([]);

      stop.abort();
      expect(await done).toBe(0);
      for (const secret of [CLIENT_SECRET, STATE_SECRET, token('T2'), token('T3')]) expect(out).not.toContain(secret);
    }, 30_000);
  });
}
