/**
 * Socket Mode against the local WebSocket stand-in (apps.connections.open on the Web API stand-in
 * returns its URL): a `disconnect` with reason refresh_requested makes integ open a new
 * connection and carry on, without losing events: one sent just before the disconnect and
 * redelivered by Slack on the new connection (retry_attempt 1) is answered once, one sent after is
 * answered, and every envelope is acknowledged. A retried envelope (same event_id) is answered once.
 * The Socket Mode client retries its own apps.connections.open; the replies integ posts are not
 * retried blindly for that (src/slack/post.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type IntegApp } from '../../src/slack/app.js';
import { SORRY } from '../../src/slack/shared.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, captureLogger } from '../helpers/slack-app.js';
import { startSocketModeStandIn, type SocketModeStandIn } from '../helpers/socket-mode.js';
import { slowStore } from './slow-store.js';
import { expectNoParsing, sleep } from './util.js';

const APP_TOKEN = 'xapp-1-A1-secretapptoken';
let api: SlackStandIn | null = null;
let ws: SocketModeStandIn | null = null;
let integ: IntegApp | null = null;
afterEach(async () => {
  if (api) expectNoParsing(api.calls);
  await integ?.stop();
  await ws?.close();
  await api?.close();
  integ = null;
  ws = null;
  api = null;
});

async function start(prepare?: (api: SlackStandIn) => void, store: Store = new MemoryStore()) {
  api = await startSlackStandIn();
  ws = await startSocketModeStandIn();
  api.answer('apps.connections.open', { ok: true, url: ws.url });
  prepare?.(api);
  const logger = captureLogger();
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.apiUrl, LOG_LEVEL: 'debug' });
  integ = createApp({ config, engine: fakeEngine(), store, logger, handleCommand: null });
  await integ.start();
  await ws.waitFor(() => ws!.connected(), 5000);
  return logger;
}

const envelope = (envelopeId: string, eventId: string, ts: string, retry = 0) => ({
  envelope_id: envelopeId,
  type: 'events_api',
  accepts_response_payload: false,
  retry_attempt: retry,
  retry_reason: retry ? 'timeout' : '',
  payload: {
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event: { type: 'app_mention', user: 'U1', text: `<@UBOT> FDI question ${eventId}`, ts, channel: 'C1' },
  },
});
const repliesTo = (ts: string) => api!.callsOf('chat.postMessage').filter((c) => !c.failed && c.args.thread_ts === ts);
const acked = (envelopeId: string) => ws!.received.some((m) => m.envelope_id === envelopeId);

describe('Socket Mode', () => {
  it('reconnects on a refresh_requested disconnect without losing or doubling events', async () => {
    await start();
    expect(api!.callsOf('apps.connections.open')).toHaveLength(1);

    ws!.send(envelope('env-a', 'EvA', '1700000001.000100'));
    await api!.waitFor(() => repliesTo('1700000001.000100').length === 1);
    expect(acked('env-a')).toBe(true);

    // C arrives, then at once Slack asks for a refresh: C may or may not be acknowledged on the old connection
    ws!.send(envelope('env-c', 'EvC', '1700000003.000100'));
    ws!.send({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'stand-in' } });
    await api!.waitFor(() => api!.callsOf('apps.connections.open').length >= 2, 10_000);
    await ws!.waitFor(() => ws!.connected(), 10_000);
    await sleep(100);

    // Slack redelivers C (it may not have seen the ack), then sends B, both on the new connection
    ws!.send(envelope('env-c2', 'EvC', '1700000003.000100', 1));
    ws!.send(envelope('env-b', 'EvB', '1700000002.000100'));
    await api!.waitFor(() => repliesTo('1700000002.000100').length === 1 && repliesTo('1700000003.000100').length >= 1, 10_000);
    await ws!.waitFor(() => acked('env-b') && acked('env-c2'), 5000);
    await sleep(300);

    expect(repliesTo('1700000001.000100')).toHaveLength(1);
    expect(repliesTo('1700000002.000100')).toHaveLength(1);
    expect(repliesTo('1700000003.000100')).toHaveLength(1);
    for (const c of api!.callsOf('apps.connections.open')) expect(c.token).toBe(APP_TOKEN);
    for (const c of api!.callsOf('chat.postMessage')) expect(c.token).toBe(BOT_TOKEN);
  }, 30_000);

  it('connects when the first apps.connections.open loses its connection (the Socket Mode client retries it)', async () => {
    await start((a) => a.fail('apps.connections.open', { reset: true }));
    expect(api!.callsOf('apps.connections.open').map((c) => c.failed)).toEqual([true, false]);
  });

  it('posts one reply when Slack takes it and the connection drops before its answer', async () => {
    const logger = await start((a) => a.fail('chat.postMessage', { accepted: true, reset: true }));
    ws!.send(envelope('env-l', 'EvLOST', '1700000020.000100'));
    await expect.poll(() => logger.lines.some((l) => l.includes('integ: request handled') && l.includes('EvLOST')), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(api!.messages('C1').filter((m) => m.thread_ts === '1700000020.000100')).toHaveLength(1);
    expect(api!.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('says "Sorry…" through the response URL when a command it acknowledged empty (a slow store) then fails', async () => {
    await start(undefined, slowStore(2500));
    const payload = { command: '/integ', text: 'boom', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: api!.responseUrl('late'), trigger_id: '1.2.3' };
    ws!.send({ envelope_id: 'env-s', type: 'slash_commands', accepts_response_payload: true, payload });
    await api!.waitFor(() => api!.callsOf('response_url').length === 1, 10_000);
    expect(api!.callsOf('response_url')[0]).toMatchObject({ responseId: 'late', args: { response_type: 'ephemeral', text: SORRY } });
    expect(ws!.received.filter((m) => m.envelope_id === 'env-s').map((m) => m.payload)).toEqual([{}]);
  }, 15_000);

  it('answers once when Slack retries an envelope (retry_attempt 1, same event_id) and acknowledges both', async () => {
    await start();
    ws!.send(envelope('env-1', 'EvR', '1700000010.000100'));
    ws!.send(envelope('env-2', 'EvR', '1700000010.000100', 1));
    await ws!.waitFor(() => acked('env-1') && acked('env-2'));
    await api!.waitFor(() => repliesTo('1700000010.000100').length === 1);
    await sleep(300);
    expect(repliesTo('1700000010.000100')).toHaveLength(1);
  });
});
