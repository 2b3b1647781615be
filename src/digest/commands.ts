/**
 * The deadline and digest commands typed in Slack (or the shell):
 *
 *   deadlines                                   the list (also "deadline list")
 *   deadline add <date> <title>                 date: 2026-12-15 | 31/12/2026 | ngày 15 tháng 12 | thứ hai | 15 Dec 2026 …
 *                                               (every form, and the day-first rule: src/digest/dates.ts)
 *   deadline done <id>   deadline remove <id>   ids as listed ("d3"); only this channel's
 *   digest                                      the channel's digest state
 *   digest on [weekday] [HH:MM] [time zone]     default Monday 09:00 in the workspace zone; weekday in
 *                                               English or Vietnamese (friday, thứ sáu, thứ 6, T6)
 *   digest off
 *   digest preview                              what the digest would post now
 *   digest reminders on|off                     a reminder in the channel on the day each of its
 *                                               deadlines is due (src/digest/reminders.ts); they come
 *                                               with the digest, so the channel must have one first.
 *                                               `digest reminders` alone says whether they are on
 *
 * handleCommand returns null for any other text (it goes to the question engine). Every reply is an
 * Answer: answered true for a successful command; for a problem answered false with a headline
 * saying what is wrong and what to type instead. Nothing is stored unless the whole command is
 * valid; when the store fails to save, the reply says so (never a false "saved").
 *
 * Replies are messages (src/digest/messages.ts), in one language (replyLang): the user's or the
 * channel's choice (ctx.lang), else the command's own (Vietnamese when its date or weekday is
 * written in Vietnamese words, or it has a Vietnamese letter: "thứ hai", "ngày 15/12", "Nộp báo
 * cáo"), else, for the digest commands, the language of the channel's digest, else English.
 * `digest on` stores that language with the subscription: the digest is posted in it.
 */
import { TZDate } from '@date-fns/tz';
import { format, getISODay } from 'date-fns';
import type { Answer, Lang, Message, Point } from '../answer/types.js';
import { emptySlots } from '../answer/types.js';
import type { Store, Subscription } from '../store/types.js';
import { BIDI_CONTROLS, DEADLINE_WINDOW_DAYS, deadlinesAnswer, dueIn, listDeadlines, PAST_DAYS, teamDeadlinePoint, todayIn, type DeadlineKnowledge } from './deadlines.js';
import { sayDigest, type DateIssue, type IdVerb, type LocalTime, type TitleIssue, type WeeklySchedule } from './messages.js';
import { sayReminder } from './reminders.js';
import { digestAnswer, digestLang } from './runner.js';
import { nextDelivery, normaliseTime } from './schedule.js';
import { canonicalZone, isTimeZone } from '../zones.js';
import { hasVietnameseLetter, leadingWeekday, parseLeadingDate, startsWithVietnameseDate, YEAR_MAX, YEAR_MIN, type Clock } from './dates.js';

export { canonicalZone };

export interface CommandContext {
  channel: string;
  user: string;
  teamId: string | null;
  store: Store;
  now: Date;
  /** The workspace time zone (INTEG_TZ): "today", and the default for `digest on`. */
  tz: string;
  kb?: DeadlineKnowledge | null;
  /** The language the user or channel chose (`/integ lang`); without one, replies follow the command's own language. */
  lang?: Lang | null;
}

/** Longest title, in characters as a person sees them (grapheme clusters: "é" is one, typed as one code point or two). */
export const MAX_TITLE = 150;
/** Most code points in one character of a title: room for any script's accents and emoji sequences, not for a tower of stacked marks. */
export const MAX_CHARACTER_PARTS = 16;
export const DEFAULT_WEEKDAY = 1;
export const DEFAULT_TIME = '09:00';

export type Command =
  | { kind: 'deadlines' }
  | { kind: 'deadline-add'; date: string; title: string; owner?: string }
  | { kind: 'deadline-done'; id: string }
  | { kind: 'deadline-remove'; id: string }
  | { kind: 'digest-status' }
  | { kind: 'digest-on'; weekday: number | null; time: string | null; tz: string | null }
  | { kind: 'digest-off' }
  | { kind: 'digest-preview' }
  /** on: turn them on or off; null: say whether they are on. */
  | { kind: 'digest-reminders'; on: boolean | null }
  /** What is wrong and what to type instead, as a message (worded in the reply's language). */
  | { kind: 'invalid'; intent: 'deadlines' | 'digest'; message: Message };

