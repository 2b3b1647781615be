/**
 * The fact index: every fact's statement, keywords, label and subject, plus the vocabulary
 * concepts they name, in an inverted index (MiniSearch, BM25). Built once at load.
 */
import MiniSearch from 'minisearch';
import type { Fact, Topic } from '../../knowledge/schema.js';
import type { Lexicon, Query, Unit } from './understand.js';
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
      fields: ['text', 'concepts'],
      storeFields: [],
      tokenize: (s) => s.split(' ').filter(Boolean),
      processTerm: (t) => t,
    });
    const docs: Doc[] = facts.map((f, i) => {
      const raw = [f.statement, f.label ?? '', f.keywords.join(' '), f.subject.replace(/[.-]/g, ' '), f.docs.join(' '), f.people.join(' '), f.place ?? ''].join(' ');
      const ws = canonical(raw).split(' ').filter((w) => w && !lexicon.isStopword(w));
      const concepts = lexicon.concepts(canonical(raw).split(' '));
      if (f.due) concepts.set('deadline', 1); // anything with a due date answers "when is … due"
      if (f.people.length) concepts.set('person', 1);
      this.words[i] = new Set(ws.map(stem));
      this.conceptSets[i] = new Set(concepts.keys());
      return { id: i, text: [...this.words[i]].join(' '), concepts: [...concepts.keys()].map((c) => `c_${c}`).join(' ') };
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
    return unitCoverage(FactIndex.coverageUnits(q), this.words[i], this.conceptSets[i], q.slots.docs.length > 0, this.lexicon);
  }

  rank(q: Query, opts: RankOptions = {}): ScoredFact[] {
    const terms = FactIndex.searchTerms(q);
    if (!terms.length) return [];
    const topics = new Set(opts.topics ?? []);
    const wantsDate = q.concepts.has('deadline');
    const hits = this.mini.search(terms.join(' '), {
      combineWith: 'OR',
      boost: { concepts: 1.5 },
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
export function unitCoverage(units: Unit[], words: Set<string>, concepts: Set<string>, hasDocs: boolean, lexicon: Lexicon): number {
  if (!units.length) return hasDocs ? 1 : 0;
  let hit = 0;
  for (const u of units) {
    if (u.concepts.some((c) => concepts.has(c))) hit++;
    else if (u.words.every((w) => words.has(stem(w)))) hit++;
    else if (!u.concepts.length && [...lexicon.concepts(u.words).keys()].some((c) => concepts.has(c))) hit++;
  }
  return hit / units.length;
}
