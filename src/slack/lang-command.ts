/**
 * `/integ lang …`: the language integ answers in, for the user who types it or for a channel.
 *
 *   lang                         the current setting and how to change it
 *   lang vi | lang en            answer ME in Vietnamese / English, whatever I ask in
 *   lang auto                    answer me in the language I ask in (clears my choice)
 *   lang channel vi|en|auto      this channel's default, for everyone who has no choice of their own
 *
 * Also in Vietnamese, with or without diacritics: `ngôn ngữ tiếng việt`, `ngôn ngữ tiếng anh`,
 * `ngôn ngữ tự động`, `ngôn ngữ kênh tiếng việt`; the scope word may come last (`lang vi channel`).
 * `lang` followed by anything else gets a polite reply in both languages listing the choices;
 * `language …` / `ngôn ngữ …` followed by anything else is a question ("ngôn ngữ chính thức của
 * ASEAN?") and goes to the engine.
 *
 * Replies are written in the language just chosen; `auto` replies in the language that now applies
 * where it was typed (the channel's default or the user's choice), else the command's own.
 */
import type { Lang } from '../answer/types.js';
import { fold } from '../answer/normalize.js';
import { section, context as contextBlock, type KnownBlock } from '../render/blocks.js';
import { escapeText } from '../render/escape.js';
import { isDm, slackText, type Asker, type RequestLanguage } from './language.js';
import type { Store } from '../store/types.js';

export type LangCommand =
  | { kind: 'show'; typedIn: Lang }
  | { kind: 'set'; scope: 'user' | 'channel'; lang: Lang | null; typedIn: Lang }
  | { kind: 'invalid'; typed: string; typedIn: Lang };

/** What `lang` may be followed by, folded (lower case, no diacritics): Vietnamese, English, auto. */
const VALUES: [RegExp, Lang | null][] = [
  [/^(vi|vn|vie|viet|vietnam|viet nam|vietnamese|tieng viet|viet ngu)$/, 'vi'],
  [/^(en|eng|english|tieng anh|anh ngu)$/, 'en'],
  [/^(auto|automatic|tu dong|off|reset)$/, null],
];
/** The words that make it the channel's default, first or last (`lang channel vi`, `lang vi channel`). */
const SCOPE = '(?:this channel|channel|kenh nay|kenh)';
const CHANNEL_FIRST = new RegExp(`^${SCOPE}(?:\\s+(.*))?$`);
const CHANNEL_LAST = new RegExp(`^(.*?)\\s+${SCOPE}$`);
const KEYWORD = /^(lang|language|ngon ngu)(?:\s*[:=]\s*|\s+|$)(.*)$/;
/** Vietnamese words in a command: its replies (without a choice) are in Vietnamese. */
const VIETNAMESE_WORDS = /\b(ngon ngu|tieng|kenh|tu dong|viet ngu|anh ngu)\b/;

/** How many characters of an unknown choice are quoted back. */
const TYPED_MAX = 40;

/**
 * The command in `text` (Slack markup already made plain), or null when it is not one: then it is
 * a question (or another command).
 */
export function parseLangCommand(text: string): LangCommand | null {
  const typed = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  // `lang` typed as such: "Lạng Sơn …" (a province) is a question, and so is "lang son …" without diacritics
  if (/^lang\s+son\b/i.test(typed)) return null;
  const folded = fold(typed).replace(/[.!?]+$/, '').trim();
  const m = KEYWORD.exec(folded);
  if (!m || (m[1] === 'lang' && !/^lang\b/i.test(typed))) return null;
  const strict = m[1] === 'lang';
  const rest = m[2].trim();
  const typedIn: Lang = VIETNAMESE_WORDS.test(folded) ? 'vi' : 'en';
  if (!rest) return { kind: 'show', typedIn };
  const first = CHANNEL_FIRST.exec(rest);
  const last = first ? null : CHANNEL_LAST.exec(rest);
  const scope = first || last ? 'channel' : 'user';
  const value = first ? (first[1] ?? '').trim() : last ? last[1].trim() : rest;
  if (!value) return { kind: 'show', typedIn };
  for (const [re, lang] of VALUES) if (re.test(value)) return { kind: 'set', scope, lang, typedIn };
  if (!strict) return null;
  // quote back what was typed after the keyword (as typed: diacritics and case kept)
  const after = [...typed.replace(/^\S+\s*[:=]?\s*/, '')];
  return { kind: 'invalid', typed: after.length > TYPED_MAX ? `${after.slice(0, TYPED_MAX).join('')}…` : after.join(''), typedIn };
}

