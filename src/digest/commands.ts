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
 *
 * handleCommand returns null for any other text (it goes to the question engine). Every reply is an
 * Answer: answered true for a successful command; for a problem answered false with a headline
 * saying what is wrong and what to type instead. Nothing is stored unless the whole command is
 * valid; when the store fails to save, the reply says so (never a false "saved").
 */
import { verbatim } from '../answer/messages.js';
import type { Answer, Lang, Point, Text } from '../answer/types.js';
import { emptySlots } from '../answer/types.js';
import type { Store, Subscription } from '../store/types.js';
import { BIDI_CONTROLS, deadlinesAnswer, formatDay, formatDue, listDeadlines, todayIn, whenText, type DeadlineKnowledge } from './deadlines.js';
import { digestAnswer } from './runner.js';
import { nextDelivery, normaliseTime } from './schedule.js';
import { canonicalZone, isTimeZone } from '../zones.js';
import { leadingWeekday, parseLeadingDate, YEAR_MAX, YEAR_MIN, type Clock, type DateProblem } from './dates.js';

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
  | { kind: 'deadline-add'; date: string; title: string }
  | { kind: 'deadline-done'; id: string }
  | { kind: 'deadline-remove'; id: string }
  | { kind: 'digest-status' }
  | { kind: 'digest-on'; weekday: number | null; time: string | null; tz: string | null }
  | { kind: 'digest-off' }
  | { kind: 'digest-preview' }
  | { kind: 'invalid'; intent: 'deadlines' | 'digest'; headline: string };

// ---------------------------------------------------------------- parsing (pure)

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const ADD_EXAMPLE = '`deadline add 2026-12-15 Submit the report` (or 15 Dec 2026)';
const ID_HELP = 'type `deadlines` to see the ids';
const DIGEST_FORM = '`digest on [weekday] [HH:MM] [time zone]`, e.g. `digest on friday 16:00 Europe/Berlin`';

const invalid = (intent: 'deadlines' | 'digest', headline: string): Command => ({ kind: 'invalid', intent, headline });
/** The first `n` characters of what the user typed, for quoting it back (never half an emoji). */
const clip = (s: string, n: number) => [...s].slice(0, n).join('');
const pad2 = (n: number) => String(n).padStart(2, '0');

function monthShort(m: number): string {
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1] ?? String(m);
}
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];

/** Why the date of `deadline add` cannot be used, in English: the text after "Can't add that deadline: ". */
export function describeDateProblem(p: DateProblem): string {
  switch (p.kind) {
    case 'missing':
      return 'it needs a date first';
    case 'ambiguous': {
      const [y, m, d] = ymd(p.dayFirst);
      const [, m2, d2] = ymd(p.monthFirst);
      return `${p.typed} is ambiguous (${d} ${monthShort(m)} or ${monthShort(m2)} ${d2}?): write it as ${p.dayFirst} or ${d} ${monthShort(m)} ${y}`;
    }
    case 'month-first': {
      const [y, m, d] = ymd(p.date);
      return `${p.typed} is written month first, but dates are read day first here: write it as ${d}/${m}/${y}, ${p.date} or ${d} ${monthShort(m)} ${y}`;
    }
    case 'bad-month':
      return `${p.typed} has no month ${p.month}`;
    case 'bad-year':
      return `${p.typed} is not a year I can use`;
    case 'short-year':
      return `${p.typed} needs the year in full: write it as ${p.full}`;
    case 'no-such-date':
      return `${p.typed} is not a real date (${MONTHS_LONG[p.month - 1]} ${p.year} has ${p.days} days)`;
    case 'needs-day':
      return `${p.typed} needs a day, e.g. 15 ${monthShort(p.month)}${p.year === null ? '' : ` ${p.year}`}`;
    case 'weekday-mismatch': {
      const [y, m, d] = ymd(p.date);
      return `${d} ${monthShort(m)} ${y} is a ${WEEKDAYS[p.actual - 1]}, not a ${WEEKDAYS[p.weekday - 1]}: check the date`;
    }
  }
}

