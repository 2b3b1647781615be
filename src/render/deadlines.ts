/**
 * Team deadlines in Slack, where people act on them: each one in a list, a digest, App Home or an
 * "Added" reply is a section with an overflow menu (Mark done / Remove, behind a confirmation),
 * its owner and the person who added it shown as mentions; deadline lists end with an "Add
 * deadline" button that opens a modal (date picker, title, owner, and a channel when none is known).
 * The listeners are in src/slack/listeners/deadlines.ts; the words in ./catalogue/deadlines.ts.
 *
 * Safety, as everywhere in src/render: every title is escaped (./escape.ts) and every mrkdwn text
 * is `verbatim`; a mention `<@U…>` is written only for a string that is a Slack user id
 * (USER_ID), anything else is shown as escaped text, so nothing here can ping @channel/@here.
 * Limits kept here: 3000 characters a text, 75 an option or button text, 150 an option value, 100
 * a confirmation title and 300 its text, 30 its buttons, 24 a modal's title and buttons, 50 blocks.
 *
 * This module does not import ./blocks.ts (which calls deadlineLine/deadlineSection for the points
 * of an answer): the list's other blocks come from there, and withAddDeadline adds the button.
 */
import type { types } from '@slack/bolt';
import type { Answer, Lang, Point } from '../answer/types.js';
import { CATALOGUE, textIn, ui } from './catalogue/index.js';
import type { DateIssue, DeadlineMessages, TitleIssue } from './catalogue/deadlines.js';
import type { DigestMessages } from './catalogue/digest.js';
import type { Entry } from './catalogue/types.js';
import { escapeText, truncate, truncateMrkdwn } from './escape.js';
import { formatterFor } from './format.js';

type KnownBlock = types.KnownBlock;
type PlainTextElement = types.PlainTextElement;
type Overflow = types.Overflow;
type Button = types.Button;
type ModalView = types.ModalView;

/** Action, block and callback ids (the listeners match on them; App Home places the same). */
export const DEADLINE_ACTION = {
  /** The overflow menu of a team deadline; option values `done:<id>` and `remove:<id>`. */
  menu: 'integ_deadline_menu',
  /** "Add deadline": value = the channel's id, or "" when none is known (the modal asks). */
  add: 'integ_deadline_add',
} as const;
/** callback_id of the Add-deadline modal; its private_metadata is JSON AddModalMetadata. */
export const DEADLINE_ADD_MODAL = 'integ_deadline_add_modal';
/** The modal's input blocks (block_id = action_id). */
export const ADD_FIELD = { date: 'deadline_date', title: 'deadline_title', owner: 'deadline_owner', channel: 'deadline_channel' } as const;
/** block_id of the actions block holding "Add deadline" under a list. */
export const ADD_ACTIONS_BLOCK = 'integ_deadline_add_actions';

const LIMIT = { text: 3000, optionText: 75, optionValue: 150, confirmTitle: 100, confirmText: 300, confirmButton: 30, modalText: 24, blocks: 50 } as const;

/** A Slack user id (U…, W…): the only strings written as a mention. */
export const USER_ID = /^[UW][A-Z0-9]+$/;
/** A conversation id: public (C), private (G) or direct (D). */
export const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;
/** A team deadline's id, as the store gives them. */
const DEADLINE_ID = /^d\d+$/;

/** A message of this group, in `lang`. */
export function sayDeadline<K extends keyof DeadlineMessages>(lang: Lang, key: K, ...params: DeadlineMessages[K] extends Record<string, never> ? [] : [DeadlineMessages[K]]): string {
  return (CATALOGUE[lang][key] as Entry<DeadlineMessages[K]>)((params[0] ?? {}) as DeadlineMessages[K], formatterFor(lang));
}

/** `<@U…>` for a user id (Slack shows the name); anything else as escaped text. */
export function mention(user: string): string {
  return USER_ID.test(user) ? `<@${user}>` : escapeText(user, 80);
}

function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: escapeText(text, max) || ' ', emoji: true };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMIT.text) || ' ', verbatim: true } };
}

// ---------------------------------------------------------------- a team deadline in a list

type Item = DigestMessages['deadlines.item'];
type TeamItem = Item & { team: NonNullable<Item['team']>; title: string };

/** The team deadline a point of a deadline list shows (its message's data), or null for any other point. */
export function teamDeadlineOf(point: Point): TeamItem | null {
  const t = point.text;
  if (t.kind !== 'msg' || t.key !== 'deadlines.item') return null;
  const item = t.params as Item;
  return item.team && typeof item.title === 'string' && DEADLINE_ID.test(item.team.id) ? (item as TeamItem) : null;
}

