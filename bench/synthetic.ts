/**
 * Synthetic knowledge bases N times the size of the real one, in the same shape, for measuring how
 * the answer engine grows. Copy 0 is the real knowledge unchanged; every further copy c clones each
 * source under a new id (`1xx_<16 hex>`), its seed text and its facts with:
 *   - ids and subjects suffixed `.s<c>` (so timelines stay per copy),
 *   - every year (19xx/20xx) shifted by the same Δ(c) ∈ ±1..5 in dates, periods, dues, texts, values,
 *   - every other number in texts (seed, quote, statement, label, keywords, claim, period label)
 *     and in values and document numbers shifted by numberShift(c) (1..9), keeping its decimals and
 *     thousands commas;
 *     statementVi gets the same shift in Vietnamese notation (shiftTextVi), so it still states the
 *     figures of its statement.
 *   - the places and countries the real articles name, and the family names of the people the
 *     facts name, replaced by others of the vocabulary (a different province, country or family
 *     name in each copy, the same throughout one copy, in English and Vietnamese): the copies
 *     share the real knowledge's topic words, as a growing collection of articles on one subject
 *     does, but not its every name, so that no name is 1,000 times as common as it really is.
 * The same text transformation is applied to a seed and to its facts' quotes, so quotes stay verbatim;
 * the rare quote that no longer matches (a number cut at its edge) is appended to the copy's seed.
 * The result passes the loader's checks (zod schemas + findIssues); tests/bench/synthetic.test.ts proves it.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact, Source } from '../knowledge/schema.js';
import { englishFigures } from '../src/knowledge/figures.js';
import type { KnowledgeBase } from '../src/knowledge/types.js';

export interface SyntheticResult {
  kb: KnowledgeBase;
  /** Quotes that had to be appended to their copy's seed (0 in practice). */
  quotesAppended: number;
}

/**
 * The shift of copy c's other numbers: 1..9, round and round (a day of the month shifted further
 * would be no date: "14/1" stays a day and a month, "January 23" a day).
 */
export const numberShift = (c: number): number => 1 + ((c - 1) % 9);

/** The year shift of copy c: ±1..5, alternating sign. */
export const yearShift = (c: number): number => (c % 2 ? -1 : 1) * (1 + ((c >> 1) % 5));

const isYear = (n: number): boolean => Number.isInteger(n) && n >= 1900 && n <= 2099;

/** Shifts a numeric value like the texts do: years by Δ, anything else by numberShift(c). */
export function shiftValue(v: number, c: number): number {
  return isYear(v) ? v + yearShift(c) : Math.round((v + numberShift(c)) * 1e6) / 1e6;
}

const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

/** A number shifted (a four-digit year by Δ, anything else by numberShift(c)), as plain digits with its decimals. */
function shiftPlain(plain: string, c: number): string {
  const n = Number(plain);
  if (/^\d{4}$/.test(plain) && isYear(n)) return String(n + yearShift(c));
  const decimals = plain.includes('.') ? plain.split('.')[1].length : 0;
  return (n + numberShift(c)).toFixed(decimals);
}

