/**
 * App Home and what it opens, in the language the user chose with `/integ lang`, else English (a
 * question typed in Vietnamese gets its confirmation in Vietnamese):
 * - the Home tab (`app_home_opened`: ../home.ts publishHome);
 * - "Ask" opens the Ask modal; its answer goes to the user's DM with integ (../private.ts says why
 *   there), and the modal says where it went; the example questions' buttons are answered the same way;
 * - "Subscribe a channel…" opens the weekly-digest modal (channel, weekday, time); submitting it
 *   does what `/integ digest on <weekday> <HH:MM>` typed in that channel does (the same command
 *   handler: the same validation, language rule and store), and the modal shows its reply, or the
 *   problem beside the field it concerns. "Add deadline" and the deadlines' Done/Remove menu belong to
 *   the deadline listeners.
 *
 * Every listener acknowledges first; a modal's submission is acknowledged with its answer (errors, or
 * the next view), within ACK_WITHIN_MS: past that, the modal is closed and the outcome is sent to the
 * user's DM instead (Slack gives up on an acknowledgement after 3 s).
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Answer } from '../../answer/types.js';
import { answerFallbackText, answerToBlocks } from '../../render/blocks.js';
import { unescapeSlack } from '../../render/escape.js';
import { askModal, askSentModal, HOME, HOME_EXAMPLE_ACTION, HOME_LIMITS, homeText, noticeModal, subscribeModal, subscribedModal } from '../../render/home.js';
import { contextRequestId, noteAnswer } from '../../ops/requests.js';
import { publishHome } from '../home.js';
import { resolveLanguage, vietnameseHint, type RequestLanguage } from '../language.js';
import { describeSlackError, postOnce } from '../post.js';
import { answerInDm, privateAnswer } from '../private.js';
import { bestEffort, firstDelivery, type Deps } from '../shared.js';
import { ACK_WITHIN_MS } from './commands.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** English weekday names, as `/integ digest on` reads them (1 = Monday). */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home' || typeof event.user !== 'string' || !event.user) return;
    if (!(await firstDelivery(deps, body, context))) return;
    await publishHome(deps, client, { user: event.user, teamId: body.team_id || null, context });
  });

  app.action<BlockAction<ButtonAction>>(HOME.askOpen, async ({ ack, body, client, context }) => {
    await ack();
    const { ui } = await userLanguage(deps, body.user.id, teamOf(body), context);
    await client.views.open({ trigger_id: body.trigger_id, view: askModal(ui) });
  });

  app.view<ViewSubmitAction>(HOME.askModal, (args) => submitQuestion(deps, args));

  app.action<BlockAction<ButtonAction>>(HOME_EXAMPLE_ACTION, (args) => exampleQuestion(deps, args));

  app.action<BlockAction<ButtonAction>>(HOME.subscribeOpen, async ({ ack, body, client, context }) => {
    await ack();
    const { ui } = await userLanguage(deps, body.user.id, teamOf(body), context);
    await client.views.open({ trigger_id: body.trigger_id, view: subscribeModal(ui, { tz: deps.config.tz }) });
  });

  app.view<ViewSubmitAction>(HOME.subscribeModal, (args) => submitSubscription(deps, args));
}

const teamOf = (body: { team?: { id?: string } | null; user?: { team_id?: string } }): string | null => body.team?.id || body.user?.team_id || null;

/** The user's language for texts with no question to follow (the user's choice, else `hint`, else English). */
function userLanguage(deps: Deps, user: string, teamId: string | null, context: AllMiddlewareArgs['context'], opts: { channel?: string | null; hint?: RequestLanguage['hint'] } = {}): Promise<RequestLanguage> {
  return resolveLanguage(deps, { teamId, user, channel: opts.channel ?? null }, { context, hint: opts.hint ?? null, requestId: contextRequestId(context) });
}

/** A question typed in a modal: spaces collapsed, at most HOME_LIMITS.question characters. */
const typedQuestion = (raw: unknown): string => (typeof raw === 'string' ? raw : '').replace(/\s+/g, ' ').trim().slice(0, HOME_LIMITS.question);

