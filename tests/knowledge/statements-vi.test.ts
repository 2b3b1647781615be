/**
 * Every fact's Vietnamese statement (statementVi) says what its English statement says: the same
 * figures, years, dates and document numbers (src/knowledge/figures.ts), the qualifier in Vietnamese,
 * the people and place with their diacritics. Every rule is derived from the data, and each is shown
 * to catch a deliberately broken copy of a real fact.
 */
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../knowledge/schema.js';
import { fold } from '../../src/answer/normalize.js';
import { figureDifferences, hasVietnameseDiacritics, vietnameseFigures } from '../../src/knowledge/figures.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const facts = loadKnowledge().facts;

const word = (alternatives: string) => new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, 'iu');
/** How Vietnamese words each qualifier of the schema. */
const QUALIFIER_VI: Record<NonNullable<Fact['qualifier']>, RegExp> = {
  over: word('hơn|trên|vượt'),
  about: word('khoảng|xấp xỉ'),
  nearly: word('gần'),
  under: word('dưới|chưa đến|chưa tới|ít hơn'),
  'at least': word('ít nhất|tối thiểu'),
  'up to': word('tối đa|lên đến|lên tới'),
  exactly: word('đúng'),
};
/** Vietnamese family names (folded): a person whose name starts with one is written with diacritics. */
const VI_SURNAMES = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly to phung trinh dinh lam mai truong dao ha luong cao doan vuong thai quach lai chu tong kieu'.split(' '),
);

/** Where in `text` a name occurs, compared without diacritics; the spellings found. */
function spellingsOf(text: string, name: string): string[] {
  const folded = fold(text.normalize('NFC'));
  const target = fold(name);
  const out: string[] = [];
  for (let i = folded.indexOf(target); i >= 0; i = folded.indexOf(target, i + 1)) out.push(text.normalize('NFC').slice(i, i + name.length));
  return out;
}