const WEEKDAYS_VI = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
/** 15/12/2026, as dates are written in Vietnamese. */
const dmyVi = (y: number, m: number, d: number) => `${pad2(d)}/${pad2(m)}/${y}`;

/**
 * Why the date of `deadline add` cannot be used, in Vietnamese: the text after "Chưa thêm được
 * hạn chót: " (dates written dd/mm/yyyy).
 */
export function describeDateProblemVi(p: DateProblem): string {
  switch (p.kind) {
    case 'missing':
      return 'vui lòng ghi ngày trước tên công việc, ví dụ 31/12/2026, ngày 15 tháng 12 hoặc thứ Hai';
    case 'ambiguous': {
      const [y, m, d] = ymd(p.dayFirst);
      const [, m2, d2] = ymd(p.monthFirst);
      return `“${p.typed}” có thể hiểu là ngày ${d} tháng ${m} hoặc ngày ${d2} tháng ${m2}. Nếu là ngày ${d} tháng ${m} năm ${y}, vui lòng ghi “ngày ${p.typed}” hoặc ${p.dayFirst}`;
    }
    case 'month-first': {
      const [y, m, d] = ymd(p.date);
      return `“${p.typed}” được ghi theo thứ tự tháng trước, ngày sau. Nếu là ngày ${d} tháng ${m} năm ${y}, vui lòng ghi ngày trước tháng: ${dmyVi(y, m, d)}`;
    }
    case 'bad-month':
      return `“${p.typed}” không hợp lệ vì không có tháng ${p.month}`;
    case 'bad-year':
      return `“${p.typed}” không hợp lệ: năm phải từ ${YEAR_MIN} đến ${YEAR_MAX}`;
    case 'short-year':
      return `vui lòng ghi năm đủ bốn chữ số, ví dụ ${p.full}`;
    case 'no-such-date':
      return p.day > p.days
        ? `không có ngày ${dmyVi(p.year, p.month, p.day)} vì tháng ${p.month} năm ${p.year} chỉ có ${p.days} ngày`
        : `“${p.typed}” không phải là một ngày hợp lệ`;
    case 'needs-day':
      return `“${p.typed}” còn thiếu ngày, ví dụ ${p.year === null ? `15/${pad2(p.month)}` : dmyVi(p.year, p.month, 15)}`;
    case 'weekday-mismatch': {
      const [y, m, d] = ymd(p.date);
      return `ngày ${dmyVi(y, m, d)} là ${WEEKDAYS_VI[p.actual - 1]}, không phải ${WEEKDAYS_VI[p.weekday - 1]}; vui lòng kiểm tra lại`;
    }
  }
}

/** A character a person can see: not a space, a control, a format character or one that is ignored when shown (U+200B, U+2060, U+FEFF, U+3164…). */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The title as stored: bidi controls (BIDI_CONTROLS) and other control characters removed, spaces
 * collapsed, invisible format characters trimmed from the ends, and a leading dash or quotes around
 * it dropped.
 */