/** The Ask modal submitted: says where the answer goes (or that a question is needed), then answers in the DM. */
async function submitQuestion(deps: Deps, { ack, body, view, client, context }: SubmitArgs): Promise<void> {
  const question = typedQuestion(view.state.values[HOME.askBlock]?.[HOME.askInput]?.value);
  const language = await userLanguage(deps, body.user.id, teamOf(body), context, { hint: vietnameseHint(question) });
  if (!question) {
    await ack({ response_action: 'errors', errors: { [HOME.askBlock]: homeText(language.ui, 'home.ask.empty') } });
    return;
  }
  await ack({ response_action: 'update', view: askSentModal(language.ui) });
  try {
    const answer = await privateAnswer(deps, question, { channel: null, language, context });
    await answerInDm(deps, client, body.user.id, answer, context);
  } catch (err) {
    // the modal said the answer was on its way: it now says it is not
    const failed = noticeModal(language.ui, homeText(language.ui, 'home.ask.title'), homeText(language.ui, 'home.ask.failed'));
    await bestEffort(deps, 'say in the Ask modal that answering failed', () => client.views.update({ view_id: view.id, view: failed }), context);
    throw err;
  }
}

/** An example question clicked on the Home tab: answered in the user's DM (a click in a Home view has no response URL). */
async function exampleQuestion(deps: Deps, { ack, body, action, client, context }: ButtonArgs): Promise<void> {
  await ack();
  const question = typedQuestion(unescapeSlack(action.value ?? ''));
  if (!question) return;
  const language = await userLanguage(deps, body.user.id, teamOf(body), context, { hint: vietnameseHint(question) });
  const answer = await privateAnswer(deps, question, { channel: null, language, context });
  await answerInDm(deps, client, body.user.id, answer, context);
}

/** What a digest modal submission comes to: problems by field, or the digest command's reply. */
type Outcome = { errors: Record<string, string> } | { reply: Answer };