/** Each rule returns what is wrong with a fact's statementVi (nothing when it holds). */
const RULES: Record<string, (f: Fact) => string[]> = {
  'states the same figures, years and full dates as the English statement': (f) => figureDifferences(f.statement, f.statementVi),
  'names every document number of docs': (f) =>
    f.docs.filter((d) => !vietnameseFigures(f.statementVi).numbers.includes(Number(d)) || !new RegExp(`(?<!\\d)${d}(?!\\d)`).test(f.statementVi)).map((d) => `no document ${d}`),
  'is Vietnamese: written with diacritics, and not the English statement': (f) => [
    ...(hasVietnameseDiacritics(f.statementVi) ? [] : ['no Vietnamese diacritics']),
    ...(f.statementVi.trim() === f.statement.trim() ? ['same as statement'] : []),
  ],
  'words the qualifier of its figure in Vietnamese (hơn, khoảng, gần…)': (f) =>
    f.qualifier === null || QUALIFIER_VI[f.qualifier].test(f.statementVi) ? [] : [`no Vietnamese word for "${f.qualifier}"`],
  'names every person of people, a Vietnamese name with its diacritics': (f) =>
    f.people.flatMap((p) => {
      const found = spellingsOf(f.statementVi, p);
      if (!found.length) return [`does not name ${p}`];
      return VI_SURNAMES.has(fold(p).split(' ')[0]) && found.every((s) => s === p) ? [`writes ${p} without diacritics`] : [];
    }),
  'names the place of a local fact with its diacritics': (f) => {
    if (f.place === null) return [];
    const found = spellingsOf(f.statementVi, f.place);
    return !found.length ? [`does not name ${f.place}`] : found.every((s) => s === f.place) ? [`writes ${f.place} without diacritics`] : [];
  },
  'writes the date a fact is about as "ngày 14/1/2026" or "ngày 14 tháng 1 năm 2026"': (f) => {
    if (f.date === null) return [];
    const [y, m, d] = f.date.split('-').map(Number);
    return f.statementVi.includes(`${d}/${m}/${y}`) || f.statementVi.includes(`ngày ${d} tháng ${m} năm ${y}`) ? [] : [`no ${d}/${m}/${y}`];
  },
  'says the month a deadline falls in as "tháng 9/2025" or "tháng 9 năm 2025"': (f) => {
    if (f.due === null || f.due.precision === 'year') return [];
    const [y, m] = f.due.date.split('-').map(Number);
    return word(`tháng ${m}(?:/| năm )${y}`).test(f.statementVi) || f.statementVi.includes(`/${m}/${y}`) ? [] : [`no tháng ${m}/${y}`];
  },
  'is one sentence ending with its full stop': (f) => [
    ...(/[.!?]["”]?$/.test(f.statementVi) ? [] : ['does not end with a full stop']),
    ...(/[.!?]["”]?\s+\p{Lu}/u.test(f.statementVi) ? ['more than one sentence'] : []),
  ],
};

/** Every problem of a fact, "rule: problem". */
const problems = (f: Fact) => Object.entries(RULES).flatMap(([rule, test]) => test(f).map((p) => `${rule}: ${p}`));

describe('statementVi of every fact', () => {
  it.each(Object.keys(RULES))('%s', (rule) => {
    expect(facts.flatMap((f) => RULES[rule](f).map((p) => `${f.id}: ${p}`))).toEqual([]);
  });
});

/** The first fact the finder can break (it returns the broken statementVi), with the broken copy. */
function breakFirst(breaker: (f: Fact) => string | null): { original: Fact; broken: Fact } {
  for (const f of facts) {
    const vi = breaker(f);
    if (vi !== null && vi !== f.statementVi) return { original: f, broken: { ...f, statementVi: vi } };
  }
  throw new Error('no fact in facts.json to break this way');
}

/** Replaces the first match of `re` in the fact's statementVi, or null when there is none. */
const replaceFirst = (re: RegExp, by: (m: RegExpExecArray) => string) => (f: Fact) => {
  const m = re.exec(f.statementVi);
  return m ? f.statementVi.slice(0, m.index) + by(m) + f.statementVi.slice(m.index + m[0].length) : null;
};

describe('the statementVi rules catch a broken copy of a fact', () => {
  const cases: Array<[string, (f: Fact) => string | null, string]> = [
    // 7,52 → 7,25
    ['a decimal with its digits swapped', replaceFirst(/(\d+),(\d)(?!\2)(\d)(?!\d)/, (m) => `${m[1]},${m[3]}${m[2]}`), 'figures differ'],
    ['a decimal in English notation (7.52)', replaceFirst(/(\d+),(\d+)/, (m) => `${m[1]}.${m[2]}`), 'figures differ'],
    ['a thousands figure in English notation (2,200)', replaceFirst(/(\d{1,3})\.(\d{3})(?!\d)/, (m) => `${m[1]},${m[2]}`), 'figures differ'],
    ['a figure in words changed (ba → bốn)', replaceFirst(/(?<!\p{L})ba(?!\p{L})/u, () => 'bốn'), 'figures differ'],
    ['"gấp đôi" dropped', replaceFirst(/gấp đôi/, () => 'nhiều hơn'), 'figures differ'],
    ['a year changed', replaceFirst(/(?<![\d/.,])(20\d\d)(?!\d)/, (m) => String(Number(m[1]) + 1)), 'years differ'],
    ['the day of a date changed', replaceFirst(/(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})/, (m) => `${(Number(m[1]) % 28) + 1}/${m[2]}/${m[3]}`), 'dates differ'],
    ['a document number changed', (f) => (f.docs.length ? f.statementVi.replace(new RegExp(`(?<!\\d)${f.docs[0]}(?!\\d)`, 'g'), '999') : null), `no document`],
    ['the qualifier dropped (hơn)', replaceFirst(/(?<!\p{L})hơn (?=\d)/iu, () => ''), 'no Vietnamese word for'],
    ['a person written without diacritics', (f) => (f.people.length ? f.statementVi.replace(/Phạm Minh Chính/g, 'Pham Minh Chinh') : null), 'without diacritics'],
    ['the English statement copied', (f) => f.statement, 'no Vietnamese diacritics'],
  ];

  it.each(cases)('catches %s', (_, breaker, expected) => {
    const { original, broken } = breakFirst(breaker);
    expect(problems(original)).toEqual([]);
    expect(problems(broken).join('\n')).toContain(expected);
  });

  it('catches the GDP growth of the first half of 2025 written 7,25% instead of 7,52%', () => {
    const gdp = facts.find((f) => f.subject === 'growth.gdp' && f.value !== null && f.statementVi.includes(String(f.value).replace('.', ',')));
    expect(gdp, 'a GDP growth fact with a decimal figure').toBeDefined();
    const figure = String(gdp!.value).replace('.', ',');
    const swapped = figure.replace(/,(\d)(\d)$/, ',$2$1');
    expect(swapped).not.toBe(figure);
    const broken = { ...gdp!, statementVi: gdp!.statementVi.replace(figure, swapped) };
    expect(problems(broken)).toEqual([
      `states the same figures, years and full dates as the English statement: figures differ from statement: ${gdp!.value} only in statement; ${swapped.replace(',', '.')} only in statementVi`,
    ]);
  });
});