/** Groups the integer part of a plain number by thousands with `sep`. */
const group = (int: string, sep: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** Every number in a text shifted (years by Δ, others by numberShift(c)), with the same decimals and comma grouping. */
export function shiftText(text: string, c: number): string {
  return text.replace(NUMBER, (m) => {
    const out = shiftPlain(m.replace(/,/g, ''), c);
    if (!m.includes(',')) return out;
    const [int, frac] = out.split('.');
    return group(int, ',') + (frac !== undefined ? `.${frac}` : '');
  });
}

/** A month in Vietnamese ("tháng 9"), a Roman numeral ("XIV"), or a number in Vietnamese notation ("2.200", "7,52"). */
const NUMBER_VI = /tháng\s+\d{1,2}(?!\d)|(?<![\p{L}\p{N}])[IVXL]{2,}(?![\p{L}\p{N}])|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/giu;
const ROMAN: Array<[number, string]> = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
const toRoman = (n: number) => ROMAN.reduce((out, [v, letters]) => {
  for (; n >= v; n -= v) out += letters;
  return out;
}, '');
const fromRoman = (s: string): number | null => {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
  const n = [...s].reduce((sum, ch, i) => sum + (v[ch] < (v[s[i + 1]] ?? 0) ? -v[ch] : v[ch]), 0);
  return toRoman(n) === s ? n : null;
};

/**
 * shiftText for a Vietnamese text (a fact's statementVi): the numbers shiftText shifts in the English
 * statement get the same shift here, read and written in Vietnamese notation, so a copy's
 * statementVi still states its statement's figures (the loader checks it). Left as they are, like
 * their English counterparts: months ("tháng 9", the 1 of "14/1/2026"; English names months in
 * words), number words ("ba", "gấp đôi"), and the digits of `inWords`, the values the English
 * statement writes in words ("five" there, 5 here). Roman numerals ("XIV" for "14th") are shifted.
 */
export function shiftTextVi(text: string, c: number, inWords: ReadonlySet<number> = new Set()): string {
  return text.replace(NUMBER_VI, (m: string, offset: number) => {
    const monthOfDate = m.length <= 2 && text[offset - 1] === '/' && /^\/\d{4}/.test(text.slice(offset + m.length));
    if (monthOfDate || /^tháng/i.test(m)) return m;
    if (/^[IVXL]+$/i.test(m)) {
      const n = m === m.toUpperCase() ? fromRoman(m) : null;
      return n === null || inWords.has(n) ? m : toRoman(n + numberShift(c));
    }
    const plain = m.replace(/\./g, '').replace(',', '.');
    if (inWords.has(Number(plain))) return m;
    const [int, frac] = shiftPlain(plain, c).split('.');
    return (m.includes('.') ? group(int, '.') : int) + (frac !== undefined ? `,${frac}` : '');
  });
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** YYYY-MM-DD with the year shifted; 29 February becomes the 28th in a non-leap year. */
export function shiftDay(day: string, c: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const year = y + yearShift(c);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${pad(year, 4)}-${pad(m, 2)}-${pad(m === 2 && d === 29 && !leap ? 28 : d, 2)}`;
}

/** YYYY, YYYY-MM or YYYY-MM-DD with the year shifted. */
export function shiftDate(date: string, c: number): string {
  if (date.length === 10) return shiftDay(date, c);
  const [y, ...rest] = date.split('-');
  return [pad(Number(y) + yearShift(c), 4), ...rest].join('-');
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** A new source id for copy c of `id`: `1xx_<16 hex>` (xx from the running number n). */
export function syntheticSourceId(id: string, c: number, n: number): string {
  const hex = createHash('sha1').update(`${id}:${c}`).digest('hex').slice(0, 16);
  return `${pad(100 + (n % 900), 3)}_${hex}`;
}

const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const foldName = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** A step through a list of n that visits every item before it comes back (coprime with n). */
const step = (n: number): number => [7, 11, 13, 17, 19, 23].find((p) => n % p !== 0) ?? 1;

/** How copy c renames: English texts, Vietnamese texts, lower-case hints, a place field, a person. */
export interface Renaming {
  en(text: string): string;
  vi(text: string): string;
  lower(text: string): string;
  place(name: string): string;
  person(name: string): string;
}

/**
 * The renamings of every copy, from the real knowledge: each province or city and each country
 * the articles name becomes another of its kind (a rotation of the vocabulary's list, so two never
 * become one), and each person the facts name (of three words or more) gets another family name
 * of the vocabulary's, with its diacritics in Vietnamese texts. Vietnamese names of one word
 * ("Đức", "Lào") are left in Vietnamese texts: the same word is part of people's names.
 */
export function renamings(base: KnowledgeBase): (c: number) => Renaming {
  const texts = [...base.seeds.values(), ...base.facts.map((f) => `${f.statement} ${f.quote}`)].join('\n');
  // (a name with a number word, "Ba Lan" for Poland, would be a figure of the Vietnamese statement)
  const numberWord = /(^|\s)(một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|trăm|nghìn|one|two|three|four|five|six|seven|eight|nine|ten)(\s|$)/i;
  const groups = [['province', 'city'], ['country']].map((kinds) => base.vocabulary.entities.filter((e) => kinds.includes(e.kind) && e.name !== 'Vietnam' && !numberWord.test(e.nameVi) && !numberWord.test(e.name)));
  const named = groups.map((g) => g.filter((e) => new RegExp(`\\b${escape(e.name)}\\b`).test(texts)));
  const surnames = base.vocabulary.surnames;
  const people = [...new Set(base.facts.flatMap((f) => f.people))].filter((p) => p.split(' ').length >= 3 && surnames.some((s) => foldName(s) === p.split(' ')[0]));
  // how the Vietnamese statements write each person ("Phạm Minh Chính")
  const written = new Map<string, string>();
  for (const f of base.facts) {
    const words = f.statementVi.split(/[^\p{L}]+/u);
    for (const p of people) {
      const n = p.split(' ').length;
      for (let i = 0; i + n <= words.length; i++) if (foldName(words.slice(i, i + n).join(' ')) === p) written.set(p, words.slice(i, i + n).join(' '));
    }
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  return (c) => {
    const en = new Map<string, string>();
    const vi = new Map<string, string>();
    const lower = new Map<string, string>();
    named.forEach((list, g) => {
      const all = groups[g];
      for (const e of list) {
        const to = all[(all.indexOf(e) + c * step(all.length)) % all.length];
        en.set(e.name, to.name);
        lower.set(e.name.toLowerCase(), to.name.toLowerCase());
        if (e.nameVi.includes(' ')) vi.set(e.nameVi, to.nameVi);
      }
    });
    for (const p of people) {
      const [family, ...rest] = p.split(' ');
      const k = surnames.findIndex((s) => foldName(s) === family);
      const to = surnames[(k + c) % surnames.length];
      en.set(p, [foldName(to), ...rest].join(' '));
      lower.set(p.toLowerCase(), [foldName(to), ...rest].join(' ').toLowerCase());
      const w = written.get(p);
      if (w) vi.set(w, [to, ...w.split(' ').slice(1)].join(' '));
    }
    const replacer = (map: Map<string, string>, flags: string) => {
      if (!map.size) return (x: string) => x;
      const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...map.keys()].sort(byLength).map(escape).join('|')})(?![\\p{L}\\p{N}])`, `gu${flags}`);
      return (x: string) => x.replace(re, (m) => map.get(m) ?? m);
    };
    const r = { en: replacer(en, ''), vi: replacer(vi, ''), lower: replacer(lower, '') };
    return { ...r, place: (name) => en.get(name) ?? name, person: (name) => en.get(name) ?? name };
  };
}