// ---------------------------------------------------------------- parsing (pure)

const invalid = (intent: 'deadlines' | 'digest', message: Message): Command => ({ kind: 'invalid', intent, message });
/** The first `n` characters of what the user typed, for quoting it back (never half an emoji). */
const clip = (s: string, n: number) => [...s].slice(0, n).join('');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A character a person can see: not a space, a control, a format character or one that is ignored when shown (U+200B, U+2060, U+FEFF, U+3164…). */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The title as stored: bidi controls (BIDI_CONTROLS) and other control characters removed, spaces
 * collapsed, invisible format characters trimmed from the ends, and a leading dash or quotes around
 * it dropped.
 */
export function cleanTitle(s: string): string {
  let t = s.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '');
  t = t.replace(/^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu, '');
  t = t.replace(/^[-–—:,;]+\s*/, '');
  const q = /^(["“'‘])(.*)(["”'’])$/s.exec(t);
  if (q) t = q[2].trim();
  return t;
}

/** Characters that show as nothing: controls, format characters, default-ignorable ones. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * Why a title (`typed`, then cleaned by cleanTitle) cannot be used, or null: the one rule for
 * `deadline add` and the Add-deadline form.
 */
export function titleIssue(title: string, typed: string): TitleIssue | null {
  if (!VISIBLE.test(title)) return INVISIBLE.test(typed.replace(/\s+/g, '')) ? { kind: 'invisible' } : { kind: 'missing' };
  let count = 0;
  for (const { segment } of graphemes.segment(title)) {
    count++;
    const parts = [...segment].length;
    if (parts > MAX_CHARACTER_PARTS) return { kind: 'marks', marks: parts - 1 };
  }
  if (count > MAX_TITLE) return { kind: 'long', count, max: MAX_TITLE };
  return null;
}

/** What the Add-deadline form found wrong, field by field; or the deadline as it will be saved. */
export type NewDeadlineCheck = { ok: true; date: string; title: string } | { ok: false; date: DateIssue | null; title: TitleIssue | null };

/**
 * The Add-deadline form's date (YYYY-MM-DD from a date picker; null when none was chosen) and
 * title, checked by the rules of `deadline add`: a real date from today (`today`, YYYY-MM-DD in the
 * workspace zone) on, within the years dates are read in, and a title that cleanTitle leaves
 * visible, within MAX_TITLE characters.
 */
export function checkNewDeadline(input: { date: string | null | undefined; title: string | null | undefined }, today: string): NewDeadlineCheck {
  const typed = input.title ?? '';
  const title = cleanTitle(typed);
  const titleIs = titleIssue(title, typed);
  let dateIs: DateIssue | null = null;
  const date = input.date ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!date) dateIs = { kind: 'missing' };
  else if (!m || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) dateIs = { kind: 'missing' };
  else if (+m[1] < YEAR_MIN || +m[1] > YEAR_MAX) dateIs = { kind: 'out-of-range', min: YEAR_MIN, max: YEAR_MAX };
  else if (date < today) dateIs = { kind: 'past', today };
  if (dateIs || titleIs) return { ok: false, date: dateIs, title: titleIs };
  return { ok: true, date, title };
}

/** What `deadline add` says about a title that cannot be used (with an example of the command), or null. */
function titleProblem(title: string, typed: string): Message | null {
  const issue = titleIssue(title, typed);
  switch (issue?.kind) {
    case undefined:
      return null;
    case 'invisible':
      return sayDigest('deadline.titleInvisible');
    case 'missing':
      return sayDigest('deadline.titleMissing');
    case 'marks':
      return sayDigest('deadline.titleMarks', { marks: issue.marks });
    case 'long':
      return sayDigest('deadline.titleLong', { count: issue.count, max: issue.max });
  }
}

