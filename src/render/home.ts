/**
 * App Home and the modals it opens, as Block Kit: the Home tab (buttons to act, the user's channels'
 * deadlines with their Done/Remove menu, the channels that get the weekly digest, the knowledge
 * base's upcoming deadlines), the Ask modal and the weekly-digest modal.
 *
 * Like every renderer: all text a user typed is escaped (escape.ts, through blocks.ts' builders),
 * every mrkdwn object is `verbatim`, and the only mentions are the ones built here from checked ids
 * (`<@U…>`, `<#C…>`: Slack shows them as names and they notify nobody in a Home view or a modal; a
 * `<!here>` can never be built). Slack's limits are kept here: 100 blocks in a Home view, 100 in a
 * modal, 24 characters for a modal's title and buttons, 150 for a header and an option's value, 75
 * for an option's text, 5 options in an overflow menu.
 */
import type { types } from '@slack/bolt';
import type { Answer, Lang, Message } from '../answer/types.js';
import { actions, answerToBlocks, button, context, fitBlocks, LIMITS, mrkdwn, plain, section, type KnownBlock } from './blocks.js';
import { textIn, ui } from './catalogue/index.js';
import type { DigestMessages, WeeklySchedule } from './catalogue/digest.js';
import type { HomeMessages, ChannelsUnknown } from './catalogue/home.js';
import { escapeText, truncate } from './escape.js';
import { deadlineAccessory } from './deadlines.js';

export type { ChannelsUnknown, HomeMessages };

type Button = types.Button;
type ModalView = types.ModalView;
type Overflow = types.Overflow;

/** A message of the Home catalogue (src/render/catalogue/home.ts) written in `lang`, typed by key. */
export function homeText<K extends keyof HomeMessages>(lang: Lang, key: K, ...params: HomeMessages[K] extends Record<string, never> ? [] : [HomeMessages[K]]): string {
  return textIn(lang, homeMessage(key, ...params));
}

/** A message of the Home catalogue, as data (for an Answer's text). */
export function homeMessage<K extends keyof HomeMessages>(key: K, ...params: HomeMessages[K] extends Record<string, never> ? [] : [HomeMessages[K]]): Message {
  return { kind: 'msg', key, params: params[0] ?? {} };
}

const digestText = <K extends keyof DigestMessages>(lang: Lang, key: K, params: DigestMessages[K]): string => textIn(lang, { kind: 'msg', key, params });

/**
 * Ids of what the Home tab and its modals carry. Fixed across the app (the deadlines listeners own
 * `integ_deadline_add` and `integ_deadline_menu`; the rest are answered in src/slack/listeners/home.ts
 * and shortcuts.ts).
 */
export const HOME = {
  /** "Ask": opens the Ask modal. */
  askOpen: 'integ_ask_open',
  askModal: 'integ_ask_modal',
  askBlock: 'integ_ask_question',
  askInput: 'question',
  /** "Add deadline" (the deadlines listeners open their modal; no value: no channel, the modal asks for it). */
  deadlineAdd: 'integ_deadline_add',
  /** A team deadline's overflow menu: options `done:<id>` and `remove:<id>`. */
  deadlineMenu: 'integ_deadline_menu',
  /** "Subscribe a channel…": opens the weekly-digest modal. */
  subscribeOpen: 'integ_subscribe_open',
  subscribeModal: 'integ_subscribe_modal',
  subscribeChannelBlock: 'integ_subscribe_channel',
  subscribeChannel: 'channel',
  subscribeWeekdayBlock: 'integ_subscribe_weekday',
  subscribeWeekday: 'weekday',
  subscribeTimeBlock: 'integ_subscribe_time',
  subscribeTime: 'time',
  /**
   * An example question on the Home tab: integ_home_example_0, _1, … (not the answers' "Did you
   * mean" ids, integ_ask_<n>, whose listener answers through a response URL, which a click in a
   * Home view does not have).
   */
  examplePrefix: 'integ_home_example_',
  /** The message shortcut "Ask integ about this". */
  askAboutMessage: 'integ_ask_about_message',
} as const;
export const HOME_EXAMPLE_ACTION = /^integ_home_example_\d+$/;

