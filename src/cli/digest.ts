/**
 * `integ digest run [--now ISO]`: delivers every weekly digest due at that instant, and the due-day
 *   reminders due then (src/digest/reminders.ts; a second line "reminders at …" when there were any),
 *   then exits.
 *   Posts with a Web API client built from SLACK_BOT_TOKEN and SLACK_API_URL; the delivery ledger
 *   makes a second run at the same instant post nothing. Store: DATABASE_URL, else lowdb under
 *   INTEG_DATA_DIR. lowdb: it takes the store's lock, so it refuses to run while `integ serve` uses
 *   the same INTEG_DATA_DIR (serve delivers digests itself). PostgreSQL: it can run beside any number
 *   of serve replicas (a CronJob): the ledger's claims keep it to one digest per channel per week.
 *   Digests carry message metadata, so a run that takes over a crashed runner's claim, or whose
 *   post lost Slack's answer, finds the post in the channel instead of posting again
 *   (src/slack/digest.ts); when the history cannot be read it does not post again and reports the
 *   digest as unknown.
 *   Exit code 0 when nothing failed, 1 when a digest or reminder failed or its outcome is unknown
 *   (or the store/knowledge can't be read).
 * `integ digest preview [--channel C] [--now ISO] [--lang vi|en|auto]`: prints what the digest would
 *   post (read-only), in the language it would be posted in (auto) unless --lang chooses one.
 */
import { webApi } from '@slack/bolt';
import { loadConfig, secretsOf } from '../config.js';
import type { Answer, Lang } from '../answer/types.js';
import type { DeadlineKnowledge } from '../digest/deadlines.js';
import { runReminders } from '../digest/reminders.js';
import { digestAnswer, digestLang, runDigests, type DigestLogger, type DigestRunSummary } from '../digest/runner.js';
import { loadKnowledge } from '../knowledge/load.js';
import { answerToText } from '../render/text.js';
import { createLogger, describeError, redact } from '../slack/log.js';
import { slackDigestDelivery } from '../slack/digest.js';
import { slackReminderDelivery } from '../slack/reminders.js';
import { teamClients } from '../slack/oauth.js';
import { POST_CLIENT_OPTIONS, SLACK_CALL_TIMEOUT_MS } from '../slack/post.js';
import { openStore } from '../store/open.js';
import type { Store, TeamDeadline } from '../store/types.js';
import { command, langOption, parseCommand, parseNow, usageError } from './args.js';
import { configOrExit, knowledgeOrExit, type CliOptions } from './deadlines.js';

const ENVIRONMENT = `Environment: SLACK_BOT_TOKEN (or, for OAuth installs, SLACK_CLIENT_ID) and SLACK_API_URL (run), DATABASE_URL (else INTEG_DATA_DIR, default
./data), INTEG_TZ (default Asia/Ho_Chi_Minh), LOG_LEVEL.
`;
const RUN = 'integ digest run [--now ISO]\n      deliver the digests (and due-day reminders) due at that instant, then exit';
const PREVIEW = 'integ digest preview [--channel C] [--now ISO] [--lang vi|en|auto]\n      print what the digest would post';
const NOW_HELP = '  --now ISO    the instant, e.g. 2026-11-23T09:00:00+07:00 (default: now)';

export const USAGE = `usage:\n  ${RUN}\n  ${PREVIEW}\n${ENVIRONMENT}`;

const SUBCOMMANDS = {
  run: command({ name: 'digest run', usage: `usage: ${RUN}\n\n${NOW_HELP}\n${ENVIRONMENT}`, options: { now: { type: 'string' } } }),
  preview: command({
    name: 'digest preview',
    usage:
      `usage: ${PREVIEW}\n\n${NOW_HELP}\n  --channel C  with that channel's own deadlines and digest time zone (from the store)\n` +
      `  --lang L     vi (Vietnamese) or en (English); auto (default): the digest's own, as it is posted:\n` +
      `               the one chosen with its subscription, else the channel's (\`/integ lang\`), else English\n${ENVIRONMENT}`,
    options: { now: { type: 'string' }, channel: { type: 'string' }, lang: { type: 'string' } },
  }),
};

export interface DigestCliOptions extends CliOptions {
  /** Web API client options added to the defaults (tests: a shorter timeout); never its retries (src/slack/post.ts). */
  clientOptions?: webApi.WebClientOptions;
  /** Post timeout for each digest (default: the runner's). */
  postTimeoutMs?: number;
}

const counts = (s: DigestRunSummary) => `due ${s.due}, delivered ${s.delivered}, failed ${s.failed}, skipped ${s.skipped}, unknown ${s.unknown}`;