/**
 * The overflow menu of a team deadline: "Mark done" (`done:<id>`) and "Remove" (`remove:<id>`),
 * behind one confirmation naming the deadline (Block Kit gives an overflow one confirm dialog,
 * asked whichever option is chosen).
 */
export function deadlineAccessory(id: string, lang: Lang = 'en', title: string | null = null): Overflow {
  return {
    type: 'overflow',
    action_id: DEADLINE_ACTION.menu,
    options: [
      { text: plain(sayDeadline(lang, 'deadlines.menuDone'), LIMIT.optionText), value: truncate(`done:${id}`, LIMIT.optionValue) },
      { text: plain(sayDeadline(lang, 'deadlines.menuRemove'), LIMIT.optionText), value: truncate(`remove:${id}`, LIMIT.optionValue) },
    ],
    confirm: {
      title: plain(sayDeadline(lang, 'deadlines.confirmTitle'), LIMIT.confirmTitle),
      // the title is cut first so that the sentence around it always shows
      text: plain(sayDeadline(lang, 'deadlines.confirmText', { title: title === null ? null : truncate(title.replace(/\s+/g, ' ').trim(), 120) }), LIMIT.confirmText),
      confirm: plain(sayDeadline(lang, 'deadlines.confirmYes'), LIMIT.confirmButton),
      deny: plain(sayDeadline(lang, 'deadlines.confirmNo'), LIMIT.confirmButton),
    },
  };
}

/** What a menu option asks for, or null when the value is not one of ours. */
export function parseDeadlineOption(value: unknown): { verb: 'done' | 'remove'; id: string } | null {
  const m = typeof value === 'string' ? /^(done|remove):(d\d+)$/.exec(value) : null;
  return m ? { verb: m[1] as 'done' | 'remove', id: m[2] } : null;
}

/** "owner <@U1> · added by <@U2> on 2 Mar 2026" (mrkdwn). */
function peopleLine(item: TeamItem, lang: Lang): string {
  const parts = item.team.owner ? [sayDeadline(lang, 'deadlines.owner', { user: mention(item.team.owner) })] : [];
  parts.push(sayDeadline(lang, 'deadlines.addedBy', { user: mention(item.team.addedBy), on: item.team.addedOn }));
  return parts.join(' · ');
}

/**
 * A team deadline point as Slack shows it (mrkdwn, ≤ max characters): its title, date and mark
 * ("⚠️ due in 3 days"), then on a second line who owns it and who added it, as mentions. No id:
 * the menu acts on it. Null for any other point (rendered as every other point is).
 */
export function deadlineLine(point: Point, lang: Lang, max: number = LIMIT.text): string | null {
  const item = teamDeadlineOf(point);
  if (!item) return null;
  const people = peopleLine(item, lang);
  const head = escapeText(textIn(lang, { kind: 'msg', key: 'deadlines.item', params: { ...item, team: null } }), Math.max(1, max - people.length - 1));
  return truncateMrkdwn(`${head}\n${people}`, max);
}

/** A team deadline point in a message's fallback text (plain, unescaped: the caller escapes): its title, date and mark, without people or id. */
export function deadlineFallback(point: Point, lang: Lang): string | null {
  const item = teamDeadlineOf(point);
  return item ? textIn(lang, { kind: 'msg', key: 'deadlines.item', params: { ...item, team: null } }) : null;
}

/** The section of a team deadline point (`line` as the answer lays it out), with its menu; null for any other point. */
export function deadlineSection(point: Point, line: string, lang: Lang): KnownBlock | null {
  const item = teamDeadlineOf(point);
  if (!item) return null;
  return { ...section(line), accessory: deadlineAccessory(item.team.id, lang, item.title) } as KnownBlock;
}

// ---------------------------------------------------------------- "Add deadline"

/** The "Add deadline" button; `channel` (a conversation id) is where the deadline goes, else the modal asks. */
export function addDeadlineButton(channel: string | null, lang: Lang): Button {
  return {
    type: 'button',
    action_id: DEADLINE_ACTION.add,
    text: plain(sayDeadline(lang, 'deadlines.addButton'), LIMIT.optionText),
    value: channel && CHANNEL_ID.test(channel) ? channel : '',
  };
}

/** Whether an answer is a deadline list or a reply to a deadline command (what gets "Add deadline" under it). */
export function isDeadlineList(answer: Answer): boolean {
  if (answer.intent === 'deadlines') return true;
  const h = answer.headline;
  return answer.intent === 'digest' && h.kind === 'msg' && ['digest.count', 'deadlines.count', 'deadlines.nothingSoon', 'deadlines.none'].includes(h.key);
}

