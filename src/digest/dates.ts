/**
 * The date at the start of `deadline add <date> <title>`, as people in Vietnam and English speakers
 * write it, and the weekday words of `digest on`. Pure: "today" comes from the caller's clock
 * (an instant and the IANA time zone that decides which calendar day it is).
 *
 * Accepted (case-insensitive; Vietnamese words with or without diacritics, "ngay" = "ngày"):
 *   2026-12-15, 2026/12/15                      ISO order
 *   15 Dec 2026, 15th December, 2026            English month names, day first
 *   Dec 15 2026, December 15th, 2026            English month names, month first
 *   31/12/2026, 31-12-2026, 31.12.2026          numbers, day first (see the rule below)
 *   31/12, 31-12                                the next 31/12 on or after today
 *   ngày 15/12/2026, ngày 15/12                 the same, with "ngày"
 *   15 tháng 12 năm 2026, ngày 15 tháng 12 năm 2026
 *   15 tháng 12, ngày 15 tháng 12               the next 15/12 on or after today
 *   thứ hai … thứ bảy (thứ bẩy), chủ nhật, thứ 2 … thứ 7, T2 … T7, CN,
 *   monday … sunday, mon, tue(s), wed(s), thu(r)(s), fri, sat, sun
 *                                               the next such day AFTER today
 *   thứ hai tuần này | tuần sau | tuần tới      that day of this week | of next week (weeks
 *                                               start on Monday, as in Vietnam and ISO 8601)
 *   thứ hai 15/12/2026, Monday, 15 Dec 2026     a weekday and a date: the date, if it is that weekday
 *
 * Rules:
 * - Numbers are read day first, as Vietnam writes dates (dd/mm/yyyy). When the two numbers are
 *   both 12 or less and differ (03/04/2026), an English speaker may have meant month first (the US
 *   order), so the date is read day first only when the text is Vietnamese: "ngày" before it, a
 *   Vietnamese weekday before it, or a letter with a Vietnamese diacritic in the title (ê, ơ, ư, ạ,
 *   é…; the accented letters Vietnamese shares with French, Spanish… belong to languages that also
 *   write day first). Otherwise it is refused as ambiguous, naming both readings. 12/25/2026, which
 *   only reads month first, is refused with the day-first spelling to type instead: accepting it
 *   would make 12/05 and 12/25 follow different rules.
 * - A weekday is never today: "thứ hai" typed on a Monday is the Monday after (a deadline "on
 *   Monday" set on a Monday means next week's; today can be typed as a date). Today is the
 *   calendar day of the clock's instant in its time zone, not in UTC.
 * - A date without a year is the next one on or after today; it must exist in that year (29/02
 *   typed in 2026 is 29 Feb 2027, which does not exist, so it is refused rather than moved to 2028).
 * - Only real dates in the years 1900–2199. Years are written with four digits: 31/12/26 is refused
 *   with the four-digit spelling to type instead (no century is guessed).
 * - The result is data (the date, or a DateProblem): the reply is worded by the caller, in the
 *   user's language.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addWeeks, format, getISODay, nextDay, startOfISOWeek, type Day } from 'date-fns';
import type { DateProblem } from '../render/catalogue/digest.js';

/** "Now", and the IANA time zone whose calendar day is "today". */
export interface Clock {
  now: Date;
  tz: string;
}

/**
 * Why the start of the text is not a usable date (defined beside its wording in the catalogue, which
 * may not import this layer).
 */
export type { DateProblem };

export type DateParse = { ok: true; date: string; rest: string } | { ok: false; problem: DateProblem };

export const YEAR_MIN = 1900;
export const YEAR_MAX = 2199;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

const ENGLISH_WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, weds: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};
/** After "thứ" (folded to "thu"): the Vietnamese ordinal word or digit. "bẩy" is a common spelling of "bảy"; both fold to "bay". */
const VIETNAMESE_ORDINALS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6 };

