/**
 * Buttons: "Share in channel" (re-asks the question from the button value and posts it publicly
 * through the response URL), 👍/👎 feedback (store.recordFeedback), and "Did you mean…" (answers
 * the chosen question: ephemerally to the clicker, or in the thread/DM the clarification was in).
 * Re-asked questions are answered in the clicker's (else the channel's) chosen language, else the
 * question's; the feedback thanks in that choice, else the language of the answer clicked on.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION, ASK_ACTION, answerFallbackText, answerToBlocks, parseFeedbackValue } from '../../render/blocks.js';
import { unescapeSlack } from '../../render/escape.js';
import type { Lang } from '../../answer/types.js';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage, slackText, vietnameseHint, type RequestLanguage } from '../language.js';
import { ask, bestEffort, DM_MAIN, isDm, recordGap, replyInConversation, threadKey, type Deps } from '../shared.js';

const buttonValue = (action: ButtonAction): string => unescapeSlack(action.value ?? '').trim();

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The conversation a button was clicked in, when Slack says. */
const channelOf = (body: BlockAction<ButtonAction>): string | null => body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;

/** The clicker's language (read once for the request). */
function clickerLanguage(deps: Deps, { body, context }: ButtonArgs, hint: Lang | null): Promise<RequestLanguage> {
  const teamId = body.team?.id ?? body.user.team_id ?? null;
  return resolveLanguage(deps, { teamId, user: body.user.id, channel: channelOf(body) }, { context, hint, requestId: contextRequestId(context) });
}

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
async function feedback(deps: Deps, args: ButtonArgs, helpful: boolean): Promise<void> {
  const { ack, body, action, respond } = args;
  await ack();
  const v = parseFeedbackValue(action.value);
  if (!v) return;
  const { ui } = await clickerLanguage(deps, args, v.l ?? vietnameseHint(v.q));
  await deps.store.recordFeedback({ at: deps.now().toISOString(), user: body.user.id, question: v.q, intent: v.i, helpful });
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: slackText(ui, helpful ? 'slack.thanksHelpful' : 'slack.thanksNotHelpful'),
  });
}

/** "Share in channel": re-runs the question (never trusts an answer carried by the client) and posts it publicly. */
async function share(deps: Deps, args: ButtonArgs): Promise<void> {
  const { ack, body, action, respond, context } = args;
  await ack();
  const question = buttonValue(action);
  if (!question) return;
  const channel = channelOf(body);
  const language = await clickerLanguage(deps, args, vietnameseHint(question));
  const answer = await ask(deps, question, { channel, lang: language.chosen, context });
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
async function didYouMean(deps: Deps, args: ButtonArgs): Promise<void> {
  const { ack, body, action, respond, client, context } = args;
  await ack();
  const question = buttonValue(action);
  if (!question) return;
  const channel = channelOf(body);
  const language = await clickerLanguage(deps, args, vietnameseHint(question));
  const ephemeral = body.container?.is_ephemeral === true || !body.message || !channel;
  if (ephemeral) {
    const answer = await ask(deps, question, { channel, lang: language.chosen, context });
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
    { channel, threadTs, slotsKey: threadKey(channel, threadTs ?? DM_MAIN), followUp: false, language, context },
    question,
  );
}
