/**
 * The evidence integ answers from: every curated fact and every sentence of every seed, present
 * and future, in one list. Each piece knows its source, its as-of date, what it names (concepts,
 * places, countries, organisations, people, document numbers, figures) and the time it speaks of,
 * so that one ranking can weigh them all (rank.ts). A sentence also knows its paragraph, so that
 * "the province" and "he said" find what they refer to, and so that a list spread over several
 * sentences can be given whole. Built once at load.
 */
import type { Fact, Source } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { conceptTerm, entityTerm, personTerm, PLACE_KINDS, type Lexicon } from './lexicon.js';
import { canonical, stem } from './normalize.js';
import { findNames, PeopleIndex } from './people.js';
import { findDocs, findTime, periodLabel, type PeriodSlot } from './time.js';

export interface RoleMention {
  /** The office's concept (kind "title"). */
  concept: string;
  /** Preceded by "deputy", "vice", "phó": another office. */
  deputy: boolean;
  /** The body the office is of, when the phrase names it ("Minister of Foreign Affairs"). */
  of?: string;
}

export interface Evidence {
  id: number;
  kind: 'fact' | 'sentence';
  fact: Fact | null;
  source: string;
  /** What an answer shows: the fact's statement, or the sentence verbatim. */
  text: string;
  /** Verbatim from the seed, for the citation. */
  quote: string;
  /** When it was reported (YYYY-MM-DD), or null when the source has no date. */
  asOf: string | null;
  /** Paragraph (line) of its source, and its place in it; -1 for facts. */
  paragraph: number;
  sentence: number;
  /**
   * Index terms: word stems and numbers, `c:` concepts, `e:` entities, `p:` people, as the ids of
   * the base's TermDict, ascending (an array of small integers: a Set of strings for each of
   * hundreds of thousands of sentences would be most of the engine's memory).
   */
  terms: readonly number[];
  /** The curator's hints (fact keywords): they count, for less (ids, ascending). */
  hints: readonly number[];
  /** Years, periods and days it speaks of. */
  years: number[];
  /** Its years are its article's last named (it names none itself): they fit a question less surely. */
  yearsInherited: boolean;
  periods: PeriodSlot[];
  days: string[];
  /** A due date (facts with one). */
  due: string | null;
  /** Provinces and cities it is about (named, or referred to: "the province" in a provincial report). */
  places: string[];
  /** Every place it names (provinces, cities, countries, regions, Vietnam apart): where something is or happens. */
  located: string[];
  /** Organisations it names (the Politburo, a ministry, ASEAN): who did something, when no person did. */
  bodies: string[];
  /** People it names (or refers to in its paragraph), canonical full names. */
  people: Set<string>;
  /** People its source is about (named in the title): a quote there without a name is theirs. */
  sourcePeople: Set<string>;
  /** Offices its source's title names ("Prime Minister: …"): the speech is that office's. */
  sourceRoles: RoleMention[];
  /** Documents its source's title names: "the Resolution" there is that one. */
  sourceDocs: string[];
  docs: string[];
  roles: RoleMention[];
  /** It states a figure (a number other than a year, a day or a list index). */
  hasFigure: boolean;
  /** The article's headline (it sums the article up; a sentence of the body says more). */
  headline: boolean;
  /** It lists several items itself ("…, …, and …", "(i) …"). */
  listsItems: boolean;
  /** Sentences a fact quotes, and facts that quote a sentence. */
  linked: number[];
}

/** Index terms and their ids (every term any evidence has gets one). */
export class TermDict {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  /** The id of a term, given one when new. */
  add(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(term, id);
      this.names.push(term);
    }
    return id;
  }

  /** The id of a term, -1 when no evidence has it. */
  id(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** Ids of terms, ascending. */
  idsOf(terms: Iterable<string>): number[] {
    const out: number[] = [];
    for (const t of terms) out.push(this.add(t));
    return out.sort((a, b) => a - b);
  }
}

const NO_TERMS: readonly number[] = Object.freeze([]);

/** Whether ascending ids hold an id (binary search). */
export function hasTerm(ids: readonly number[], id: number): boolean {
  if (id < 0) return false;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid];
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A text that lists several items: "(i) …", or commas and semicolons enough for four. */
export const listsItems = (text: string): boolean => /\(i+\)|\(\d\)/.test(text) || (text.match(/[,;]/g)?.length ?? 0) >= 3;

/** A paragraph of a source: its sentences' evidence ids, in order. */
export interface Paragraph {
  source: string;
  index: number;
  ids: number[];
  /** The paragraph's text starts with these (canonical) words: runs of parallel paragraphs make a list. */
  lead: string;
}

