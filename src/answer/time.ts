/**
 * Time in questions and in the sources: years, periods within a year ("first 7 months",
 * "Jan–Jul", "H1", "7 tháng đầu năm"), calendar days, "as of" points ("by August 2025", "at the
 * January 2026 conference", "now") and document numbers. Works on the canonical form (see
 * normalize.ts), so English and Vietnamese, with or without diacritics, meet here.
 */
import { canonical } from './normalize.js';

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_WORDS: Record<string, number> = { sept: 9 };
MONTH_NAMES.forEach((m, i) => {
  MONTH_WORDS[m] = i + 1;
  MONTH_WORDS[m.slice(0, 3)] = i + 1;
});
/** Month names and abbreviations → month number. */
export const MONTH_NUMBERS: Readonly<Record<string, number>> = MONTH_WORDS;

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
};

/** Words that only say which period is meant: they are slots, never what a question is about. */
export const PERIOD_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(MONTH_WORDS), ...Object.keys(NUMBER_WORDS), 'first', 'last', 'second', 'third', 'fourth', 'half', 'quarter',
  'month', 'months', 'year', 'years', 'full', 'whole', 'entire', 'annual', 'h1', 'h2', 'q1', 'q2', 'q3', 'q4', 'thang', 'dau', 'cuoi',
  'nua', 'quy', 'ca', 'tron', 'period', 'since', 'through', 'until', 'till', 'during', 'ytd', 'nam', 'ngay', 'day', 'days', 'date',
  'ago', 'ngoai', 'truoc', 'yearly', 'late', 'early', 'mid', 'end',
]);

export interface MonthSpan {
  startMonth: number;
  endMonth: number;
}

export interface PeriodSlot extends MonthSpan {
  /** The year, when the text names one (or a follow-up inherits it). */
  year: number | null;
  label: string;
}

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

/** Every period (months within a year) a canonical text names, in order; years are paired by the caller. */
export function findPeriods(c: string): (MonthSpan & { at: number })[] {
  const t = ` ${c} `;
  const out: (MonthSpan & { at: number })[] = [];
  const add = (startMonth: number, endMonth: number, at: number) => {
    if (!out.some((p) => p.startMonth === startMonth && p.endMonth === endMonth)) out.push({ startMonth, endMonth, at });
  };
  const each = (re: RegExp, f: (m: RegExpMatchArray) => MonthSpan | null) => {
    for (const m of t.matchAll(re)) {
      const p = f(m);
      if (p) add(p.startMonth, p.endMonth, m.index ?? 0);
    }
  };
  each(/ (?:h1|1h|first half|half year|first six months|nua dau nam|6 thang dau nam|sau thang dau nam)(?= )/g, () => ({ startMonth: 1, endMonth: 6 }));
  each(/ (?:h2|2h|second half|last half|nua cuoi nam|6 thang cuoi nam)(?= )/g, () => ({ startMonth: 7, endMonth: 12 }));
  each(/ (?:q([1-4])|quy ([1-4])|(first|second|third|fourth) quarter|quy (i|ii|iii|iv))(?= )/g, (m) => {
    const n = Number(m[1] ?? m[2] ?? { first: 1, second: 2, third: 3, fourth: 4 }[m[3] as 'first'] ?? { i: 1, ii: 2, iii: 3, iv: 4 }[m[4] as 'i']);
    return { startMonth: 3 * n - 2, endMonth: 3 * n };
  });
  each(/ (?:full year|full-year|whole year|entire year|all year|annual|ca nam|tron nam|nguyen nam|whole of)(?= )/g, () => ({ startMonth: 1, endMonth: 12 }));
  // "first 7 months", "7 months", "7 thang (dau nam)", "first seven months"
  each(/ (?:first |the first |in the first )?(\d{1,2}|[a-z]+) (?:months|month|thang)(?: dau)?(?= )/g, (m) => {
    const n = num(m[1]);
    return n && n >= 2 && n <= 12 ? { startMonth: 1, endMonth: n } : null;
  });
  // "january to july", "jan jul", "january–july"
  const words = c.split(' ');
  let at = 0;
  const connectors = new Set(['to', 'through', 'thru', 'until', 'till', 'den', 'toi', 'and']);
  for (let i = 0; i < words.length - 1; i++) {
    const m1 = MONTH_WORDS[words[i]];
    const j = connectors.has(words[i + 1]) ? i + 2 : i + 1;
    const m2 = MONTH_WORDS[words[j] ?? ''];
    if (m1 && m2 && m1 < m2) add(m1, m2, at);
    at += words[i].length + 1;
  }
  each(/ thang (\d{1,2}) (?:den|toi) (?:thang )?(\d{1,2})(?= )/g, (m) => {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a >= 1 && b <= 12 && a < b ? { startMonth: a, endMonth: b } : null;
  });
  return out.sort((a, b) => a.at - b.at);
}

