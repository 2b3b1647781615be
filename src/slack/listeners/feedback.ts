/**
 * 👍/👎 on an answer: the vote is recorded for the curators (store.recordFeedback, origin 'slack')
 * and the buttons are replaced in place by "Thanks — noted", in the clicker's language (the
 * message keeps its answer and its other buttons; no separate message). 👎 also opens an optional
 * "What was wrong?" modal; what is written there is recorded with the question (comment, for
 * `kb gaps`). Nothing the client sends is shown as answer text: the blocks of the message Slack
 * sends with the click (a signed request) are kept as they are, and an answer whose blocks do
 * not come with it (an ephemeral one) is asked again from the question in the button.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { ACTION, answerFallbackText, answerToBlocks, parseFeedbackValue, thankedBlocks, type FeedbackValue } from '../../render/blocks.js';
import { FEEDBACK_COMMENT, FEEDBACK_MODAL, feedbackModal, parseFeedbackMetadata } from '../../render/feedback.js';
import { feedbackComment, MAX_FEEDBACK_COMMENT } from '../../store/types.js';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage, vietnameseHint, type RequestLanguage } from '../language.js';
import { ask, asSlots, bestEffort, sorry, type Deps } from '../shared.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function register(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.feedbackUp, (args) => vote(deps, args, true));
  app.action<BlockAction<ButtonAction>>(ACTION.feedbackDown, (args) => vote(deps, args, false));
  app.view<ViewSubmitAction>(FEEDBACK_MODAL, (args) => comment(deps, args));
}

const channelOf = (body: BlockAction<ButtonAction>): string | null => body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null;

async function vote(deps: Deps, args: ButtonArgs, helpful: boolean): Promise<void> {
  const { ack, body, action, respond, client, context } = args;
  await ack();
  const v = parseFeedbackValue(action.value);
  if (!v) return;
  const teamId = body.team?.id ?? body.user.team_id ?? null;
  const language = await resolveLanguage(deps, { teamId, user: body.user.id, channel: channelOf(body) }, { context, hint: v.l ?? vietnameseHint(v.q), requestId: contextRequestId(context) });
  // first: a trigger_id is good for 3 seconds
  if (!helpful && body.trigger_id) {
    const view = feedbackModal({ q: v.q, i: v.i, l: language.ui }, MAX_FEEDBACK_COMMENT);
    await bestEffort(deps, 'open the feedback modal', () => client.views.open({ trigger_id: body.trigger_id, view }), context);
  }
  await deps.store.recordFeedback({ at: deps.now().toISOString(), user: body.user.id, question: v.q, intent: v.i, helpful, origin: 'slack' });
  const message = body.message as { blocks?: unknown; text?: unknown } | undefined;
  if (Array.isArray(message?.blocks) && message.blocks.length) {
    await respond({ replace_original: true, blocks: thankedBlocks(message.blocks, language.ui), text: typeof message.text === 'string' ? message.text : '' });
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: true, ...(await thankedAnswer(deps, args, v, language)) });
}

/** An answer voted on whose blocks did not come with the click (ephemeral), again from the question, with the thanks. */
async function thankedAnswer(deps: Deps, { body }: ButtonArgs, v: FeedbackValue, language: RequestLanguage): Promise<{ blocks: ReturnType<typeof answerToBlocks>; text: string }> {
  const threadSlots = asSlots(v.s);
  // (the request is a vote, not a question: the answer shown again is not noted on it)
  const answer = await ask(deps, v.q, { channel: channelOf(body), lang: language.chosen ?? v.l ?? null, threadSlots });
  const clarify = answer.intent === 'clarify';
  const blocks = answerToBlocks(answer, { share: answer.answered && !clarify, feedback: true, thanked: language.ui, reask: true, allPoints: v.a === 1, threadSlots });
  return { blocks, text: answerFallbackText(answer) };
}

/** The modal sent: its comment recorded with the 👎 (nothing to record when it is empty); a failed write is said in the modal. */
async function comment(deps: Deps, { ack, body, view }: ViewArgs): Promise<void> {
  const meta = parseFeedbackMetadata(view.private_metadata);
  const text = feedbackComment(view.state.values[FEEDBACK_COMMENT.block]?.[FEEDBACK_COMMENT.action]?.value ?? undefined);
  if (!meta || !text) {
    await ack();
    return;
  }
  try {
    await deps.store.recordFeedback({ at: deps.now().toISOString(), user: body.user.id, question: meta.q, intent: meta.i, helpful: false, comment: text, origin: 'slack' });
  } catch (err) {
    await ack({ response_action: 'errors', errors: { [FEEDBACK_COMMENT.block]: sorry(meta.l) } });
    throw err;
  }
  await ack();
}
