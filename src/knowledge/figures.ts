/**
 * The figures, years and dates a statement states, in a form that lets an English statement and its
 * Vietnamese counterpart (`statement` / `statementVi` in knowledge/facts.json) be compared: both must
 * state the same facts, so once normalised they must give the same multisets.
 *
 * English notation: "7.52", "2,200", "US$514", "28–29", "January 14, 2026", "14th", and number words
 * ("three", "twenty-one", "double", "twice").
 * Vietnamese notation: "7,52", "2.200", "28–29", "14/1/2026" or "ngày 14 tháng 1 năm 2026",
 * "tháng 9/2025", "thứ 14", Roman numerals ("Đại hội XIV", "thế kỷ XXI"), and number words
 * ("ba", "mười lăm", "hai mươi", "gấp đôi", "bộ tứ").
 *
 * Rules, the same in both languages:
 *   - a year is a bare four-digit 19xx/20xx (no thousands separator: "2.200" and "2,200" are figures);
 *   - a full date (day, month and year) is compared as YYYY-MM-DD and its day and month are not
 *     figures; a month named without a day ("September 2025", "tháng 9/2025") is neither a figure
 *     nor a date, only its year counts (English names months in words, Vietnamese in digits); the
 *     day of a date without a year ("May 31", "31/5") is a figure;
 *   - digits glued to letters ("P4G") are names, not figures;
 *   - ordinals in words ("second", "thứ hai") are not figures; in digits ("14th", "thứ 14") they are;
 *   - "one" and "một" alone are not figures: they are just as often the article or a pronoun ("a
 *     task" is "một nhiệm vụ", "one of", "to one that"), so comparing them would flag good
 *     translations; 1 in digits ("hơn 1 tỷ USD") is compared, and so are "twenty-one", "mười một".
 * A number written in the other language's notation gives other figures ("7.52" in Vietnamese
 * reads as 7 and 52), so the comparison also catches a decimal point or grouping comma left in a
 * Vietnamese statement.
 */

export interface Figures {
  /** Every number that is not a year or part of a full date, ascending. */
  numbers: number[];
  /** Every year (19xx/20xx), ascending, including those of full dates. */
  years: number[];
  /** Full dates as YYYY-MM-DD, ascending. */
  dates: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = `(${MONTHS.join('|')})`;

const isYear = (digits: string): boolean => /^(19|20)\d{2}$/.test(digits);
const pad = (n: number | string) => String(n).padStart(2, '0');
const isoDate = (y: string, m: number | string, d: string) => `${y}-${pad(m)}-${pad(d)}`;

/** Letters and digits: a number must not be glued to either. */
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

const ROMAN = new RegExp(`${NOT_WORD_BEFORE}[IVXL]{2,}${NOT_WORD_AFTER}`, 'gu');

/** The value of an upper-case Roman numeral of two or more letters (XIV, XXI), or null when it is not one. */
function romanValue(s: string): number | null {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]];
    const next = v[s[i + 1]] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return toRoman(total) === s ? total : null;
}