/** An ephemeral reply of plain sentences. */
export interface NoticeBody {
  response_type: 'ephemeral';
  blocks: KnownBlock[];
  text: string;
}

/** Each paragraph: its first sentence as a section, the others as a note under it. */
function notice(paragraphs: string[][]): NoticeBody {
  const blocks: KnownBlock[] = [];
  for (const [first, ...rest] of paragraphs) {
    blocks.push(section(escapeText(first)));
    if (rest.length) blocks.push(contextBlock(rest.map((r) => escapeText(r))));
  }
  return { response_type: 'ephemeral', blocks, text: escapeText(paragraphs.map((p) => p[0]).join('\n'), 3000) };
}

/** The outcome of a language command, for the request's log line. */
export interface LangOutcome {
  body: NoticeBody;
  /** false when nothing was changed that was asked for (bad input, store failure). */
  answered: boolean;
}

/** Runs a language command for `asker` (its preferences read once, in `language`). */
export async function runLangCommand(
  cmd: LangCommand,
  asker: Asker & { user: string; channel: string },
  language: RequestLanguage,
  deps: { store: Pick<Store, 'setLanguage' | 'getSubscription' | 'putSubscription'>; now: () => Date },
): Promise<LangOutcome> {
  const dm = isDm(asker.channel);
  const { prefs } = language;
  const fallback = language.chosen ?? cmd.typedIn;

  if (cmd.kind === 'invalid') {
    // in both languages: the one integ would use here first
    const order: Lang[] = fallback === 'vi' ? ['vi', 'en'] : ['en', 'vi'];
    return { answered: false, body: notice(order.map((l) => [slackText(l, 'slack.lang.unknown', { typed: cmd.typed }), slackText(l, 'slack.lang.how', { dm })])) };
  }

  if (cmd.kind === 'show') {
    if (!language.read) return { answered: false, body: notice([[slackText(fallback, 'slack.lang.notRead')]]) };
    return { answered: true, body: notice([[slackText(fallback, 'slack.lang.show', { user: prefs.user, channel: dm ? null : prefs.channel, dm }), slackText(fallback, 'slack.lang.how', { dm })]]) };
  }

  if (cmd.scope === 'channel' && dm) return { answered: false, body: notice([[slackText(fallback, 'slack.lang.dmChannel')]]) };

  // the language that applies here once the change is made: the reply is written in it
  const after: Lang = cmd.lang ?? (cmd.scope === 'user' ? (dm ? null : prefs.channel) : prefs.user) ?? cmd.typedIn;
  try {
    await deps.store.setLanguage({ teamId: asker.teamId, kind: cmd.scope, id: cmd.scope === 'user' ? asker.user : asker.channel }, cmd.lang, deps.now().toISOString());
  } catch {
    return { answered: false, body: notice([[slackText(after, 'slack.lang.notSaved')]]) };
  }
  if (cmd.scope === 'user') {
    const said = cmd.lang ? slackText(after, 'slack.lang.user', { lang: cmd.lang }) : slackText(after, 'slack.lang.userAuto', { channel: dm ? null : prefs.channel });
    return { answered: true, body: notice([[said]]) };
  }
  const said = cmd.lang ? slackText(after, 'slack.lang.channel', { lang: cmd.lang }) : slackText(after, 'slack.lang.channelAuto');
  // the channel's digest is posted in its language: a subscription follows the channel's new choice
  const digest = cmd.lang && (await followedByDigest(deps.store, asker.channel, cmd.lang)) ? [slackText(after, 'slack.lang.digestToo', { lang: cmd.lang })] : [];
  // the asker's own choice still wins for them: say so when it differs from the channel's new default
  const own = prefs.user && prefs.user !== cmd.lang ? [slackText(after, 'slack.lang.yoursStill', { lang: prefs.user })] : [];
  return { answered: true, body: notice([[said, ...digest, ...own]]) };
}

/** Sets the language of the channel's digest subscription, if it has one: true when it did. A failure leaves the digest as it was. */
async function followedByDigest(store: Pick<Store, 'getSubscription' | 'putSubscription'>, channel: string, lang: Lang): Promise<boolean> {
  try {
    const sub = await store.getSubscription(channel);
    if (!sub) return false;
    if (sub.lang !== lang) await store.putSubscription({ ...sub, lang });
    return true;
  } catch {
    return false;
  }
}
