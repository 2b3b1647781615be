/**
 * integ's Socket Mode receiver (src/slack/socket-mode.ts) and the two faults of @slack/socket-mode
 * it works around. The library checks FAIL when an upgrade fixes or changes a fault: then the
 * workaround may go (see the comment at the top of src/slack/socket-mode.ts).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ROOT } from '../../src/paths.js';
import { createApp, type IntegApp } from '../../src/slack/app.js';
import { MemoryStore } from '../../src/store/memory.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-api.js';
import { BOT_TOKEN, captureLogger } from '../helpers/slack-app.js';
import { startSocketModeStandIn, type SocketModeStandIn } from '../helpers/socket-mode.js';

/** Runs tests/helpers/socket-mode-stop.ts: a stop during a reconnect, in a process of its own. */
async function stopDuringReconnect(mode: 'library' | 'library-twice' | 'integ'): Promise<{ unhandled: string[]; timers: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/helpers/socket-mode-stop.ts'), mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, err).toBe(0);
  return JSON.parse(out.trim().split('\n').pop()!) as { unhandled: string[]; timers: number };
}

describe('@slack/socket-mode, stopped during a reconnect (the faults integ works around)', () => {
  it('rejects its reconnect start() unhandled, with undefined, when disconnected during the reconnect (slackapi/node-slack-sdk#2656)', async () => {
    const { unhandled } = await stopDuringReconnect('library');
    expect(unhandled).toEqual(['undefined']);
  }, 30_000);

  it('leaves a close-handshake timer pending when disconnected while the WebSocket opens, which a second disconnect() clears', async () => {
    expect((await stopDuringReconnect('library')).timers).toBe(1);
    expect((await stopDuringReconnect('library-twice')).timers).toBe(0);
  }, 30_000);
});

describe('integ in Socket Mode', () => {
  it('leaves no unhandled rejection and no timer behind when stopped during a reconnect', async () => {
    expect(await stopDuringReconnect('integ')).toEqual({ unhandled: [], timers: 0 });
  }, 30_000);

  let api: SlackStandIn | null = null;
  const stands: SocketModeStandIn[] = [];
  let integ: IntegApp | null = null;
  afterEach(async () => {
    await integ?.stop();
    for (const ws of stands.splice(0)) await ws.close();
    await api?.close();
    integ = null;
    api = null;
  });

  it('is ready again when the lost WebSocket could not be opened for a while and then opens', async () => {
    api = await startSlackStandIn();
    const first = await startSocketModeStandIn();
    stands.push(first);
    api.answer('apps.connections.open', { ok: true, url: first.url });
    const logger = captureLogger();
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-secretapptoken', SLACK_API_URL: api.apiUrl });
    integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger, handleCommand: null });
    await integ.start();
    expect(await integ.ready()).toEqual({ ok: true });

    await first.close(); // the WebSocket drops, and its URL refuses connections from now on
    await expect.poll(async () => (await integ!.ready()).ok, { timeout: 5000, interval: 20 }).toBe(false);
    await expect.poll(() => logger.lines.some((l) => l.includes('could not connect to Slack over Socket Mode')), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(await integ.ready()).toEqual({ ok: false, reason: 'Socket Mode: not connected to Slack (reconnecting)' });

    const second = await startSocketModeStandIn();
    stands.push(second);
    api.answer('apps.connections.open', { ok: true, url: second.url });
    await second.waitFor(() => second.connected(), 15_000);
    await expect.poll(async () => (await integ!.ready()).ok, { timeout: 5000, interval: 20 }).toBe(true);
    expect(api.callsOf('apps.connections.open').length).toBeGreaterThanOrEqual(3);
  }, 30_000);
});
