/**
 * Understanding a question: normalise it, tell its language, find the people, places, countries,
 * organisations, documents and times it names (its constraints), correct typos in words nobody
 * uses, and split the rest into units (a vocabulary phrase or a word) that evidence must cover.
 * The work is bounded for any input (limits.ts).
 */
import type { Entity } from '../../knowledge/schema.js';
import type { Slots } from './types.js';
import { head, LIMITS } from './limits.js';
import { conceptTerm, entityTerm, hasVietnameseLetters, isVietnameseSyllable, personTerm, PLACE_KINDS, type Correction, type Lang, type Lexicon } from './lexicon.js';
import { canonical, stem, stripSlackMarkup } from './normalize.js';
import type { Span } from './lexicon.js';
import { findAddressedNames, findNames, type PeopleIndex } from './people.js';
import { findAsOf, findDocs, findTime, PERIOD_WORDS, type AsOf, type PeriodSlot } from './time.js';

export type AskKind = 'number' | 'person' | 'date' | 'place' | 'period' | 'list' | 'compare' | 'role';

export type UnitKind = 'concept' | 'word' | 'number' | 'entity' | 'person' | 'title' | 'doc';

export interface Unit {
  kind: UnitKind;
  /** The words as read (folded). */
  words: string[];
  /** Index terms: evidence with any of them covers the unit. */
  terms: string[];
  /** A title: asks for the deputy ("deputy head") or the office itself ("head"). */
  deputy?: boolean;
  /** A title of a body ("foreign minister": the Ministry of Foreign Affairs). */
  of?: string;
  /** How it is named when integ says it has nothing on it (entities and people: their name). */
  label: string;
  /** Set by the engine: how much covering it counts (rarer units count more). */
  weight: number;
  /** Set by the engine: how many pieces of evidence it is in (0: none uses it). */
  df?: number;
  /** A correct word of the question's language that the sources happen not to use (a paraphrase, not a name). */
  common?: boolean;
  /** In a question about a person's office: a word that only narrows it (counts less). */
  roleAsked?: boolean;
  /** Evidence that does not cover it cannot answer (a named entity, person or document). */
  essential: boolean;
}

export interface PersonAsked {
  key: string;
  display: string;
  /** The sources name this person. */
  known: boolean;
}

export interface Query {
  /** As typed (untrusted). */
  raw: string;
  lang: Lang;
  /** The words after typo correction (canonical). */
  words: string[];
  units: Unit[];
  asks: Set<AskKind>;
  corrections: Correction[];
  /** Content words neither the vocabulary nor the sources know, and too far from any known word. */
  unknown: string[];
  years: number[];
  periods: PeriodSlot[];
  days: string[];
  asOf: AsOf[];
  /** Provinces and cities named. */
  places: string[];
  /** Places, countries and organisations named (Vietnam itself excepted: the sources are about it). */
  entities: Entity[];
  people: PersonAsked[];
  docs: string[];
  /** The question is about the whole country ("Vietnam's", "nationwide", "cả nước"). */
  national: boolean;
  /**
   * Things the question puts side by side, each answered by evidence of its own: the units
   * (indexes into `units`) on each side of "compare … with …", or on each side of an "and"
   * joining two of them ("registered and disbursed FDI"). Empty when it asks one thing.
   */
  parts: number[][];
  slots: Slots;
}

export interface UnderstandEnv {
  lexicon: Lexicon;
  people: PeopleIndex;
  knownDocs: ReadonlySet<string>;
}

const ASK_KINDS: Record<string, AskKind> = {
  'ask-role': 'role',
  'ask-number': 'number',
  'ask-person': 'person',
  'ask-date': 'date',
  'ask-place': 'place',
  'ask-period': 'period',
  'ask-list': 'list',
  'ask-compare': 'compare',
};

/** The home country: a question naming it is about the whole country, not narrowed to a place. */
const HOME = new Set(['Vietnam', 'Viet Nam', 'Việt Nam']);

/** The concept of a rank ("rank", "top 15", "xếp hạng"). */
const RANKING = 'ranking';

/** The concept of asking integ for help: alone it is a question about integ. */
const HELP = 'help';

/** Concepts that say "the whole country" ("nationwide", "cả nước"). */
const NATIONAL_CONCEPT = 'nationwide';

