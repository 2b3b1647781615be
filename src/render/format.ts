/**
 * Dates, numbers, figures and lists in each language's conventions, through Intl and date-fns
 * rather than by hand: English "14 Jan 2026", "Sep 2025", "US$28–29 billion", "1,234.5";
 * Vietnamese "14/01/2026", "tháng 9/2025", "28–29 tỷ USD", "1.234,5" (a decimal comma).
 * Dates are calendar dates (YYYY, YYYY-MM, YYYY-MM-DD), never instants: formatted in UTC.
 */
import { format as formatDate } from 'date-fns';
import type { Figure, Lang, Named, TimeRef } from '../answer/types.js';

export interface Formatter {
  lang: Lang;
  number(n: number): string;
  /** A calendar date at its precision: "2027", "Sep 2025" / "tháng 9/2025", "14 Jan 2026" / "14/01/2026". */
  date(iso: string): string;
  /** A day, month and year; null → "date not stated". */
  published(iso: string | null): string;
  time(t: TimeRef): string;
  figure(f: Figure): string;
  named(n: Named): string;
  /** "a, b and c" / "a, b và c"; "a or b" / "a hoặc b". */
  list(items: readonly string[], type?: 'and' | 'or'): string;
  /** A month of the year's name: "January" / "tháng 1". */
  monthName(month: number): string;
}

const QUALIFIER_VI: Record<string, string> = { over: 'hơn', about: 'khoảng', nearly: 'gần', under: 'dưới', 'at least': 'ít nhất', 'up to': 'lên tới' };

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The UTC instant of a calendar date's first day (for the formatters). */
const utc = (y: number, m = 1, d = 1): Date => new Date(Date.UTC(y, m - 1, d));
/** date-fns formats in local time: a UTC calendar date is shifted to the same local wall clock. */
const local = (y: number, m = 1, d = 1): Date => new Date(y, m - 1, d);

function makeFormatter(lang: Lang): Formatter {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-US';
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const and = new Intl.ListFormat(lang, { type: 'conjunction' });
  const or = new Intl.ListFormat(lang, { type: 'disjunction' });
  const viDay = new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const viMonth = new Intl.DateTimeFormat('vi-VN', { month: 'numeric', year: 'numeric', timeZone: 'UTC' });

  const f: Formatter = {
    lang,
    number: (n) => numbers.format(n),
    date(iso) {
      const m = ISO.exec(iso);
      if (!m) return iso;
      const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
      if (mo === null) return String(y);
      if (lang === 'vi') return d === null ? `tháng ${viMonth.format(utc(y, mo))}` : viDay.format(utc(y, mo, d));
      return formatDate(local(y, mo, d ?? 1), d === null ? 'MMM yyyy' : 'd MMM yyyy');
    },
    published: (iso) => (iso ? f.date(iso) : lang === 'vi' ? 'không rõ ngày' : 'date not stated'),
    time(t) {
      switch (t.kind) {
        case 'year':
          return String(t.year);
        case 'date':
          return f.date(t.date);
        case 'span': {
          const full = t.start.endsWith('-01') && t.end.endsWith('-12');
          return full ? `${t.start.slice(0, 4)}–${t.end.slice(0, 4)}` : `${f.date(t.start)} – ${f.date(t.end)}`;
        }
        case 'months':
          return lang === 'vi' ? monthsVi(t.from, t.to, t.year) : monthsEn(t.from, t.to, t.year);
      }
    },
    figure(fig) {
      const v = fig.valueMax !== null ? `${f.number(fig.value)}–${f.number(fig.valueMax)}` : f.number(fig.value);
      const withUnit = fig.unit ? fig.unit[lang].replace('{v}', v) : v;
      const q = fig.qualifier ? (lang === 'vi' ? (QUALIFIER_VI[fig.qualifier] ?? fig.qualifier) : fig.qualifier) : '';
      return q ? `${q} ${withUnit}` : withUnit;
    },
    named(n) {
      if (n.kind === 'name') return n[lang];
      if (n.kind === 'doc') return lang === 'vi' ? `văn bản số ${n.number}` : `document No. ${n.number}`;
      return `“${n.text}”`;
    },
    list: (items, type = 'and') => (type === 'or' ? or : and).format(items),
    monthName: (month) => (lang === 'vi' ? `tháng ${month}` : formatDate(local(2000, month), 'MMMM')),
  };
  return f;
}

function monthsEn(from: number, to: number, year: number | null): string {
  const y = year ? ` ${year}` : '';
  const short = (m: number) => formatDate(local(2000, m), 'MMM');
  if (from === 1 && to === 12) return year ? `full year ${year}` : 'full year';
  if (from === 1 && to === 6) return `first half${year ? ` of ${year}` : ''}`;
  if (from === 7 && to === 12) return `second half${year ? ` of ${year}` : ''}`;
  if (from === to) return `${short(from)}${y}`;
  return `${short(from)}–${short(to)}${y}`;
}

/** Vietnamese periods as the sources' Vietnamese press writes them: "7 tháng đầu năm 2025", "quý", "cả năm". */
function monthsVi(from: number, to: number, year: number | null): string {
  const y = year ? ` năm ${year}` : ' năm';
  if (from === 1 && to === 12) return year ? `cả năm ${year}` : 'cả năm';
  if (from === 1) return `${to} tháng đầu${y}`;
  if (to === 12) return `${13 - from} tháng cuối${y}`;
  if (from === to) return `tháng ${from}${year ? `/${year}` : ''}`;
  return `tháng ${from}–${to}${year ? `/${year}` : ''}`;
}

const formatters: Record<Lang, Formatter> = { en: makeFormatter('en'), vi: makeFormatter('vi') };

export const formatterFor = (lang: Lang): Formatter => formatters[lang];