export async function run(args: string[], opts: DigestCliOptions = {}): Promise<number> {
  const out = opts.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = opts.stderr ?? ((t: string) => void process.stderr.write(t));
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(USAGE);
    return 0;
  }
  if (sub !== 'run' && sub !== 'preview') return usageError({ name: 'digest', usage: USAGE }, sub ? `unknown subcommand "${sub}"` : 'missing the subcommand (run or preview)', { out, err });
  const spec = SUBCOMMANDS[sub];
  const parsed = sub === 'run' ? parseCommand(SUBCOMMANDS.run, rest, { out, err }) : parseCommand(SUBCOMMANDS.preview, rest, { out, err });
  if (typeof parsed === 'number') return parsed;
  const o: { now?: string; channel?: string; lang?: string } = parsed.values;
  const now = o.now !== undefined ? parseNow(o.now) : new Date();
  if (!now) return usageError(spec, '--now must be an ISO date or instant such as 2026-11-23T09:00:00+07:00', { out, err });
  const chosenLang = langOption(spec, o.lang, { out, err });
  if (typeof chosenLang === 'number') return chosenLang;
  const env = opts.env ?? process.env;
  const config = configOrExit(
    () =>
      sub === 'run'
        ? loadConfig(env, opts.cwd ?? process.cwd())
        : loadConfig({ INTEG_DATA_DIR: env.INTEG_DATA_DIR, INTEG_TZ: env.INTEG_TZ, DATABASE_URL: env.DATABASE_URL }, opts.cwd ?? process.cwd()),
    err,
  );
  if (typeof config === 'number') return config;
  const kb = knowledgeOrExit('integ digest', opts.loadKb ?? loadKnowledge, err);
  if (typeof kb === 'number') return kb;

  if (sub === 'preview') {
    const channel = o.channel ?? null;
    let tz = config.tz;
    let teamDeadlines: TeamDeadline[] = [];
    let lang: Lang = chosenLang ?? 'en';
    if (channel) {
      try {
        const store = await openStore(env, { readOnly: true, dataDir: config.dataDir });
        teamDeadlines = await store.listDeadlines(channel);
        const sub = await store.getSubscription(channel);
        tz = sub?.tz ?? tz;
        // --lang, else the language the digest is posted in (the subscription's, else the channel's)
        lang = chosenLang ?? (await digestLang({ lang: sub?.lang, teamId: sub?.teamId ?? null, channel }, store));
        await store.close();
      } catch (e) {
        err(`integ digest preview: cannot read the store: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
    }
    out(answerToText(digestAnswer(now, kb, teamDeadlines, tz, lang), { maxPoints: 100, maxCitations: 100, maxChars: 50_000 }) + '\n');
    return 0;
  }

  // run
  const token = config.slack.botToken;
  // OAuth installs (SLACK_CLIENT_ID, no bot token): each subscription's workspace token from the store
  const installed = !token && !!config.slack.clientId;
  if (!token && !installed) {
    err('integ digest run: SLACK_BOT_TOKEN (the bot token, xoxb-…) is required to post digests, or SLACK_CLIENT_ID when integ is installed through OAuth (each workspace\'s token is in the store)\n');
    return 2;
  }
  const secrets = secretsOf(config);
  const log = createLogger({ level: config.logLevel, secrets, write: (line) => err(`${line}\n`), name: 'integ digest' });
  const logger: DigestLogger = {
    debug: (m, meta) => log.debug(m, meta ?? ''),
    info: (m, meta) => log.info(m, meta ?? ''),
    warn: (m, meta) => log.warn(m, meta ?? ''),
    error: (m, meta) => log.error(m, meta ?? ''),
  };

  let store: Store;
  try {
    store = await openStore(env, { dataDir: config.dataDir });
  } catch (e) {
    err(`integ digest run: ${redact(e instanceof Error ? e.message : String(e), secrets)}\n`);
    return 1;
  }

  // the client retries nothing by itself: a digest whose answer from Slack was lost is looked for
  // in the channel before it is posted again (src/slack/post.ts), whatever opts.clientOptions says
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    logger: log,
    timeout: SLACK_CALL_TIMEOUT_MS,
    ...opts.clientOptions,
    ...POST_CLIENT_OPTIONS,
  };
  const client = new webApi.WebClient(token ?? undefined, clientOptions);
  const perTeam = installed ? teamClients(store, clientOptions) : null;
  const clientFor = async (teamId: string | null) => (perTeam ? perTeam.clientFor(teamId) : client);
  const delivery = slackDigestDelivery(clientFor);
  const reminderDelivery = slackReminderDelivery(clientFor);
  try {
    const summary = await runDigests({
      store,
      kb,
      now,
      logger,
      postTimeoutMs: opts.postTimeoutMs,
      post: delivery.post,
      findPosted: delivery.findPosted,
    });
    out(`digest run at ${now.toISOString()}: ${counts(summary)}\n`);
    // the due-day reminders due at the same instant; their line only when there were some
    const reminders = await runReminders({ store, now, logger, postTimeoutMs: opts.postTimeoutMs, post: reminderDelivery.post, findPosted: reminderDelivery.findPosted });
    if (reminders.due) out(`reminders at ${now.toISOString()}: ${counts(reminders)}\n`);
    return [summary, reminders].some((s) => s.failed > 0 || s.unknown > 0) ? 1 : 0;
  } catch (e) {
    err(`integ digest run: ${redact(describeError(e), secrets)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