/** The calendar year of an instant in a time zone (formatters made once per zone: making one is slow). */
const yearFormats = new Map<string, Intl.DateTimeFormat | null>();
export function yearIn(now: Date, tz: string): number {
  // every zone is within 14 hours of UTC: away from New Year's Eve and Day (UTC) its year is UTC's
  // (formatting a date in a zone costs more than the rest of reading a question's time)
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  if (!((month === 0 && day === 1) || (month === 11 && day === 31))) return now.getUTCFullYear();
  let f = yearFormats.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en', { timeZone: tz, year: 'numeric' });
    } catch {
      f = null; // an unknown zone: UTC
    }
    if (yearFormats.size < 100) yearFormats.set(tz, f);
  }
  return f ? Number(f.format(now)) : now.getUTCFullYear();
}

export function understand(text: string, env: UnderstandEnv, opts: { now?: Date; tz?: string } = {}): Query {
  const { lexicon } = env;
  const raw = text;
  const stripped = vietnameseNumbers(stripSlackMarkup(head(text)));
  const typed = canonical(stripped).split(' ').filter(Boolean).slice(0, LIMITS.words);
  const lang = lexicon.languageOf(stripped, typed);
  const thisYear = yearIn(opts.now ?? new Date(), opts.tz ?? 'Asia/Ho_Chi_Minh');

  // people: names as written (capitalised), known names in lower case, "ông X Y Z"
  const taken = new Array<boolean>(typed.length).fill(false);
  const people: PersonAsked[] = [];
  const personAt = new Map<number, { p: PersonAsked; length: number }>();
  const claim = (at: number, length: number, p: PersonAsked) => {
    if (at < 0 || taken.slice(at, at + length).some(Boolean)) return;
    for (let k = at; k < at + length; k++) taken[k] = true;
    if (!people.some((x) => x.key === p.key)) people.push(p);
    personAt.set(at, { p, length });
  };
  const finder = {
    surnames: lexicon.surnames,
    writtenSurnames: lexicon.writtenSurnames,
    isEntityStart: (ws: string[]) => {
      const first = lexicon.spans(ws)[0];
      return (first?.entity ?? null) !== null && first.words.length > 1;
    },
  };
  for (const k of env.people.findIn(typed)) claim(k.at, k.length, { key: k.key, display: env.people.names.get(k.key)!, known: true });
  for (const name of findNames(stripped, finder)) {
    const words = canonical(name).split(' ');
    let key = words.join(' ');
    if (words.length === 1) key = env.people.byGivenName(words[0]) ?? key;
    const at = indexOfRun(typed, words);
    claim(at, words.length, { key, display: env.people.names.get(key) ?? name, known: env.people.has(key) });
  }
  // "what did Chinh say": a capitalised given name the sources know stands for the person (in
  // English: a Vietnamese question writes names in full, and "Chính phủ" is the Government)
  for (const m of lang === 'en' ? stripped.matchAll(/(?<=\S\s+)\p{Lu}\p{Ll}+/gu) : []) {
    const key = env.people.byGivenName(m[0]);
    const at = typed.indexOf(canonical(m[0]));
    if (key && at >= 0) claim(at, 1, { key, display: env.people.names.get(key)!, known: true });
  }
  const isContent = (w: string) => lexicon.isStopword(w) || lexicon.spans([w], lang)[0].concepts.length > 0;
  for (const n of findAddressedNames(typed, lexicon.surnames, isContent)) {
    claim(n.at, n.length, { key: n.name, display: titleCase(n.name), known: env.people.has(n.name) });
  }

  // typos: words nobody uses, near a word the vocabulary or the sources use (bounded)
  const corrections: Correction[] = [];
  const unknown: string[] = [];
  let lookups = 0;
  const words = typed.map((w, i) => {
    if (taken[i] || lexicon.isKnown(w)) return w;
    if (lang === 'vi' ? isVietnameseSyllable(w) : lexicon.isEnglish(w)) {
      // a correct word, not a typo: unknown to the sources, so it counts as a word none covers
      if (!lexicon.isStopword(w)) unknown.push(w);
      return w;
    }
    const c = w.length <= LIMITS.wordLength && lookups++ < LIMITS.corrections ? lexicon.correct(w) : null;
    if (c) {
      corrections.push(c);
      return c.to;
    }
    if (!lexicon.isStopword(w)) unknown.push(w);
    return w;
  });

  // time and documents come from the words as typed: a correction must never eat "7 tháng"
  const typedText = typed.join(' ');
  const asOf = findAsOf(typedText);
  const time = findTime(typedText, { baseYear: thisYear, canonical: true, periodsInBaseYear: false });
  const asOfYears = new Set(asOf.map((a) => a.year).filter((y): y is number => y !== null));
  const years = time.years.filter((y) => !asOfYears.has(y) || time.periods.some((p) => p.year === y));
  const docs = findDocs(typedText, env.knownDocs);
  // the letters of a document number ("59-NQ/TW", "1812/QĐ-TTg") are part of it
  const docLetters = new Set(typed.filter((w, k) => k > 0 && /^[a-z]{2,4}$/.test(w) && (docs.includes(typed[k - 1]) || (/^[a-z]{2,4}$/.test(typed[k - 1]) && docs.includes(typed[k - 2] ?? '')))));
  const numbers = new Set([...years.map(String), ...docs, ...time.days.flatMap((d) => d.split('-').map((x) => String(Number(x))))]);
  // the number of a period ("7 tháng", "first 7 months") is part of it
  typed.forEach((w, k) => /^\d{1,2}$/.test(w) && /^(months?|thang)$/.test(typed[k + 1] ?? '') && time.periods.length && numbers.add(w));
  const eventWords = new Set(asOf.flatMap((a) => a.words));
  // "next month", "this week", "tháng tới": relative to today, a time and not a subject ("next" stays:
  // what is upcoming)
  typed.forEach((w, k) => {
    const prev = typed[k - 1] ?? '';
    if ((/^(weeks?|months?|years?)$/.test(w) && /^(next|this|coming|last|past|following)$/.test(prev)) || (/^(tuan|thang|nam)$/.test(w) && /^(toi|sau|nay|truoc|qua)$/.test(typed[k + 1] ?? ''))) eventWords.add(w);
  });
  const periodWords = time.periods.length || asOf.length || time.days.length || time.years.length ? PERIOD_WORDS : new Set<string>();

  const units: Unit[] = [];
  const asks = new Set<AskKind>();
  const entities: Entity[] = [];
  const places: string[] = [];
  let national = false;
  let deputyPending = false;
  // where each unit stands, the comparison marker ("compare", "so với") and the "and"s (parts)
  const at: number[] = [];
  let compareAt = -1;
  const ands: number[] = [];
  words.forEach((w, k) => (w === 'and' || w === 'va' || w === 'or' || w === 'hoac' ? ands.push(k) : undefined));
  // spans between people: each person is one unit
  let i = 0;
  while (i < words.length) {
    const person = personAt.get(i);
    if (person) {
      units.push({ kind: 'person', words: words.slice(i, i + person.length), terms: [personTerm(person.p.key)], label: person.p.display, weight: 1, essential: true });
      at.push(i);
      i += person.length;
      continue;
    }
    let j = i;
    while (j < words.length && !personAt.has(j)) j++;
    let pos = i;
    for (const s of lexicon.spans(words.slice(i, j), lang)) {
      const spanAt = pos;
      pos += s.words.length;
      const before = units.length;
      if (s.concepts.some((c) => lexicon.kindOf(c) === 'ask-compare') && compareAt < 0) compareAt = spanAt;
      handleSpan(s, words[pos]);
      while (at.length < units.length) at.push(spanAt);
      void before;
    }
    i = j;
  }
  function handleSpan(s: Span, next?: string): void {
      if (s.entity) {
        if (HOME.has(s.entity.name) || s.entity.name === 'Vietnam') {
          national = true;
        } else {
          if (!entities.some((e) => e.name === s.entity!.name)) entities.push(s.entity);
          if (PLACE_KINDS.has(s.entity.kind)) places.push(s.entity.name);
          // "Minister of Foreign Affairs": the office of that body, found with it or in its holder
          const titles = s.concepts.filter((c) => lexicon.kindOf(c) === 'title');
          if (titles.length) {
            units.push({ kind: 'title', words: s.words, terms: titles.map(conceptTerm), deputy: deputyPending, of: s.entity.name, label: s.words.join(' '), weight: 1, essential: true });
            deputyPending = false;
            return;
          }
          // a body named as a modifier ("government posts") narrows less than one named as such
          const modifier = s.entity.kind === 'organisation' && /^[a-z]/.test(next ?? '') && !lexicon.isStopword(next ?? '');
          units.push({ kind: 'entity', words: s.words, terms: [entityTerm(s.entity.name)], label: s.entity.name, weight: 1, essential: !modifier });
        }
        deputyPending = false;
        return;
      }
      // the words of a time already read ("by late August 2025") are no content
      if (periodWords.size && s.words.every((w) => periodWords.has(w) || numbers.has(w) || /^(19|20)\d{2}$/.test(w) || eventWords.has(w))) return;
      if (s.words.every((w) => docLetters.has(w))) return;
      if (s.concepts.length) {
        const kinds = s.concepts.map((c) => lexicon.kindOf(c));
        // "according to", "said": the person named is the speaker, the verb is no content; "billion",
        // "USD": part of a figure
        if (kinds.includes('attribution') || kinds.includes('measure')) return;
        // "now", "hiện": the latest
        if (kinds.includes('time')) {
          if (!asOf.length) asOf.push({ mode: 'latest', date: null, year: null, words: [] });
          return;
        }
        // "at the August 2025 steering committee meeting": when, not what
        if (s.words.every((w) => eventWords.has(w) || periodWords.has(w))) return;
        // "what position", "vai trò gì": the office a named person holds
        if (kinds.includes('ask-role') && (people.length || personAt.size)) {
          asks.add('role');
          return;
        }
        s.concepts.forEach((c, k) => {
          const ask = ASK_KINDS[kinds[k]];
          if (ask && ask !== 'role') asks.add(ask);
        });
        if (s.concepts.includes(NATIONAL_CONCEPT)) national = true;
        const titles = s.concepts.filter((_, k) => kinds[k] === 'title');
        // "what role do businesses play": no person named, so no office asked: the words say what
        if (kinds.includes('ask-role')) {
          for (const w of s.words) if (!lexicon.isStopword(w)) for (const x of lexicon.spans([w], lang)) if (!x.concepts.includes(s.concepts[0])) handleSpan(x);
          return;
        }
        const terms = s.concepts.filter((_, k) => kinds[k] === 'term');
        const qualifier = s.concepts.some((c, k) => kinds[k] === 'qualifier' && c === 'deputy');
        if (titles.length) {
          // an office named ("the chairman", "the PM"): only evidence naming that office answers (not
          // the vice chairman), or evidence from a source that is that office's speech
          units.push({ kind: 'title', words: s.words, terms: titles.map(conceptTerm), deputy: deputyPending || qualifier, label: s.words.join(' '), weight: 1, essential: true });
          deputyPending = false;
        } else if (terms.length) {
          units.push({ kind: 'concept', words: s.words, terms: terms.map(conceptTerm), label: s.words.join(' '), weight: 1, essential: false });
        }
        if (qualifier && !titles.length) deputyPending = true;
        return;
      }
      const w = s.words[0];
      // years and the numbers of days and documents are constraints, not words to cover
      if (lexicon.isStopword(w) || periodWords.has(w) || numbers.has(w) || docLetters.has(w) || /^(19|20)\d{2}$/.test(w)) return;
      if (/^\d/.test(w)) {
        units.push({ kind: 'number', words: [w], terms: [w], label: w, weight: 1, essential: false });
        return;
      }
      if (w.length < 2) return;
      units.push({ kind: 'word', words: [w], terms: [stem(w)], label: w, weight: 1, essential: false, common: lang === 'vi' ? isVietnameseSyllable(w) : lexicon.isEnglish(w) });
  }
  for (const d of docs) {
    units.push({ kind: 'doc', words: [d], terms: [`doc:${d}`], label: d, weight: 1, essential: true });
    at.push(words.indexOf(d));
  }
  // "can you help me with FDI 2025", "giúp tôi vốn FDI": about FDI, not about integ
  const helpAt = units.map((u, k) => (u.terms.includes(conceptTerm(HELP)) ? k : -1)).filter((k) => k >= 0);
  if (helpAt.length && helpAt.length < units.length) {
    for (const k of helpAt.reverse()) {
      units.splice(k, 1);
      at.splice(k, 1);
    }
  }
  // "where did Vietnam rank": a place in a ranking, not a place on the map
  if (asks.has('place') && units.some((u) => u.terms.includes(conceptTerm(RANKING)))) asks.delete('place');
  const parts = findParts(units, at, compareAt, ands, asks);
  // "what position does X hold": the person is what matters; the rest barely narrows it
  if (asks.has('role') && people.length) for (const u of units) if (u.kind === 'concept' || u.kind === 'word') u.roleAsked = true;
  // "what challenges …", "which channels …", "những nhiệm vụ nào": the question asks for every item
  if (asksForItems(typed, units, at, lang)) asks.add('list');
  // things compared are each required of their own part only ("goods nationally … compared with Nghe An's")
  for (const part of parts) for (const k of part) units[k].essential = false;
  if (parts.length && places.length) national = false;
  for (const p of time.periods) p.year ??= years.length === 1 ? years[0] : null;

  return {
    raw,
    lang,
    words,
    units,
    asks,
    corrections,
    unknown,
    years,
    periods: time.periods,
    days: time.days,
    asOf,
    places,
    entities,
    people,
    docs,
    national,
    parts,
    slots: {
      years,
      period: time.periods[0] ? { startMonth: time.periods[0].startMonth, endMonth: time.periods[0].endMonth, year: time.periods[0].year, label: time.periods[0].label } : null,
      places,
      docs,
    },
  };
}