/** A Slack user id as Slack writes it (a mention is only ever made of one that matches). */
export const USER_ID = /^[UW][A-Z0-9]+$/;
/** "@U01ABCDEF" (a mention as Slack's slash command text reads once made plain) or "<@U01ABCDEF>": at least 8 characters after U/W, as Slack's ids have. */
const OWNER_TOKEN = /^(?:<@([UW][A-Z0-9]{8,})(?:\|[^<>]*)?>|@([UW][A-Z0-9]{8,}))$/;

/**
 * The owner of `deadline add <date> <title>`: a mention of one person as the first or last word of
 * the title ("@U01ABCDEF Submit the report", "Submit the report <@U01ABCDEF>"). A name ("@alice")
 * stays part of the title: integ does not look people up by name.
 */
function takeOwner(text: string): { owner: string | null; rest: string } {
  const words = text.trim().split(/\s+/);
  for (const at of [words.length - 1, 0]) {
    const m = words.length > 1 ? OWNER_TOKEN.exec(words[at]) : null;
    if (m) return { owner: m[1] ?? m[2], rest: words.filter((_, i) => i !== at).join(' ') };
  }
  return { owner: null, rest: text };
}

function parseId(rest: string, verb: IdVerb): Command {
  const r = rest.trim();
  if (!r) return invalid('deadlines', sayDigest('deadline.whichId', { verb }));
  const m = /^#?d0*(\d+)$/i.exec(r);
  if (!m || m[1] === '') return invalid('deadlines', sayDigest('deadline.badId', { verb, typed: clip(r, 40) }));
  const id = `d${m[1]}`;
  return verb === 'done' ? { kind: 'deadline-done', id } : { kind: 'deadline-remove', id };
}

/** 9am, 4:30pm → HH:MM; null when not that shape. */
function twelveHour(tok: string): string | null | 'bad' {
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/i.exec(tok);
  if (!m) return null;
  const h = +m[1];
  const min = m[2] ? +m[2] : 0;
  if (h < 1 || h > 12 || min > 59) return 'bad';
  const h24 = (h % 12) + (m[3].toLowerCase() === 'pm' ? 12 : 0);
  return `${pad2(h24)}:${pad2(min)}`;
}

function parseDigestOn(rest: string): Command {
  let weekday: number | null = null;
  let time: string | null = null;
  let tz: string | null = null;
  // read word by word; a weekday may be two words ("thứ hai", "chủ nhật")
  let left = rest.trim();
  while (left) {
    const day = leadingWeekday(left, { plural: true });
    if (day) {
      if (weekday !== null && weekday !== day.weekday) return invalid('digest', sayDigest('digest.oneWeekday'));
      weekday = day.weekday;
      left = day.rest.replace(/^,?\s*/, '');
      continue;
    }
    const raw = /^\S+/.exec(left)![0];
    left = left.slice(raw.length).trimStart();
    if (/^(every|at|in|on)$/i.test(raw)) continue;
    const tok = raw.replace(/,$/, '');
    if (/^\d{1,2}:\d{1,2}$/.test(tok)) {
      const t = normaliseTime(tok);
      if (!t) return invalid('digest', sayDigest('digest.badTime', { typed: tok }));
      if (time !== null) return invalid('digest', sayDigest('digest.oneTime'));
      time = t;
      continue;
    }
    const t12 = twelveHour(tok);
    if (t12 === 'bad') return invalid('digest', sayDigest('digest.badTime', { typed: tok }));
    if (t12) {
      if (time !== null) return invalid('digest', sayDigest('digest.oneTime'));
      time = t12;
      continue;
    }
    if (/^\d{1,2}$/.test(tok) || /^\d{3,4}$/.test(tok)) {
      return invalid('digest', sayDigest('digest.unreadableTime', { typed: tok, example: /^\d{1,2}$/.test(tok) ? `${pad2(Math.min(+tok, 23))}:00` : '09:00' }));
    }
    if (tok.includes('/') || /^(utc|gmt|etc\/.*)$/i.test(tok)) {
      if (!isTimeZone(tok)) {
        return invalid('digest', sayDigest('digest.badZone', { typed: clip(tok, 60) }));
      }
      if (tz !== null) return invalid('digest', sayDigest('digest.oneZone'));
      tz = canonicalZone(tok);
      continue;
    }
    return invalid('digest', sayDigest('digest.notUnderstood', { typed: clip(tok, 40) }));
  }
  return { kind: 'digest-on', weekday, time, tz };
}

