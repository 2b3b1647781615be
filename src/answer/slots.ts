/**
 * Slots: the parts of a question that narrow an answer — years, a period within a year,
 * places and document numbers. Works on the canonical form (see normalize.ts), so English and
 * Vietnamese, with or without diacritics, meet here.
 */
import type { Place } from '../../knowledge/schema.js';
import type { Slots } from './types.js';
import { canonical } from './normalize.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORDS: Record<string, number> = {};
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach(
  (m, i) => {
    MONTH_WORDS[m] = i + 1;
    MONTH_WORDS[MONTHS[i]] = i + 1;
  },
);
MONTH_WORDS.sept = 9;
/** Month names and abbreviations → month number. */
export const MONTH_NUMBERS: Readonly<Record<string, number>> = MONTH_WORDS;
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
};
/** Words that only say which period is meant (they are slots, not topics). */
export const PERIOD_WORDS = new Set([
  ...Object.keys(MONTH_WORDS), ...Object.keys(NUMBER_WORDS), 'first', 'last', 'second', 'third', 'fourth', 'half', 'quarter',
  'month', 'months', 'year', 'years', 'full', 'whole', 'entire', 'annual', 'h1', 'h2', 'q1', 'q2', 'q3', 'q4', 'thang', 'dau', 'cuoi',
  'nua', 'quy', 'ca', 'tron', 'period', 'since', 'through', 'until', 'till', 'during', 'ytd', 'nam',
]);

const MONTH_LABEL = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function periodLabel(startMonth: number, endMonth: number, year: number | null): string {
  const y = year ? ` ${year}` : '';
  if (startMonth === 1 && endMonth === 12) return year ? `full year ${year}` : 'full year';
  if (startMonth === 1 && endMonth === 6) return `first half${y ? ' of' + y : ''}`;
  if (startMonth === 7 && endMonth === 12) return `second half${y ? ' of' + y : ''}`;
  if (startMonth === endMonth) return `${MONTH_LABEL[startMonth - 1]}${y}`;
  return `${MONTH_LABEL[startMonth - 1]}–${MONTH_LABEL[endMonth - 1]}${y}`;
}

