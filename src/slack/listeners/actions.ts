/**
 * Buttons: "Share in channel" (re-asks the question from the button value and posts it publicly
 * through the response URL), 👍/👎 feedback (store.recordFeedback), and "Did you mean…" (answers
 * the chosen question: ephemerally to the clicker, or in the thread/DM the clarification was in).
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION, ASK_ACTION, answerFallbackText, answerToBlocks, parseFeedbackValue } from '../../render/blocks.js';
import { unescapeSlack } from '../../render/escape.js';
import { ask, bestEffort, DM_MAIN, isDm, recordGap, replyInConversation, threadKey, type Deps } from '../shared.js';

const buttonValue = (action: ButtonAction): string => unescapeSlack(action.value ?? '').trim();

export function register(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.share, async ({ ack, body, action, respond }) => {
    await ack();
    const question = buttonValue(action);
    if (!question) return;
    const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;
    // Re-run the question rather than trusting any answer carried by the client.
    const answer = await ask(deps, question, { channel });
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      blocks: answerToBlocks(answer, { feedback: true, sharedBy: body.user.id }),
      text: answerFallbackText(answer),
      unfurl_links: false,
      unfurl_media: false,
    });
    await bestEffort(deps, 'remove the ephemeral answer', () => respond({ delete_original: true }));
  });

  for (const [id, helpful] of [[ACTION.feedbackUp, true], [ACTION.feedbackDown, false]] as const) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, respond }) => {
      await ack();
      const v = parseFeedbackValue(action.value);
      if (!v) return;
      await deps.store.recordFeedback({ at: deps.now().toISOString(), user: body.user.id, question: v.q, intent: v.i, helpful });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: helpful ? 'Thanks for the feedback!' : 'Thanks, noted: this answer was not helpful. The curators will look at it.',
      });
    });
  }

  app.action<BlockAction<ButtonAction>>(ASK_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const question = buttonValue(action);
    if (!question) return;
    const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;
    const ephemeral = body.container?.is_ephemeral === true || !body.message || !channel;
    if (ephemeral) {
      const answer = await ask(deps, question, { channel });
      const clarify = answer.intent === 'clarify';
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        blocks: answerToBlocks(answer, { share: answer.answered && !clarify, feedback: !clarify }),
        text: answerFallbackText(answer),
      });
      await recordGap(deps, answer);
      return;
    }
    const message = body.message!;
    const threadTs: string | null = message.thread_ts ?? (isDm(channel) ? null : message.ts);
    await replyInConversation(
      deps,
      client,
      { channel, threadTs, slotsKey: threadKey(channel, threadTs ?? DM_MAIN), followUp: false },
      question,
    );
  });
}