/** Every command starts so. */
const COMMAND_START = /^\s*(deadline|list\s+deadlines|digest)/i;

/** Parses one of the commands, or null when the text is not one (a question). `clock` gives "today" for dates without a year and weekdays. */
export function parseCommand(input: string, clock: Clock): Command | null {
  // every command starts so (one test, before any copy, instead of all of them for the questions /integ gets)
  if (!COMMAND_START.test(input)) return null;
  const text = input.replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  if (/^(deadlines|deadlines? list|list deadlines)[?!.]?$/i.test(text)) return { kind: 'deadlines' };
  if ((m = /^deadlines? add(?:\s+(.*))?$/is.exec(text))) {
    const rest = (m[1] ?? '').trim();
    if (!rest) return invalid('deadlines', sayDigest('deadline.needsDateAndTitle'));
    const d = parseLeadingDate(rest, clock);
    if (!d.ok) return invalid('deadlines', sayDigest('deadline.badDate', { problem: d.problem, years: { min: YEAR_MIN, max: YEAR_MAX } }));
    const { owner, rest: typed } = takeOwner(d.rest);
    const title = cleanTitle(typed);
    const problem = titleProblem(title, typed);
    if (problem) return invalid('deadlines', problem);
    return { kind: 'deadline-add', date: d.date, title, ...(owner ? { owner } : {}) };
  }
  if ((m = /^deadlines? (?:done|complete|completed)(?:\s+(.*))?$/is.exec(text))) return parseId(m[1] ?? '', 'done');
  if ((m = /^deadlines? (?:remove|delete|rm)(?:\s+(.*))?$/is.exec(text))) return parseId(m[1] ?? '', 'remove');
  if (/^digest(?: status)?[?!.]?$/i.test(text)) return { kind: 'digest-status' };
  if ((m = /^digest on(?:\s+(.*))?$/is.exec(text))) return parseDigestOn(m[1] ?? '');
  if ((m = /^digest off(?:\s+(.*))?$/is.exec(text))) {
    return m[1] ? invalid('digest', sayDigest('digest.offExtra')) : { kind: 'digest-off' };
  }
  if ((m = /^digest preview(?:\s+(.*))?$/is.exec(text))) {
    return m[1] ? invalid('digest', sayDigest('digest.previewExtra')) : { kind: 'digest-preview' };
  }
  if ((m = /^digest reminders?(?:\s+(.*))?$/is.exec(text))) {
    const arg = (m[1] ?? '').replace(/[.!]$/, '').trim();
    if (!arg) return { kind: 'digest-reminders', on: null };
    if (/^on$/i.test(arg)) return { kind: 'digest-reminders', on: true };
    if (/^off$/i.test(arg)) return { kind: 'digest-reminders', on: false };
    return invalid('digest', sayReminder('reminders.badArg', { typed: clip(arg, 40) }));
  }
  return null;
}

// ---------------------------------------------------------------- language

/**
 * The language the command's own words show, or null when they show none (only numbers, ids, zones
 * and the English command words): Vietnamese when it has a Vietnamese letter anywhere (a title,
 * "thứ hai", "ngày", "tháng") or, typed without diacritics, when its date ("ngay 15/12", "thu hai")
 * or a weekday of `digest on` ("T6", "CN", "chu nhat") is in Vietnamese words. A title's words
 * typed without diacritics do not count ("Report to CN team" is not Vietnamese).
 */
export function commandLanguage(text: string): Lang | null {
  if (hasVietnameseLetter(text)) return 'vi';
  const add = /^\s*deadlines?\s+add\s+(.*)$/is.exec(text);
  if (add) return startsWithVietnameseDate(add[1]) ? 'vi' : null;
  const on = /^\s*digest\s+on\s+(.*)$/is.exec(text);
  if (on) {
    // every word may start the weekday ("9:00 CN", "every thu 5")
    const words = on[1];
    for (const m of words.matchAll(/(?:^|\s)(?=\S)/g)) {
      if (startsWithVietnameseDate(words.slice(m.index + m[0].length))) return 'vi';
    }
  }
  return null;
}