/** How much the Home tab shows. */
export const HOME_LIMITS = {
  /** Example questions as buttons (an actions block holds 25). */
  examples: 10,
  /** Channels whose deadlines are listed. */
  channels: 6,
  /** Deadlines listed per channel. */
  deadlinesPerChannel: 5,
  /** Lines in one digest section. */
  digestsPerSection: 20,
  /** Characters of a question typed in the Ask modal. */
  question: 500,
  /** Characters of a modal's title, submit and close buttons. */
  modalTitle: 24,
  /** Characters of an option's value in a menu. */
  optionValue: 150,
  /** Characters of an option's text in a menu. */
  optionText: 75,
} as const;

const USER_ID = /^[UW][A-Z0-9]+$/;
const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `<@U…>` for a user id that looks like one, else null. */
export const userMention = (id: string | null | undefined): string | null => (id && USER_ID.test(id) ? `<@${id}>` : null);
/** `<#C…>` for a channel id that looks like one, else null. */
export const channelMention = (id: string | null | undefined): string | null => (id && CHANNEL_ID.test(id) ? `<#${id}>` : null);

// ---------------------------------------------------------------- App Home

/** A team deadline as the Home tab shows it. */
export interface HomeDeadline {
  /** "d3". */
  id: string;
  channel: string;
  title: string;
  /** YYYY-MM-DD. */
  due: string;
  /** Calendar days from today to `due` (negative: overdue). */
  daysLeft: number;
  /** The Slack user responsible for it, when one was named. */
  owner?: string | null;
  /** Who added it. */
  createdBy?: string | null;
}

/** A channel that gets the weekly digest. */
export interface HomeDigest {
  channel: string;
  weekday: number;
  time: string;
  tz: string;
  /** The digest's own language (null: the channel's, else English). */
  lang: Lang | null;
  reminders?: boolean;
}

/** The user's channels: their open deadlines and their digests, or why they are not known. */
export interface HomeChannels {
  /** Open deadlines, in any order (shown soonest first). */
  deadlines: HomeDeadline[];
  digests: HomeDigest[];
  /** Set when the user's channels could not be told: nothing of theirs is shown, and this says why. */
  unknown?: ChannelsUnknown | null;
}

export interface HomeInput {
  /** The engine's help answer: what integ can answer, with example questions. */
  help: Answer;
  /** The tab's language (default: the help answer's). */
  lang?: Lang;
  /** The knowledge base's upcoming deadlines, when known. */
  deadlines?: Answer | null;
  /** The user's channels' deadlines and digests; absent: that part is left out. */
  channels?: HomeChannels | null;
  /** Whether "Subscribe a channel…" is offered (the digest commands are on). Default true. */
  subscribe?: boolean;
}

/** The Home tab's buttons: Ask, Add deadline, Subscribe a channel…. */
function homeButtons(lang: Lang, subscribe: boolean): KnownBlock {
  const ask = button(homeText(lang, 'home.button.ask'), HOME.askOpen, 'home', 'primary');
  // no value: "no channel" (the Add-deadline modal then asks for one); Slack is not sent an empty value
  const { value: _none, ...add } = button(homeText(lang, 'home.button.addDeadline'), HOME.deadlineAdd, '');
  const elements: Button[] = [ask, add as Button];
  if (subscribe) elements.push(button(homeText(lang, 'home.button.subscribe'), HOME.subscribeOpen, 'home'));
  return actions(elements, 'integ_home_actions');
}

/** The Done/Remove menu of a team deadline: the deadline lists' own (one listener handles both). */
export function deadlineMenu(lang: Lang, deadline: Pick<HomeDeadline, 'id' | 'title'>): Overflow {
  return deadlineAccessory(deadline.id, lang, deadline.title);
}

/** One team deadline: its line, with the Done/Remove menu. */
function deadlineBlock(lang: Lang, d: HomeDeadline): KnownBlock {
  const owner = userMention(d.owner);
  const creator = userMention(d.createdBy);
  const line = homeText(lang, 'home.deadline', {
    title: escapeText(d.title, 300),
    due: d.due,
    daysLeft: d.daysLeft,
    owner,
    addedBy: creator && creator !== owner ? creator : null,
  });
  return { type: 'section', text: mrkdwn(line), accessory: deadlineMenu(lang, d) };
}

const soonestFirst = (a: HomeDeadline, b: HomeDeadline) => a.due.localeCompare(b.due) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);