/** Splits an article into paragraphs of sentences, each verbatim; drops captions' debris, bylines and link lines. */
export function splitParagraphs(text: string): { sentences: string[]; start: number }[] {
  const out: { sentences: string[]; start: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const l = line.trim();
    if (l.length < 40 || /^(source:|comment \(|updated |photo:)/i.test(l)) continue;
    const sentences = l
      .split(/(?<=[.!?…]["”’)]?)\s+(?=[A-Z“"(])/)
      .map((s) => s.trim())
      .filter((s) => s.length >= 25);
    if (sentences.length) out.push({ sentences, start });
  }
  return out;
}

/** Every sentence of an article, verbatim (curator tooling and tests). */
export function splitSentences(text: string): string[] {
  return splitParagraphs(text).flatMap((p) => p.sentences);
}

const YEAR = /^(19|20)\d{2}$/;

/** A figure: a number that is not a year and not a list index such as "(i)". */
function hasFigureIn(words: readonly string[]): boolean {
  return words.some((w, i) => /^\d+(\.\d+)?$/.test(w) && !YEAR.test(w) && !(w.length <= 2 && /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|thang|ngay)$/.test(words[i - 1] ?? '')));
}

export interface EvidenceBase {
  evidence: Evidence[];
  /** The ids of the evidence's terms. */
  dict: TermDict;
  paragraphs: Paragraph[];
  /** Paragraph of a sentence evidence. */
  paragraphOf(e: Evidence): Paragraph | null;
  people: PeopleIndex;
  /** Document numbers any evidence names. */
  docs: Set<string>;
  /** Entity terms any evidence names. */
  entities: Set<string>;
  /** Every canonical word of the sources and facts (the typo corrector's targets). */
  words: Set<string>;
  /**
   * Who holds an office, as the sources name them together ("Acting Minister of Foreign Affairs Le
   * Hoai Trung"): `${concept}|${deputy}` → people. "The acting foreign minister said" is theirs.
   */
  holders: Map<string, Set<string>>;
}

export const holderKey = (r: Pick<RoleMention, 'concept' | 'deputy' | 'of'>): string => `${r.concept}|${r.deputy}|${r.of ?? ''}`;

/** The country the sources are about: naming it locates nothing. */
const HOME_COUNTRY = 'Vietnam';

/** The qualifier concept of a deputy's office (another office than the one it qualifies). */
export const DEPUTY = 'deputy';

/** Words of a text for the lexicon, and the concepts, entities and offices they name. */
function read(lexicon: Lexicon, canonicalText: string): { words: string[]; concepts: Set<string>; entities: Set<string>; places: string[]; located: string[]; bodies: string[]; roles: RoleMention[] } {
  const words = canonicalText.split(' ').filter(Boolean);
  const concepts = new Set<string>();
  const entities = new Set<string>();
  const places: string[] = [];
  const located: string[] = [];
  const bodies: string[] = [];
  const roles: RoleMention[] = [];
  const spans = lexicon.spans(words);
  spans.forEach((s, i) => {
    for (const c of s.concepts) {
      concepts.add(c);
      if (lexicon.kindOf(c) === 'title') {
        // "Deputy Head", "Vice Chairman" (one phrase or two), "phó trưởng ban": the deputy's office
        const before = spans.slice(Math.max(0, i - 2), i);
        const deputy = before.some((b) => b.concepts.includes(DEPUTY)) || s.concepts.includes(DEPUTY) || s.words.some((w) => lexicon.isQualifierWord(w, DEPUTY));
        roles.push({ concept: c, deputy, ...(s.entity ? { of: s.entity.name } : {}) });
      }
    }
    if (s.entity) {
      entities.add(entityTerm(s.entity.name));
      if (PLACE_KINDS.has(s.entity.kind)) places.push(s.entity.name);
      if (s.entity.kind === 'organisation') bodies.push(s.entity.name);
      else if (s.entity.name !== HOME_COUNTRY) located.push(s.entity.name);
    }
    // a phrase also says what its words say ("working abroad": workers, and work, and abroad)
    if (s.words.length > 1) for (const w of s.words) for (const c of lexicon.wordTerms(w)) concepts.add(c);
  });
  return { words, concepts, entities, places, located, bodies, roles };
}

export function buildEvidence(kb: KnowledgeBase, lexicon: Lexicon): EvidenceBase {
  const evidence: Evidence[] = [];
  const dict = new TermDict();
  const paragraphs: Paragraph[] = [];
  const people = new PeopleIndex();
  const docs = new Set<string>();
  const entities = new Set<string>();
  const words = new Set<string>();
  const finder = {
    surnames: lexicon.surnames, writtenSurnames: lexicon.writtenSurnames,
    isEntityStart: (ws: string[]) => {
      const first = lexicon.spans(ws)[0];
      return first?.entity !== null && first?.words.length > 1;
    },
  };
  const knownDocs = new Set(kb.facts.flatMap((f) => f.docs));
  // people first: a sentence that names someone by the given name alone needs the full names
  for (const f of kb.facts) f.people.forEach((p) => people.add(p));
  for (const f of kb.facts) people.learnWritten(f.statementVi);
  const paragraphsBySource = new Map<string, ReturnType<typeof splitParagraphs>>();
  // the names each sentence writes, found once (the people index, the source's people and each sentence's)
  const namesIn = new Map<string, string[]>();
  const namesOf = (sentence: string): string[] => {
    let names = namesIn.get(sentence);
    if (!names) namesIn.set(sentence, (names = findNames(sentence, finder)));
    return names;
  };
  for (const [source, text] of kb.seeds) {
    const ps = splitParagraphs(text);
    paragraphsBySource.set(source, ps);
    for (const p of ps) for (const s of p.sentences) namesOf(s).forEach((n) => n.includes(' ') && people.add(n));
    const title = kb.sourceById.get(source)?.title;
    if (title) findNames(title, finder).forEach((n) => n.includes(' ') && people.add(n));
  }

  const personKeys = (text: string, sourceKeys: ReadonlySet<string>, names = findNames(text, finder)): Set<string> => {
    const out = new Set<string>();
    // (a name of one word, "Prime Minister Chinh", is the known person of that given name)
    for (const n of names) out.add(n.includes(' ') ? canonical(n) : (people.byGivenName(n) ?? canonical(n)));
    // "Chinh said": a given name alone is the source's person of that name
    for (const m of text.matchAll(/\b\p{Lu}[\p{L}]+\b/gu)) {
      const key = people.byGivenName(m[0]);
      if (key && (sourceKeys.has(key) || sourceKeys.size === 0)) out.add(key);
    }
    return out;
  };

  // sentences, paragraph by paragraph
  for (const [source, ps] of paragraphsBySource) {
    const src = kb.sourceById.get(source) ?? null;
    const asOf = src?.published ?? null;
    const baseYear = asOf ? Number(asOf.slice(0, 4)) : null;
    const text = kb.seeds.get(source)!;
    const sourceKeys = new Set<string>();
    for (const p of ps) for (const s of p.sentences) namesOf(s).forEach((n) => sourceKeys.add(canonical(n)));
    const titlePeople = src ? personKeys(src.title, sourceKeys) : new Set<string>();
    const titleRoles = src ? read(lexicon, canonical(src.title)).roles : [];
    const titleDocs = src ? findDocs(canonical(src.title), knownDocs) : [];
    const provincialTitle = !!src?.place && read(lexicon, canonical(src.title)).places.includes(src.place);
    const headline = src ? canonical(src.title) : null;
    // a sentence that names no year speaks of the year its article last named
    let contextYears: number[] = [];
    ps.forEach((p, pi) => {
      const paragraph: Paragraph = { source, index: paragraphs.length, ids: [], lead: canonical(p.sentences[0]).split(' ').slice(0, 3).join(' ') };
      paragraphs.push(paragraph);
      const contextPlaces: string[] = [];
      const contextPeople = new Set<string>();
      p.sentences.forEach((sentence, si) => {
        const c = canonical(sentence);
        const r = read(lexicon, c);
        r.words.forEach((w) => words.add(w));
        const named = personKeys(sentence, sourceKeys, namesOf(sentence));
        // the scope of a provincial report's sentences: its province, all through when its title
        // names it, else where they name it or refer to it ("the province"); elsewhere a city named
        // is where something happens, not its scope
        const refersToPlace =
          src?.place && (provincialTitle || /\b(the province|provincial|the locality)\b/i.test(sentence) || r.places.includes(src.place)) ? [src.place] : [];
        const places = [...new Set([...refersToPlace, ...contextPlaces])];
        const ppl = new Set([...named, ...contextPeople]);
        const time = findTime(c, { baseYear, baselines: true, canonical: true, raw: sentence });
        const inherited = !time.years.length && !time.periods.length && contextYears.length > 0;
        if (inherited) time.years = contextYears;
        else if (time.years.length) contextYears = time.years;
        const sentenceDocs = findDocs(c, knownDocs);
        sentenceDocs.forEach((d) => docs.add(d));
        r.entities.forEach((e) => entities.add(e));
        const terms = new Set<string>();
        for (const w of r.words) if (!lexicon.isStopword(w)) terms.add(stem(w));
        r.concepts.forEach((x) => terms.add(conceptTerm(x)));
        r.entities.forEach((x) => terms.add(x));
        places.forEach((x) => terms.add(entityTerm(x)));
        ppl.forEach((x) => terms.add(personTerm(x)));
        sentenceDocs.forEach((d) => terms.add(`doc:${d}`));
        void pi;
        evidence.push({
          id: evidence.length,
          kind: 'sentence',
          fact: null,
          source,
          text: sentence,
          quote: sentence,
          asOf,
          paragraph: paragraph.index,
          sentence: si,
          terms: dict.idsOf(terms),
          hints: NO_TERMS,
          years: time.years,
          yearsInherited: inherited,
          periods: time.periods,
          days: time.days,
          due: null,
          places,
          located: r.located,
          bodies: r.bodies,
          people: ppl,
          sourcePeople: titlePeople,
          sourceRoles: titleRoles,
          sourceDocs: titleDocs,
          docs: sentenceDocs,
          roles: r.roles,
          hasFigure: hasFigureIn(r.words),
          headline: c === headline,
          listsItems: listsItems(sentence),
          linked: [],
        });
        paragraph.ids.push(evidence.length - 1);
        refersToPlace.forEach((x) => contextPlaces.push(x));
        named.forEach((x) => contextPeople.add(x));
      });
      void pi;
      void text;
    });
  }

  // facts, linked to the sentences they quote; a fact's source is about whom its title names
  const titlePeopleOf = new Map<string, Set<string>>();
  const titleRolesOf = new Map<string, RoleMention[]>();
  const titleDocsOf = new Map<string, string[]>();
  for (const e of evidence) {
    titlePeopleOf.set(e.source, e.sourcePeople);
    titleRolesOf.set(e.source, e.sourceRoles);
    titleDocsOf.set(e.source, e.sourceDocs);
  }
  const firstFact = evidence.length;
  for (const f of kb.facts) {
    // what the fact states (its quote says more: the sentence it quotes is evidence of its own)
    const c = canonical([f.statement, f.label ?? ''].join(' '));
    const r = read(lexicon, c);
    r.words.forEach((w) => words.add(w));
    const hinted = read(lexicon, canonical(f.keywords.join(' ')));
    const terms = new Set<string>();
    for (const w of r.words) if (!lexicon.isStopword(w)) terms.add(stem(w));
    r.concepts.forEach((x) => terms.add(conceptTerm(x)));
    r.entities.forEach((x) => terms.add(x));
    const places = [...new Set([...(f.place ? [f.place] : []), ...r.places])];
    places.forEach((x) => terms.add(entityTerm(x)));
    const ppl = new Set([...f.people.map((p) => canonical(p)), ...personKeys(f.statement, new Set())]);
    ppl.forEach((x) => terms.add(personTerm(x)));
    f.docs.forEach((d) => {
      terms.add(`doc:${d}`);
      docs.add(d);
    });
    r.entities.forEach((e) => entities.add(e));
    const hints = new Set<string>();
    for (const w of hinted.words) if (!lexicon.isStopword(w)) hints.add(stem(w));
    hinted.concepts.forEach((x) => hints.add(conceptTerm(x)));
    hinted.entities.forEach((x) => hints.add(x));
    const years = factYears(f);
    const periods: PeriodSlot[] = f.period ? [periodSlot(f)] : [];
    const days = f.date ? [f.date.slice(5)] : [];
    evidence.push({
      id: evidence.length,
      kind: 'fact',
      fact: f,
      source: f.source,
      text: f.statement,
      quote: f.quote,
      asOf: f.asOf,
      paragraph: -1,
      sentence: -1,
      terms: dict.idsOf(terms),
      hints: hints.size ? dict.idsOf(hints) : NO_TERMS,
      years,
      yearsInherited: false,
      periods,
      days,
      due: f.due?.date ?? null,
      places,
      located: [...new Set([...places, ...r.located])],
      bodies: r.bodies,
      people: ppl,
      sourcePeople: titlePeopleOf.get(f.source) ?? new Set(),
      sourceRoles: titleRolesOf.get(f.source) ?? [],
      sourceDocs: titleDocsOf.get(f.source) ?? [],
      docs: f.docs,
      roles: r.roles,
      hasFigure: f.value !== null,
      headline: false,
      listsItems: listsItems(f.statement),
      linked: [],
    });
  }
  // a fact quotes the sentences its quote overlaps
  const seedOffsets = new Map<string, { id: number; from: number; to: number }[]>();
  for (const [source, ps] of paragraphsBySource) {
    const text = kb.seeds.get(source)!;
    const list: { id: number; from: number; to: number }[] = [];
    let cursor = 0;
    const ids = paragraphs.filter((p) => p.source === source).flatMap((p) => p.ids);
    let k = 0;
    for (const p of ps) {
      for (const s of p.sentences) {
        const from = text.indexOf(s, Math.max(cursor, p.start));
        if (from >= 0) {
          list.push({ id: ids[k], from, to: from + s.length });
          cursor = from + s.length;
        }
        k++;
      }
    }
    seedOffsets.set(source, list);
  }
  for (let i = firstFact; i < evidence.length; i++) {
    const e = evidence[i];
    const text = kb.seeds.get(e.source);
    if (!text) continue;
    const from = text.indexOf(e.quote);
    if (from < 0) continue;
    const to = from + e.quote.length;
    for (const s of seedOffsets.get(e.source) ?? []) {
      if (s.from < to && from < s.to) {
        e.linked.push(s.id);
        evidence[s.id].linked.push(e.id);
      }
    }
  }
  // offices and the one person a sentence or fact names with them
  const holders = new Map<string, Set<string>>();
  for (const e of evidence) {
    const named = e.kind === 'fact' ? e.fact!.people.map((p) => canonical(p)) : [...e.people].filter((p) => canonical(e.text).includes(p));
    if (named.length !== 1) continue;
    for (const r of e.roles) {
      // (an office of a body is also the office: the Minister of Foreign Affairs is a minister)
      for (const key of new Set([holderKey(r), holderKey({ ...r, of: undefined })])) {
        const set = holders.get(key) ?? new Set<string>();
        set.add(named[0]);
        holders.set(key, set);
      }
    }
  }
  for (const e of evidence) shareEmpty(e);
  return {
    holders,
    evidence,
    dict,
    paragraphs,
    paragraphOf: (e) => (e.paragraph >= 0 ? paragraphs[e.paragraph] : null),
    people,
    docs,
    entities,
    words,
  };
}

const EMPTY: never[] = Object.freeze([]) as unknown as never[];
const NO_PEOPLE: Set<string> = new Set();

/**
 * Evidence is read-only once built: its empty lists are one shared (frozen) list, so hundreds of
 * thousands of sentences do not each keep a dozen empty arrays (memory, and the index cache's size).
 */
function shareEmpty(e: Evidence): void {
  if (!e.years.length) e.years = EMPTY;
  if (!e.periods.length) e.periods = EMPTY;
  if (!e.days.length) e.days = EMPTY;
  if (!e.places.length) e.places = EMPTY;
  if (!e.located.length) e.located = EMPTY;
  if (!e.bodies.length) e.bodies = EMPTY;
  if (!e.docs.length) e.docs = EMPTY;
  if (!e.roles.length) e.roles = EMPTY;
  if (!e.linked.length) e.linked = EMPTY;
  if (!e.people.size) e.people = NO_PEOPLE;
}

/** The years a fact speaks of: its period's, else its date's, due date's and the years its statement names (not when it was reported). */
export function factYears(f: Fact): number[] {
  if (f.period) {
    const a = Number(f.period.start.slice(0, 4));
    const b = Number(f.period.end.slice(0, 4));
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const ys = new Set<number>();
  if (f.date) ys.add(Number(f.date.slice(0, 4)));
  if (f.due) ys.add(Number(f.due.date.slice(0, 4)));
  for (const m of f.statement.matchAll(/\b((?:19|20)\d{2})\b/g)) ys.add(Number(m[1]));
  return [...ys].sort((a, b) => a - b);
}

/** A fact's period as a slot (a span within one year), or its curator label for longer spans. */
export function periodSlot(f: Fact): PeriodSlot {
  const [sy, sm] = f.period!.start.split('-').map(Number);
  const [ey, em] = f.period!.end.split('-').map(Number);
  if (sy === ey) return { startMonth: sm, endMonth: em, year: sy, label: periodLabel(sm, em, sy) };
  return { startMonth: 1, endMonth: 12, year: null, label: f.period!.label };
}

export type { Source };