/** The language a reply is written in: the user's or channel's choice, else the command's, else `fallback`, else English. */
export function replyLang(text: string, ctx: Pick<CommandContext, 'lang'>, fallback?: Lang | null): Lang {
  return ctx.lang ?? commandLanguage(text) ?? fallback ?? 'en';
}

// ---------------------------------------------------------------- replies

function reply(question: string, lang: Lang, intent: 'deadlines' | 'digest', headline: Message, extra: Partial<Answer> = {}): Answer {
  return {
    question,
    answered: true,
    lang,
    intent,
    headline,
    points: [],
    citations: [],
    notes: [],
    suggestions: [],
    slots: emptySlots(),
    ...extra,
  };
}

function problem(question: string, lang: Lang, intent: 'deadlines' | 'digest', headline: Message): Answer {
  return reply(question, lang, intent, headline, { answered: false });
}

/** A weekly slot as data: weekday, time and the zone as IANA spells it. */
export function scheduleOf(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>): WeeklySchedule {
  return { weekday: sub.weekday, time: sub.time, tz: canonicalZone(sub.tz) };
}

/** An instant as the clock reads it in `tz`: local date, ISO weekday, HH:MM. */
export function localTimeOf(at: Date, tz: string): LocalTime {
  const local = new TZDate(at.getTime(), tz);
  return { date: format(local, 'yyyy-MM-dd'), weekday: getISODay(local), time: format(local, 'HH:mm') };
}

/** "every Monday at 09:00 (Asia/Ho_Chi_Minh)" / "thứ Hai hằng tuần lúc 09:00 (Asia/Ho_Chi_Minh)". */
export function describeSchedule(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>): Message {
  return sayDigest('digest.schedule', { schedule: scheduleOf(sub) });
}

/** "Mon 23 Nov 2026, 09:00" / "09:00 thứ Hai, 23/11/2026", in the subscription's zone. */
export function describeInstant(at: Date, tz: string): Message {
  return sayDigest('digest.instant', { at: localTimeOf(at, tz) });
}

/** A digest's ledger key (an ISO week), as against a due-day reminder's. */
const WEEK = /^\d{4}-W\d{2}$/;

/** Whether the channel's due-day reminders are on, and when they are posted. */
function remindersState(sub: Subscription): Message {
  return sayReminder('reminders.state', { on: sub.reminders === true, time: sub.time, tz: canonicalZone(sub.tz) });
}

async function findOwn(ctx: CommandContext, id: string) {
  return (await ctx.store.listDeadlines(ctx.channel)).find((d) => d.id === id) ?? null;
}

type DigestCommand = Extract<Command, { kind: 'digest-status' | 'digest-on' | 'digest-off' | 'digest-preview' | 'digest-reminders' }>;
type DeadlineCommand = Extract<Command, { kind: 'deadlines' | 'deadline-add' | 'deadline-done' | 'deadline-remove' }>;

