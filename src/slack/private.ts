/**
 * Answers only the asker sees, for requests that come from no conversation of their own: the Ask
 * modal and the example questions of App Home, and the "Ask integ about this" message shortcut.
 *
 * In the asker's DM with integ: chat.postMessage with the user id as the channel posts in the app's
 * Messages tab, with chat:write alone (conversations.open would need im:write). The answer stays
 * there with its 👍/👎 and "Did you mean…" buttons, which work as on any DM answer, and a question
 * typed next in the DM follows up on it (its slots are kept under the DM's id, which Slack's answer
 * names). A modal could show the answer too, but its buttons would have no response URL to answer
 * through, and it is gone once closed.
 *
 * The DM is posted once at most: after a lost answer from Slack it is not posted again (the DM
 * cannot be read back by the user id to check: a missing answer, never a doubled one; ./post.ts).
 */
import type { Context } from '@slack/bolt';
import type { Answer } from '../answer/types.js';
import { answerFallbackText, answerToBlocks } from '../render/blocks.js';
import { contextRequestId, noteAnswer } from '../ops/requests.js';
import { postOnce, REPLY_EVENT_TYPE } from './post.js';
import type { RequestLanguage } from './language.js';
import { ask, bestEffort, DM_MAIN, helpLang, isHelp, recordGap, threadKey, type ChatClient, type Deps } from './shared.js';

/** The answer to a question asked privately: the help for an empty question or a help word, else the engine's (with `channel`'s own deadlines when there is one). */
export async function privateAnswer(deps: Deps, question: string, where: { channel: string | null; language: RequestLanguage; context?: Context }): Promise<Answer> {
  if (!question || isHelp(question)) {
    const help = deps.engine.help(helpLang(where.language, question));
    noteAnswer(where.context, help);
    return help;
  }
  return ask(deps, question, { channel: where.channel, lang: where.language.chosen, context: where.context });
}

/** The message that carries a private answer (feedback on answers; "Did you mean…" buttons on a clarification; share: a "Share in channel" button, for an answer shown in a channel). */
export function privateMessage(answer: Answer, opts: { share?: boolean } = {}): { text: string; blocks: ReturnType<typeof answerToBlocks> } {
  const help = answer.intent === 'help';
  const clarify = answer.intent === 'clarify';
  const share = opts.share === true && answer.answered && !clarify && !help;
  return { text: answerFallbackText(answer), blocks: answerToBlocks(answer, { feedback: !help && !clarify, showQuestion: !help, share }) };
}

/** Posts `message` in `user`'s DM with integ (once at most); resolves with the DM's id when Slack names it. */
export async function postInDm(client: ChatClient, user: string, message: { text: string; blocks?: unknown[] }, context?: Context): Promise<string | null> {
  const id = contextRequestId(context) ?? `${user}-${Date.now()}`;
  const posted: { dm: string | null } = { dm: null };
  await postOnce({
    post: async () => {
      const res = await client.chat.postMessage({
        channel: user,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as never } : {}),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { id } },
      });
      posted.dm = typeof res.channel === 'string' ? res.channel : null;
      return res;
    },
  });
  return posted.dm;
}

/** Posts `answer` in `user`'s DM with integ, keeps its slots for a follow-up there, and queues it for the curators when unanswered. */
export async function answerInDm(deps: Deps, client: ChatClient, user: string, answer: Answer, context?: Context): Promise<void> {
  const dm = await postInDm(client, user, privateMessage(answer), context);
  if (dm && answer.intent !== 'help') {
    const key = threadKey(dm, DM_MAIN);
    await bestEffort(deps, 'save the DM context', () => deps.store.putThreadSlots(key, answer.slots), context);
  }
  recordGap(deps, answer, context);
}
