/**
 * What the listeners share: their dependencies, asking the engine with a channel's context and the
 * request's language (./language.ts), thread keys and slots, best-effort bookkeeping, and the one
 * polite failure message.
 */
import { randomUUID } from 'node:crypto';
import type { Logger, webApi } from '@slack/bolt';
import type { Engine } from '../answer/index.js';
import { askContext, unansweredEntry } from '../engine.js';
import type { Answer, Lang, Slots } from '../answer/types.js';
import type { Config } from '../config.js';
import type { DeadlineKnowledge } from '../digest/deadlines.js';
import { fold } from '../answer/normalize.js';
import { answerFallbackText, answerToBlocks } from '../render/blocks.js';
import { slackToPlain } from '../render/escape.js';
import { contextRequestId, noteAnswer } from '../ops/requests.js';
import type { Metrics } from '../ops/metrics.js';
import { describeSlackError, findReply, postOnce, PostOutcomeUnknownError, REPLY_EVENT_TYPE } from './post.js';
import type { Store } from '../store/types.js';
import type { GapLog } from './gaps.js';
import { slackText, type RequestLanguage } from './language.js';

export { isDm } from './language.js';

/** The signature of src/digest/commands.ts `handleCommand` (null: not a deadline/digest command). */
export type CommandHandler = (
  text: string,
  ctx: { channel: string; user: string; teamId: string | null; store: Store; now: Date; tz: string; kb?: DeadlineKnowledge | null; lang?: Lang | null },
) => Promise<Answer | null>;

export interface SlackDeps {
  config: Config;
  engine: Engine;
  store: Store;
  logger?: Logger;
  /** Upcoming deadlines for the Home tab, in the Home tab's language; default: the knowledge base's deadlines (src/digest/deadlines.ts) in INTEG_TZ. */
  homeDeadlines?: (ctx: { user: string; teamId: string | null; now: Date; lang: Lang }) => Promise<Answer | null>;
  /** `/integ deadline…|deadlines|digest…`; default: src/digest/commands.ts handleCommand; null = none. */
  handleCommand?: CommandHandler | null;
  /** The clock (tests). */
  now?: () => Date;
  /** Metrics (src/ops/metrics.ts); default: new ones when METRICS=1, else none. null: none. */
  metrics?: Metrics | null;
  /** How long a Web API call may take before it is given up (default 15 s; tests: shorter). */
  slackTimeoutMs?: number;
}

/** SlackDeps with defaults filled in. */
export interface Deps extends Required<Omit<SlackDeps, 'handleCommand' | 'homeDeadlines' | 'metrics' | 'slackTimeoutMs'>> {
  homeDeadlines: NonNullable<SlackDeps['homeDeadlines']>;
  /** The deadline/digest command handler, or null for none. */
  commands: CommandHandler | null;
  /** The curators' log of unanswered questions, written in batches. */
  gaps: GapLog;
  /** null when METRICS is off. */
  metrics: Metrics | null;
}

/** The apology for a failed request, in English; sorry(lang) in any language. */
export const SORRY = slackText('en', 'slack.sorry');
export const sorry = (lang: Lang): string => slackText(lang, 'slack.sorry');

/** Thread slots key: `${channel}:${thread_ts}`. */
export const threadKey = (channel: string, threadTs: string): string => `${channel}:${threadTs}`;

/** Slots read back from the store, if they still have the Slots shape. */
export function asSlots(v: unknown): Slots | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Partial<Slots>;
  const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'string');
  if (!Array.isArray(s.years) || !s.years.every((y) => typeof y === 'number')) return null;
  if (!strings(s.places) || !strings(s.docs)) return null;
  if (s.period !== null && (typeof s.period !== 'object' || s.period === undefined)) return null;
  return s as Slots;
}

/** The question in a mention or DM: Slack markup made readable, leading mentions of the bot removed. */
export function questionText(raw: unknown, botUserId?: string): string {
  let text = typeof raw === 'string' ? raw : '';
  if (botUserId) text = text.split(`<@${botUserId}>`).join(' ');
  text = text.replace(/^\s*(<@[UW][A-Z0-9]+(\|[^>]*)?>\s*)+/, ' ');
  return slackToPlain(text).replace(/\s+/g, ' ').trim();
}

/** Asking for help, in English or Vietnamese (with or without diacritics): the language asked in, else null. */
export function helpLanguage(text: string): Lang | null {
  const t = fold(text.trim());
  if (/^(help|\?|hi|hello)$/.test(t)) return 'en';
  if (/^(tro giup|giup|giup do|huong dan|xin chao|chao)$/.test(t)) return 'vi';
  return null;
}

export const isHelp = (text: string): boolean => helpLanguage(text) !== null;

/** The help answer's language for `text` (empty or a help word): the choice, else the help word's language, else the request's. */
export const helpLang = (language: RequestLanguage, text: string): Lang => language.chosen ?? helpLanguage(text) ?? language.ui;

/**
 * Asks the engine with the channel's own deadlines, the thread's slots and the language the user or
 * channel chose (`lang`: only then is the engine told one; else it answers in the question's), and
 * notes the answer on the request (`context`: Bolt's, for the request's log line).
 */
export async function ask(
  deps: Deps,
  text: string,
  where: { channel: string | null; lang: Lang | null; threadSlots?: Slots | null; context?: unknown; now?: Date },
): Promise<Answer> {
  const now = where.now ?? deps.now();
  const teamDeadlines = where.channel ? await deps.store.listDeadlines(where.channel) : [];
  const answer = deps.engine.ask(text, askContext(deps.engine, { now, tz: deps.config.tz, teamDeadlines, threadSlots: where.threadSlots ?? null, lang: where.lang ?? undefined }));
  noteAnswer(where.context, answer);
  return answer;
}

