/**
 * Buttons: "Share in channel" (re-asks the question from the button value and posts it publicly
 * through the response URL), 👍/👎 feedback (store.recordFeedback), and "Did you mean…" (answers
 * the chosen question: ephemerally to the clicker, or in the thread/DM the clarification was in).
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION, ASK_ACTION, answerFallbackText, answerToBlocks, parseFeedbackValue } from '../../render/blocks.js';
import { unescapeSlack } from '../../render/escape.js';
import { ask, bestEffort, DM_MAIN, isDm, recordGap, replyInConversation, threadKey, type Deps } from '../shared.js';

const buttonValue = (action: ButtonAction): string => unescapeSlack(action.value ?? '').trim();

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * One listener per button. A click on a button integ no longer has (an old message's) has no
 * listener: it is acknowledged empty (src/ops/requests.ts trackRequests).
 */
export function register(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.share, (args) => share(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.feedbackUp, (args) => feedback(deps, args, true));
  app.action<BlockAction<ButtonAction>>(ACTION.feedbackDown, (args) => feedback(deps, args, false));
  app.action<BlockAction<ButtonAction>>(ASK_ACTION, (args) => didYouMean(deps, args));
}

/** 👍/👎: recorded for the curators (store.recordFeedback), and the clicker is thanked privately. */
async function feedback(deps: Deps, { ack, body, action, respond }: ButtonArgs, helpful: boolean): Promise<void> {
  await ack();
  const v = parseFeedbackValue(action.value);
  if (!v) return;
  await deps.store.recordFeedback({ at: deps.now().toISOString(), user: body.user.id, question: v.q, intent: v.i, helpful });
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: helpful ? 'Thanks for the feedback!' : 'Thanks, noted: this answer was not helpful. The curators will look at it.',
  });
}

/** "Share in channel": re-runs the question (never trusts an answer carried by the client) and posts it publicly. */
async function share(deps: Deps, { ack, body, action, respond, context }: ButtonArgs): Promise<void> {
  await ack();
  const question = buttonValue(action);
  if (!question) return;
  const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;
  const answer = await ask(deps, question, { channel, context });
  await respond({
    response_type: 'in_channel',
    replace_original: false,
    blocks: answerToBlocks(answer, { feedback: true, sharedBy: body.user.id }),
    text: answerFallbackText(answer),
    unfurl_links: false,
    unfurl_media: false,
  });
  await bestEffort(deps, 'remove the ephemeral answer', () => respond({ delete_original: true }), context);
}

/** A "Did you mean…" choice: answered ephemerally to the clicker, or in the thread or DM the clarification was in. */
async function didYouMean(deps: Deps, { ack, body, action, respond, client, context }: ButtonArgs): Promise<void> {
  await ack();
  const question = buttonValue(action);
  if (!question) return;
  const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;
  const ephemeral = body.container?.is_ephemeral === true || !body.message || !channel;
  if (ephemeral) {
    const answer = await ask(deps, question, { channel, context });
    const clarify = answer.intent === 'clarify';
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      blocks: answerToBlocks(answer, { share: answer.answered && !clarify, feedback: !clarify }),
      text: answerFallbackText(answer),
    });
    recordGap(deps, answer, context);
    return;
  }
  const message = body.message!;
  const threadTs: string | null = message.thread_ts ?? (isDm(channel) ? null : message.ts);
  await replyInConversation(
    deps,
    client,
    { channel, threadTs, slotsKey: threadKey(channel, threadTs ?? DM_MAIN), followUp: false, context },
    question,
  );
}