/** The parts of a question that compares or coordinates things (see Query.parts). */
function findParts(units: Unit[], at: number[], compareAt: number, ands: number[], asks: ReadonlySet<AskKind>): number[][] {
  const content = units.map((u, k) => k).filter((k) => units[k].kind !== 'doc' || true);
  const key = (k: number) => units[k].terms.join('|');
  // "A compare with B": the units each side has that the other has not
  if (compareAt >= 0) {
    const left = content.filter((k) => at[k] < compareAt);
    const right = content.filter((k) => at[k] > compareAt);
    if (left.length && right.length) {
      const l = left.filter((k) => !right.some((r) => key(r) === key(k)));
      const r = right.filter((k) => !left.some((x) => key(x) === key(k)));
      if (l.length && r.length) return [l, r];
    }
  }
  // "registered and disbursed FDI": the two units an "and" joins, when a figure or a comparison is asked
  if (asks.has('compare') || asks.has('number')) {
    for (const a of ands) {
      const l = content.filter((k) => at[k] + units[k].words.length === a);
      const r = content.filter((k) => at[k] === a + 1);
      if (l.length === 1 && r.length === 1 && units[l[0]].kind === units[r[0]].kind && units[l[0]].kind !== 'number') return [l, r];
    }
  }
  return [];
}