function cleanTitle(s: string): string {
  let t = s.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '');
  t = t.replace(/^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu, '');
  t = t.replace(/^[-–—:,;]+\s*/, '');
  const q = /^(["“'‘])(.*)(["”'’])$/s.exec(t);
  if (q) t = q[2].trim();
  return t;
}

/** Characters that show as nothing: controls, format characters, default-ignorable ones. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** Why a title (`typed`, then cleaned by cleanTitle) cannot be used, or null. */
function titleProblem(title: string, typed: string): string | null {
  if (!VISIBLE.test(title)) {
    return INVISIBLE.test(typed.replace(/\s+/g, ''))
      ? `The title has no character that can be seen (only spaces or invisible formatting characters): type ${ADD_EXAMPLE}.`
      : `The deadline needs a title after the date: ${ADD_EXAMPLE}.`;
  }
  let count = 0;
  for (const { segment } of graphemes.segment(title)) {
    count++;
    const parts = [...segment].length;
    if (parts > MAX_CHARACTER_PARTS) {
      return `The title has a character with ${parts - 1} marks stacked on it; type it with ordinary letters: ${ADD_EXAMPLE}.`;
    }
  }
  if (count > MAX_TITLE) return `The title is ${count} characters; keep it to ${MAX_TITLE} or fewer and type ${ADD_EXAMPLE}.`;
  return null;
}

function parseId(rest: string, verb: 'done' | 'remove'): Command {
  const r = rest.trim();
  const example = `\`deadline ${verb} d3\``;
  if (!r) return invalid('deadlines', `Say which deadline: ${example} (${ID_HELP}).`);
  const m = /^#?d0*(\d+)$/i.exec(r);
  if (!m || m[1] === '') return invalid('deadlines', `"${clip(r, 40)}" is not a deadline id: type ${example} (${ID_HELP}).`);
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
      if (weekday !== null && weekday !== day.weekday) return invalid('digest', `Give one weekday only. Type ${DIGEST_FORM}.`);
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
      if (!t) return invalid('digest', `${tok} is not a time of day: use 24-hour HH:MM such as 09:00 or 16:30. Type ${DIGEST_FORM}.`);
      if (time !== null) return invalid('digest', `Give one time only. Type ${DIGEST_FORM}.`);
      time = t;
      continue;
    }
    const t12 = twelveHour(tok);
    if (t12 === 'bad') return invalid('digest', `${tok} is not a time of day: use 24-hour HH:MM such as 09:00 or 16:30. Type ${DIGEST_FORM}.`);
    if (t12) {
      if (time !== null) return invalid('digest', `Give one time only. Type ${DIGEST_FORM}.`);
      time = t12;
      continue;
    }
    if (/^\d{1,2}$/.test(tok) || /^\d{3,4}$/.test(tok)) {
      return invalid('digest', `${tok} is not a time I can read: write it as HH:MM, e.g. ${/^\d{1,2}$/.test(tok) ? `${pad2(Math.min(+tok, 23))}:00` : '09:00'}. Type ${DIGEST_FORM}.`);
    }
    if (tok.includes('/') || /^(utc|gmt|etc\/.*)$/i.test(tok)) {
      if (!isTimeZone(tok)) {
        return invalid('digest', `Unknown time zone "${clip(tok, 60)}": use an IANA name such as Asia/Ho_Chi_Minh, Europe/Berlin or UTC. Type ${DIGEST_FORM}.`);
      }
      if (tz !== null) return invalid('digest', `Give one time zone only. Type ${DIGEST_FORM}.`);
      tz = canonicalZone(tok);
      continue;
    }
    return invalid('digest', `I don't understand "${clip(tok, 40)}" in \`digest on\`. Type ${DIGEST_FORM}.`);
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
    if (!rest) return invalid('deadlines', `Give a date and a title: ${ADD_EXAMPLE}.`);
    const d = parseLeadingDate(rest, clock);
    if (!d.ok) return invalid('deadlines', `Can't add that deadline: ${describeDateProblem(d.problem)}. Type ${ADD_EXAMPLE}.`);
    const title = cleanTitle(d.rest);
    const problem = titleProblem(title, d.rest);
    if (problem) return invalid('deadlines', problem);
    return { kind: 'deadline-add', date: d.date, title };
  }
  if ((m = /^deadlines? (?:done|complete|completed)(?:\s+(.*))?$/is.exec(text))) return parseId(m[1] ?? '', 'done');
  if ((m = /^deadlines? (?:remove|delete|rm)(?:\s+(.*))?$/is.exec(text))) return parseId(m[1] ?? '', 'remove');
  if (/^digest(?: status)?[?!.]?$/i.test(text)) return { kind: 'digest-status' };
  if ((m = /^digest on(?:\s+(.*))?$/is.exec(text))) return parseDigestOn(m[1] ?? '');
  if ((m = /^digest off(?:\s+(.*))?$/is.exec(text))) {
    return m[1] ? invalid('digest', 'Type just `digest off` to stop the weekly digest in this channel.') : { kind: 'digest-off' };
  }
  if ((m = /^digest preview(?:\s+(.*))?$/is.exec(text))) {
    return m[1] ? invalid('digest', 'Type just `digest preview` to see what the digest would post now.') : { kind: 'digest-preview' };
  }
  return null;
}

