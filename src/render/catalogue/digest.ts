/**
 * What the digest layer says (deadline lists, the deadline and digest commands, the weekly digest),
 * in English and Vietnamese. The messages' data types are defined here rather than in src/digest:
 * render may not import the digest layer (tests/layers.test.ts), and src/digest/messages.ts
 * re-exports them with `sayDigest`, the typed way to make one.
 *
 * Data, never pre-formatted words: dates are ISO (YYYY-MM-DD, YYYY-MM, YYYY), counts are numbers,
 * weekdays ISO numbers (1 = Monday … 7 = Sunday), titles a user typed are strings (shown as typed,
 * escaped by the renderers), source deadline labels are in both languages.
 */
import { format as formatDate } from 'date-fns';
import type { Bilingual } from '../../answer/types.js';
import type { Formatter } from '../format.js';
import { deadlinesEn, deadlinesVi, type DeadlineMark, type DeadlineMessages } from './deadlines.js';
import type { Entries } from './types.js';

export type { DeadlineMark };

export type Precision = 'year' | 'month' | 'day';

/** Why the start of `deadline add`'s text is not a usable date. Dates are YYYY-MM-DD; weekdays 1 = Monday … 7 = Sunday. */
export type DateProblem =
  /** Nothing at the start reads as a date. */
  | { kind: 'missing' }
  /** 03/04/2026 without Vietnamese context: both readings. */
  | { kind: 'ambiguous'; typed: string; dayFirst: string; monthFirst: string }
  /** 12/25/2026: only the month-first (US) reading is a date; `date` is that reading. */
  | { kind: 'month-first'; typed: string; date: string }
  | { kind: 'bad-month'; typed: string; month: number }
  /** A year outside 1900–2199. */
  | { kind: 'bad-year'; typed: string; year: number }
  /** 31/12/26: `full` is the same date with a four-digit year ("31/12/2026"). */
  | { kind: 'short-year'; typed: string; full: string }
  /** 30/02/2026: `days` is how many days that month has. */
  | { kind: 'no-such-date'; typed: string; year: number; month: number; day: number; days: number }
  /** "Dec 2026", "tháng 12 năm 2026", "tháng 12" (year null). */
  | { kind: 'needs-day'; typed: string; month: number; year: number | null }
  /** "thứ hai 15/12/2026" when 15/12/2026 is a Tuesday. */
  | { kind: 'weekday-mismatch'; typed: string; date: string; weekday: number; actual: number };

/** A deadline's title: words a user typed (shown as typed) or a source deadline's label in both languages. */
export type DeadlineTitle = string | Bilingual;

/** A due date at its own precision: "15 Dec 2026" / "15/12/2026", "September 2025" / "tháng 9/2025", "2027" / "năm 2027". */
export interface DueDate {
  date: string;
  precision: Precision;
}

/** How far a deadline is: calendar days from today to its last day (YYYY-MM-DD; negative when past). */
export interface DueIn {
  precision: Precision;
  daysLeft: number;
  lastDay: string;
}

/** A weekly digest's slot: ISO weekday, HH:MM, IANA zone. */
export interface WeeklySchedule {
  weekday: number;
  time: string;
  tz: string;
}

/** An instant as the clock reads it in a zone: its local date (YYYY-MM-DD), ISO weekday and HH:MM. */
export interface LocalTime {
  date: string;
  weekday: number;
  time: string;
}

/** Where an item of a deadline list stands: a team's past due (not done), in the window, after it, or a source's passed. */
export type ListGroup = 'overdue' | 'soon' | 'later' | 'passed';

/** What a store failure left unsaved. */
export type Unsaved = { kind: 'deadline' } | { kind: 'done'; id: string } | { kind: 'removal'; id: string } | { kind: 'subscription' } | { kind: 'change' };

export type IdVerb = 'done' | 'remove';

type None = Record<string, never>;