/** The deadline commands: replies in the reply language. */
async function runDeadlineCommand(cmd: DeadlineCommand, q: string, ctx: CommandContext): Promise<Answer> {
  const lang = replyLang(q, ctx);
  const today = todayIn(ctx.now, ctx.tz);
  const notFound = (id: string) => problem(q, lang, 'deadlines', sayDigest('deadline.notFound', { id }));

  switch (cmd.kind) {
    case 'deadlines': {
      const teamDeadlines = await ctx.store.listDeadlines(ctx.channel);
      return deadlinesAnswer(ctx.now, { kb: ctx.kb, teamDeadlines, tz: ctx.tz, question: q, lang });
    }

    case 'deadline-add': {
      if (cmd.date < today) return problem(q, lang, 'deadlines', sayDigest('deadline.passedDate', { date: cmd.date, today }));
      let added;
      try {
        added = await ctx.store.addDeadline({
          ...(ctx.teamId ? { teamId: ctx.teamId } : {}), // so uninstalling the workspace removes it
          channel: ctx.channel,
          title: cmd.title,
          due: cmd.date,
          createdBy: ctx.user,
          createdAt: ctx.now.toISOString(),
          ...(cmd.owner ? { owner: cmd.owner } : {}),
        });
      } catch {
        return problem(q, lang, 'deadlines', sayDigest('store.unsaved', { what: { kind: 'deadline' } }));
      }
      const [item] = listDeadlines(ctx.now, { teamDeadlines: [added], tz: ctx.tz });
      return reply(q, lang, 'deadlines', sayDigest('deadline.added', { id: added.id, title: added.title, due: item.due, dueIn: dueIn(item) }), {
        // the deadline as lists show it (in Slack: with its owner and its Done/Remove menu)
        points: item.kind === 'team' ? [teamDeadlinePoint(item, ctx.tz)] : [],
        notes: [sayDigest('deadline.addedNote', { id: added.id })],
      });
    }

    case 'deadline-done':
    case 'deadline-remove': {
      const own = await findOwn(ctx, cmd.id);
      if (!own) return notFound(cmd.id);
      try {
        if (cmd.kind === 'deadline-done') {
          if (own.done) {
            const on = todayIn(new Date(own.doneAt ?? ctx.now), ctx.tz);
            return reply(q, lang, 'deadlines', sayDigest('deadline.alreadyDone', { id: own.id, title: own.title, on }));
          }
          const done = await ctx.store.markDeadlineDone(own.id, ctx.now.toISOString());
          if (!done) return notFound(cmd.id);
          return reply(q, lang, 'deadlines', sayDigest('deadline.done', { id: own.id, title: own.title, due: own.due }));
        }
        const removed = await ctx.store.removeDeadline(own.id);
        if (!removed) return notFound(cmd.id);
        return reply(q, lang, 'deadlines', sayDigest('deadline.removed', { id: own.id, title: own.title, due: own.due }));
      } catch {
        const what = cmd.kind === 'deadline-done' ? ({ kind: 'done', id: own.id } as const) : ({ kind: 'removal', id: own.id } as const);
        return problem(q, lang, 'deadlines', sayDigest('store.unsaved', { what }));
      }
    }
  }
}

/**
 * The digest commands. They reply in the reply language; when neither the user nor the channel
 * chose one and the command's words show none ("digest on 10:00", "digest off"), in the language
 * of the channel's digest, so that changing its time does not change its language.
 */