/** `blocks` with "Add deadline" under them, within `max` blocks (the last ones give way, with "… n more"). */
export function withAddDeadline(blocks: KnownBlock[], channel: string | null, lang: Lang, max: number = LIMIT.blocks): KnownBlock[] {
  const add: KnownBlock = { type: 'actions', block_id: ADD_ACTIONS_BLOCK, elements: [addDeadlineButton(channel, lang)] };
  if (blocks.length + 1 <= max) return [...blocks, add];
  const keep = Math.max(0, max - 2);
  const more: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `… ${ui(lang, 'ui.moreBlocks', { n: blocks.length - keep })}`, verbatim: true }] };
  return [...blocks.slice(0, keep), more, add];
}

/** What the Add-deadline modal carries from its button to its submission. */
export interface AddModalMetadata {
  /** Where the deadline goes; "" when the modal asks (a conversations_select). */
  channel: string;
  teamId?: string;
  /** The language the modal is in (its errors are too). */
  lang?: Lang;
}

export function parseAddModalMetadata(raw: unknown): AddModalMetadata {
  try {
    const v = JSON.parse(typeof raw === 'string' ? raw : '') as Partial<AddModalMetadata> | null;
    if (!v || typeof v !== 'object') return { channel: '' };
    return {
      channel: typeof v.channel === 'string' && CHANNEL_ID.test(v.channel) ? v.channel : '',
      ...(typeof v.teamId === 'string' && v.teamId ? { teamId: v.teamId } : {}),
      ...(v.lang === 'en' || v.lang === 'vi' ? { lang: v.lang } : {}),
    };
  } catch {
    return { channel: '' };
  }
}

/**
 * The Add-deadline modal: a date picker (nothing chosen), the title (at most maxTitle characters),
 * an optional owner (users_select) and, when no channel is known, the channel (the conversation it
 * was opened from, where Slack knows it).
 */
export function addDeadlineModal(opts: { lang: Lang; channel: string | null; teamId?: string | null; maxTitle: number }): ModalView {
  const { lang } = opts;
  const channel = opts.channel && CHANNEL_ID.test(opts.channel) ? opts.channel : '';
  const metadata: AddModalMetadata = { channel, ...(opts.teamId ? { teamId: opts.teamId } : {}), lang };
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: ADD_FIELD.date,
      label: plain(sayDeadline(lang, 'deadlines.fieldDate'), 2000),
      element: { type: 'datepicker', action_id: ADD_FIELD.date },
    },
    {
      type: 'input',
      block_id: ADD_FIELD.title,
      label: plain(sayDeadline(lang, 'deadlines.fieldTitle'), 2000),
      element: {
        type: 'plain_text_input',
        action_id: ADD_FIELD.title,
        max_length: opts.maxTitle,
        placeholder: plain(sayDeadline(lang, 'deadlines.fieldTitleHint'), 150),
      },
    },
    {
      type: 'input',
      block_id: ADD_FIELD.owner,
      optional: true,
      label: plain(sayDeadline(lang, 'deadlines.fieldOwner'), 2000),
      element: { type: 'users_select', action_id: ADD_FIELD.owner },
    },
  ];
  if (!channel) {
    blocks.push({
      type: 'input',
      block_id: ADD_FIELD.channel,
      label: plain(sayDeadline(lang, 'deadlines.fieldChannel'), 2000),
      element: {
        type: 'conversations_select',
        action_id: ADD_FIELD.channel,
        default_to_current_conversation: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    });
  }
  return {
    type: 'modal',
    callback_id: DEADLINE_ADD_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: plain(sayDeadline(lang, 'deadlines.modalTitle'), LIMIT.modalText),
    submit: plain(sayDeadline(lang, 'deadlines.modalSubmit'), LIMIT.modalText),
    close: plain(sayDeadline(lang, 'deadlines.modalClose'), LIMIT.modalText),
    blocks,
  };
}

/** What is wrong with a submitted modal, field by field. */
export interface AddModalIssues {
  date?: DateIssue | null;
  title?: TitleIssue | null;
  /** The owner chosen is not a person's user id. */
  owner?: boolean;
  /** No channel was chosen (or not a conversation id). */
  channel?: boolean;
  /** The store did not take the deadline (shown under the title). */
  unsaved?: boolean;
}

