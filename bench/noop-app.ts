/**
 * The baseline for the HTTP benchmark: a Bolt app of the same version and receiver type as integ
 * (App's default HTTPReceiver on POST /slack/events, v0 signature verification, the same
 * `authorize` shape, convoStore off as in integ, and one auth.test before listening), whose
 * `/integ` command just acks a fixed text. Reads the same environment as `integ serve`: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
 * SLACK_API_URL, PORT, LOG_LEVEL.
 *
 *   node dist/bench/noop-app.js
 */
import { App, LogLevel } from '@slack/bolt';

const env = process.env;
const botToken = env.SLACK_BOT_TOKEN;
const signingSecret = env.SLACK_SIGNING_SECRET;
if (!botToken || !signingSecret) {
  process.stderr.write('noop-app: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are required\n');
  process.exit(2);
}
const port = Number(env.PORT ?? 3000);
const levels: Record<string, LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };
const logLevel = levels[(env.LOG_LEVEL ?? 'info').toLowerCase()] ?? LogLevel.INFO;
const clientOptions = env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } : {};

let identity: { botId?: string; botUserId?: string } | null = null;
const app = new App({
  signingSecret,
  endpoints: '/slack/events',
  authorize: async () => {
    if (!identity) throw new Error('noop-app: not started');
    return { botToken, botId: identity.botId, botUserId: identity.botUserId };
  },
  clientOptions,
  logLevel,
  convoStore: false,
});

app.command('/integ', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});

const auth = await app.client.auth.test({ token: botToken });
identity = { botId: auth.bot_id, botUserId: auth.user_id };
await app.start(port);
app.logger.info(`noop-app: listening on port ${port}`);

const stop = () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