export interface DigestMessages {
  // -------------------------------------------------------------- deadline lists (and the digest)
  /**
   * One deadline: "Later: APEC Year 2027 — 2027 · 819 days left (to 31 Dec 2027)"; overdue and
   * due-soon ones marked ("⚠️ due in 3 days"); a team's own say who owns it, who added it, and its
   * id for typing ("(d1)"). Slack shows a team's own with mentions and a menu instead of the id
   * (src/render/deadlines.ts).
   */
  'deadlines.item': {
    group: ListGroup;
    title: DeadlineTitle;
    due: DueDate;
    dueIn: DueIn;
    /** Overdue or due soon (null or absent: neither). */
    mark?: DeadlineMark | null;
    /** A channel's own deadline: the Slack user id that added it, the day (YYYY-MM-DD), its id ("d1"), its owner's user id. */
    team: { addedBy: string; addedOn: string; id: string; owner?: string | null } | null;
  };
  /** The list's heading: "Deadlines in the next 30 days: 3 (1 overdue)." */
  'deadlines.count': { count: number; windowDays: number; overdue?: number };
  /** "Nothing due in the next 90 days; the next deadline is X (2027)." (next null: only the first half). */
  'deadlines.nothingSoon': { windowDays: number; next: { title: DeadlineTitle; due: DueDate } | null };
  'deadlines.none': None;
  'deadlines.periodNote': None;
  'deadlines.passedNote': None;
  'deadlines.noSources': None;
  /** The weekly digest's heading: "Weekly deadline digest — deadlines in the next 30 days: 3." */
  'digest.count': { count: number; windowDays: number; overdue?: number };

  // -------------------------------------------------------------- deadline commands
  /** "Added d1: Submit the report — 15 Dec 2026 (in 23 days)." */
  'deadline.added': { id: string; title: string; due: DueDate; dueIn: DueIn };
  'deadline.addedNote': { id: string };
  'deadline.alreadyDone': { id: string; title: string; on: string };
  'deadline.done': { id: string; title: string; due: string };
  'deadline.removed': { id: string; title: string; due: string };
  'deadline.notFound': { id: string };
  /** A date before today: `date` and `today` YYYY-MM-DD. */
  'deadline.passedDate': { date: string; today: string };
  'deadline.needsDateAndTitle': None;
  /** "Can't add that deadline: <what is wrong with the date>. Type <example>." `years`: the years accepted. */
  'deadline.badDate': { problem: DateProblem; years: { min: number; max: number } };
  'deadline.titleMissing': None;
  'deadline.titleInvisible': None;
  'deadline.titleMarks': { marks: number };
  'deadline.titleLong': { count: number; max: number };
  'deadline.whichId': { verb: IdVerb };
  'deadline.badId': { verb: IdVerb; typed: string };
  /** The store did not take a change: nothing was changed. */
  'store.unsaved': { what: Unsaved };

  // -------------------------------------------------------------- digest commands
  'digest.isOff': None;
  /** How to turn it on: the default slot and the full form. */
  'digest.offNote': { weekday: number; time: string; tz: string };
  'digest.isOn': { schedule: WeeklySchedule };
  'digest.next': { at: LocalTime };
  'digest.lastSent': { at: LocalTime };
  'digest.manage': None;
  'digest.turnedOn': { schedule: WeeklySchedule; next: LocalTime };
  'digest.contents': { windowDays: number; pastDays: number };
  'digest.turnedOff': None;
  'digest.wasOff': None;
  /** "every Monday at 09:00 (Asia/Ho_Chi_Minh)" on its own. */
  'digest.schedule': { schedule: WeeklySchedule };
  /** "Mon 23 Nov 2026, 09:00" on its own. */
  'digest.instant': { at: LocalTime };
  // `digest on …` that cannot be read
  'digest.oneWeekday': None;
  'digest.oneTime': None;
  'digest.oneZone': None;
  'digest.badTime': { typed: string };
  'digest.unreadableTime': { typed: string; example: string };
  'digest.badZone': { typed: string };
  'digest.notUnderstood': { typed: string };
  'digest.offExtra': None;
  'digest.previewExtra': None;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];
/** A date of a known ISO weekday (1 January 2024 was a Monday), for naming weekdays through Intl. */
const dayOfWeekday = (weekday: number) => new Date(Date.UTC(2024, 0, weekday));
const titleIn = (t: DeadlineTitle, f: Formatter) => (typeof t === 'string' ? t : t[f.lang]);

