/**
 * Passage retrieval, the fallback when no intent fits: the seeds split into sentences, in an
 * inverted index (MiniSearch, BM25). A passage answers only when it covers most of the question.
 */
import MiniSearch from 'minisearch';
import type { Lexicon, Query } from './understand.js';
import { canonical, stem } from './normalize.js';
import { FactIndex, unitCoverage } from './facts.js';

export interface Passage {
  id: number;
  source: string;
  /** Verbatim from the seed. */
  text: string;
}

export interface ScoredPassage {
  passage: Passage;
  score: number;
  coverage: number;
}

/** Splits an article into sentences, keeping each verbatim; drops captions, bylines and link lines. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const l = line.trim();
    if (l.length < 40 || /^(source:|comment \(|updated )/i.test(l)) continue;
    for (const s of l.split(/(?<=[.!?…])\s+(?=[A-Z“"(])/)) {
      if (s.trim().length >= 40) out.push(s.trim());
    }
  }
  return out;
}

export class PassageIndex {
  readonly passages: Passage[] = [];
  private readonly mini: MiniSearch<{ id: number; text: string }>;
  private readonly words: Set<string>[] = [];
  private readonly concepts: Set<string>[] = [];

  constructor(
    seeds: ReadonlyMap<string, string>,
    private readonly lexicon: Lexicon,
  ) {
    this.mini = new MiniSearch({ fields: ['text'], tokenize: (s) => s.split(' ').filter(Boolean), processTerm: (t) => t });
    const docs: { id: number; text: string }[] = [];
    for (const [source, text] of seeds) {
      for (const sentence of splitSentences(text)) {
        const id = this.passages.length;
        this.passages.push({ id, source, text: sentence });
        const ws = canonical(sentence).split(' ');
        this.words[id] = new Set(ws.filter((w) => w && !lexicon.isStopword(w)).map(stem));
        const cs = lexicon.concepts(ws);
        this.concepts[id] = new Set(cs.keys());
        docs.push({ id, text: [...this.words[id], ...[...cs.keys()].map((c) => `c_${c}`)].join(' ') });
      }
    }
    this.mini.addAll(docs);
  }

  coverage(q: Query, id: number): number {
    return unitCoverage(FactIndex.coverageUnits(q), this.words[id], this.concepts[id], false, this.lexicon, q.unknown);
  }

  search(q: Query, limit = 3): ScoredPassage[] {
    const terms = FactIndex.searchTerms(q);
    if (!terms.length) return [];
    return this.mini
      .search(terms.join(' '), { combineWith: 'OR' })
      .slice(0, 20)
      .map((h) => ({ passage: this.passages[h.id as number], score: h.score, coverage: this.coverage(q, h.id as number) }))
      .sort((a, b) => b.coverage - a.coverage || b.score - a.score)
      .slice(0, limit);
  }
}