function toRoman(n: number): string {
  const table: Array<[number, string]> = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

const ascending = (a: number, b: number) => a - b;

/**
 * Lower-case words, and every other non-space character as a token of its own, so that number
 * words only combine when nothing stands between them ("hai mươi tư" is 24, "thứ hai, hai" is not).
 */
const wordsAndMarks = (text: string): string[] => text.toLowerCase().match(/\p{L}+|[^\p{L}\s]/gu) ?? [];

function finish(numbers: number[], years: number[], dates: string[]): Figures {
  return { numbers: numbers.sort(ascending), years: years.sort(ascending), dates: dates.sort() };
}

/** Collects the digit numbers of `text`; `parse` turns one matched token into a number. */
function collectDigits(text: string, pattern: RegExp, parse: (token: string) => number, numbers: number[], years: number[]): void {
  for (const m of text.matchAll(pattern)) {
    const token = m[1];
    if (isYear(token)) years.push(Number(token));
    else numbers.push(parse(token));
  }
}

function collectRoman(text: string, numbers: number[]): string {
  return text.replace(ROMAN, (m) => {
    const v = romanValue(m);
    if (v === null) return m;
    numbers.push(v);
    return ' ';
  });
}

const words = (entries: Record<string, number>) => new Map(Object.entries(entries));

const EN_UNITS = words({
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
});
/** After a ten ("twenty-one"), where "one" counts too. */
const EN_AFTER_TENS = words({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 });
const EN_TENS = words({ twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 });
const EN_TWO = new Set(['double', 'doubled', 'doubles', 'doubling', 'twice']);

/** Figures, years and full dates of an English statement. */
export function englishFigures(statement: string): Figures {
  const numbers: number[] = [];
  const years: number[] = [];
  const dates: string[] = [];
  let text = statement.normalize('NFC');
  // "January 14, 2026" and "14 January 2026"
  text = text.replace(new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'giu'), (_, month: string, d: string, y: string) => {
    dates.push(isoDate(y, MONTHS.indexOf(month.toLowerCase()) + 1, d));
    years.push(Number(y));
    return ' ';
  });
  text = text.replace(new RegExp(`\\b(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})\\b`, 'giu'), (_, d: string, month: string, y: string) => {
    dates.push(isoDate(y, MONTHS.indexOf(month.toLowerCase()) + 1, d));
    years.push(Number(y));
    return ' ';
  });
  text = collectRoman(text, numbers);
  const digits = new RegExp(`${NOT_WORD_BEFORE}(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:st|nd|rd|th)?${NOT_WORD_AFTER}`, 'gu');
  collectDigits(text, digits, (t) => Number(t.replace(/,/g, '')), numbers, years);

  const tokens = wordsAndMarks(text.replace(/(?<=\p{L})-(?=\p{L})/gu, ' '));
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i];
    const tens = EN_TENS.get(w);
    if (EN_TWO.has(w)) numbers.push(2);
    else if (EN_UNITS.has(w)) numbers.push(EN_UNITS.get(w)!);
    else if (tens !== undefined) {
      const unit = EN_AFTER_TENS.get(tokens[i + 1]);
      if (unit !== undefined) i++;
      numbers.push(tens + (unit ?? 0));
    }
  }
  return finish(numbers, years, dates);
}

/**
 * Vietnamese number words. "năm" (five) is left out on purpose: in statements it almost always means
 * "year" ("năm 2025", "30 năm"), so five is written 5; inside compounds five is "lăm" ("mười lăm").
 * "một" (one) only counts in compounds ("mười một"), like English "one" (see the rules above).
 * "tư" (four) and "mốt" (one) only count after "mươi" ("hai mươi tư"): alone they are other words
 * ("đầu tư", "tư duy").
 */
const VI_UNIT_ENTRIES = { hai: 2, ba: 3, bốn: 4, sáu: 6, bảy: 7, tám: 8, chín: 9 };
const VI_UNITS = words(VI_UNIT_ENTRIES);
const VI_AFTER_TEN = words({ ...VI_UNIT_ENTRIES, một: 1, lăm: 5 });
const VI_AFTER_TENS = words({ ...VI_UNIT_ENTRIES, mốt: 1, tư: 4, lăm: 5 });
/** Fixed phrases that state a figure in words. */
const VI_PHRASES: Array<[string, string, number]> = [
  ['gấp', 'đôi', 2],
  ['gấp', 'rưỡi', 1.5],
  ['bộ', 'tứ', 4],
];