type Item = DigestMessages['deadlines.item'];

/** A team deadline's people and its id, as plain text: "owner U1 · added by U2 on 2 Mar 2026 (d1)". */
function teamParts(team: NonNullable<Item['team']>, entries: Entries<DeadlineMessages>, f: Formatter): string[] {
  const parts = team.owner ? [entries['deadlines.owner']({ user: team.owner }, f)] : [];
  parts.push(`${entries['deadlines.addedBy']({ user: team.addedBy, on: team.addedOn }, f)} (${team.id})`);
  return parts;
}

/** An item's words: its title and date, then its mark or how far it is, then (a team's) its people and id. */
function item(p: Item, f: Formatter, group: Record<ListGroup, string>, due: string, dueIn: string, entries: Entries<DeadlineMessages>): string {
  const when = p.mark ? entries['deadlines.mark']({ mark: p.mark, dueIn: p.dueIn }, f) : dueIn;
  const parts = [`${group[p.group]}${titleIn(p.title, f)} — ${due}`, when];
  if (p.team) parts.push(...teamParts(p.team, entries, f));
  return parts.join(' · ');
}

// ---------------------------------------------------------------- English

const WEEKDAY_EN = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });
const WEEKDAY_SHORT_EN = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });
const weekdayEn = (w: number) => WEEKDAY_EN.format(dayOfWeekday(w));
/** "Dec", as date-fns writes it in format.ts (Intl's en-GB says "Sept"). */
const monthShort = (m: number) => formatDate(new Date(2000, m - 1, 1), 'MMM');

const ADD_EXAMPLE_EN = '`deadline add 2026-12-15 Submit the report` (or 15 Dec 2026)';
const ID_HELP_EN = 'type `deadlines` to see the list';
const DIGEST_FORM_EN = '`digest on [weekday] [HH:MM] [time zone]`, e.g. `digest on friday 16:00 Europe/Berlin`';

const pluralEn = (n: number, one: string, f: Formatter) => `${f.number(n)} ${n === 1 ? one : `${one}s`}`;

function dueEn(d: DueDate, f: Formatter): string {
  const [y, m] = ymd(d.date);
  if (d.precision === 'year') return String(y);
  if (d.precision === 'month') return `${f.monthName(m)} ${y}`;
  return f.date(d.date);
}

/** "in 5 days", "due today", "passed 3 days ago", "12 days left (to 30 Sep 2025)". */
function dueInEn(w: DueIn, f: Formatter): string {
  const n = w.daysLeft;
  if (w.precision === 'day') {
    if (n === 0) return 'due today';
    if (n === 1) return 'due tomorrow';
    if (n > 1) return `in ${f.number(n)} days`;
    if (n === -1) return 'passed yesterday';
    return `passed ${f.number(-n)} days ago`;
  }
  const period = w.precision === 'month' ? 'the month' : 'the year';
  if (n === 0) return `last day of ${period} is today`;
  if (n > 0) return `${pluralEn(n, 'day', f)} left (to ${f.date(w.lastDay)})`;
  return `passed: ${period} ended ${n === -1 ? 'yesterday' : `${f.number(-n)} days ago`}`;
}

const scheduleEn = (s: WeeklySchedule) => `every ${weekdayEn(s.weekday)} at ${s.time} (${s.tz})`;
const instantEn = (t: LocalTime, f: Formatter) => `${WEEKDAY_SHORT_EN.format(dayOfWeekday(t.weekday))} ${f.date(t.date)}, ${t.time}`;