/** The user's channels' deadlines, by channel (the channel with the soonest first). */
function channelDeadlineBlocks(lang: Lang, channels: HomeChannels): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider' }, { type: 'header', text: plain(homeText(lang, 'home.channelDeadlines'), 150) }];
  if (channels.unknown) return [...blocks, context([homeText(lang, 'home.channelsUnknown', { reason: channels.unknown })])];
  const byChannel = new Map<string, HomeDeadline[]>();
  for (const d of [...channels.deadlines].sort(soonestFirst)) {
    if (!channelMention(d.channel)) continue;
    const list = byChannel.get(d.channel) ?? [];
    list.push(d);
    byChannel.set(d.channel, list);
  }
  if (!byChannel.size) return [...blocks, context([homeText(lang, 'home.noChannelDeadlines')])];
  const shown = [...byChannel].slice(0, HOME_LIMITS.channels);
  for (const [channel, list] of shown) {
    const mention = channelMention(channel)!;
    blocks.push(section(`*${mention}*`));
    for (const d of list.slice(0, HOME_LIMITS.deadlinesPerChannel)) blocks.push(deadlineBlock(lang, d));
    const more = list.length - HOME_LIMITS.deadlinesPerChannel;
    if (more > 0) blocks.push(context([homeText(lang, 'home.moreInChannel', { n: more, channel: mention })]));
  }
  if (byChannel.size > shown.length) blocks.push(context([homeText(lang, 'home.moreChannels', { n: byChannel.size - shown.length })]));
  return blocks;
}

/** The channels that get the weekly digest, with their day, time and language. */
function digestBlocks(lang: Lang, channels: HomeChannels): KnownBlock[] {
  if (channels.unknown) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, { type: 'header', text: plain(homeText(lang, 'home.digests'), 150) }];
  const lines = [...channels.digests]
    .filter((d) => channelMention(d.channel) && d.weekday >= 1 && d.weekday <= 7 && TIME.test(d.time))
    .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time) || a.channel.localeCompare(b.channel))
    .map((d) => {
      const schedule: WeeklySchedule = { weekday: d.weekday, time: d.time, tz: d.tz };
      return homeText(lang, 'home.digest', {
        channel: channelMention(d.channel)!,
        schedule: escapeText(digestText(lang, 'digest.schedule', { schedule }), 200),
        lang: d.lang,
        reminders: d.reminders === true,
      });
    });
  if (!lines.length) return [...blocks, context([homeText(lang, 'home.noDigests')])];
  for (let i = 0; i < lines.length; i += HOME_LIMITS.digestsPerSection) blocks.push(section(lines.slice(i, i + HOME_LIMITS.digestsPerSection).join('\n')));
  return blocks;
}

/**
 * The Home tab (≤ 100 blocks), in `lang` (default: the help answer's language): what integ answers, the buttons to
 * act (Ask, Add deadline, Subscribe a channel…), example questions as buttons, the user's channels'
 * deadlines (Done/Remove on each) and digests, then the knowledge base's upcoming deadlines (cut
 * first when the tab is full).
 */
export function homeBlocks(input: HomeInput): KnownBlock[] {
  const lang = input.lang ?? input.help.lang;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(ui(lang, 'ui.homeTitle'), 150) },
    section(`*${escapeText(textIn(lang, input.help.headline), LIMITS.text - 2)}*`),
    homeButtons(lang, input.subscribe ?? true),
  ];
  const points = input.help.points.map((p) => `• ${escapeText(textIn(lang, p.text), 1000)}`).join('\n');
  if (points) blocks.push(section(points));
  const examples = input.help.suggestions.slice(0, HOME_LIMITS.examples);
  if (examples.length) {
    blocks.push(section(`*${ui(lang, 'ui.exampleQuestions')}*`));
    blocks.push(actions(examples.map((s, i) => button(s.question || textIn(lang, s.label), `${HOME.examplePrefix}${i}`, s.question || textIn(lang, s.label))), 'integ_home_examples'));
  }
  blocks.push(context([ui(lang, 'ui.howToAsk')]));
  if (input.channels) blocks.push(...channelDeadlineBlocks(lang, input.channels), ...digestBlocks(lang, input.channels));
  if (input.deadlines) {
    blocks.push({ type: 'divider' }, { type: 'header', text: plain(ui(lang, 'ui.upcomingDeadlines'), 150) });
    const rest = LIMITS.homeBlocks - blocks.length;
    if (rest > 1) blocks.push(...answerToBlocks(input.deadlines, { showQuestion: false, quotes: false, maxBlocks: rest }));
  }
  return fitBlocks(blocks, LIMITS.homeBlocks, lang);
}