const num = (w: string | undefined): number | null => {
  if (!w) return null;
  if (/^\d{1,2}$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
};

/** Finds a period (months within a year) in canonical text; the year is filled in by extractSlots. */
export function findPeriod(c: string): { startMonth: number; endMonth: number } | null {
  const t = ` ${c} `;
  // halves and quarters
  if (/ (h1|1h|first half|half year|first six months|nua dau nam|6 thang dau nam|sau thang dau nam) /.test(t)) return { startMonth: 1, endMonth: 6 };
  if (/ (h2|2h|second half|last half|nua cuoi nam|6 thang cuoi nam) /.test(t)) return { startMonth: 7, endMonth: 12 };
  const q = t.match(/ (?:q([1-4])|quy ([1-4])|(first|second|third|fourth) quarter) /);
  if (q) {
    const n = Number(q[1] ?? q[2] ?? { first: 1, second: 2, third: 3, fourth: 4 }[q[3] as 'first']);
    return { startMonth: 3 * n - 2, endMonth: 3 * n };
  }
  if (/ (full year|whole year|entire year|all year|annual|ca nam|tron nam|nguyen nam) /.test(t)) return { startMonth: 1, endMonth: 12 };
  // "first 7 months", "7 months", "7 thang (dau nam)", "first seven months", "january to july", "jan jul"
  const firstN = t.match(/ (?:first |the first |in the first )?(\d{1,2}|[a-z]+) (?:months|month|thang)(?: dau)? /);
  if (firstN) {
    const n = num(firstN[1]);
    if (n && n >= 1 && n <= 12) return { startMonth: 1, endMonth: n };
  }
  const words = c.split(' ');
  const connectors = new Set(['to', 'through', 'thru', 'until', 'till', 'den', 'toi', 'and']);
  for (let i = 0; i < words.length - 1; i++) {
    const m1 = MONTH_WORDS[words[i]];
    const j = connectors.has(words[i + 1]) ? i + 2 : i + 1;
    const m2 = MONTH_WORDS[words[j] ?? ''];
    if (m1 && m2 && m1 < m2) return { startMonth: m1, endMonth: m2 };
  }
  const thangRange = t.match(/ thang (\d{1,2}) (?:den|toi) (?:thang )?(\d{1,2}) /);
  if (thangRange) {
    const a = Number(thangRange[1]);
    const b = Number(thangRange[2]);
    if (a >= 1 && b <= 12 && a < b) return { startMonth: a, endMonth: b };
  }
  return null;
}

const DOC_WORDS = 'resolution|resolutions|nghi quyet|decision|quyet dinh|no|so|number|nq|qd|decree|nghi dinh';

/** Document numbers: "resolution 59", "nghi quyet so 59", "59-NQ/TW", "153/NQ-CP", "1812/QD-TTg", or a bare known number. */
export function findDocs(c: string, knownDocs: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const t = ` ${c} `;
  for (const m of t.matchAll(new RegExp(`(?:${DOC_WORDS}) (?:no |so |number )?(\\d{1,5})(?= )`, 'g'))) found.add(m[1]);
  for (const m of t.matchAll(/ (\d{1,5}) (?:nq|qd|nd)(?= )/g)) found.add(m[1]);
  // A bare number that is a known document's number, when it is not a year or a count of something.
  const words = c.split(' ');
  words.forEach((w, i) => {
    if (!knownDocs.has(w)) return;
    const next = words[i + 1];
    const isCount = next !== undefined && /^[a-z]/.test(next) && !['nq', 'qd', 'nd', 'tw', 'cp'].includes(next);
    if (!isCount) found.add(w);
  });
  return [...found];
}

export function findYears(c: string): number[] {
  const ys = new Set<number>();
  for (const m of ` ${c} `.matchAll(/ ((?:19|20)\d{2})(?= )/g)) ys.add(Number(m[1]));
  return [...ys].sort((a, b) => a - b);
}

const placeTerms = new WeakMap<readonly Place[], { name: string; terms: string[] }[]>();

export function findPlaces(c: string, places: readonly Place[]): string[] {
  let prepared = placeTerms.get(places);
  if (!prepared) placeTerms.set(places, (prepared = places.map((p) => ({ name: p.name, terms: p.terms.map((term) => ` ${canonical(term)} `) }))));
  const t = ` ${c} `;
  return prepared.filter((p) => p.terms.some((term) => t.includes(term))).map((p) => p.name);
}

/** Words that only place a question in time; they never count as what it is about. */
export const TIME_WORDS = new Set(['year', 'years', 'month', 'months', 'day', 'days', 'date', 'last', 'ago', 'ngoai', 'truoc', 'ngay', 'annual', 'yearly', 'period']);

/** "last year", "this year", "năm ngoái", "năm nay" → a year, relative to today. */
export function findRelativeYears(c: string, thisYear: number): number[] {
  const t = ` ${c} `;
  const ys: number[] = [];
  if (/ (last year|previous year|past year|nam ngoai|nam truoc|nam qua) /.test(t)) ys.push(thisYear - 1);
  if (/ (this year|current year|nam nay) /.test(t)) ys.push(thisYear);
  if (/ (next year|nam sau|nam toi) /.test(t)) ys.push(thisYear + 1);
  return ys;
}

/** Calendar days named without a year: "January 14", "14 Jan", "ngày 14 tháng 1" → "01-14". */
export function findDays(c: string): string[] {
  const w = c.split(' ');
  const out = new Set<string>();
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = (x: string | undefined) => (x && /^\d{1,2}$/.test(x) && Number(x) >= 1 && Number(x) <= 31 ? Number(x) : null);
  for (let i = 0; i < w.length; i++) {
    const m = MONTH_WORDS[w[i]];
    if (m && day(w[i + 1])) out.add(`${pad(m)}-${pad(day(w[i + 1])!)}`);
    if (m && day(w[i - 1]) && w[i - 2] !== 'thang') out.add(`${pad(m)}-${pad(day(w[i - 1])!)}`);
    if (w[i] === 'thang' && day(w[i - 1]) && /^\d{1,2}$/.test(w[i + 1] ?? '') && Number(w[i + 1]) <= 12) out.add(`${pad(Number(w[i + 1]))}-${pad(day(w[i - 1])!)}`);
  }
  return [...out];
}

export function extractSlots(text: string, opts: { places: readonly Place[]; knownDocs: ReadonlySet<string>; thisYear?: number; canonical?: boolean }): Slots {
  const c = opts.canonical ? text : canonical(text);
  const years = [...new Set([...findYears(c), ...(opts.thisYear ? findRelativeYears(c, opts.thisYear) : [])])].sort((a, b) => a - b);
  const p = findPeriod(c);
  return {
    years,
    period: p ? { ...p, year: years[0] ?? null, label: periodLabel(p.startMonth, p.endMonth, years[0] ?? null) } : null,
    places: findPlaces(c, opts.places),
    docs: findDocs(c, opts.knownDocs),
  };
}