/** Why the date cannot be used: the text after "Can't add that deadline: ". */
function dateProblemEn(p: DateProblem, f: Formatter): string {
  switch (p.kind) {
    case 'missing':
      return 'it needs a date first';
    case 'ambiguous': {
      const [, m, d] = ymd(p.dayFirst);
      const [, m2, d2] = ymd(p.monthFirst);
      return `${p.typed} is ambiguous (${d} ${monthShort(m)} or ${monthShort(m2)} ${d2}?): write it as ${p.dayFirst} or ${f.date(p.dayFirst)}`;
    }
    case 'month-first': {
      const [y, m, d] = ymd(p.date);
      return `${p.typed} is written month first, but dates are read day first here: write it as ${d}/${m}/${y}, ${p.date} or ${f.date(p.date)}`;
    }
    case 'bad-month':
      return `${p.typed} has no month ${p.month}`;
    case 'bad-year':
      return `${p.typed} is not a year I can use`;
    case 'short-year':
      return `${p.typed} needs the year in full: write it as ${p.full}`;
    case 'no-such-date':
      return `${p.typed} is not a real date (${f.monthName(p.month)} ${p.year} has ${p.days} days)`;
    case 'needs-day':
      return `${p.typed} needs a day, e.g. 15 ${monthShort(p.month)}${p.year === null ? '' : ` ${p.year}`}`;
    case 'weekday-mismatch':
      return `${f.date(p.date)} is a ${weekdayEn(p.actual)}, not a ${weekdayEn(p.weekday)}: check the date`;
  }
}

function unsavedEn(u: Unsaved): string {
  switch (u.kind) {
    case 'deadline':
      return 'the deadline';
    case 'done':
      return `${u.id} as done`;
    case 'removal':
      return `the removal of ${u.id}`;
    case 'subscription':
      return 'the digest subscription';
    case 'change':
      return 'the change';
  }
}

const GROUP_EN: Record<ListGroup, string> = { overdue: '', soon: '', later: 'Later: ', passed: 'Passed: ' };

/** "3 (1 overdue)", "none (2 overdue)". */
const countEn = (count: number, overdue: number | undefined, f: Formatter) =>
  `${count ? f.number(count) : 'none'}${overdue ? ` (${f.number(overdue)} overdue)` : ''}`;