function cloneSource(s: Source, c: number, id: string, rename: Renaming): Source {
  return {
    ...s,
    id,
    place: s.place === null ? null : rename.place(s.place),
    title: clip(`${rename.en(s.title)} [synthetic ${c}]`, 200),
    published: s.published === null ? null : shiftDay(s.published, c),
    url: s.url === null ? null : `${s.url}${s.url.includes('?') ? '&' : '?'}synthetic=${c}`,
    note: `Synthetic copy ${c} of ${s.id} (benchmark only).`,
  };
}

function cloneFact(f: Fact, c: number, source: string, rename: Renaming): Fact {
  const t = (s: string) => rename.en(shiftText(s, c));
  return {
    ...f,
    id: `${f.id}.s${c}`,
    subject: `${f.subject}.s${c}`,
    statement: clip(t(f.statement), 400),
    statementVi: clip(rename.vi(shiftTextVi(f.statementVi, c, new Set(englishFigures(f.statement.replace(/\d/g, ' ')).numbers))), 400),
    place: f.place === null ? null : rename.place(f.place),
    people: f.people.map((p) => rename.person(p)),
    value: f.value === null ? null : shiftValue(f.value, c),
    valueMax: f.valueMax === null ? null : shiftValue(f.valueMax, c),
    period: f.period === null ? null : { start: shiftDate(f.period.start, c), end: shiftDate(f.period.end, c), label: t(f.period.label) },
    asOf: shiftDay(f.asOf, c),
    date: f.date === null ? null : shiftDay(f.date, c),
    due: f.due === null ? null : { date: shiftDate(f.due.date, c), precision: f.due.precision },
    label: f.label === null ? null : clip(t(f.label), 120),
    labelVi: f.labelVi === null ? null : clip(rename.vi(f.labelVi), 120),
    docs: f.docs.map((d) => String(Number(d) + numberShift(c))),
    keywords: f.keywords.map((k) => rename.lower(t(k))),
    claim: f.claim === null ? null : t(f.claim),
    source,
    quote: t(f.quote),
  };
}

/** One copy of the real knowledge: its sources, facts and seeds (copy 0 is the real knowledge). */
export interface SyntheticCopy {
  c: number;
  sources: Source[];
  facts: Fact[];
  seeds: Map<string, string>;
  quotesAppended: number;
}

