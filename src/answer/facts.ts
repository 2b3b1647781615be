/**
 * The fact index: every fact's statement, keywords, label and subject, plus the vocabulary
 * concepts they name, in an inverted index (MiniSearch, BM25). Built once at load.
 */
import MiniSearch from 'minisearch';
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

interface Doc {
  id: number;
  text: string;
  concepts: string;
  hints: string;
  hintConcepts: string;
}

export interface RankOptions {
  /** Facts of these topics get a boost (the intent's own). */
  topics?: readonly Topic[];
  /** Only facts passing this filter are ranked. */
  filter?: (f: Fact) => boolean;
  /** Extra score per fact (intent-specific preferences). */
  bonus?: (f: Fact) => number;
}

export class FactIndex {
  private readonly mini: MiniSearch<Doc>;
  /** Per fact: its stemmed words and concept ids, for coverage. */
  private readonly words: Set<string>[] = [];
  private readonly conceptSets: Set<string>[] = [];

  constructor(
    readonly facts: readonly Fact[],
    private readonly lexicon: Lexicon,
  ) {
    this.mini = new MiniSearch<Doc>({
      fields: ['text', 'concepts', 'hints', 'hintConcepts'],
      storeFields: [],
      tokenize: (s) => s.split(' ').filter(Boolean),
      processTerm: (t) => t,
    });
    const docs: Doc[] = facts.map((f, i) => {
      // what the fact says (statement, label, subject, documents, people, place) …
      const said = canonical([f.statement, f.label ?? '', f.subject.replace(/[.-]/g, ' '), f.docs.join(' '), f.people.join(' '), f.place ?? ''].join(' ')).split(' ');
      // … and the curator's hints (keywords), which count for less
      const hinted = canonical(f.keywords.join(' ')).split(' ');
      const words = (ws: string[]) => ws.filter((w) => w && !lexicon.isStopword(w)).map(stem);
      const concepts = lexicon.concepts(said);
      if (f.due) concepts.set('deadline', 1); // anything with a due date answers "when is … due"
      if (f.people.length) concepts.set('person', 1);
      if (f.date) concepts.set(`day_${f.date.slice(5)}`, 1);
      if (f.place) concepts.set(placeConcept(f.place), 1);
      const hintConcepts = [...lexicon.concepts(hinted).keys()].filter((c) => !concepts.has(c));
      this.words[i] = new Set([...words(said), ...words(hinted)]);
      this.conceptSets[i] = new Set([...concepts.keys(), ...hintConcepts]);
      const tag = (cs: Iterable<string>) => [...cs].map((c) => `c_${c}`).join(' ');
      return { id: i, text: words(said).join(' '), concepts: tag(concepts.keys()), hints: words(hinted).join(' '), hintConcepts: tag(hintConcepts) };
    });
    this.mini.addAll(docs);
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
    return unitCoverage(FactIndex.coverageUnits(q), this.words[i], this.conceptSets[i], q.slots.docs.length > 0, this.lexicon, q.unknown);
  }

  rank(q: Query, opts: RankOptions = {}): ScoredFact[] {
    const terms = FactIndex.searchTerms(q);
    if (!terms.length) return [];
    const topics = new Set(opts.topics ?? []);
    const wantsDate = q.concepts.has('deadline');
    const hits = this.mini.search(terms.join(' '), {
      combineWith: 'OR',
      boost: { concepts: 1.5, hints: 0.6, hintConcepts: 0.9 },
      filter: opts.filter ? (r) => opts.filter!(this.facts[r.id as number]) : undefined,
    });
    const out: ScoredFact[] = hits.map((h) => {
      const i = h.id as number;
      const f = this.facts[i];
      let score = h.score;
      if (topics.has(f.topic)) score *= 1.6;
      if (f.value !== null) score *= 1.2; // figures answer questions better than commentary
      if (wantsDate && (f.due || f.date)) score *= 1.5; // "when …?" is answered by a dated fact
      if (q.slots.docs.length && f.docs.some((d) => q.slots.docs.includes(d))) score *= 1.5;
      if (opts.bonus) score += opts.bonus(f) * h.score;
      return { fact: f, score, coverage: this.coverage(q, i) };
    });
    return out.sort((a, b) => b.score - a.score);
  }

  private positions: Map<Fact, number> | null = null;

  /** The index of a fact object (for coverage lookups by callers holding a Fact). */
  indexOf(f: Fact): number {
    this.positions ??= new Map(this.facts.map((x, i) => [x, i]));
    return this.positions.get(f) ?? -1;
  }
}

/** Share of units covered by a text's words and concepts (shared by facts and passages). */
export function unitCoverage(units: Unit[], words: Set<string>, concepts: Set<string>, hasDocs: boolean, lexicon: Lexicon, unknown: readonly string[] = []): number {
  if (!units.length) return hasDocs ? 1 : 0;
  let hit = 0;
  // a word the sources have never seen is strong evidence the question is about something else
  const total = units.reduce((n, u) => n + (u.concepts.length === 0 && unknown.includes(u.words[0]) ? 2 : 1), 0);
  for (const u of units) {
    if (u.concepts.some((c) => concepts.has(c))) hit++;
    else if (u.words.every((w) => words.has(stem(w)))) hit++;
    else if (!u.concepts.length && [...lexicon.concepts(u.words).keys()].some((c) => concepts.has(c))) hit++;
  }
  return hit / total;
}
