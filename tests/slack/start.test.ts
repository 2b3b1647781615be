import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, SlackStartError, type IntegApp } from '../../src/slack/app.js';
import { MemoryStore } from '../../src/store/memory.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { BOT_TOKEN, captureLogger, SIGNING_SECRET } from '../helpers/slack-app.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';

const APP_TOKEN = 'xapp-1-A1-secretapptoken';
let api: SlackStandIn | null = null;
let integ: IntegApp | null = null;
afterEach(async () => {
  await integ?.stop();
  await api?.close();
  integ = null;
  api = null;
});

function make(env: Record<string, string>) {
  const logger = captureLogger();
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api!.apiUrl, PORT: '0', ...env });
  integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger });
  return { logger };
}

describe('createApp().start()', () => {
  it('checks the token with auth.test on the configured API base before listening', async () => {
    api = await startSlackStandIn();
    make({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const started = await integ!.start();
    expect(started).toMatchObject({ mode: 'http', botUserId: 'UBOT', team: 'Test Team' });
    expect(started.port).toBeGreaterThan(0);
    expect(api.callsOf('auth.test')).toHaveLength(1);
    expect(api.callsOf('auth.test')[0].token).toBe(BOT_TOKEN);
  });

  it('fails with SlackStartError naming SLACK_BOT_TOKEN, without its value, when Slack answers invalid_auth', async () => {
    api = await startSlackStandIn();
    api.answer('auth.test', { ok: false, error: 'invalid_auth' });
    const { logger } = make({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const err = await integ!.start().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SlackStartError);
    expect((err as SlackStartError).code).toBe('invalid_auth');
    expect((err as Error).message).toContain('SLACK_BOT_TOKEN');
    expect((err as Error).message).not.toContain(BOT_TOKEN);
    for (const line of logger.lines) expect(line).not.toContain(BOT_TOKEN);
  });

  it('connects over Socket Mode with the app token through the configured API base when SLACK_APP_TOKEN is set', async () => {
    api = await startSlackStandIn();
    api.answer('apps.connections.open', { ok: false, error: 'invalid_auth' });
    make({ SLACK_APP_TOKEN: APP_TOKEN });
    const err = await integ!.start().then(() => null, (e: unknown) => e);
    expect(api.callsOf('apps.connections.open').length).toBeGreaterThan(0);
    expect(api.callsOf('apps.connections.open')[0].token).toBe(APP_TOKEN);
    expect(err).toBeTruthy();
  });
});

describe('Socket Mode end to end', () => {
  it('answers a mention and a slash command received over the WebSocket, acknowledging each envelope', async () => {
    const { startSocketModeStandIn } = await import('../helpers/socket-mode.js');
    api = await startSlackStandIn();
    const ws = await startSocketModeStandIn();
    try {
      api.answer('apps.connections.open', { ok: true, url: ws.url });
      make({ SLACK_APP_TOKEN: APP_TOKEN });
      expect(await integ!.start()).toMatchObject({ mode: 'socket', port: null });
      expect(api.callsOf('apps.connections.open')[0].token).toBe(APP_TOKEN);

      ws.send({
        envelope_id: 'env-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: 'EvSOCKET1',
          event_time: 1700000000,
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
          event: { type: 'app_mention', user: 'U1', text: '<@UBOT> FDI in 2024?', ts: '1700000100.000100', channel: 'C1' },
        },
      });
      await ws.waitFor((r) => r.some((m) => m.envelope_id === 'env-1'));
      await api.waitFor(() => api!.callsOf('chat.postMessage').length === 1);
      expect(api.callsOf('chat.postMessage')[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100' });
      expect(api.callsOf('chat.postMessage')[0].token).toBe(BOT_TOKEN);

      ws.send({
        envelope_id: 'env-2',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { command: '/integ', text: 'FDI 2025', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: api.responseUrl('sm'), trigger_id: '1', api_app_id: 'A1' },
      });
      await ws.waitFor((r) => r.some((m) => m.envelope_id === 'env-2'));
      const ack = ws.received.find((m) => m.envelope_id === 'env-2')!;
      expect(ack.payload.response_type).toBe('ephemeral');
      expect(ack.payload.text).toContain('Answer to: FDI 2025');
    } finally {
      await integ?.stop();
      integ = null;
      await ws.close();
    }
  });
});