/** The copies of a knowledge base `factor` times the size of `base`, one at a time (copy 0 first, unchanged). */
export function* syntheticCopies(base: KnowledgeBase, factor: number): Generator<SyntheticCopy> {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`factor must be a positive integer, got ${factor}`);
  yield { c: 0, sources: base.sources, facts: base.facts, seeds: base.seeds, quotesAppended: 0 };
  const factsBySource = new Map<string, Fact[]>();
  for (const f of base.facts) {
    const list = factsBySource.get(f.source);
    if (list) list.push(f);
    else factsBySource.set(f.source, [f]);
  }
  let n = 0;
  const renaming = renamings(base);
  for (let c = 1; c < factor; c++) {
    const rename = renaming(c);
    const copy: SyntheticCopy = { c, sources: [], facts: [], seeds: new Map(), quotesAppended: 0 };
    for (const s of base.sources) {
      const id = syntheticSourceId(s.id, c, n++);
      copy.sources.push(cloneSource(s, c, id, rename));
      let seed = rename.en(shiftText(base.seeds.get(s.id) ?? '', c));
      const extra: string[] = [];
      for (const f of factsBySource.get(s.id) ?? []) {
        const clone = cloneFact(f, c, id, rename);
        if (!seed.includes(clone.quote)) extra.push(clone.quote);
        copy.facts.push(clone);
      }
      if (extra.length) {
        copy.quotesAppended += extra.length;
        seed += `\n\n${extra.join('\n\n')}\n`;
      }
      copy.seeds.set(id, seed);
    }
    yield copy;
  }
}

/** A knowledge base `factor` times the size of `base`, in memory (factor 1 returns the same content). */
export function generateSynthetic(base: KnowledgeBase, factor: number): SyntheticResult {
  const sources: Source[] = [];
  const facts: Fact[] = [];
  const seeds = new Map<string, string>();
  let quotesAppended = 0;
  for (const copy of syntheticCopies(base, factor)) {
    for (const s of copy.sources) sources.push(s);
    for (const f of copy.facts) facts.push(f);
    for (const [id, text] of copy.seeds) seeds.set(id, text);
    quotesAppended += copy.quotesAppended;
  }
  return {
    kb: {
      sources,
      sourceById: new Map(sources.map((s) => [s.id, s])),
      facts,
      factById: new Map(facts.map((f) => [f.id, f])),
      vocabulary: base.vocabulary,
      seeds,
    },
    quotesAppended,
  };
}

/**
 * Writes a knowledge base `factor` times the size of `base` in the project's file layout
 * (`dir`/sources.json, facts.json, vocabulary.json; `seedsDir`/<id>.txt), one copy at a time: at
 * 1,000× it never holds more than one copy besides what it writes (facts.json is ~170 MB).
 */
export function writeSynthetic(base: KnowledgeBase, factor: number, dir: string, seedsDir: string): { sources: number; facts: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  mkdirSync(seedsDir, { recursive: true });
  const sourcesFd = openSync(join(dir, 'sources.json'), 'w');
  const factsFd = openSync(join(dir, 'facts.json'), 'w');
  let sources = 0;
  let facts = 0;
  let bytes = 0;
  const put = (fd: number, text: string) => {
    bytes += writeSync(fd, text);
  };
  put(sourcesFd, '[\n');
  put(factsFd, '[\n');
  for (const copy of syntheticCopies(base, factor)) {
    for (const s of copy.sources) put(sourcesFd, `${sources++ ? ',\n' : ''}${JSON.stringify(s)}`);
    for (const f of copy.facts) put(factsFd, `${facts++ ? ',\n' : ''}${JSON.stringify(f)}`);
    for (const [id, text] of copy.seeds) {
      writeFileSync(join(seedsDir, `${id}.txt`), text);
      bytes += Buffer.byteLength(text);
    }
  }
  put(sourcesFd, '\n]\n');
  put(factsFd, '\n]\n');
  closeSync(sourcesFd);
  closeSync(factsFd);
  writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(base.vocabulary));
  return { sources, facts, bytes };
}

export function syntheticKnowledge(base: KnowledgeBase, factor: number): KnowledgeBase {
  return generateSynthetic(base, factor).kb;
}

/** Total characters of seed text (for reporting a knowledge base's size). */
export const seedChars = (kb: KnowledgeBase): number => [...kb.seeds.values()].reduce((a, s) => a + s.length, 0);