/** The digest modal submitted: checked, then run as `/integ digest on <weekday> <HH:MM>` in the chosen channel. */
async function submitSubscription(deps: Deps, args: SubmitArgs): Promise<void> {
  const { ack, body, client, context } = args;
  const user = body.user.id;
  const teamId = teamOf(body);
  const work = subscriptionOutcome(deps, args);
  let timeout: NodeJS.Timeout | undefined;
  const timer = new Promise<'late'>((resolve) => (timeout = setTimeout(resolve, ACK_WITHIN_MS, 'late')));
  let first: Awaited<typeof work> | 'late';
  try {
    first = await Promise.race([work, timer]);
  } catch (err) {
    // (a store read that failed): the apology beside the channel, then the error is logged
    const { ui } = await userLanguage(deps, user, teamId, context);
    await ack({ response_action: 'errors', errors: { [HOME.subscribeChannelBlock]: homeText(ui, 'home.ask.failed') } });
    throw err;
  } finally {
    clearTimeout(timeout);
  }
  if (first !== 'late') {
    const { outcome, lang } = first;
    if ('errors' in outcome) {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    await ack({ response_action: 'update', view: subscribedModal(lang, outcome.reply) });
    if (outcome.reply.answered) await bestEffort(deps, 'refresh the Home tab', () => publishHome(deps, client, { user, teamId, context }), context);
    return;
  }
  // too slow for the acknowledgement: close the modal, then tell the user in the DM
  await ack();
  const { outcome, lang } = await work;
  const reply: Answer =
    'errors' in outcome
      ? { ...emptyReply(lang), answered: false, headline: { kind: 'verbatim', text: Object.values(outcome.errors).join(' ') } }
      : outcome.reply;
  await postOnce({ post: () => client.chat.postMessage({ channel: user, text: answerFallbackText(reply), blocks: answerToBlocks(reply, { showQuestion: false }), unfurl_links: false, unfurl_media: false }) });
  if (reply.answered) await bestEffort(deps, 'refresh the Home tab', () => publishHome(deps, client, { user, teamId, context }), context);
}

/** An empty reply to the digest modal, in `lang` (for the DM when the outcome came too late for the modal). */
function emptyReply(lang: Answer['lang']): Answer {
  return { question: 'digest', answered: true, lang, intent: 'digest', headline: { kind: 'verbatim', text: '' }, points: [], citations: [], notes: [], suggestions: [], slots: { years: [], period: null, places: [], docs: [] } };
}

async function subscriptionOutcome(deps: Deps, { body, view, client, context }: SubmitArgs): Promise<{ outcome: Outcome; lang: Answer['lang'] }> {
  const values = view.state.values;
  const channel = values[HOME.subscribeChannelBlock]?.[HOME.subscribeChannel]?.selected_conversation ?? null;
  const weekday = Number(values[HOME.subscribeWeekdayBlock]?.[HOME.subscribeWeekday]?.selected_option?.value);
  const time = values[HOME.subscribeTimeBlock]?.[HOME.subscribeTime]?.selected_time ?? null;
  const user = body.user.id;
  const teamId = teamOf(body);
  const language = await userLanguage(deps, user, teamId, context, { channel });
  const lang = language.ui;
  const errors: Record<string, string> = {};
  if (!channel) errors[HOME.subscribeChannelBlock] = homeText(lang, 'home.sub.pickChannel');
  else if (!/^[CG][A-Z0-9]+$/.test(channel)) errors[HOME.subscribeChannelBlock] = homeText(lang, 'home.sub.notAChannel');
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) errors[HOME.subscribeWeekdayBlock] = homeText(lang, 'home.sub.pickWeekday');
  if (!time || !TIME.test(time)) errors[HOME.subscribeTimeBlock] = homeText(lang, 'home.sub.pickTime');
  const handle = deps.commands;
  // (no command handler: the digest commands are off, and Home offers no digest modal; an old one still open gets the apology)
  if (!handle) errors[HOME.subscribeChannelBlock] ??= homeText(lang, 'home.ask.failed');
  if (Object.keys(errors).length || !channel || !time || !handle) return { outcome: { errors }, lang };

  if (!(await integCanPost(deps, client, channel, context))) return { outcome: { errors: { [HOME.subscribeChannelBlock]: homeText(lang, 'home.sub.inviteFirst') } }, lang };

  const kb = Array.isArray(deps.engine.kb?.facts) ? deps.engine.kb : null;
  const reply = await handle(`digest on ${WEEKDAYS[weekday - 1]} ${time}`, { channel, user, teamId, store: deps.store, now: deps.now(), tz: deps.config.tz, kb, lang: language.chosen });
  if (!reply) return { outcome: { errors: { [HOME.subscribeChannelBlock]: homeText(lang, 'home.ask.failed') } }, lang };
  noteAnswer(context, reply);
  // the command's own problem (the store did not save it): shown beside the channel, in the reply's words
  if (!reply.answered) return { outcome: { errors: { [HOME.subscribeChannelBlock]: answerFallbackText(reply) } }, lang: reply.lang };
  return { outcome: { reply }, lang: reply.lang };
}

/**
 * Whether integ can post the digest in `channel`: a public channel always (chat:write.public); a
 * private one only when integ is in it (conversations.info: is_member; a private channel integ is not
 * in is "channel_not_found" to it). When Slack cannot tell (a missing scope, no answer), it is let
 * through: the digest then says what went wrong when it is due, as one turned on with the command does.
 */
async function integCanPost(deps: Deps, client: AllMiddlewareArgs['client'], channel: string, context: AllMiddlewareArgs['context']): Promise<boolean> {
  try {
    const res = await client.conversations.info({ channel });
    const c = res.channel as { is_private?: boolean; is_member?: boolean } | undefined;
    return !(c?.is_private === true && c.is_member === false);
  } catch (err) {
    const error = describeSlackError(err);
    if (error === 'channel_not_found') return false;
    const id = contextRequestId(context);
    deps.logger.debug(`integ: could not tell whether integ is in ${channel} (${error}); turning its digest on anyway`, id ? { req_id: id } : {});
    return true;
  }
}