/** `response_action: "errors"`'s map (block id → message in `lang`), or null when nothing is wrong. */
export function addModalErrors(issues: AddModalIssues, lang: Lang): Record<string, string> | null {
  const errors: Record<string, string> = {};
  if (issues.date) errors[ADD_FIELD.date] = sayDeadline(lang, 'deadlines.errDate', { issue: issues.date });
  if (issues.title) errors[ADD_FIELD.title] = sayDeadline(lang, 'deadlines.errTitle', { issue: issues.title });
  else if (issues.unsaved) errors[ADD_FIELD.title] = textIn(lang, { kind: 'msg', key: 'store.unsaved', params: { what: { kind: 'deadline' } } });
  if (issues.owner) errors[ADD_FIELD.owner] = sayDeadline(lang, 'deadlines.errOwner');
  if (issues.channel) errors[ADD_FIELD.channel] = sayDeadline(lang, 'deadlines.errChannel');
  return Object.keys(errors).length ? errors : null;
}

/** The post saying who added a deadline, with the deadline as lists show it (and its menu). */
export function deadlineAddedMessage(point: Point, user: string, lang: Lang): { blocks: KnownBlock[]; text: string } {
  const head = sayDeadline(lang, 'deadlines.addedPost', { user: mention(user) });
  const line = deadlineLine(point, lang, LIMIT.text - head.length - 1) ?? escapeText(textIn(lang, point.text), LIMIT.text - head.length - 1);
  const block = deadlineSection(point, `${head}\n${line}`, lang) ?? section(`${head}\n${line}`);
  // notifications and screen readers: the same words, on one line, escaped
  const words = deadlineFallback(point, lang) ?? textIn(lang, point.text);
  const text = truncateMrkdwn(`${head} ${escapeText(words.replace(/\s+/g, ' '), 2000)}`, LIMIT.text);
  return { blocks: [block], text };
}

// ---------------------------------------------------------------- after a click

/** What became of a deadline after a click on its menu. */
export type DeadlineOutcome =
  | { kind: 'done'; user: string; title: string; due: string }
  | { kind: 'removed'; user: string; title: string; due: string }
  | { kind: 'was-done'; title: string; on: string }
  | { kind: 'gone' };

/** The outcome in `lang` (mrkdwn: the clicker as a mention, the title escaped). */
export function deadlineOutcomeLine(outcome: DeadlineOutcome, lang: Lang): string {
  const title = (t: string) => escapeText(t.replace(/\s+/g, ' ').trim(), 300);
  switch (outcome.kind) {
    case 'done':
      return sayDeadline(lang, 'deadlines.markedDone', { user: mention(outcome.user), title: title(outcome.title), due: outcome.due });
    case 'removed':
      return sayDeadline(lang, 'deadlines.removedBy', { user: mention(outcome.user), title: title(outcome.title), due: outcome.due });
    case 'was-done':
      return sayDeadline(lang, 'deadlines.wasDone', { title: title(outcome.title), on: outcome.on });
    case 'gone':
      return sayDeadline(lang, 'deadlines.gone');
  }
}

/** Whether a block (as Slack sends a message or view back) is the section of deadline `id`, with its menu. */
function isSectionOf(block: unknown, id: string): boolean {
  const b = block as { type?: unknown; accessory?: { action_id?: unknown; options?: { value?: unknown }[] } } | null;
  if (!b || b.type !== 'section' || b.accessory?.action_id !== DEADLINE_ACTION.menu) return false;
  return (b.accessory.options ?? []).some((o) => parseDeadlineOption(o?.value)?.id === id);
}

/**
 * The blocks of the message or view a menu was clicked in, with the deadline's section replaced by
 * the outcome (no menu left to click again); when that section is not found, the outcome is added
 * at the end. Stays within `max` blocks.
 */
export function replaceDeadline(blocks: readonly unknown[], id: string, outcomeLine: string, max: number = LIMIT.blocks): KnownBlock[] {
  let replaced = false;
  const out = blocks.map((b) => {
    if (!isSectionOf(b, id)) return b as KnownBlock;
    replaced = true;
    const { block_id } = b as { block_id?: string };
    return { ...section(outcomeLine), ...(block_id ? { block_id } : {}) } as KnownBlock;
  });
  if (replaced) return out;
  const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(outcomeLine, LIMIT.text) || ' ', verbatim: true }] };
  return [...out.slice(0, max - 1), note];
}

/**
 * An ephemeral list after a click on it (Slack does not send an ephemeral message's blocks back):
 * the outcome, then the list as it is now (`listBlocks`), then "Add deadline".
 */
export function outcomeAboveList(outcomeLine: string, listBlocks: KnownBlock[], channel: string | null, lang: Lang): KnownBlock[] {
  return withAddDeadline([section(outcomeLine), ...listBlocks], channel, lang);
}
