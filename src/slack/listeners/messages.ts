/**
 * Direct messages (`message.im`): answered in the DM (in the thread when the question is in one),
 * in the language the asker chose, else the question's.
 * Follow-ups reuse the slots of the DM's last answer (or the thread's). Edits, joins and other
 * message subtypes, bot messages and integ's own messages are ignored.
 */
import type { App, types } from '@slack/bolt';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage, vietnameseHint } from '../language.js';
import { DM_MAIN, firstDelivery, fromBot, questionText, replyInConversation, threadKey, type Deps } from '../shared.js';

export function register(app: App, deps: Deps): void {
  app.message(async ({ message, body, client, context }) => {
    if (!isPersonsDm(message, context.botUserId)) return;
    if (!(await firstDelivery(deps, body, context))) return;
    const threadTs = typeof message.thread_ts === 'string' && message.thread_ts ? message.thread_ts : null;
    const question = questionText(message.text, context.botUserId);
    // a DM: the asker's choice alone (a DM channel's default does not count: ../language.ts)
    const asker = { teamId: body.team_id || null, user: message.user, channel: message.channel };
    const language = await resolveLanguage(deps, asker, { context, hint: vietnameseHint(question), requestId: contextRequestId(context) });
    await replyInConversation(
      deps,
      client,
      { channel: message.channel, threadTs, slotsKey: threadKey(message.channel, threadTs ?? DM_MAIN), followUp: true, language, context },
      question,
    );
  });
}

/** A message a person wrote in a DM with integ (not an edit or another subtype), which can be answered. */
function isPersonsDm(message: types.MessageEvent, botUserId: string | undefined): message is types.GenericMessageEvent {
  if (message.subtype !== undefined || message.channel_type !== 'im' || fromBot(message)) return false;
  if (typeof message.user !== 'string' || !message.user || message.user === botUserId) return false;
  // (a payload without a string channel and ts cannot be answered)
  return typeof message.channel === 'string' && !!message.channel && typeof message.ts === 'string';
}
