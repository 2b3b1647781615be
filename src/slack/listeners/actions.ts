/**
 * Buttons: "Share in channel" (re-asks the question from the button value and posts it publicly
 * through the response URL), "Did you mean…" and example questions (answers the chosen question:
 * ephemerally to the clicker, or in the thread/DM the clarification was in), "Show sources" (the
 * answer's sources with their verbatim passages, privately) and "Show all N points" (the answer
 * with every point: in place of an ephemeral answer, else privately). Each asks the question in
 * the button again: an answer is never taken from what the client sends. Re-asked questions are
 * answered in the clicker's (else the channel's) chosen language, else the question's (for
 * "Show sources" and "Show all", the language of the answer clicked on). 👍/👎: ./feedback.ts.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION, ASK_ACTION, answerFallbackText, answerToBlocks, parseReaskValue, sourcesToBlocks } from '../../render/blocks.js';
import { unescapeSlack } from '../../render/escape.js';
import { ui } from '../../render/catalogue/index.js';
import type { Lang } from '../../answer/types.js';
import { contextRequestId } from '../../ops/requests.js';
import { resolveLanguage, vietnameseHint, type RequestLanguage } from '../language.js';
import { ask, asSlots, bestEffort, DM_MAIN, isDm, recordGap, replyInConversation, threadKey, type Deps } from '../shared.js';

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
  app.action<BlockAction<ButtonAction>>(ASK_ACTION, (args) => didYouMean(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.sources, (args) => showSources(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.allPoints, (args) => showAllPoints(deps, args));
}

/** The question a "Show sources" / "Show all N points" button asks again, with the thread's slots, in the answer's language unless the clicker chose one. */
async function reask(deps: Deps, args: ButtonArgs) {
  const { body, action, context } = args;
  const v = parseReaskValue(action.value);
  if (!v) return null;
  const language = await clickerLanguage(deps, args, v.l ?? vietnameseHint(v.q));
  const threadSlots = asSlots(v.s);
  const answer = await ask(deps, v.q, { channel: channelOf(body), lang: language.chosen ?? v.l ?? null, threadSlots, context });
  return { answer, threadSlots };
}

/** "Show sources": the sources of the answer with their verbatim passages, to the clicker only. */
async function showSources(deps: Deps, args: ButtonArgs): Promise<void> {
  const { ack, respond } = args;
  await ack();
  const asked = await reask(deps, args);
  if (!asked) return;
  const { answer } = asked;
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    blocks: sourcesToBlocks(answer),
    text: `${ui(answer.lang, 'ui.sources')}: ${answer.citations.length}`,
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** "Show all N points": an ephemeral answer is replaced by the whole one; a posted one stays, and the whole answer comes privately. */
async function showAllPoints(deps: Deps, args: ButtonArgs): Promise<void> {
  const { ack, body, respond } = args;
  await ack();
  const asked = await reask(deps, args);
  if (!asked) return;
  const { answer, threadSlots } = asked;
  const clarify = answer.intent === 'clarify';
  const inPlace = body.container?.is_ephemeral === true || !body.message;
  await respond({
    response_type: 'ephemeral',
    replace_original: inPlace,
    blocks: inPlace
      ? answerToBlocks(answer, { share: answer.answered && !clarify, feedback: !clarify, reask: true, allPoints: true, threadSlots })
      : answerToBlocks(answer, { reask: true, allPoints: true, threadSlots }),
    text: answerFallbackText(answer),
    unfurl_links: false,
    unfurl_media: false,
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
    blocks: answerToBlocks(answer, { feedback: true, reask: true, sharedBy: body.user.id }),
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
      blocks: answerToBlocks(answer, { share: answer.answered && !clarify, feedback: !clarify, reask: true }),
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