// ---------------------------------------------------------------- replies

function reply(question: string, intent: 'deadlines' | 'digest', headline: string | Text, extra: Partial<Answer> = {}): Answer {
  return {
    question,
    answered: true,
    lang: 'en',
    intent,
    headline: typeof headline === 'string' ? verbatim(headline) : headline,
    points: [],
    citations: [],
    notes: [],
    suggestions: [],
    slots: emptySlots(),
    ...extra,
  };
}

function problem(question: string, intent: 'deadlines' | 'digest', headline: string): Answer {
  return reply(question, intent, headline, { answered: false });
}

const couldNotSave = (question: string, intent: 'deadlines' | 'digest', what: string) =>
  problem(question, intent, `Couldn't save ${what}: the data store is not accepting changes right now. Nothing was changed; please try again in a minute.`);

/** "every Monday at 09:00 (Asia/Ho_Chi_Minh)". */
export function describeSchedule(sub: Pick<Subscription, 'weekday' | 'time' | 'tz'>): string {
  return `every ${WEEKDAYS[sub.weekday - 1]} at ${sub.time} (${canonicalZone(sub.tz)})`;
}

/** "Mon 23 Nov 2026, 09:00" in the subscription's zone. */
export function describeInstant(at: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
}

async function findOwn(ctx: CommandContext, id: string) {
  return (await ctx.store.listDeadlines(ctx.channel)).find((d) => d.id === id) ?? null;
}