/** What may follow a date or weekday: a space, punctuation before the title, or the end. */
const END = String.raw`(?=[\s:,;–—]|$)`;
/** After a weekday's digit (thứ 7, T7): not the minutes of a time. */
const NOT_A_TIME = String.raw`(?!:\d)`;

/** Letters of the Vietnamese alphabet that carry a diacritic (NFC). */
const VIETNAMESE_LETTER =
  /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The text with diacritics taken off, "đ" as "d", in lower case, so that one pattern reads
 * "Thứ Hai", "thứ hai" typed as composed or combining characters, and "thu hai". `at[k]` is where
 * folded character k starts in the original (at[length] = the original's length), so what
 * follows a match is cut from the original, untouched.
 */
function fold(s: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  let i = 0;
  for (const ch of s) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    for (let k = 0; k < f.length; k++) at.push(i);
    text += f;
    i += ch.length;
  }
  at.push(s.length);
  return { text, at };
}

/** A weekday word at the start of folded text: its ISO number, folded length, and whether it is Vietnamese. */
function weekdayIn(f: string, original: string, at: number[], plural: boolean): { weekday: number; end: number; vietnamese: boolean } | null {
  let m: RegExpExecArray | null;
  // a digit followed by ":30" is a time ("thu 7:30" is Thursday at 7:30), not "thứ 7" and ":30"
  if ((m = new RegExp(String.raw`^thu\s+(hai|ba|tu|nam|sau|bay|[2-7])${END}${NOT_A_TIME}`).exec(f))) {
    return { weekday: VIETNAMESE_ORDINALS[m[1]], end: m[0].length, vietnamese: true };
  }
  if ((m = new RegExp(String.raw`^(?:chu\s+nhat|cn)${END}`).exec(f))) return { weekday: 7, end: m[0].length, vietnamese: true };
  if ((m = new RegExp(String.raw`^t([2-7])${END}${NOT_A_TIME}`).exec(f))) return { weekday: VIETNAMESE_ORDINALS[m[1]], end: m[0].length, vietnamese: true };
  if ((m = new RegExp(String.raw`^([a-z]+)${END}`).exec(f))) {
    const word = m[1];
    const day = ENGLISH_WEEKDAYS[word] ?? (plural && word.endsWith('s') ? ENGLISH_WEEKDAYS[word.slice(0, -1)] : undefined);
    // only as typed in plain letters: "thứ" (folded "thu") is not Thursday
    if (day && /^[a-z]+$/i.test(original.slice(0, at[m[0].length]))) return { weekday: day, end: m[0].length, vietnamese: false };
  }
  return null;
}

/**
 * A weekday at the start of `s` (Vietnamese or English, as listed above; with `plural`, also
 * "mondays"), and the text after it; null when `s` does not start with one.
 */
export function leadingWeekday(s: string, opts: { plural?: boolean } = {}): { weekday: number; rest: string } | null {
  const { text, at } = fold(s);
  const w = weekdayIn(text, s, at, opts.plural ?? false);
  return w ? { weekday: w.weekday, rest: s.slice(at[w.end]) } : null;
}

/**
 * Whether `s` starts with a date or weekday in Vietnamese words, with or without diacritics:
 * "thứ hai", "thu 6", "T6", "CN", "chủ nhật", "ngày 15/12", "15 tháng 12", "tháng 12". (How a
 * command typed without diacritics still shows it is Vietnamese; a title's words never count.)
 */
export function startsWithVietnameseDate(s: string): boolean {
  const { text, at } = fold(s);
  const w = weekdayIn(text, s, at, false);
  if (w) return w.vietnamese;
  return new RegExp(String.raw`^(?:ngay\s+\d|\d{1,2}\s+thang\s+\d|thang\s+\d)`).test(text);
}

/** Whether `s` has a letter with a Vietnamese diacritic (ê, ơ, ư, ạ, đ…), in any Unicode normal form. */
export function hasVietnameseLetter(s: string): boolean {
  return VIETNAMESE_LETTER.test(s.normalize('NFC'));
}