export const digestEn: Entries<DigestMessages> = {
  'deadlines.item': (p, f) => item(p, f, GROUP_EN, dueEn(p.due, f), dueInEn(p.dueIn, f), deadlinesEn),
  'deadlines.count': (p, f) => `Deadlines in the next ${p.windowDays} days: ${countEn(p.count, p.overdue, f)}.`,
  'deadlines.nothingSoon': (p, f) =>
    p.next
      ? `Nothing due in the next ${p.windowDays} days; the next deadline is ${titleIn(p.next.title, f)} (${dueEn(p.next.due, f)}).`
      : `Nothing due in the next ${p.windowDays} days.`,
  'deadlines.none': () => 'No upcoming deadlines.',
  'deadlines.periodNote': () => 'A deadline given as a month or a year counts as due until the last day of that month or year.',
  'deadlines.passedNote': () => 'Passed deadlines are shown by date only; the sources do not say whether they were met.',
  'deadlines.noSources': () => "The sources' deadlines are not loaded; showing this channel's own only.",
  'digest.count': (p, f) => `Weekly deadline digest — deadlines in the next ${p.windowDays} days: ${countEn(p.count, p.overdue, f)}.`,

  'deadline.added': (p, f) => `Added ${p.id}: ${p.title} — ${dueEn(p.due, f)} (${dueInEn(p.dueIn, f)}).`,
  'deadline.addedNote': (p) => `Type \`deadline done ${p.id}\` when it is done, or \`deadline remove ${p.id}\` to delete it.`,
  'deadline.alreadyDone': (p, f) => `${p.id} (${p.title}) was already marked done on ${f.date(p.on)}.`,
  'deadline.done': (p, f) => `Marked ${p.id} done: ${p.title} (${f.date(p.due)}).`,
  'deadline.removed': (p, f) => `Removed ${p.id}: ${p.title} (${f.date(p.due)}).`,
  'deadline.notFound': (p) => `No deadline ${p.id} in this channel: ${ID_HELP_EN}.`,
  'deadline.passedDate': (p, f) => `${f.date(p.date)} has already passed (today is ${f.date(p.today)}): give a date from today on, e.g. ${ADD_EXAMPLE_EN}.`,
  'deadline.needsDateAndTitle': () => `Give a date and a title: ${ADD_EXAMPLE_EN}.`,
  'deadline.badDate': (p, f) => `Can't add that deadline: ${dateProblemEn(p.problem, f)}. Type ${ADD_EXAMPLE_EN}.`,
  'deadline.titleMissing': () => `The deadline needs a title after the date: ${ADD_EXAMPLE_EN}.`,
  'deadline.titleInvisible': () => `The title has no character that can be seen (only spaces or invisible formatting characters): type ${ADD_EXAMPLE_EN}.`,
  'deadline.titleMarks': (p) => `The title has a character with ${p.marks} marks stacked on it; type it with ordinary letters: ${ADD_EXAMPLE_EN}.`,
  'deadline.titleLong': (p) => `The title is ${p.count} characters; keep it to ${p.max} or fewer and type ${ADD_EXAMPLE_EN}.`,
  'deadline.whichId': (p) => `Say which deadline: \`deadline ${p.verb} d3\` (${ID_HELP_EN}).`,
  'deadline.badId': (p) => `"${p.typed}" is not a deadline id: type \`deadline ${p.verb} d3\` (${ID_HELP_EN}).`,
  'store.unsaved': (p) => `Couldn't save ${unsavedEn(p.what)}: the data store is not accepting changes right now. Nothing was changed; please try again in a minute.`,

  'digest.isOff': () => 'The weekly deadline digest is off in this channel.',
  'digest.offNote': (p) => `Type \`digest on\` for ${weekdayEn(p.weekday)}s at ${p.time} (${p.tz}), or ${DIGEST_FORM_EN}.`,
  'digest.isOn': (p) => `The weekly deadline digest is on: ${scheduleEn(p.schedule)}.`,
  'digest.next': (p, f) => `Next: ${instantEn(p.at, f)}.`,
  'digest.lastSent': (p, f) => `Last sent: ${instantEn(p.at, f)}.`,
  'digest.manage': () => 'Type `digest preview` to see it now, `digest off` to stop it.',
  'digest.turnedOn': (p, f) => `Weekly deadline digest on: ${scheduleEn(p.schedule)}. Next: ${instantEn(p.next, f)}.`,
  'digest.contents': (p) =>
    `It lists deadlines due within ${p.windowDays} days with days left, this channel's overdue ones, the sources' passed in the last ${p.pastDays} days, and the next one after.`,
  'digest.turnedOff': () => 'Weekly deadline digest off for this channel.',
  'digest.wasOff': () => 'The weekly deadline digest was already off in this channel.',
  'digest.schedule': (p) => scheduleEn(p.schedule),
  'digest.instant': (p, f) => instantEn(p.at, f),
  'digest.oneWeekday': () => `Give one weekday only. Type ${DIGEST_FORM_EN}.`,
  'digest.oneTime': () => `Give one time only. Type ${DIGEST_FORM_EN}.`,
  'digest.oneZone': () => `Give one time zone only. Type ${DIGEST_FORM_EN}.`,
  'digest.badTime': (p) => `${p.typed} is not a time of day: use 24-hour HH:MM such as 09:00 or 16:30. Type ${DIGEST_FORM_EN}.`,
  'digest.unreadableTime': (p) => `${p.typed} is not a time I can read: write it as HH:MM, e.g. ${p.example}. Type ${DIGEST_FORM_EN}.`,
  'digest.badZone': (p) => `Unknown time zone "${p.typed}": use an IANA name such as Asia/Ho_Chi_Minh, Europe/Berlin or UTC. Type ${DIGEST_FORM_EN}.`,
  'digest.notUnderstood': (p) => `I don't understand "${p.typed}" in \`digest on\`. Type ${DIGEST_FORM_EN}.`,
  'digest.offExtra': () => 'Type just `digest off` to stop the weekly digest in this channel.',
  'digest.previewExtra': () => 'Type just `digest preview` to see what the digest would post now.',
};

// ---------------------------------------------------------------- Vietnamese

const WEEKDAY_VI = new Intl.DateTimeFormat('vi-VN', { weekday: 'long', timeZone: 'UTC' });
/**
 * A weekday inside a sentence, as Vietnamese official writing has it: "thứ Hai" … "thứ Bảy",
 * "Chủ nhật". Intl writes them as headings ("Thứ Hai", "Chủ Nhật").
 */
