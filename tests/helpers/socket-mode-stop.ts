/**
 * A child process (run with `node --import tsx`) that stops a Socket Mode connection during a
 * reconnect, against the local stand-ins: Slack sends `disconnect` (refresh_requested), the new
 * WebSocket's handshake hangs, and the connection is stopped while it is being opened. It prints one
 * JSON line, { unhandled, timers }: the reasons of the unhandled rejections seen, and how many timers
 * are still pending once the stop has finished and the stand-ins are closed (a timer left behind
 * keeps a process alive); then it exits.
 *
 * argv[2]:
 * - `library`: Bolt's SocketModeReceiver's client alone, as the library builds it (it reconnects by
 *   itself), stopped with its disconnect();
 * - `library-twice`: the same, then its disconnect() once more;
 * - `integ`: createApp in Socket Mode, stopped with stop().
 */
import { LogLevel, SocketModeReceiver } from '@slack/bolt';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/slack/app.js';
import { MemoryStore } from '../../src/store/memory.js';
import { fakeEngine } from './fake-engine.js';
import { startSlackStandIn } from './slack-api.js';
import { BOT_TOKEN, captureLogger } from './slack-app.js';
import { startSocketModeStandIn } from './socket-mode.js';

const mode = process.argv[2];
const APP_TOKEN = 'xapp-1-A1-secretapptoken';
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(String(reason)));

const api = await startSlackStandIn();
const ws = await startSocketModeStandIn();
api.answer('apps.connections.open', { ok: true, url: ws.url });

let stop: () => Promise<void>;
if (mode === 'library' || mode === 'library-twice') {
  // clientPingTimeout: the client waits that long before it reconnects (default 5 s)
  const { client } = new SocketModeReceiver({ appToken: APP_TOKEN, logLevel: LogLevel.ERROR, clientPingTimeout: 1000, installerOptions: { clientOptions: { slackApiUrl: api.apiUrl } } });
  client.on('error', () => undefined);
  await client.start();
  stop = async () => {
    await client.disconnect();
    if (mode === 'library-twice') await client.disconnect();
  };
} else if (mode === 'integ') {
  const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.apiUrl });
  const integ = createApp({ config, engine: fakeEngine(), store: new MemoryStore(), logger: captureLogger(), handleCommand: null });
  await integ.start();
  stop = () => integ.stop();
} else {
  throw new Error(`socket-mode-stop: unknown mode ${mode}`);
}

await ws.waitFor(() => ws.connected());
ws.holdHandshakes = true;
ws.send({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'stand-in' } });
await ws.waitFor(() => ws.heldHandshakes() > 0, 15_000);
await stop();
await ws.close();
await api.close();
for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));

const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
process.stdout.write(`${JSON.stringify({ unhandled, timers })}\n`);
process.exit(0);
