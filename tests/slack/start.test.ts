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
