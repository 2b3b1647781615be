/**
 * The fact index: every fact's statement, keywords, label and subject, plus the vocabulary
 * concepts they name, in an inverted index (MiniSearch, BM25). Built once at load.
 */
import { ImpactIndex, type Field } from './bm25.js';
import type { Fact, Topic } from '../../knowledge/schema.js';
import { placeConcept, type Lexicon, type Query, type Unit } from './understand.js';
import { canonical, stem } from './normalize.js';
import { PERIOD_WORDS } from './slots.js';

export interface ScoredFact {
  fact: Fact;
  score: number;
  /** Share of the question's content words this fact covers (0..1). */
  coverage: number;
}


export interface RankOptions {
  /** Facts of these topics get a boost (the intent's own). */
  topics?: readonly Topic[];
  /** Only facts passing this filter are ranked. */
  filter?: (f: Fact) => boolean;
  /** Extra score per fact, in units of its own score (intent-specific preferences); `i` is its index. */
  bonus?: (f: Fact, i: number) => number;
  /** The most `bonus` ever returns: bounds the search (without it, a bonus makes rank() adjust every hit). */
  maxBonus?: number;
}

/** rank()'s preferences, as multipliers of a fact's own score. */
const BOOST = {
  /** a fact of the intent's own topic */
  topic: 1.6,
  /** figures answer questions better than commentary */
  figure: 1.2,
  /** "when …?" is answered by a dated fact */
  dated: 1.5,
  /** a fact about the document the question names */
  document: 1.5,
};
/** The most rank() multiplies a fact's own score by (a bound for the search). */
const MAX_MULTIPLIER = BOOST.topic * BOOST.figure * BOOST.dated * BOOST.document;

export class FactIndex {
  private readonly index: ImpactIndex;
  /** Per fact: its stemmed words and concept ids, for coverage. */
  private readonly words: Set<string>[] = [];
  private readonly conceptSets: Set<string>[] = [];

  /** Facts by subject (timelines and merges look these up on every answer). */
  readonly bySubject = new Map<string, Fact[]>();
  /** Facts with a claim, by what they characterise (subject family, period, place). */
  readonly claimsByKey = new Map<string, Fact[]>();

  constructor(
    readonly facts: readonly Fact[],
    private readonly lexicon: Lexicon,
  ) {
    for (const f of facts) {
      this.bySubject.set(f.subject, [...(this.bySubject.get(f.subject) ?? []), f]);
      if (f.claim) this.claimsByKey.set(claimKey(f), [...(this.claimsByKey.get(claimKey(f)) ?? []), f]);
    }
    const docs: Field[][] = facts.map((f, i) => {
      // what the fact says (statement, label, subject, documents, people, place) …
      const said = canonical([f.statement, f.label ?? '', f.subject.replace(/[.-]/g, ' '), f.docs.join(' '), f.people.join(' '), f.place ?? ''].join(' ')).split(' ');
      // … and the curator's hints (keywords), which count for less
      const hinted = canonical(f.keywords.join(' ')).split(' ');
      const words = (ws: string[]) => ws.filter((w) => w && !lexicon.isStopword(w)).map(stem);
      const concepts = lexicon.concepts(said);
      if (f.due || f.date) concepts.set('deadline', 1); // anything with a date answers "when …?"
      if (f.people.length) concepts.set('person', 1);
      if (f.date) concepts.set(`day_${f.date.slice(5)}`, 1);
      if (f.place) concepts.set(placeConcept(f.place), 1);
      const hintConcepts = [...lexicon.concepts(hinted).keys()].filter((c) => !concepts.has(c));
      this.words[i] = new Set([...words(said), ...words(hinted)]);
      this.conceptSets[i] = new Set([...concepts.keys(), ...hintConcepts]);
      const tag = (cs: Iterable<string>) => [...cs].map((c) => `c_${c}`);
      return [
        { terms: words(said), boost: 1 },
        { terms: tag(concepts.keys()), boost: 1.5 },
        { terms: words(hinted), boost: 0.6 },
        { terms: tag(hintConcepts), boost: 0.9 },
      ];
    });
    this.index = new ImpactIndex(docs);
  }

  conceptsOf(i: number): Set<string> {
    return this.conceptSets[i];
  }

