/**
 * Team deadlines, acted on where they are shown:
 * - the overflow menu of a deadline (integ_deadline_menu: `done:<id>`, `remove:<id>`; Slack asks
 *   for confirmation first) marks it done or removes it through the store, as `deadline done` /
 *   `deadline remove` do, and the message or App Home view it was in then shows the outcome in
 *   place of the deadline, in the clicker's language. A deadline that is gone (removed already,
 *   or not of the conversation the menu was in) gets a polite line instead.
 * - "Add deadline" (integ_deadline_add) opens the Add-deadline modal; its submission
 *   (integ_deadline_add_modal) is checked by the rules of `deadline add` (errors shown under the
 *   fields, in the user's language), saved with store.addDeadline, and announced in the channel.
 *
 * Which deadlines a click may change: from a message, only the deadlines of that message's
 * conversation (as `deadline done` in a channel changes only that channel's); from App Home (a
 * view), those of the clicker's workspace. A crafted payload gets no further than that.
 */
import type { AllMiddlewareArgs, App, BlockAction, types, ButtonAction, OverflowAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Lang } from '../../answer/types.js';
import { MAX_TITLE, checkNewDeadline } from '../../digest/commands.js';
import { deadlinesAnswer, listDeadlines, teamDeadlinePoint, todayIn } from '../../digest/deadlines.js';
import { sayDigest } from '../../digest/messages.js';
import { answerToBlocks, LIMITS } from '../../render/blocks.js';
import { textIn } from '../../render/catalogue/index.js';
import {
  ADD_FIELD,
  CHANNEL_ID,
  DEADLINE_ACTION,
  DEADLINE_ADD_MODAL,
  USER_ID,
  addDeadlineModal,
  addModalErrors,
  deadlineAddedMessage,
  deadlineOutcomeLine,
  outcomeAboveList,
  parseAddModalMetadata,
  parseDeadlineOption,
  replaceDeadline,
  type DeadlineOutcome,
} from '../../render/deadlines.js';
import { contextRequestId } from '../../ops/requests.js';
import type { TeamDeadline } from '../../store/types.js';
import { resolveLanguage } from '../language.js';
import { describeError } from '../log.js';
import { describeSlackError, isAmbiguous, postOnce } from '../post.js';
import type { Deps } from '../shared.js';

type MenuArgs = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function register(app: App, deps: Deps): void {
  app.action<BlockAction<OverflowAction>>(DEADLINE_ACTION.menu, (args) => menu(deps, args));
  app.action<BlockAction<ButtonAction>>(DEADLINE_ACTION.add, (args) => openAddModal(deps, args));
  app.view<ViewSubmitAction>(DEADLINE_ADD_MODAL, (args) => submitAddModal(deps, args));
}

/** The conversation of the message a click was in (null: App Home or unknown). */
const messageChannel = (body: BlockAction): string | null =>
  body.container?.type === 'view' ? null : (body.channel?.id ?? (body.container?.channel_id as string | undefined) ?? null);

const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }): string | null => body.team?.id || body.user.team_id || null;

/** The deadline `id` if a click from `where` may change it (see the header), else null. */
async function findDeadline(deps: Deps, id: string, where: { channel: string | null; teamId: string | null }): Promise<TeamDeadline | null> {
  const found = (await deps.store.listDeadlines(where.channel ?? undefined)).find((d) => d.id === id) ?? null;
  if (!found) return null;
  if (where.channel) return found.channel === where.channel ? found : null;
  return !found.teamId || !where.teamId || found.teamId === where.teamId ? found : null;
}

/** Mark done / Remove, chosen (and confirmed) in a deadline's menu. */
async function menu(deps: Deps, args: MenuArgs): Promise<void> {
  const { ack, body, action, respond, client, context } = args;
  await ack();
  const choice = parseDeadlineOption(action.selected_option?.value);
  if (!choice) return;
  const user = body.user.id;
  const teamId = teamOf(body);
  const channel = messageChannel(body);
  const { ui: lang } = await resolveLanguage(deps, { teamId, user, channel }, { context, requestId: contextRequestId(context) });
  const now = deps.now();

  let outcome: DeadlineOutcome;
  try {
    outcome = await act(deps, choice, { user, teamId, channel, now });
  } catch (err) {
    // nothing changed: say so privately, and leave the message as it is
    deps.logger.warn(`integ: could not ${choice.verb === 'done' ? 'mark' : 'remove'} deadline ${choice.id}: ${describeError(err)}`, { req_id: contextRequestId(context) });
    const what = choice.verb === 'done' ? ({ kind: 'done', id: choice.id } as const) : ({ kind: 'removal', id: choice.id } as const);
    // (a click in App Home has no response URL: the warning is all there is)
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text: textIn(lang, sayDigest('store.unsaved', { what })) });
    return;
  }
  const line = deadlineOutcomeLine(outcome, lang);

  if (body.container?.type === 'view' && body.view) {
    // App Home (or another view of ours): the view with the outcome in place of the deadline
    const v = body.view;
    const view = {
      type: v.type,
      blocks: replaceDeadline(v.blocks, choice.id, line, LIMITS.homeBlocks),
      ...(v.callback_id ? { callback_id: v.callback_id } : {}),
      ...(v.private_metadata ? { private_metadata: v.private_metadata } : {}),
    } as types.View;
    await client.views.update({ view_id: v.id, view });
    return;
  }
  // a message's click comes with a response URL (Bolt's respond); anything else has nowhere to show the outcome
  if (!respond || body.container?.type === 'view') return;
  const blocks = body.message?.blocks as unknown[] | undefined;
  if (Array.isArray(blocks) && blocks.length) {
    // a message Slack sent back: the same message, the deadline replaced by the outcome
    await respond({ replace_original: true, blocks: replaceDeadline(blocks, choice.id, line), text: typeof body.message?.text === 'string' ? body.message.text : line });
    return;
  }
  // an ephemeral list (Slack does not send its blocks back): the outcome above the list as it is now
  const teamDeadlines = channel ? await deps.store.listDeadlines(channel) : [];
  const kb = Array.isArray(deps.engine.kb?.facts) ? deps.engine.kb : null;
  const list = deadlinesAnswer(now, { kb, teamDeadlines, tz: deps.config.tz, lang });
  await respond({
    response_type: 'ephemeral',
    replace_original: true,
    blocks: outcomeAboveList(line, answerToBlocks(list, { showQuestion: false, maxBlocks: LIMITS.messageBlocks - 2 }), channel, lang),
    text: line,
  });
}