type Read = { end: number; date: string } | { end: number; problem: DateProblem };

/** Reads a date (not a weekday) at the start of folded text `f`; `typed(end)` is the original text up to folded index `end`. */
function readDate(f: string, typed: (end: number) => string, today: () => string, vietnameseAround: (end: number) => boolean): Read | null {
  let m: RegExpExecArray | null;
  const match = (re: string) => (m = new RegExp(`^${re}${END}`).exec(f));

  /** Month, then year, then day, as the reply should name the first thing wrong. */
  const check = (y: number, mo: number, d: number, end: number): Read => {
    if (mo < 1 || mo > 12) return { end, problem: { kind: 'bad-month', typed: typed(end), month: mo } };
    if (y < YEAR_MIN || y > YEAR_MAX) return { end, problem: { kind: 'bad-year', typed: typed(end), year: y } };
    const days = daysInMonth(y, mo);
    if (d < 1 || d > days) return { end, problem: { kind: 'no-such-date', typed: typed(end), year: y, month: mo, day: d, days } };
    return { end, date: iso(y, mo, d) };
  };
  /** The year of the next day/month on or after today (month assumed valid). */
  const nextYear = (mo: number, d: number) => {
    const t = today();
    const y = +t.slice(0, 4);
    return `${pad2(mo)}-${pad2(d)}` >= t.slice(5) ? y : y + 1;
  };
  /** A day and month without a year: the next occurrence. */
  const checkNext = (mo: number, d: number, end: number): Read =>
    mo < 1 || mo > 12 ? { end, problem: { kind: 'bad-month', typed: typed(end), month: mo } } : check(nextYear(mo, d), mo, d, end);

  // 2026-12-15, 2026/12/15
  if (match(String.raw`(\d{4})[-/](\d{1,2})[-/](\d{1,2})`)) return check(+m![1], +m![2], +m![3], m![0].length);

  // [ngày] 15 tháng 12 [năm 2026]
  if (match(String.raw`(ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d+))?`)) {
    const [, , d, mo, y] = m!;
    const end = m![0].length;
    if (y === undefined) return checkNext(+mo, +d, end);
    if (y.length !== 4) return yearProblem(y, end);
    return check(+y, +mo, +d, end);
  }
  // tháng 12 [năm 2026 | /2026]: no day
  if (match(String.raw`thang\s+(\d{1,2})(?:\s+nam\s+(\d{4})|[/-](\d{4}))?`)) {
    const year = m![2] ?? m![3];
    return { end: m![0].length, problem: { kind: 'needs-day', typed: typed(m![0].length), month: +m![1], year: year ? +year : null } };
  }

  // [ngày] 31/12/2026, 31-12-2026, 31.12.2026; [ngày] 31/12, 31-12
  if (match(String.raw`(ngay\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d+)`) || match(String.raw`(ngay\s+)?(\d{1,2})[/-](\d{1,2})`)) {
    const [, ngay, a, b, y] = m!;
    const end = m![0].length;
    const [first, second] = [+a, +b];
    const year = (mo: number, d: number) => (y === undefined ? nextYear(mo, d) : y.length === 2 ? 2000 + +y : +y);
    const isMonth = (n: number) => n >= 1 && n <= 12;
    if (isMonth(first) && isMonth(second) && first !== second && !(ngay || vietnameseAround(end))) {
      return {
        end,
        problem: { kind: 'ambiguous', typed: typed(end), dayFirst: iso(year(second, first), second, first), monthFirst: iso(year(first, second), first, second) },
      };
    }
    if (second > 12 && isMonth(first) && second <= 31) {
      const y2 = year(first, second);
      if (second <= daysInMonth(y2, first)) return { end, problem: { kind: 'month-first', typed: typed(end), date: iso(y2, first, second) } };
    }
    if (y !== undefined && y.length !== 4) return yearProblem(y, end);
    return y === undefined ? checkNext(second, first, end) : check(+y, second, first, end);
  }
  // 12/2026: no day
  if (match(String.raw`(\d{1,2})[/-](\d{4})`)) {
    return { end: m![0].length, problem: { kind: 'needs-day', typed: typed(m![0].length), month: +m![1], year: +m![2] } };
  }

  // 15 Dec 2026, 15th December, 2026
  if (match(String.raw`(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})`) && MONTHS[m![2]]) {
    return check(+m![3], MONTHS[m![2]], +m![1], m![0].length);
  }
  // Dec 15 2026, December 15th, 2026
  if (match(String.raw`([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`) && MONTHS[m![1]]) {
    return check(+m![3], MONTHS[m![1]], +m![2], m![0].length);
  }
  // Dec 2026: no day
  if (match(String.raw`([a-z]+)\.?,?\s+(\d{4})`) && MONTHS[m![1]]) {
    return { end: m![0].length, problem: { kind: 'needs-day', typed: typed(m![0].length), month: MONTHS[m![1]], year: +m![2] } };
  }
  return null;

  /** A year that is not four digits: two digits get the 20xx spelling to type instead. */
  function yearProblem(y: string, end: number): Read {
    return y.length === 2
      ? { end, problem: { kind: 'short-year', typed: typed(end), full: `${typed(end).slice(0, -y.length)}20${y}` } }
      : { end, problem: { kind: 'bad-year', typed: typed(end), year: +y } };
  }
}