  /** The units of a question that count towards coverage: slot words (years, periods, document numbers) excluded. */
  static coverageUnits(q: Query): Unit[] {
    const years = new Set(q.slots.years.map(String));
    const periodWords = q.slots.period ? PERIOD_WORDS : new Set<string>();
    return q.units.filter((u) => u.concepts.length > 0 || !(years.has(u.words[0]) || periodWords.has(u.words[0]) || q.slots.docs.includes(u.words[0])));
  }

  /** Words to search for: each unit's concepts, or its word. */
  static searchTerms(q: Query): string[] {
    const terms = new Set<string>();
    for (const u of FactIndex.coverageUnits(q)) {
      if (u.concepts.length) u.concepts.forEach((c) => terms.add(`c_${c}`));
      else terms.add(stem(u.words[0]));
    }
    q.slots.docs.forEach((d) => terms.add(d));
    return [...terms];
  }

  /** How much of the question fact i covers: a unit counts when the fact names one of its concepts, or has its word. */
  coverage(q: Query, i: number): number {
    return coverageOf(prepare(q, this.lexicon), this.words[i], this.conceptSets[i]);
  }

  rank(q: Query, opts: RankOptions = {}): ScoredFact[] {
    const terms = FactIndex.searchTerms(q);
    if (!terms.length) return [];
    const topics = new Set(opts.topics ?? []);
    const wantsDate = q.concepts.has('deadline');
    const docs = q.slots.docs;
    // only the best hits can make an answer: coverage is worked out for those alone
    const hits = this.index.search(terms, TOP_HITS, (i, base) => {
      const f = this.facts[i];
      if (opts.filter && !opts.filter(f)) return 0;
      let score = base;
      if (topics.has(f.topic)) score *= BOOST.topic;
      if (f.value !== null) score *= BOOST.figure;
      if (wantsDate && (f.due || f.date)) score *= BOOST.dated;
      if (docs.length && f.docs.some((d) => docs.includes(d))) score *= BOOST.document;
      if (opts.bonus) score += opts.bonus(f, i) * base;
      return Math.max(score, Number.MIN_VALUE);
    }, MAX_MULTIPLIER + (opts.bonus ? Math.max(0, opts.maxBonus ?? Infinity) : 0));
    const prepared = prepare(q, this.lexicon);
    return hits.map(({ doc, score }) => ({ fact: this.facts[doc], score, coverage: coverageOf(prepared, this.words[doc], this.conceptSets[doc]) }));
  }

  private positions: Map<Fact, number> | null = null;

  /** The index of a fact object (for coverage lookups by callers holding a Fact). */
  indexOf(f: Fact): number {
    this.positions ??= new Map(this.facts.map((x, i) => [x, i]));
    return this.positions.get(f) ?? -1;
  }
}

/** How many ranked hits are kept (and get their coverage worked out). */
const TOP_HITS = 100;

/** What a claim characterises: the subject's family, the period and the place. */
export const claimKey = (f: Fact): string => `${f.subject.split('.')[0]}|${f.period?.label ?? ''}|${f.place ?? ''}`;

/** A question's units, prepared once for coverage against many facts or passages. */
export interface PreparedUnits {
  units: { concepts: string[]; stems: string[] }[];
  /** Sum of unit weights (a word the sources never saw weighs double). */
  total: number;
  empty: number;
}

const preparedCache = new WeakMap<Query, PreparedUnits>();

export function prepare(q: Query, lexicon: Lexicon): PreparedUnits {
  let p = preparedCache.get(q);
  if (p) return p;
  const units = FactIndex.coverageUnits(q);
  p = {
    units: units.map((u) => ({
      // a plain word may still name a concept on its own ("capital" → investment)
      concepts: u.concepts.length ? u.concepts : [...lexicon.concepts(u.words).keys()],
      stems: u.words.map(stem),
    })),
    // a word the sources have never seen is strong evidence the question is about something else
    total: units.reduce((n, u) => n + (u.concepts.length === 0 && q.unknown.includes(u.words[0]) ? 2 : 1), 0),
    empty: q.slots.docs.length ? 1 : 0,
  };
  preparedCache.set(q, p);
  return p;
}

/** Share of a question's units covered by a text's words and concepts (shared by facts and passages). */
export function coverageOf(p: PreparedUnits, words: Set<string>, concepts: Set<string>): number {
  if (!p.units.length) return p.empty;
  let hit = 0;
  for (const u of p.units) {
    if (u.concepts.some((c) => concepts.has(c)) || u.stems.every((w) => words.has(w))) hit++;
  }
  return hit / p.total;
}