// ---------------------------------------------------------------- modals

const modalText = (text: string) => plain(text, HOME_LIMITS.modalTitle);

/** The Ask modal: one question field; the answer comes in the user's DM with integ. */
export function askModal(lang: Lang, opts: { question?: string; privateMetadata?: string } = {}): ModalView {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: HOME.askInput,
    max_length: HOME_LIMITS.question,
    placeholder: plain(homeText(lang, 'home.ask.placeholder'), 150),
  };
  if (opts.question) element.initial_value = truncate(opts.question, HOME_LIMITS.question);
  return {
    type: 'modal',
    callback_id: HOME.askModal,
    title: modalText(homeText(lang, 'home.ask.title')),
    submit: modalText(homeText(lang, 'home.ask.submit')),
    close: modalText(homeText(lang, 'home.cancel')),
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
    blocks: [
      { type: 'input', block_id: HOME.askBlock, label: plain(homeText(lang, 'home.ask.label'), 2000), element, hint: plain(homeText(lang, 'home.ask.hint'), 2000) },
    ],
  };
}

/** A modal with one message and a Close button (after a submission: where the answer went; a failure). */
export function noticeModal(lang: Lang, title: string, text: string): ModalView {
  return { type: 'modal', title: modalText(title), close: modalText(homeText(lang, 'home.close')), blocks: [section(escapeText(text, LIMITS.text))] };
}

/** Where the answer to the Ask modal went. */
export function askSentModal(lang: Lang): ModalView {
  return { type: 'modal', title: modalText(homeText(lang, 'home.ask.title')), close: modalText(homeText(lang, 'home.close')), blocks: [section(homeText(lang, 'home.ask.sent'))] };
}

/** The weekly-digest modal: channel, weekday and time (preset to a channel's digest when it has one). */
export function subscribeModal(
  lang: Lang,
  opts: { tz: string; channel?: string | null; weekday?: number | null; time?: string | null; privateMetadata?: string },
): ModalView {
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((w) => ({ text: plain(homeText(lang, 'home.weekday', { weekday: w }), HOME_LIMITS.optionText), value: String(w) }));
  const weekday = opts.weekday && opts.weekday >= 1 && opts.weekday <= 7 ? opts.weekday : 1;
  const channel: types.ConversationsSelect = {
    type: 'conversations_select',
    action_id: HOME.subscribeChannel,
    placeholder: plain(homeText(lang, 'home.sub.channelPlaceholder'), 150),
    // channels only: a DM cannot get the digest
    filter: { include: ['public', 'private'], exclude_bot_users: true },
  };
  if (opts.channel && CHANNEL_ID.test(opts.channel)) channel.initial_conversation = opts.channel;
  return {
    type: 'modal',
    callback_id: HOME.subscribeModal,
    title: modalText(homeText(lang, 'home.sub.title')),
    submit: modalText(homeText(lang, 'home.sub.submit')),
    close: modalText(homeText(lang, 'home.cancel')),
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
    blocks: [
      section(homeText(lang, 'home.sub.intro')),
      { type: 'input', block_id: HOME.subscribeChannelBlock, label: plain(homeText(lang, 'home.sub.channel'), 2000), element: channel },
      {
        type: 'input',
        block_id: HOME.subscribeWeekdayBlock,
        label: plain(homeText(lang, 'home.sub.weekday'), 2000),
        element: { type: 'static_select', action_id: HOME.subscribeWeekday, options: weekdays, initial_option: weekdays[weekday - 1] },
      },
      {
        type: 'input',
        block_id: HOME.subscribeTimeBlock,
        label: plain(homeText(lang, 'home.sub.time'), 2000),
        element: { type: 'timepicker', action_id: HOME.subscribeTime, initial_time: opts.time && TIME.test(opts.time) ? opts.time : '09:00' },
        hint: plain(homeText(lang, 'home.sub.zone', { tz: opts.tz }), 2000),
      },
    ],
  };
}

/** After the digest modal: what the digest command said (turned on, its next delivery; or why not). */
export function subscribedModal(lang: Lang, reply: Answer): ModalView {
  return {
    type: 'modal',
    title: modalText(homeText(lang, 'home.sub.doneTitle')),
    close: modalText(homeText(lang, 'home.close')),
    blocks: answerToBlocks(reply, { showQuestion: false, quotes: false, maxBlocks: LIMITS.homeBlocks }),
  };
}