/** Four-digit years 1900–2099 named in a canonical text. */
export function findYears(c: string): number[] {
  const ys = new Set<number>();
  for (const m of ` ${c} `.matchAll(/ ((?:19|20)\d{2})(?= )/g)) ys.add(Number(m[1]));
  return [...ys].sort((a, b) => a - b);
}

/** "last year", "this year", "năm ngoái", "năm nay" → a year, relative to `base` (today, or an article's date). */
export function findRelativeYears(c: string, base: number): number[] {
  const t = ` ${c} `;
  const ys: number[] = [];
  if (/ (last year|previous year|past year|nam ngoai|nam truoc|nam qua) /.test(t)) ys.push(base - 1);
  if (/ (this year|current year|nam nay|since the beginning of the year|tu dau nam) /.test(t)) ys.push(base);
  if (/ (next year|nam sau|nam toi) /.test(t)) ys.push(base + 1);
  return ys;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Calendar days named without a year: "January 14", "14 Jan", "ngày 14 tháng 1", "14/1" → "01-14". */
export function findDays(c: string, raw?: string): string[] {
  const w = c.split(' ');
  const out = new Set<string>();
  const day = (x: string | undefined) => (x && /^\d{1,2}(st|nd|rd|th)?$/.test(x) && parseInt(x, 10) >= 1 && parseInt(x, 10) <= 31 ? parseInt(x, 10) : null);
  for (let i = 0; i < w.length; i++) {
    const m = MONTH_WORDS[w[i]];
    if (m && day(w[i + 1])) out.add(`${pad(m)}-${pad(day(w[i + 1])!)}`);
    if (m && day(w[i - 1]) && w[i - 2] !== 'thang') out.add(`${pad(m)}-${pad(day(w[i - 1])!)}`);
    if (w[i] === 'thang' && day(w[i - 1]) && /^\d{1,2}$/.test(w[i + 1] ?? '') && Number(w[i + 1]) <= 12) out.add(`${pad(Number(w[i + 1]))}-${pad(day(w[i - 1])!)}`);
  }
  // day/month as Vietnamese write it ("14/1", "ngày 14/01/2026"): only from the raw text, where the slash survives
  if (raw) {
    for (const m of raw.matchAll(/(?:^|[^\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/g)) {
      const d = Number(m[1]);
      const mo = Number(m[2]);
      if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && (m[3] || d > 12 || /ngay/.test(c))) out.add(`${pad(mo)}-${pad(d)}`);
    }
  }
  return [...out];
}

/** When an answer should stand: by a date (the latest figure then), at an event of a month, or the latest. */
export interface AsOf {
  /** The last day the figure may be from (YYYY-MM-DD); null for "latest". */
  date: string | null;
  /** by: on or before `date`; at: reported in `date`'s month; latest: the newest. */
  mode: 'by' | 'at' | 'latest';
  /** The year the as-of names (not a period the question asks about). */
  year: number | null;
  /** The words that name the moment ("steering committee meeting" in "at the August 2025 steering committee meeting"). */
  words: string[];
  /** A month named without its year ("at the August meeting"): any year's. */
  month?: number;
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const EVENT_WORDS = '(?:meeting|meetings|conference|conferences|review|summit|session|forum|ceremony|hoi nghi|cuoc hop|phien hop|tong ket)';
const MONTH_RE = `(${MONTH_NAMES.join('|')}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`;

/** Month + year in canonical text: "august 2025", "aug 2025", "thang 8 2025", "thang 8 nam 2025", after `prefix`. */
const monthYear = (prefix: string) => new RegExp(`${prefix}(?:${MONTH_RE} (?:of )?(\\d{4})|thang (\\d{1,2}) (?:nam )?(\\d{4}))(?= )`, 'g');
/** (The patterns are made once: making a RegExp costs more than running it on a question.) */
const BY_MONTH = monthYear(' (?:by|as of|until|up to|through|tinh den|den|cho den) (?:late |early |mid |the end of |end of |cuoi |dau )?');
const AT_MONTH = monthYear(' (?:the |at the |in the |at its |during the |tai |trong )?');
const EVENT_AFTER = new RegExp(`^ (?:the |at the |in the |at its |during the |tai |trong )?\\S+ (?:of )?\\S+((?: \\w+){0,3}? ${EVENT_WORDS}) `);
const EVENT_BEFORE = new RegExp(` ${EVENT_WORDS} (?:of |in |on )?(?:the )?$`);
const MONTH_EVENT = new RegExp(` (?:the |at the |in the |at its )${MONTH_RE}((?: \\w+){0,3}? ${EVENT_WORDS})(?= )`, 'g');

function monthYearAt(t: string, re: RegExp): { m: number; y: number; at: number }[] {
  const out: { m: number; y: number; at: number }[] = [];
  for (const x of t.matchAll(re)) {
    const g = x.slice(1).filter((v) => v !== undefined);
    const [mw, yw] = g.slice(-2);
    const m = MONTH_WORDS[mw] ?? Number(mw);
    if (m >= 1 && m <= 12) out.push({ m, y: Number(yw), at: x.index ?? 0 });
  }
  return out;
}

/**
 * The as-of points a question names: "by (late) August 2025", "as of Aug 2025", "at/in the
 * January 2026 conference/review", "the August 2025 meeting", "tính đến tháng 8/2025"; "now",
 * "currently", "latest", "hiện nay" → latest. Several when the question compares two moments.
 */
export function findAsOf(c: string): AsOf[] {
  const t = ` ${c.replace(/ (\d{1,2}) (\d{4}) /g, ' thang $1 $2 ')} `;
  const out: AsOf[] = [];
  const push = (mode: AsOf['mode'], y: number, m: number, words: string[] = []) => {
    const date = `${y}-${pad(m)}-${pad(lastDay(y, m))}`;
    if (!out.some((a) => a.date === date)) out.push({ mode, date, year: y, words });
  };
  for (const x of monthYearAt(t, BY_MONTH)) push('by', x.y, x.m);
  for (const x of monthYearAt(t, AT_MONTH)) {
    // "the August 2025 (steering committee) meeting" / "the meeting of August 2025": the moment of an event
    const after = EVENT_AFTER.exec(t.slice(x.at));
    if (after) push('at', x.y, x.m, after[1].trim().split(' '));
    else if (EVENT_BEFORE.test(t.slice(0, x.at + 1))) push('at', x.y, x.m);
  }
  // "at the August meeting": an event of a month, whatever the year
  if (!out.length) {
    for (const x of t.matchAll(MONTH_EVENT)) {
      out.push({ mode: 'at', date: null, year: null, month: MONTH_WORDS[x[1]], words: [x[1], ...x[2].trim().split(' ')] });
    }
  }
  // "by the end of the year", "cuối năm 2025": the last day of that year
  for (const x of t.matchAll(/ (?:by |at |as of )?(?:the )?(end of (?:the |this )?year|year end|cuoi nam)(?: (\d{4}))?(?= )/g)) {
    const y = x[2] ? Number(x[2]) : out[0]?.year ?? null;
    if (y) push('by', y, 12, x[1].split(' '));
  }
  if (!out.length && / (now|currently|current|latest|newest|most recent|today|so far|to date|hien nay|hien tai|moi nhat|gan day nhat) /.test(t)) {
    out.push({ mode: 'latest', date: null, year: null, words: [] });
  }
  return out;
}

const DOC_WORDS = 'resolution|resolutions|nghi quyet|decision|decisions|quyet dinh|decree|nghi dinh|directive|chi thi|conclusion|ket luan|law|luat|circular|thong tu|no|so|number|nq|qd|nd|ct|kl';

const DOC_NUMBER = new RegExp(`(?:${DOC_WORDS}) (?:no |so |number )?(\\d{1,5})(?= )`, 'g');

/** Document numbers: "resolution 59", "nghi quyet so 59", "59-NQ/TW", "153/NQ-CP", "1812/QD-TTg", or a bare known number. */
export function findDocs(c: string, knownDocs: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const t = ` ${c} `;
  for (const m of t.matchAll(DOC_NUMBER)) {
    if (!/^(19|20)\d{2}$/.test(m[1]) || / (nq|qd|nd|ct|kl) /.test(t.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 5))) found.add(m[1]);
  }
  for (const m of t.matchAll(/ (\d{1,5}) (?:nq|qd|nd|ct|kl)(?= )/g)) found.add(m[1]);
  // a bare number that is a known document's number, when it is not a count of something
  const words = c.split(' ');
  words.forEach((w, i) => {
    if (!knownDocs.has(w)) return;
    const next = words[i + 1];
    const isCount = next !== undefined && /^[a-z]/.test(next) && !['nq', 'qd', 'nd', 'tw', 'cp', 'ttg'].includes(next);
    if (!isCount) found.add(w);
  });
  return [...found];
}

/** The time a text speaks of: years, periods (paired with the year that follows or precedes them) and days. */
export interface TimeMentions {
  /** (With `baselines`, not the years a figure is only compared with.) */
  years: number[];
  periods: PeriodSlot[];
  days: string[];
}

/**
 * Time in a text. `baseYear` resolves "this year" / "last year" (today for a question, the
 * article's year for its sentences) and gives a period without a year its year (an article's
 * "in January–July"; not a question's "7 tháng", which asks about any year: periodsInBaseYear false).
 * With `canonical`, `text` is already canonical, and `raw` the text it was made from (for "14/1").
 */
export function findTime(text: string, opts: { baseYear?: number | null; canonical?: boolean; periodsInBaseYear?: boolean; baselines?: boolean; raw?: string } = {}): TimeMentions {
  const c = opts.canonical ? text : canonical(text);
  const base = opts.baseYear ?? null;
  let years = [...new Set([...findYears(c), ...(base ? findRelativeYears(c, base) : [])])].sort((a, b) => a - b);
  // an article's "compared with 3.2 million in 2024" measures against 2024: the figure is not of it
  const baseline = opts.baselines ? new Set([...` ${c} `.matchAll(/ (?:compared (?:with|to)|than|from|over|against|up from|down from)(?: \S+){0,5} ((?:19|20)\d{2})(?= )/g)].map((m) => Number(m[1]))) : new Set<number>();
  if (baseline.size && years.some((y) => !baseline.has(y))) years = years.filter((y) => !baseline.has(y));
  else if (baseline.size) years = [];
  const spans = findPeriods(c);
  const yearAt = [...` ${c} `.matchAll(/ ((?:19|20)\d{2})(?= )/g)].map((m) => ({ y: Number(m[1]), at: m.index ?? 0 }));
  const periods = spans.map((p) => {
    // the nearest year after the period ("first 7 months of 2025"), else before it ("2025: first half"), else the base
    const after = yearAt.find((y) => y.at > p.at && y.at - p.at < 40);
    const before = [...yearAt].reverse().find((y) => y.at < p.at && p.at - y.at < 40);
    const year = after?.y ?? before?.y ?? (years.length === 1 ? years[0] : opts.periodsInBaseYear === false ? null : base);
    return { startMonth: p.startMonth, endMonth: p.endMonth, year, label: periodLabel(p.startMonth, p.endMonth, year) };
  });
  return { years, periods, days: findDays(c, opts.canonical ? opts.raw : text) };
}