function weekdayVi(w: number): string {
  const s = WEEKDAY_VI.format(dayOfWeekday(w));
  return /^thứ /iu.test(s) ? `thứ ${s.slice(4)}` : s.charAt(0) + s.slice(1).toLocaleLowerCase('vi');
}

const ADD_EXAMPLE_VI = '`deadline add 15/12/2026 Nộp báo cáo`';
const ID_HELP_VI = 'gõ `deadlines` để xem danh sách hạn chót';
const DIGEST_FORM_VI = '`digest on [thứ] [HH:MM] [múi giờ]`, ví dụ `digest on thứ sáu 16:00 Asia/Ho_Chi_Minh`';

/** "15/12/2026", "tháng 9/2025", "năm 2027". */
function dueVi(d: DueDate, f: Formatter): string {
  return d.precision === 'year' ? `năm ${d.date.slice(0, 4)}` : f.date(d.date);
}

/** "còn 5 ngày", "đến hạn hôm nay", "đã hết hạn 3 ngày trước", "còn 12 ngày (đến 30/09/2025)". Never says whether it was met. */
function dueInVi(w: DueIn, f: Formatter): string {
  const n = w.daysLeft;
  if (w.precision === 'day') {
    if (n === 0) return 'đến hạn hôm nay';
    if (n === 1) return 'đến hạn ngày mai';
    if (n > 1) return `còn ${f.number(n)} ngày`;
    if (n === -1) return 'đã hết hạn hôm qua';
    return `đã hết hạn ${f.number(-n)} ngày trước`;
  }
  const period = w.precision === 'month' ? 'tháng' : 'năm';
  if (n === 0) return `hôm nay là ngày cuối cùng của ${period}`;
  if (n > 0) return `còn ${f.number(n)} ngày (đến ${f.date(w.lastDay)})`;
  return `đã hết hạn: ${period} đã kết thúc ${n === -1 ? 'hôm qua' : `${f.number(-n)} ngày trước`}`;
}

const scheduleVi = (s: WeeklySchedule) => `${weekdayVi(s.weekday)} hằng tuần lúc ${s.time} (${s.tz})`;
const instantVi = (t: LocalTime, f: Formatter) => `${t.time} ${weekdayVi(t.weekday)}, ${f.date(t.date)}`;
/** 15/12/2026, as dates are written in Vietnamese. */
const dmyVi = (y: number, m: number, d: number) => `${pad2(d)}/${pad2(m)}/${y}`;

/** Why the date cannot be used: the text after "Chưa thêm được hạn chót: " (dates written dd/mm/yyyy). */
function dateProblemVi(p: DateProblem, years: { min: number; max: number }, f: Formatter): string {
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
      return `“${p.typed}” được ghi theo thứ tự tháng trước, ngày sau. Nếu là ngày ${d} tháng ${m} năm ${y}, vui lòng ghi ngày trước tháng: ${f.date(p.date)}`;
    }
    case 'bad-month':
      return `“${p.typed}” không hợp lệ vì không có tháng ${p.month}`;
    case 'bad-year':
      return `“${p.typed}” không hợp lệ: năm phải từ ${years.min} đến ${years.max}`;
    case 'short-year':
      return `vui lòng ghi năm đủ bốn chữ số, ví dụ ${p.full}`;
    case 'no-such-date':
      return p.day > p.days
        ? `không có ngày ${dmyVi(p.year, p.month, p.day)} vì tháng ${p.month} năm ${p.year} chỉ có ${p.days} ngày`
        : `“${p.typed}” không phải là một ngày hợp lệ`;
    case 'needs-day':
      return `“${p.typed}” còn thiếu ngày, ví dụ ${p.year === null ? `15/${pad2(p.month)}` : dmyVi(p.year, p.month, 15)}`;
    case 'weekday-mismatch':
      return `ngày ${f.date(p.date)} là ${weekdayVi(p.actual)}, không phải ${weekdayVi(p.weekday)}; vui lòng kiểm tra lại`;
  }
}