/**
 * Whether a question asks for items without saying "list": "what/which" followed by a plural noun
 * ("what tasks did …"), or Vietnamese "những/các … nào/gì" ("những nghị quyết nào").
 */
function asksForItems(typed: readonly string[], units: Unit[], at: number[], lang: Lang): boolean {
  // "in each field", "từng lĩnh vực": one item for each
  if (typed.some((w) => w === 'each' || w === 'every' || (lang === 'vi' && (w === 'tung' || w === 'moi')))) return true;
  if (lang === 'vi') {
    // "những nghị quyết nào": "nào" right after the noun "những" introduces (not "đến năm nào")
    return typed.some((w, k) => (w === 'nhung' || w === 'cac') && typed.slice(k + 2, k + 5).some((x) => x === 'nao' || x === 'gi'));
  }
  const start = typed.findIndex((w) => w === 'what' || w === 'which');
  if (start < 0 || start > 2) return false;
  // the noun right after it ("what challenges", "which diplomacy channels") is plural
  return units.some((u, k) => {
    if (at[k] <= start || at[k] > start + 3 || u.kind === 'person' || u.kind === 'entity') return false;
    const last = u.words[u.words.length - 1];
    return last.length > 3 && stem(last) !== last && !/^\d/.test(stem(last));
  });
}

/**
 * Figures as Vietnamese write them, in a Vietnamese question: "4,5 triệu" is 4.5 and "2.200 tỷ" is
 * 2200 (a decimal comma, a dot between thousands), read as the English sources write them.
 */
function vietnameseNumbers(text: string): string {
  if (!hasVietnameseLetters(text)) return text;
  return text.replace(/(\d)\.(\d{3})(?!\d)/g, '$1$2').replace(/(\d),(\d{1,2})(?!\d)/g, '$1.$2');
}

function indexOfRun(words: readonly string[], run: readonly string[]): number {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, k) => words[i + k] === w)) return i;
  return -1;
}

const titleCase = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