/** A date at the start of `s` and the rest (the title), or why there is none. */
export function parseLeadingDate(s: string, clock: Clock): DateParse {
  const { text: f, at } = fold(s);
  let local: TZDate | null = null;
  const localToday = () => (local ??= new TZDate(clock.now.getTime(), clock.tz));
  const today = () => format(localToday(), 'yyyy-MM-dd');
  const typedFrom = (start: number) => (end: number) => s.slice(at[start], at[end]).trim();
  const vietnameseAfter = (end: number) => VIETNAMESE_LETTER.test(s.slice(at[end]).normalize('NFC'));
  const done = (r: Read): DateParse => ('date' in r ? { ok: true, date: r.date, rest: s.slice(at[r.end]) } : { ok: false, problem: r.problem });

  const w = weekdayIn(f, s, at, false);
  if (!w) {
    const r = readDate(f, typedFrom(0), today, vietnameseAfter);
    return r ? done(r) : { ok: false, problem: { kind: 'missing' } };
  }

  let end = w.end;
  let date: string;
  const week = /^\s+tuan\s+(nay|sau|toi)/.exec(f.slice(end));
  if (w.vietnamese && week && new RegExp(`^${END}`).test(f.slice(end + week[0].length))) {
    // this week's or next week's day; weeks start on Monday
    const monday = startOfISOWeek(localToday());
    date = format(addDays(week[1] === 'nay' ? monday : addWeeks(monday, 1), w.weekday - 1), 'yyyy-MM-dd');
    end += week[0].length;
  } else {
    date = format(nextDay(localToday(), (w.weekday % 7) as Day), 'yyyy-MM-dd');
  }

  // "thứ hai, ngày 15/12/2026", "Monday 15 Dec 2026": the date decides, and must be that weekday
  const gap = /^\s*,?\s*/.exec(f.slice(end))![0].length;
  const start = end + gap;
  const then = readDate(f.slice(start), (e) => typedFrom(0)(start + e), today, (e) => w.vietnamese || vietnameseAfter(start + e));
  if (then) {
    const r: Read = { ...then, end: start + then.end };
    if (!('date' in r)) return done(r);
    const [y, mo, d] = r.date.split('-').map(Number);
    const actual = getISODay(new TZDate(y, mo - 1, d, clock.tz));
    if (actual !== w.weekday) return { ok: false, problem: { kind: 'weekday-mismatch', typed: typedFrom(0)(r.end), date: r.date, weekday: w.weekday, actual } };
    return done(r);
  }
  return { ok: true, date, rest: s.slice(at[end]) };
}
