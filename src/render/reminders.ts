/**
 * A due-day reminder → Slack Block Kit, and its notification text.
 *
 *   ⏰ Due today: *Submit the report*                                   [⋯ Mark done / Remove]
 *   Owner: @Lan · 15 Dec 2026 · Done? Choose it in the ⋯ menu, or type `/integ deadline done d3`.
 *
 * The title is what a user typed: escaped (escape.ts), so it cannot mention anyone, link anywhere
 * or ping the channel. The owner is shown as a mention (`<@U…>`, which Slack shows as the person's
 * name and which notifies them) only when it is a Slack user id (U… or W…); anything else is left
 * out. Every mrkdwn object is `verbatim`, as in blocks.ts. The ⋯ menu uses the shared deadline
 * action (DEADLINE_ACTION.menu in ./deadlines.ts, option values `done:<id>` / `remove:<id>`), handled where deadlines
 * are changed.
 */
import type { types } from '@slack/bolt';
import type { Lang } from '../answer/types.js';
import { CATALOGUE } from './catalogue/index.js';
import type { ReminderMessages } from './catalogue/reminders.js';
import type { Entry } from './catalogue/types.js';
import { context, LIMITS, mrkdwn, plain, type KnownBlock } from './blocks.js';
import { escapeText } from './escape.js';
import { deadlineAccessory } from './deadlines.js';
import { formatterFor } from './format.js';

/** What a reminder shows: one team deadline, due today, in the channel's language. */
export interface ReminderView {
  /** The deadline's id ("d3"). */
  id: string;
  title: string;
  /** YYYY-MM-DD. */
  due: string;
  /** The Slack user responsible for it, when one was named. */
  owner: string | null;
  lang: Lang;
}


/** A Slack user id that may be shown as a mention. */
export const USER_ID = /^[UW][A-Z0-9]+$/;


function say<K extends keyof ReminderMessages>(lang: Lang, key: K, params: ReminderMessages[K]): string {
  return (CATALOGUE[lang][key] as Entry<ReminderMessages[K]>)(params, formatterFor(lang));
}

/** `<@U…>` for a Slack user id, else null. */
export function mention(user: string | null | undefined): string | null {
  return user && USER_ID.test(user) ? `<@${user}>` : null;
}

/** The ⋯ menu: mark done or remove, after one confirmation (the deadline lists' own menu). */
function menu(r: ReminderView): types.Overflow {
  return deadlineAccessory(r.id, r.lang, r.title);
}

/** The reminder's blocks: the title in bold with the ⋯ menu, then owner, date and how to close it. */
export function reminderBlocks(r: ReminderView): KnownBlock[] {
  const { lang } = r;
  const f = formatterFor(lang);
  // room for the words around the title within Slack's 3000 characters
  const title = `*${escapeText(r.title, LIMITS.text - 200)}*`;
  const owner = mention(r.owner);
  const details = [
    ...(owner ? [say(lang, 'reminders.owner', { owner })] : []),
    escapeText(f.date(r.due)),
    say(lang, 'reminders.doneHint', { id: escapeText(r.id, 40) }),
  ];
  return [
    { type: 'section', text: mrkdwn(say(lang, 'reminders.dueToday', { title })), accessory: menu(r) },
    context([details.join(' · ')]),
  ];
}

/** The message's `text` (notifications, screen readers): the first line, without markup. */
export function reminderFallbackText(r: ReminderView): string {
  return say(r.lang, 'reminders.dueToday', { title: escapeText(r.title, LIMITS.fallbackText - 100) });
}
