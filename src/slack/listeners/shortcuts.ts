/**
 * The message shortcut "Ask integ about this" (manifest.yml features.shortcuts, callback_id
 * `integ_ask_about_message`): integ answers, privately, about the text of the message it is used on.
 *
 * The question is the message's text made plain (messageQuestion): mentions, links' addresses,
 * emoji codes and formatting marks removed, at most MAX_MESSAGE_QUESTION characters. A message with
 * no text gets a polite reply saying so.
 *
 * Privately, in this order: an ephemeral reply in the channel through the shortcut's response URL
 * (it needs neither a scope nor integ in the channel); without one, chat.postEphemeral (integ must be
 * in the channel); when that fails too, the asker's DM with integ (../private.ts). The answer is asked
 * with the channel's own deadlines and in the asker's (else the channel's) chosen language, else the
 * message's.
 */
import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Answer } from '../../answer/types.js';
import { unescapeSlack } from '../../render/escape.js';
import { HOME, homeText } from '../../render/home.js';
import { contextRequestId, noteAnswer } from '../../ops/requests.js';
import { resolveLanguage, vietnameseHint } from '../language.js';
import { describeSlackError } from '../post.js';
import { answerInDm, postInDm, privateAnswer, privateMessage } from '../private.js';
import { recordGap, type Deps } from '../shared.js';

/** The most characters of a message asked about (a long message is cut at a word). */
export const MAX_MESSAGE_QUESTION = 500;

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

export function register(app: App, deps: Deps): void {
  app.shortcut<MessageShortcut>({ type: 'message_action', callback_id: HOME.askAboutMessage }, (args) => askAboutMessage(deps, args));
}

/**
 * A message's text as a question: `<@U…>` mentions, `<!here>`-style and user-group mentions and
 * bare links removed; a link's or channel's label, a date's fallback kept; entities decoded; emoji
 * codes, code fences, block quotes and the marks of *bold*, _italic_, ~strike~ and `code` removed;
 * spaces collapsed; cut at a word to at most `max` characters. Attachments' text when the message
 * has none of its own. "" when nothing is left.
 */
export function messageQuestion(message: { text?: unknown; attachments?: unknown } | null | undefined, max = MAX_MESSAGE_QUESTION): string {
  let raw = typeof message?.text === 'string' ? message.text : '';
  if (!raw.trim() && Array.isArray(message?.attachments)) {
    raw = (message.attachments as { text?: unknown; fallback?: unknown }[])
      .map((a) => (typeof a?.text === 'string' && a.text.trim() ? a.text : typeof a?.fallback === 'string' ? a.fallback : ''))
      .filter(Boolean)
      .join('\n');
  }
  let text = raw.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@') || target.startsWith('!subteam^')) return ' ';
    if (target.startsWith('!date')) return label;
    if (target.startsWith('!')) return ' ';
    if (target.startsWith('#')) return label;
    return label; // a link: its label, never its address
  });
  text = unescapeSlack(text)
    .replace(/```/g, ' ')
    .replace(/^\s*>+\s?/gm, '')
    .replace(/:[a-z0-9_+'-]+:/gi, ' ')
    .replace(/[*~`]+/g, '')
    .replace(/(^|[\s(])_+|_+(?=[\s).,!?;:]|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}

async function askAboutMessage(deps: Deps, args: ShortcutArgs): Promise<void> {
  const { ack, shortcut, context } = args;
  await ack();
  const user = shortcut.user.id;
  const channel = shortcut.channel?.id ?? null;
  const question = messageQuestion(shortcut.message);
  const teamId = shortcut.team?.id || shortcut.user.team_id || null;
  const language = await resolveLanguage(deps, { teamId, user, channel }, { context, hint: vietnameseHint(question), requestId: contextRequestId(context) });
  if (!question) {
    noteAnswer(context, { intent: 'none', answered: false });
    const text = homeText(language.ui, 'home.shortcut.noText');
    await replyPrivately(deps, args, { text }, async () => void (await postInDm(args.client, user, { text }, context)));
    return;
  }
  const answer = await privateAnswer(deps, question, { channel, language, context });
  const inDm = await replyPrivately(deps, args, privateMessage(answer, { share: true }), () => answerInDm(deps, args.client, user, answer, context));
  if (!inDm) recordGap(deps, answer, context);
}

/**
 * An ephemeral reply to the asker in the channel: through the response URL, else (no URL, or it
 * failed) chat.postEphemeral; when neither works, `inDm`. Resolves with true when it went to the DM.
 */
async function replyPrivately(deps: Deps, { shortcut, respond, client, context }: ShortcutArgs, message: { text: string; blocks?: unknown[] }, inDm: () => Promise<void>): Promise<boolean> {
  const blocks = message.blocks ? { blocks: message.blocks as never } : {};
  const channel = shortcut.channel?.id;
  const attempts: (() => Promise<unknown>)[] = [];
  if (shortcut.response_url) attempts.push(() => respond({ response_type: 'ephemeral', replace_original: false, text: message.text, ...blocks }));
  if (channel) attempts.push(() => client.chat.postEphemeral({ channel, user: shortcut.user.id, text: message.text, ...blocks }));
  for (const attempt of attempts) {
    try {
      await attempt();
      return false;
    } catch (err) {
      const id = contextRequestId(context);
      deps.logger.info(`integ: could not answer "Ask integ about this" privately in the channel (${describeSlackError(err)})`, id ? { req_id: id } : {});
    }
  }
  await inDm();
  return true;
}
