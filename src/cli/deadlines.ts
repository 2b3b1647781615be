/**
 * `integ deadlines [--now ISO] [--channel C] [--lang vi|en|auto] [--json]`: the deadline list as in
 * Slack — the sources' deadlines plus, with --channel, that channel's own from the store
 * (DATABASE_URL, else the lowdb store under INTEG_DATA_DIR). In English unless --lang chooses
 * Vietnamese: there is no question whose language it could follow.
 *
 * The store is opened read-only (lowdb: without taking its lock): reading while `integ serve` runs
 * is the common case, and the data file is only ever replaced atomically, so a read sees one whole
 * version. (A PGlite directory is one process's: use a PostgreSQL server to read beside serve.)
 */
import { ConfigError, loadConfig } from '../config.js';
import { deadlinesAnswer, listDeadlines, todayIn, type DeadlineKnowledge } from '../digest/deadlines.js';
import { loadKnowledge } from '../knowledge/load.js';
import { answerToText } from '../render/text.js';
import { openStore } from '../store/open.js';
import type { TeamDeadline } from '../store/types.js';
import { command, langOption, parseCommand, parseNow, usageError } from './args.js';

export const USAGE = `usage: integ deadlines [--now ISO] [--channel C] [--lang vi|en|auto] [--json]

  --now ISO      the instant to list from (default: now), e.g. 2026-11-23T09:00:00+07:00 or 2026-11-23
  --channel C    include the channel's own deadlines (from the store: DATABASE_URL, else INTEG_DATA_DIR)
  --lang L       the list in vi (Vietnamese) or en (English); auto (default) is English
  --json         every item as JSON instead of the text list
Environment: DATABASE_URL or INTEG_DATA_DIR (default ./data), INTEG_TZ (default Asia/Ho_Chi_Minh) decides "today".
`;

const SPEC = command({
  name: 'deadlines',
  usage: USAGE,
  options: { now: { type: 'string' }, channel: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
});

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** The knowledge base (default: loadKnowledge()). */
  loadKb?: () => DeadlineKnowledge;
}

/** The configuration, or exit code 2 after printing what is wrong with it. (Shared by the CLI commands.) */
export function configOrExit<T>(load: () => T, err: (t: string) => void): T | 2 {
  try {
    return load();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The knowledge base, or exit code 1 after saying why it could not be loaded. */
export function knowledgeOrExit(command: string, load: () => DeadlineKnowledge, err: (t: string) => void): DeadlineKnowledge | 1 {
  try {
    return load();
  } catch (e) {
    err(`${command}: cannot load the knowledge base: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

export async function run(args: string[], opts: CliOptions = {}): Promise<number> {
  const out = opts.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = opts.stderr ?? ((t: string) => void process.stderr.write(t));
  const parsed = parseCommand(SPEC, args, { out, err });
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  const now = o.now !== undefined ? parseNow(o.now) : new Date();
  if (!now) return usageError(SPEC, '--now must be an ISO date or instant such as 2026-11-23 or 2026-11-23T09:00:00+07:00', { out, err });
  const lang = langOption(SPEC, o.lang, { out, err });
  if (typeof lang === 'number') return lang;

  const env = opts.env ?? process.env;
  // only what this command uses: Slack settings are not needed (nor checked) here
  const config = configOrExit(() => loadConfig({ INTEG_DATA_DIR: env.INTEG_DATA_DIR, INTEG_TZ: env.INTEG_TZ }, opts.cwd ?? process.cwd()), err);
  if (typeof config === 'number') return config;
  const kb = knowledgeOrExit('integ deadlines', opts.loadKb ?? loadKnowledge, err);
  if (typeof kb === 'number') return kb;

  const channel = o.channel ?? null;
  let teamDeadlines: TeamDeadline[] = [];
  if (channel) {
    try {
      const store = await openStore(env, { readOnly: true, dataDir: config.dataDir });
      teamDeadlines = await store.listDeadlines(channel);
      await store.close();
    } catch (e) {
      err(`integ deadlines: cannot read the store: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }

  if (o.json) {
    const items = listDeadlines(now, { kb, teamDeadlines, tz: config.tz });
    out(JSON.stringify({ now: now.toISOString(), today: todayIn(now, config.tz), tz: config.tz, channel, items }, null, 2) + '\n');
    return 0;
  }
  const answer = deadlinesAnswer(now, { kb, teamDeadlines, tz: config.tz, lang: lang ?? 'en' });
  out(answerToText(answer, { maxPoints: 100, maxCitations: 100, maxChars: 50_000 }) + '\n');
  return 0;
}
