/**
 * Which language a Slack request is answered in.
 *
 * The preferences (`/integ lang`, ./lang-command.ts) are read ONCE per request, with
 * Store.getLanguages (the asker's and the channel's in one round trip), and the rule is the one
 * written on Store.getLanguages: the asker's explicit choice, else the channel's, else the
 * question's own language. The engine is told a language only when one of the two was chosen;
 * otherwise it follows the question.
 *
 * Direct messages: the DM channel's own preference does not count. A DM with integ has one
 * person in it, so a "channel default" there could only be a second, hidden copy of that
 * person's choice, which `/integ lang auto` would not clear; and in a DM between two people,
 * where `/integ` also works, the default of one would be set by the other. So in a DM the asker's
 * choice alone applies (and `/integ lang channel …` there says so).
 *
 * Texts that have no question to follow (App Home, the apology for a failed request, button
 * confirmations): the asker's choice, else the channel's, else what the request itself suggests
 * (the language of the answer a button was on; a question written with Vietnamese letters), else
 * English. Slack gives no user locale in any payload integ receives: slash commands, block_actions,
 * app_mention, message.im and app_home_opened carry none. Slack tells an app a user's locale only
 * through users.info / users.list with include_locale (and user_change events), which need the
 * users:read scope integ does not ask for, and one more Web API call per request; the choice a user
 * makes with `/integ lang` is the way to get Vietnamese everywhere.
 *
 * Reading the preferences is best effort: when the store cannot answer, the request is answered
 * anyway, following the question (a warning is logged).
 */
import type { Context, Logger } from '@slack/bolt';
import type { Lang, Message } from '../answer/types.js';
import { textIn } from '../render/catalogue/index.js';
import type { SlackMessages } from '../render/catalogue/slack.js';
import type { LanguagePreferences, Store } from '../store/types.js';
import { describeError } from './log.js';

/** A message of the Slack catalogue (src/render/catalogue/slack.ts), typed by key. */
export function slackMessage<K extends keyof SlackMessages>(key: K, ...params: SlackMessages[K] extends Record<string, never> ? [] : [SlackMessages[K]]): Message {
  return { kind: 'msg', key, params: params[0] ?? {} };
}

/** A message of the Slack catalogue written in `lang`. */
export function slackText<K extends keyof SlackMessages>(lang: Lang, key: K, ...params: SlackMessages[K] extends Record<string, never> ? [] : [SlackMessages[K]]): string {
  return textIn(lang, slackMessage(key, ...params));
}

/** The language of one request. */
export interface RequestLanguage {
  /** The asker's explicit choice, else the channel's (never a DM's): what the engine is told. null: none, follow the question. */
  chosen: Lang | null;
  /** The preferences read (a DM's channel: null). */
  prefs: LanguagePreferences;
  /** false when the store could not be read (then no preference is known). */
  read: boolean;
  /** What the request itself suggests (the question's look, the answer a button was on): used when nothing was chosen. */
  hint: Lang | null;
  /** The language of texts with no question to follow: chosen, else hint, else English. */
  ui: Lang;
}

/** Who asks where: the workspace (null in single-workspace installs that send none), the user, the channel. */
export interface Asker {
  teamId: string | null;
  user: string | null;
  channel: string | null;
}

/** Direct-message channel ids start with D. */
export const isDm = (channel: string): boolean => channel.startsWith('D');

const NONE: LanguagePreferences = { user: null, channel: null };

/**
 * Reads the asker's and the channel's preferences (one store call; a DM's channel is not looked
 * up), and notes the result on Bolt's `context` for the apology (./listeners/polite.ts).
 */
export async function resolveLanguage(
  deps: { store: Pick<Store, 'getLanguages'>; logger: Logger },
  asker: Asker,
  opts: { context?: Context; hint?: Lang | null; requestId?: string | null } = {},
): Promise<RequestLanguage> {
  const channel = asker.channel && !isDm(asker.channel) ? asker.channel : null;
  let prefs = NONE;
  let read = true;
  if (asker.user || channel) {
    try {
      prefs = await deps.store.getLanguages({ teamId: asker.teamId, user: asker.user, channel });
    } catch (err) {
      read = false;
      deps.logger.warn(`integ: could not read the language preferences, answering in the question's language: ${describeError(err)}`, opts.requestId ? { req_id: opts.requestId } : {});
    }
  }
  const language = languageOf(prefs, read, opts.hint ?? null);
  if (opts.context) opts.context[CONTEXT_KEY] = language;
  return language;
}

/** The rule, on preferences already read. */
export function languageOf(prefs: LanguagePreferences, read: boolean, hint: Lang | null): RequestLanguage {
  const chosen = prefs.user ?? prefs.channel ?? null;
  return { chosen, prefs, read, hint, ui: chosen ?? hint ?? 'en' };
}

/** Bolt's context key for the request's language (the apology is written in it). */
const CONTEXT_KEY = 'integLanguage';

/** The language a listener resolved for the request, if it got that far. */
export function contextLanguage(context: Context | undefined): RequestLanguage | null {
  const v = context?.[CONTEXT_KEY] as RequestLanguage | undefined;
  return v && typeof v === 'object' && (v.ui === 'en' || v.ui === 'vi') ? v : null;
}

/**
 * Letters only Vietnamese writes (ă đ ơ ư, the tones on â ê ô, and the dot below and hook above,
 * which no other Latin script uses; not â ê ô alone, which French writes too): a question written
 * with them is plainly Vietnamese.
 * Used only where there is no answer to take the language from (the apology); the engine tells a
 * question's language itself, diacritics or not.
 */
const VIETNAMESE_LETTERS = /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

/** 'vi' when `text` is plainly Vietnamese (see VIETNAMESE_LETTERS), else null. */
export function vietnameseHint(text: unknown): Lang | null {
  return typeof text === 'string' && VIETNAMESE_LETTERS.test(text.normalize('NFC')) ? 'vi' : null;
}