function unsavedVi(u: Unsaved): string {
  switch (u.kind) {
    case 'deadline':
      return 'hạn chót';
    case 'done':
      return `việc đánh dấu hoàn thành ${u.id}`;
    case 'removal':
      return `việc xóa ${u.id}`;
    case 'subscription':
      return 'đăng ký bản tin hạn chót';
    case 'change':
      return 'thay đổi';
  }
}

const GROUP_VI: Record<ListGroup, string> = { overdue: '', soon: '', later: 'Sau đó: ', passed: 'Đã qua: ' };

/** "3 (1 quá hạn)", "không có (2 quá hạn)". */
const countVi = (count: number, overdue: number | undefined, f: Formatter) =>
  `${count ? f.number(count) : 'không có'}${overdue ? ` (${f.number(overdue)} quá hạn)` : ''}`;

export const digestVi: Entries<DigestMessages> = {
  'deadlines.item': (p, f) => item(p, f, GROUP_VI, dueVi(p.due, f), dueInVi(p.dueIn, f), deadlinesVi),
  'deadlines.count': (p, f) => `Hạn chót trong ${p.windowDays} ngày tới: ${countVi(p.count, p.overdue, f)}.`,
  'deadlines.nothingSoon': (p, f) =>
    p.next
      ? `Không có hạn chót nào trong ${p.windowDays} ngày tới; hạn chót gần nhất là ${titleIn(p.next.title, f)} (${dueVi(p.next.due, f)}).`
      : `Không có hạn chót nào trong ${p.windowDays} ngày tới.`,
  'deadlines.none': () => 'Không có hạn chót nào sắp tới.',
  'deadlines.periodNote': () => 'Hạn chót ghi theo tháng hoặc theo năm được tính đến hết ngày cuối cùng của tháng hoặc năm đó.',
  'deadlines.passedNote': () => 'Các hạn chót đã qua chỉ được nêu theo ngày; các nguồn không cho biết đã được thực hiện hay chưa.',
  'deadlines.noSources': () => 'Chưa tải được các hạn chót từ nguồn; chỉ hiển thị hạn chót của kênh này.',
  'digest.count': (p, f) => `Bản tin hạn chót hằng tuần — hạn chót trong ${p.windowDays} ngày tới: ${countVi(p.count, p.overdue, f)}.`,

  'deadline.added': (p, f) => `Đã thêm ${p.id}: ${p.title} — ${dueVi(p.due, f)} (${dueInVi(p.dueIn, f)}).`,
  'deadline.addedNote': (p) => `Khi hoàn thành, gõ \`deadline done ${p.id}\`; để xóa, gõ \`deadline remove ${p.id}\`.`,
  'deadline.alreadyDone': (p, f) => `${p.id} (${p.title}) đã được đánh dấu hoàn thành từ ngày ${f.date(p.on)}.`,
  'deadline.done': (p, f) => `Đã đánh dấu hoàn thành ${p.id}: ${p.title} (${f.date(p.due)}).`,
  'deadline.removed': (p, f) => `Đã xóa ${p.id}: ${p.title} (${f.date(p.due)}).`,
  'deadline.notFound': (p) => `Kênh này không có hạn chót ${p.id}: ${ID_HELP_VI}.`,
  'deadline.passedDate': (p, f) =>
    `Ngày ${f.date(p.date)} đã qua (hôm nay là ${f.date(p.today)}): vui lòng ghi một ngày từ hôm nay trở đi, ví dụ ${ADD_EXAMPLE_VI}.`,
  'deadline.needsDateAndTitle': () => `Vui lòng ghi ngày và tên công việc, ví dụ ${ADD_EXAMPLE_VI}.`,
  'deadline.badDate': (p, f) => `Chưa thêm được hạn chót: ${dateProblemVi(p.problem, p.years, f)}. Ví dụ: ${ADD_EXAMPLE_VI}.`,
  'deadline.titleMissing': () => `Vui lòng ghi tên công việc sau ngày, ví dụ ${ADD_EXAMPLE_VI}.`,
  'deadline.titleInvisible': () =>
    `Tên công việc không có ký tự nào hiển thị được (chỉ có khoảng trắng hoặc ký tự định dạng ẩn): vui lòng gõ theo mẫu ${ADD_EXAMPLE_VI}.`,
  'deadline.titleMarks': (p) => `Tên công việc có một ký tự bị chồng ${p.marks} dấu; vui lòng gõ bằng chữ thông thường, ví dụ ${ADD_EXAMPLE_VI}.`,
  'deadline.titleLong': (p) => `Tên công việc dài ${p.count} ký tự; vui lòng rút gọn còn tối đa ${p.max} ký tự, ví dụ ${ADD_EXAMPLE_VI}.`,
  'deadline.whichId': (p) => `Vui lòng cho biết hạn chót nào: \`deadline ${p.verb} d3\` (${ID_HELP_VI}).`,
  'deadline.badId': (p) => `“${p.typed}” không phải là mã hạn chót: vui lòng gõ \`deadline ${p.verb} d3\` (${ID_HELP_VI}).`,
  'store.unsaved': (p) =>
    `Chưa lưu được ${unsavedVi(p.what)}: hệ thống lưu trữ hiện chưa nhận thay đổi. Chưa có gì bị thay đổi; vui lòng thử lại sau ít phút.`,

  'digest.isOff': () => 'Bản tin hạn chót hằng tuần đang tắt ở kênh này.',
  'digest.offNote': (p) => `Gõ \`digest on\` để nhận bản tin vào ${weekdayVi(p.weekday)} hằng tuần lúc ${p.time} (${p.tz}), hoặc ${DIGEST_FORM_VI}.`,
  'digest.isOn': (p) => `Bản tin hạn chót hằng tuần đang bật: ${scheduleVi(p.schedule)}.`,
  'digest.next': (p, f) => `Lần gửi tới: ${instantVi(p.at, f)}.`,
  'digest.lastSent': (p, f) => `Lần gửi gần nhất: ${instantVi(p.at, f)}.`,
  'digest.manage': () => 'Gõ `digest preview` để xem trước bản tin, `digest off` để tắt.',
  'digest.turnedOn': (p, f) => `Đã bật bản tin hạn chót hằng tuần: ${scheduleVi(p.schedule)}. Lần gửi tới: ${instantVi(p.next, f)}.`,
  'digest.contents': (p) =>
    `Bản tin liệt kê các hạn chót trong ${p.windowDays} ngày tới kèm số ngày còn lại, các hạn chót quá hạn của kênh, các hạn chót của nguồn đã qua trong ${p.pastDays} ngày gần nhất và hạn chót kế tiếp sau đó.`,
  'digest.turnedOff': () => 'Đã tắt bản tin hạn chót hằng tuần ở kênh này.',
  'digest.wasOff': () => 'Bản tin hạn chót hằng tuần ở kênh này đã tắt từ trước.',
  'digest.schedule': (p) => scheduleVi(p.schedule),
  'digest.instant': (p, f) => instantVi(p.at, f),
  'digest.oneWeekday': () => `Vui lòng chỉ ghi một thứ trong tuần. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.oneTime': () => `Vui lòng chỉ ghi một giờ. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.oneZone': () => `Vui lòng chỉ ghi một múi giờ. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.badTime': (p) => `“${p.typed}” không phải là giờ hợp lệ: vui lòng ghi theo định dạng 24 giờ HH:MM, ví dụ 09:00 hoặc 16:30. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.unreadableTime': (p) => `Chưa đọc được giờ “${p.typed}”: vui lòng ghi theo dạng HH:MM, ví dụ ${p.example}. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.badZone': (p) =>
    `Không nhận ra múi giờ “${p.typed}”: vui lòng dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh, Europe/Berlin hoặc UTC. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.notUnderstood': (p) => `Tôi chưa hiểu “${p.typed}” trong lệnh \`digest on\`. Gõ theo mẫu ${DIGEST_FORM_VI}.`,
  'digest.offExtra': () => 'Chỉ cần gõ `digest off` để tắt bản tin hạn chót hằng tuần ở kênh này.',
  'digest.previewExtra': () => 'Chỉ cần gõ `digest preview` để xem trước nội dung bản tin nếu được gửi ngay bây giờ.',
};