/**
 * Queues an unanswered question for the curators' log (./gaps.ts), marked as asked in Slack, by the
 * same rule as the shell and CLI (src/engine.ts unansweredEntry). Best effort: failures are logged, never shown.
 */
export function recordGap(deps: Deps, answer: Answer, context?: unknown): void {
  const entry = unansweredEntry(answer, 'slack', deps.now());
  if (entry) deps.gaps.record(entry, contextRequestId(context));
}

/** Runs bookkeeping whose failure must not turn an answer the user already has into an error (logged with the request's id). */
export async function bestEffort(deps: Deps, what: string, fn: () => Promise<unknown>, context?: unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    deps.logger.warn(`integ: could not ${what}: ${err instanceof Error ? err.message : String(err)}`, requestFields(context));
  }
}

/** The request id as a log field, when the request is known. */
const requestFields = (context: unknown): { req_id?: string } => {
  const id = contextRequestId(context);
  return id ? { req_id: id } : {};
};

/** Event ids the store could not record (full disk…), per store: the newest 10 000. */
const unrecorded = new WeakMap<object, Set<string>>();

/**
 * True the first time an Events API delivery is seen (Slack retries carry the same event_id). When
 * the store cannot record the id, the question is still answered: the id is remembered in memory
 * so that Slack's retries are still dropped.
 */
export async function firstDelivery(deps: Deps, body: { event_id?: string }, context?: unknown): Promise<boolean> {
  const id = body.event_id;
  if (!id) return true;
  if (unrecorded.get(deps.store)?.has(id)) return false;
  try {
    return await deps.store.markEventProcessed(id, deps.now().toISOString());
  } catch (err) {
    let seen = unrecorded.get(deps.store);
    if (!seen) unrecorded.set(deps.store, (seen = new Set()));
    if (seen.has(id)) return false; // a retry that failed to record as well
    seen.add(id);
    if (seen.size > 10_000) seen.delete(seen.values().next().value as string);
    deps.logger.warn(`integ: could not record event ${id}, answering anyway: ${err instanceof Error ? err.message : String(err)}`, requestFields(context));
    return true;
  }
}

/** Messages from bots (including integ itself) are never answered. */
export function fromBot(event: { bot_id?: string; subtype?: string; bot_profile?: unknown }): boolean {
  return !!event.bot_id || event.subtype === 'bot_message' || !!event.bot_profile;
}

/** The client surface replies use: posting, and reading the conversation to find a reply whose answer was lost. */
export type ChatClient = Pick<webApi.WebClient, 'chat' | 'conversations'>;

/** Slots key suffix for a DM's top-level conversation. */
export const DM_MAIN = 'im';

/**
 * Answers `text` in a conversation: in the thread `threadTs` (or top-level when null), reusing the
 * slots stored under `slotsKey` and storing the new answer's slots there afterwards, in the
 * request's `language` (./language.ts, read by the caller). `context`: Bolt's, where the request
 * notes the answer.
 *
 * Posted once, as the conversation sees it (./post.ts postOnce): the reply carries message metadata
 * { event_type: 'integ_reply', event_payload: { id: the request id (the event_id) } }, and after a
 * lost answer from Slack it is looked for in the thread (or the DM) before it is posted again. When
 * the conversation cannot be read, it is not posted again, nor is the apology: a warning says the
 * answer may or may not be there, and integ_replies_unknown_total counts it.
 */
export async function replyInConversation(
  deps: Deps,
  client: ChatClient,
  where: { channel: string; threadTs: string | null; slotsKey: string; followUp: boolean; language: RequestLanguage; context?: unknown },
  text: string,
): Promise<Answer> {
  const help = !text || isHelp(text);
  const threadSlots = !help && where.followUp ? asSlots(await deps.store.getThreadSlots(where.slotsKey)) : null;
  const answer = help
    ? deps.engine.help(helpLang(where.language, text))
    : await ask(deps, text, { channel: where.channel, lang: where.language.chosen, threadSlots, context: where.context });
  if (help) noteAnswer(where.context, answer);
  const clarify = answer.intent === 'clarify';
  const id = contextRequestId(where.context) ?? randomUUID();
  const message = {
    channel: where.channel,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    text: answerFallbackText(answer),
    blocks: answerToBlocks(answer, { feedback: !help && !clarify, showQuestion: !help, reask: !help, threadSlots }),
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { id } },
  };
  try {
    await postOnce({
      post: () => client.chat.postMessage(message),
      find: () => findReply(client, { channel: where.channel, threadTs: where.threadTs, id }),
      onRetry: (err) => deps.logger.warn(`integ: posting the answer in ${where.channel} failed (${describeSlackError(err)}) and it is not there; posting it again`, requestFields(where.context)),
    });
  } catch (err) {
    if (!(err instanceof PostOutcomeUnknownError)) throw err;
    deps.logger.warn(`integ: the answer in ${where.channel} ${err.message}`, requestFields(where.context));
    deps.metrics?.replyOutcomeUnknown();
  }
  if (!help) await bestEffort(deps, 'save thread context', () => deps.store.putThreadSlots(where.slotsKey, answer.slots), where.context);
  recordGap(deps, answer, where.context);
  return answer;
}