async function runDigestCommand(cmd: DigestCommand, q: string, ctx: CommandContext): Promise<Answer> {
  const existing = await ctx.store.getSubscription(ctx.channel);
  const lang = replyLang(q, ctx, existing?.lang);
  const manage = sayDigest('digest.manage');

  switch (cmd.kind) {
    case 'digest-status': {
      if (!existing) {
        return reply(q, lang, 'digest', sayDigest('digest.isOff'), {
          notes: [sayDigest('digest.offNote', { weekday: DEFAULT_WEEKDAY, time: DEFAULT_TIME, tz: canonicalZone(ctx.tz) })],
        });
      }
      // the digests' entries (ISO weeks), not the due-day reminders' (reminder:…)
      const delivered = (await ctx.store.listDeliveries())
        .filter((e) => e.channel === ctx.channel && e.status === 'delivered' && e.finishedAt && WEEK.test(e.week))
        .sort((a, b) => (a.finishedAt! < b.finishedAt! ? 1 : -1))[0];
      const points: Point[] = [{ text: sayDigest('digest.next', { at: localTimeOf(nextDelivery(existing, ctx.now), existing.tz) }), cites: [] }];
      if (delivered) points.push({ text: sayDigest('digest.lastSent', { at: localTimeOf(new Date(delivered.finishedAt!), existing.tz) }), cites: [] });
      points.push({ text: remindersState(existing), cites: [] });
      return reply(q, lang, 'digest', sayDigest('digest.isOn', { schedule: scheduleOf(existing) }), { points, notes: [manage] });
    }

    case 'digest-on': {
      const sub: Subscription = {
        teamId: ctx.teamId,
        channel: ctx.channel,
        weekday: cmd.weekday ?? existing?.weekday ?? DEFAULT_WEEKDAY,
        time: cmd.time ?? existing?.time ?? DEFAULT_TIME,
        tz: canonicalZone(cmd.tz ?? existing?.tz ?? ctx.tz),
        createdBy: ctx.user,
        createdAt: ctx.now.toISOString(),
        // the digest is written in the language of this reply
        lang,
        // changing the digest's slot keeps its reminders (which follow its time of day)
        ...(existing?.reminders ? { reminders: true } : {}),
      };
      try {
        await ctx.store.putSubscription(sub);
      } catch {
        return problem(q, lang, 'digest', sayDigest('store.unsaved', { what: { kind: 'subscription' } }));
      }
      return reply(q, lang, 'digest', sayDigest('digest.turnedOn', { schedule: scheduleOf(sub), next: localTimeOf(nextDelivery(sub, ctx.now), sub.tz) }), {
        // reminders kept from before follow the new time: say when they now come
        points: [{ text: sayDigest('digest.contents', { windowDays: DEADLINE_WINDOW_DAYS, pastDays: PAST_DAYS }), cites: [] }, ...(sub.reminders ? [{ text: remindersState(sub), cites: [] }] : [])],
        notes: [manage],
      });
    }

    case 'digest-off': {
      let removed: boolean;
      try {
        removed = await ctx.store.removeSubscription(ctx.channel);
      } catch {
        return problem(q, lang, 'digest', sayDigest('store.unsaved', { what: { kind: 'change' } }));
      }
      return reply(q, lang, 'digest', sayDigest(removed ? 'digest.turnedOff' : 'digest.wasOff'));
    }

    case 'digest-reminders': {
      if (cmd.on === null) return reply(q, lang, 'digest', existing ? remindersState(existing) : sayDigest('digest.isOff'), existing ? {} : { notes: [sayReminder('reminders.needsDigest')] });
      if (!existing) {
        // they come with the digest (its time, zone and language): nothing to turn off, and nothing to turn on yet
        return cmd.on ? problem(q, lang, 'digest', sayReminder('reminders.needsDigest')) : reply(q, lang, 'digest', sayReminder('reminders.off', { already: true }));
      }
      const already = (existing.reminders === true) === cmd.on;
      if (!already) {
        const { reminders: _, ...rest } = existing;
        try {
          await ctx.store.putSubscription(cmd.on ? { ...rest, reminders: true } : rest);
        } catch {
          return problem(q, lang, 'digest', sayDigest('store.unsaved', { what: { kind: 'change' } }));
        }
      }
      const tz = canonicalZone(existing.tz);
      return reply(q, lang, 'digest', cmd.on ? sayReminder('reminders.on', { time: existing.time, tz, already }) : sayReminder('reminders.off', { already }));
    }

    case 'digest-preview': {
      // what the digest would post: in its own language (the reply's when there is none yet)
      const teamDeadlines = await ctx.store.listDeadlines(ctx.channel);
      const answer = digestAnswer(ctx.now, ctx.kb ?? null, teamDeadlines, existing?.tz ?? ctx.tz, existing ? await digestLang(existing, ctx.store) : lang);
      return { ...answer, question: q };
    }
  }
}

/** Runs a deadline/digest command; null when `text` is not one. */
export async function handleCommand(text: string, ctx: CommandContext): Promise<Answer | null> {
  const cmd = parseCommand(text, ctx);
  if (!cmd) return null;
  const q = text.trim();
  switch (cmd.kind) {
    case 'invalid': {
      const existing = cmd.intent === 'digest' ? await ctx.store.getSubscription(ctx.channel) : null;
      return problem(q, replyLang(q, ctx, existing?.lang), cmd.intent, cmd.message);
    }
    case 'digest-status':
    case 'digest-on':
    case 'digest-off':
    case 'digest-preview':
    case 'digest-reminders':
      return runDigestCommand(cmd, q, ctx);
    default:
      return runDeadlineCommand(cmd, q, ctx);
  }
}
