/**
 * Secrets: a full run of a real `integ serve` process at LOG_LEVEL=debug (HTTP mode, then Socket
 * Mode), with answers, a digest, forged and malformed requests, Slack errors (invalid_auth,
 * channel_not_found, 500, 429) and a stop, never writes the bot token, the app token or the signing
 * secret (nor their distinctive parts) to its logs, and never sends them in a reply. (The Socket
 * Mode run also stops during a reconnect: exit 0, promptly.)
 */
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-app.js';
import { actionBody, commandBody, eventBody, postSigned } from '../helpers/sign.js';
import { startSocketModeStandIn, type SocketModeStandIn } from '../helpers/socket-mode.js';
import { dayFromNow, dueSubscription } from './serve-harness.js';
import { sleep } from './util.js';

const APP_TOKEN = 'xapp-1-A0SECRETAPP-1234567890-appsecretvalue0123456789abcdef';
/** Every secret, and the parts of each that would identify it if printed alone. */
const SECRETS = [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, 'secretbottoken', '0123456789abcdef', 'appsecretvalue'];

let api: SlackStandIn | null = null;
let ws: SocketModeStandIn | null = null;
let dir: string | null = null;
afterEach(async () => {
  await ws?.close();
  await api?.close();
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
  ws = null;
  api = null;
  dir = null;
});

function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api!.apiUrl, INTEG_DATA_DIR: dir!, LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

async function seed(): Promise<void> {
  dir = await fsp.mkdtemp(join(tmpdir(), 'integ-secrets-'));
  const s = await openLowdbStore(dir);
  for (const c of ['CDIG', 'CGONE']) {
    await s.putSubscription(dueSubscription(c));
    await s.addDeadline({ channel: c, title: 'Report', due: dayFromNow(4), createdBy: 'U1', createdAt: new Date().toISOString() });
  }
  await s.close();
}