/** Runs a deadline/digest command; null when `text` is not one. */
export async function handleCommand(text: string, ctx: CommandContext): Promise<Answer | null> {
  const cmd = parseCommand(text, ctx);
  if (!cmd) return null;
  const q = text.trim();
  const today = todayIn(ctx.now, ctx.tz);

  switch (cmd.kind) {
    case 'invalid':
      return problem(q, cmd.intent, cmd.headline);

    case 'deadlines': {
      const teamDeadlines = await ctx.store.listDeadlines(ctx.channel);
      return deadlinesAnswer(ctx.now, { kb: ctx.kb, teamDeadlines, tz: ctx.tz, question: q });
    }

    case 'deadline-add': {
      if (cmd.date < today) {
        return problem(q, 'deadlines', `${formatDay(cmd.date)} has already passed (today is ${formatDay(today)}): give a date from today on, e.g. ${ADD_EXAMPLE}.`);
      }
      let added;
      try {
        added = await ctx.store.addDeadline({
          ...(ctx.teamId ? { teamId: ctx.teamId } : {}), // so uninstalling the workspace removes it
          channel: ctx.channel,
          title: cmd.title,
          due: cmd.date,
          createdBy: ctx.user,
          createdAt: ctx.now.toISOString(),
        });
      } catch {
        return couldNotSave(q, 'deadlines', 'the deadline');
      }
      const [item] = listDeadlines(ctx.now, { teamDeadlines: [added], tz: ctx.tz });
      return reply(q, 'deadlines', `Added ${added.id}: ${added.title} — ${formatDue(item.due)} (${whenText(item)}).`, {
        notes: [verbatim(`Type \`deadline done ${added.id}\` when it is done, or \`deadline remove ${added.id}\` to delete it.`)],
      });
    }

    case 'deadline-done':
    case 'deadline-remove': {
      const own = await findOwn(ctx, cmd.id);
      if (!own) return problem(q, 'deadlines', `No deadline ${cmd.id} in this channel: ${ID_HELP}.`);
      try {
        if (cmd.kind === 'deadline-done') {
          if (own.done) {
            return reply(q, 'deadlines', `${own.id} (${own.title}) was already marked done on ${formatDay(todayIn(new Date(own.doneAt ?? ctx.now), ctx.tz))}.`);
          }
          const done = await ctx.store.markDeadlineDone(own.id, ctx.now.toISOString());
          if (!done) return problem(q, 'deadlines', `No deadline ${cmd.id} in this channel: ${ID_HELP}.`);
          return reply(q, 'deadlines', `Marked ${own.id} done: ${own.title} (${formatDay(own.due)}).`);
        }
        const removed = await ctx.store.removeDeadline(own.id);
        if (!removed) return problem(q, 'deadlines', `No deadline ${cmd.id} in this channel: ${ID_HELP}.`);
        return reply(q, 'deadlines', `Removed ${own.id}: ${own.title} (${formatDay(own.due)}).`);
      } catch {
        return couldNotSave(q, 'deadlines', cmd.kind === 'deadline-done' ? `${own.id} as done` : `the removal of ${own.id}`);
      }
    }

    case 'digest-status': {
      const sub = await ctx.store.getSubscription(ctx.channel);
      if (!sub) {
        return reply(q, 'digest', 'The weekly deadline digest is off in this channel.', {
          notes: [verbatim(`Type \`digest on\` for Mondays at ${DEFAULT_TIME} (${ctx.tz}), or ${DIGEST_FORM}.`)],
        });
      }
      const delivered = (await ctx.store.listDeliveries())
        .filter((e) => e.channel === ctx.channel && e.status === 'delivered' && e.finishedAt)
        .sort((a, b) => (a.finishedAt! < b.finishedAt! ? 1 : -1))[0];
      const points: Point[] = [{ text: verbatim(`Next: ${describeInstant(nextDelivery(sub, ctx.now), sub.tz)}.`), cites: [] }];
      if (delivered) points.push({ text: verbatim(`Last sent: ${describeInstant(new Date(delivered.finishedAt!), sub.tz)}.`), cites: [] });
      return reply(q, 'digest', `The weekly deadline digest is on: ${describeSchedule(sub)}.`, {
        points,
        notes: [verbatim('Type `digest preview` to see it now, `digest off` to stop it.')],
      });
    }

    case 'digest-on': {
      const existing = await ctx.store.getSubscription(ctx.channel);
      const sub: Subscription = {
        teamId: ctx.teamId,
        channel: ctx.channel,
        weekday: cmd.weekday ?? existing?.weekday ?? DEFAULT_WEEKDAY,
        time: cmd.time ?? existing?.time ?? DEFAULT_TIME,
        tz: canonicalZone(cmd.tz ?? existing?.tz ?? ctx.tz),
        createdBy: ctx.user,
        createdAt: ctx.now.toISOString(),
      };
      try {
        await ctx.store.putSubscription(sub);
      } catch {
        return couldNotSave(q, 'digest', 'the digest subscription');
      }
      return reply(q, 'digest', `Weekly deadline digest on: ${describeSchedule(sub)}. Next: ${describeInstant(nextDelivery(sub, ctx.now), sub.tz)}.`, {
        points: [{ text: verbatim('It lists deadlines due within 30 days with days left, those passed in the last 7 days, and the next one after.'), cites: [] }],
        notes: [verbatim('Type `digest preview` to see it now, `digest off` to stop it.')],
      });
    }

    case 'digest-off': {
      let removed: boolean;
      try {
        removed = await ctx.store.removeSubscription(ctx.channel);
      } catch {
        return couldNotSave(q, 'digest', 'the change');
      }
      return reply(q, 'digest', removed ? 'Weekly deadline digest off for this channel.' : 'The weekly deadline digest was already off in this channel.');
    }

    case 'digest-preview': {
      const sub = await ctx.store.getSubscription(ctx.channel);
      const teamDeadlines = await ctx.store.listDeadlines(ctx.channel);
      const answer = digestAnswer(ctx.now, ctx.kb ?? null, teamDeadlines, sub?.tz ?? ctx.tz);
      return { ...answer, question: q };
    }
  }
}