/** Carries the choice out through the store; throws when the store fails (nothing was changed). */
async function act(
  deps: Deps,
  choice: { verb: 'done' | 'remove'; id: string },
  who: { user: string; teamId: string | null; channel: string | null; now: Date },
): Promise<DeadlineOutcome> {
  const found = await findDeadline(deps, choice.id, who);
  if (!found) return { kind: 'gone' };
  const { title, due } = found;
  if (choice.verb === 'done') {
    if (found.done) return { kind: 'was-done', title, on: todayIn(new Date(found.doneAt ?? who.now), deps.config.tz) };
    return (await deps.store.markDeadlineDone(found.id, who.now.toISOString())) ? { kind: 'done', user: who.user, title, due } : { kind: 'gone' };
  }
  return (await deps.store.removeDeadline(found.id)) ? { kind: 'removed', user: who.user, title, due } : { kind: 'gone' };
}

/** "Add deadline": the modal, for the channel the button names (or asking for one). */
async function openAddModal(deps: Deps, args: ButtonArgs): Promise<void> {
  const { ack, body, action, client, context } = args;
  await ack();
  const value = (action.value ?? '').trim();
  const channel = CHANNEL_ID.test(value) ? value : null;
  const teamId = teamOf(body);
  const { ui: lang } = await resolveLanguage(deps, { teamId, user: body.user.id, channel: channel ?? messageChannel(body) }, { context, requestId: contextRequestId(context) });
  // trigger_id is good for 3 s and once: not retried
  await client.views.open({ trigger_id: body.trigger_id, view: addDeadlineModal({ lang, channel, teamId, maxTitle: MAX_TITLE }) });
}

/** The text value of one of the modal's inputs. */
function field(body: ViewSubmitAction, id: string) {
  return body.view.state.values[id]?.[id];
}

/**
 * The modal submitted: checked (errors under their fields, the modal stays open), then saved,
 * then the modal closes and the channel is told. The save comes before the acknowledgement so that
 * a store failure can be shown in the modal rather than lost.
 */
async function submitAddModal(deps: Deps, args: SubmitArgs): Promise<void> {
  const { ack, body, client, context } = args;
  const meta = parseAddModalMetadata(body.view.private_metadata);
  const user = body.user.id;
  const teamId = meta.teamId ?? teamOf(body);
  const picked = field(body, ADD_FIELD.channel)?.selected_conversation ?? null;
  const channel = meta.channel || (typeof picked === 'string' ? picked : '');
  const lang: Lang = meta.lang ?? (await resolveLanguage(deps, { teamId, user, channel: channel || null }, { context, requestId: contextRequestId(context) })).ui;
  const now = deps.now();
  const tz = deps.config.tz;

  const check = checkNewDeadline({ date: field(body, ADD_FIELD.date)?.selected_date, title: field(body, ADD_FIELD.title)?.value }, todayIn(now, tz));
  const owner = field(body, ADD_FIELD.owner)?.selected_user ?? null;
  const errors = addModalErrors(
    {
      date: check.ok ? null : check.date,
      title: check.ok ? null : check.title,
      owner: owner !== null && !USER_ID.test(owner),
      channel: !CHANNEL_ID.test(channel),
    },
    lang,
  );
  if (errors || !check.ok) return void (await ack({ response_action: 'errors', errors: errors ?? {} }));

  let added: TeamDeadline;
  try {
    added = await deps.store.addDeadline({
      ...(teamId ? { teamId } : {}),
      channel,
      title: check.title,
      due: check.date,
      createdBy: user,
      createdAt: now.toISOString(),
      ...(owner ? { owner } : {}),
    });
  } catch (err) {
    deps.logger.warn(`integ: could not save a deadline from the Add-deadline form: ${describeError(err)}`, { req_id: contextRequestId(context) });
    return void (await ack({ response_action: 'errors', errors: addModalErrors({ unsaved: true }, lang) ?? {} }));
  }
  await ack();

  const [item] = listDeadlines(now, { teamDeadlines: [added], tz });
  if (item?.kind !== 'team') return;
  const message = { ...deadlineAddedMessage(teamDeadlinePoint(item, tz), user, lang), unfurl_links: false, unfurl_media: false };
  try {
    await postOnce({ post: () => client.chat.postMessage({ channel, ...message }) });
  } catch (err) {
    // integ is not in the channel (or may not post there): the one who added it is told in integ's DM
    // (never after a lost answer: the post may be in the channel)
    if (isAmbiguous(err)) throw err;
    deps.logger.info(`integ: could not post the new deadline ${added.id} in ${channel} (${describeSlackError(err)}); telling ${user} directly`, { req_id: contextRequestId(context) });
    await postOnce({ post: () => client.chat.postMessage({ channel: user, ...message }) });
  }
}