/** Figures, years and full dates of a Vietnamese statement. */
export function vietnameseFigures(statement: string): Figures {
  const numbers: number[] = [];
  const years: number[] = [];
  const dates: string[] = [];
  let text = statement.normalize('NFC');
  // "ngày 14 tháng 1 năm 2026" and "14/1/2026" (also 14/01/2026)
  text = text.replace(/(?<![\p{L}\p{N}])ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\p{N})/giu, (_, d: string, m: string, y: string) => {
    dates.push(isoDate(y, m, d));
    years.push(Number(y));
    return ' ';
  });
  text = text.replace(/(?<![\p{L}\p{N}/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\p{N}/])/gu, (_, d: string, m: string, y: string) => {
    dates.push(isoDate(y, m, d));
    years.push(Number(y));
    return ' ';
  });
  // "ngày 31/5" without a year, like English "May 31": the day is a figure, the month is not.
  text = text.replace(/(?<![\p{L}\p{N}/])(\d{1,2})\/\d{1,2}(?![\p{L}\p{N}/])/gu, '$1');
  // "tháng 9/2025", "tháng 9 năm 2025", "tháng 9": the month is a name, not a figure ("7 tháng" is).
  text = text.replace(/(?<![\p{L}\p{N}])(tháng)\s+\d{1,2}(?![\p{L}\p{N}]|[.,]\d)/giu, '$1 ');
  text = collectRoman(text, numbers);
  const digits = new RegExp(`${NOT_WORD_BEFORE}(\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?)${NOT_WORD_AFTER}`, 'gu');
  collectDigits(text, digits, (t) => Number(t.replace(/\./g, '').replace(',', '.')), numbers, years);

  const tokens = wordsAndMarks(text);
  const isNumberWord = (t: string | undefined) => t !== undefined && (VI_AFTER_TENS.has(t) || VI_AFTER_TEN.has(t) || ['mười', 'mươi', 'nhất', 'năm'].includes(t));
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i];
    const phrase = VI_PHRASES.find(([a, b]) => a === w && b === tokens[i + 1]);
    if (phrase) {
      numbers.push(phrase[2]);
      i++;
    } else if (w === 'thứ') {
      // an ordinal in words ("thứ hai", "thứ mười lăm"): the number words that follow are skipped
      while (isNumberWord(tokens[i + 1])) i++;
    } else if (w === 'mười') {
      const unit = VI_AFTER_TEN.get(tokens[i + 1]);
      if (unit !== undefined) i++;
      numbers.push(10 + (unit ?? 0));
    } else if (VI_UNITS.has(w)) {
      let value = VI_UNITS.get(w)!;
      if (tokens[i + 1] === 'mươi') {
        i++;
        const unit = VI_AFTER_TENS.get(tokens[i + 1]);
        if (unit !== undefined) i++;
        value = value * 10 + (unit ?? 0);
      }
      numbers.push(value);
    }
  }
  return finish(numbers, years, dates);
}

/** Items of `a` not matched one-for-one in `b` (multiset difference). */
function minus<T>(a: readonly T[], b: readonly T[]): T[] {
  const left = [...b];
  const out: T[] = [];
  for (const x of a) {
    const i = left.indexOf(x);
    if (i >= 0) left.splice(i, 1);
    else out.push(x);
  }
  return out;
}

const show = (xs: ReadonlyArray<number | string>) => xs.join(', ');

/**
 * How a Vietnamese statement's figures, years and full dates differ from the English one's; one line
 * per kind that differs ("figures differ from statement: 7.52 only in statement; 7.25 only in
 * statementVi"), none when they agree.
 */
export function figureDifferences(statement: string, statementVi: string): string[] {
  const en = englishFigures(statement);
  const vi = vietnameseFigures(statementVi);
  const out: string[] = [];
  for (const [kind, a, b] of [
    ['figures', en.numbers, vi.numbers],
    ['years', en.years, vi.years],
    ['dates', en.dates, vi.dates],
  ] as const) {
    const onlyEn = minus<number | string>(a, b);
    const onlyVi = minus<number | string>(b, a);
    if (onlyEn.length || onlyVi.length) {
      const parts = [onlyEn.length ? `${show(onlyEn)} only in statement` : '', onlyVi.length ? `${show(onlyVi)} only in statementVi` : ''];
      out.push(`${kind} differ from statement: ${parts.filter(Boolean).join('; ')}`);
    }
  }
  return out;
}

/** True when the text has at least one letter with a Vietnamese diacritic (or đ). */
export function hasVietnameseDiacritics(text: string): boolean {
  return /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu.test(text.normalize('NFC'));
}