function expectNoSecrets(what: string, text: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${what} contains a secret (${s.slice(0, 6)}…)`).toBe(false);
}

describe('secrets', () => {
  it('never appear in the logs or replies of a full HTTP run, errors included', async () => {
    api = await startSlackStandIn();
    await seed();
    api.fail('chat.postMessage', { error: 'channel_not_found', match: (a) => a.channel === 'CGONE' });
    api.fail('chat.postMessage', { status: 500, match: (a) => a.channel === 'C500' });
    api.fail('chat.postMessage', { status: 429, retryAfter: 1, match: (a) => a.channel === 'C429' });
    api.fail('chat.postMessage', { error: 'invalid_auth', match: (a) => a.channel === 'CAUTH', times: 2 });
    api.fail('views.publish', { error: 'invalid_auth' });
    const p = serve({ SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', METRICS: '1' });
    await expect.poll(() => /listening on port (\d+)/.exec(p.out()), { timeout: 15_000, interval: 50 }).not.toBeNull();
    const url = `http://127.0.0.1:${/listening on port (\d+)/.exec(p.out())![1]}/slack/events`;
    const post = (body: string, opts: Parameters<typeof postSigned>[2] = { secret: SIGNING_SECRET }) => postSigned(url, body, opts);
    const acks: string[] = [];

    for (const text of ['How much FDI did Vietnam attract in 2025?', 'deadline add 2026-12-15 Report', 'deadlines', 'digest preview', 'help']) {
      const res = await post(commandBody({ text, response_url: api.responseUrl('c') }));
      acks.push(await res.text());
    }
    // someone pastes the secrets as a question: the (ephemeral) echo is theirs, but no log line may carry them
    await post(commandBody({ text: `${BOT_TOKEN} ${SIGNING_SECRET}`, response_url: api.responseUrl('pasted') })).then((r) => r.text());
    for (const [channel, ts] of [['C1', '1.1'], ['C500', '2.1'], ['C429', '3.1'], ['CAUTH', '4.1']]) {
      await post(eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> exports 2024', ts, channel }));
    }
    await post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' }));
    await post(actionBody({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U7' }, container: {}, response_url: api.responseUrl('a'), actions: [{ type: 'button', action_id: 'integ_feedback_up', value: '{"q":"q","i":"fdi"}', action_ts: '1' }] }));
    // forged, stale, malformed and unreadable requests
    await post(commandBody({ text: 'forged' }), { secret: 'not-the-secret-at-all' });
    await post(commandBody({ text: 'stale' }), { secret: SIGNING_SECRET, ts: Math.floor(Date.now() / 1000) - 3600 });
    await post(commandBody({ text: 'unsigned' }), { secret: SIGNING_SECRET, unsigned: true });
    await post(eventBody({ type: 'member_joined_channel', item: null }));
    await fetch(url.replace('/slack/events', '/metrics')).then((r) => r.text()).then((t) => acks.push(t));
    await api.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage' && !c.failed).length >= 4, 15_000);
    await sleep(1500);
    p.child.kill('SIGTERM');
    const code = await p.exited;
    expect(code).toBe(0);

    const out = p.out();
    expect(out).toMatch(/ERROR|"level":(50|"error")|error/i); // errors were logged…
    expect(out).toMatch(/invalid_auth/); // …including Slack's rejection of the token
    expectNoSecrets('the log', out);
    for (const a of acks) expectNoSecrets('an acknowledgement', a);
    for (const c of api.calls) if (c.responseId !== 'pasted') expectNoSecrets(`the ${c.method} payload`, JSON.stringify(c.args));
  }, 60_000);

  it('never appear in the logs of a Socket Mode run, a reconnect included', async () => {
    api = await startSlackStandIn();
    ws = await startSocketModeStandIn();
    api.answer('apps.connections.open', { ok: true, url: ws.url });
    await seed();
    api.fail('chat.postMessage', { error: 'invalid_auth', match: (a) => a.channel === 'CAUTH' });
    const p = serve({ SLACK_APP_TOKEN: APP_TOKEN });
    await ws.waitFor(() => ws!.connected(), 15_000);
    await sleep(300);
    for (const [i, channel] of ['C1', 'CAUTH'].entries()) {
      ws.send({ envelope_id: `e${i}`, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, payload: { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `EvS${i}`, event_time: 1, authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }], event: { type: 'app_mention', user: 'U1', text: '<@UBOT> FDI 2025', ts: `${i}.1`, channel } } });
    }
    ws.send({ envelope_id: 'e9', type: 'slash_commands', accepts_response_payload: true, payload: { command: '/integ', text: APP_TOKEN, team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: api.responseUrl('s'), trigger_id: '1' } });
    await ws.waitFor((r) => ['e0', 'e1', 'e9'].every((id) => r.some((m) => m.envelope_id === id)), 10_000);
    ws.holdHandshakes = true; // the new connection's handshake hangs: stop while it is connecting
    ws.send({ type: 'disconnect', reason: 'refresh_requested' });
    await api.waitFor((calls) => calls.filter((c) => c.method === 'apps.connections.open').length >= 2, 15_000);
    await sleep(200);
    // SIGTERM while the new connection is still being opened: a clean, prompt exit (it used to
    // crash on an unhandled rejection, or linger 30 s on a close-handshake timer)
    const t = Date.now();
    p.child.kill('SIGTERM');
    const code = await p.exited;
    expect(code).toBe(0);
    expect(Date.now() - t).toBeLessThan(5000);
    const out = p.out();
    expect(out).toMatch(/invalid_auth/);
    expectNoSecrets('the log', out);
    for (const m of ws.received) if (m.envelope_id !== 'e9') expectNoSecrets('a Socket Mode ack', JSON.stringify(m));
    for (const c of api.calls) expectNoSecrets(`the ${c.method} payload`, JSON.stringify(c.args));
  }, 60_000);
});
