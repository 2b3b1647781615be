/**
 * Passage retrieval, the fallback when no intent fits: the seeds split into sentences, in an
 * inverted index (MiniSearch, BM25). A passage answers only when it covers most of the question.
 */
import { ImpactIndex, type Field } from './bm25.js';
import type { Lexicon, Query } from './understand.js';
import { canonical, stem } from './normalize.js';
import { coverageOf, FactIndex, prepare } from './facts.js';

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
  private readonly index: ImpactIndex;
  private readonly words: Set<string>[] = [];
  private readonly concepts: Set<string>[] = [];

  constructor(
    seeds: ReadonlyMap<string, string>,
    private readonly lexicon: Lexicon,
  ) {
    const docs: Field[][] = [];
    for (const [source, text] of seeds) {
      for (const sentence of splitSentences(text)) {
        const id = this.passages.length;
        this.passages.push({ id, source, text: sentence });
        const ws = canonical(sentence).split(' ');
        this.words[id] = new Set(ws.filter((w) => w && !lexicon.isStopword(w)).map(stem));
        const cs = lexicon.concepts(ws);
        this.concepts[id] = new Set(cs.keys());
        docs.push([{ terms: [...this.words[id], ...[...cs.keys()].map((c) => `c_${c}`)], boost: 1 }]);
      }
    }
    this.index = new ImpactIndex(docs);
  }

  coverage(q: Query, id: number): number {
    const p = prepare(q, this.lexicon);
    return p.units.length ? coverageOf(p, this.words[id], this.concepts[id]) : 0;
  }

  search(q: Query, limit = 3): ScoredPassage[] {
    const terms = FactIndex.searchTerms(q);
    if (!terms.length) return [];
    return this.index
      .search(terms, 20)
      .map((h) => ({ passage: this.passages[h.doc], score: h.score, coverage: this.coverage(q, h.doc) }))
      .sort((a, b) => b.coverage - a.coverage || b.score - a.score)
      .slice(0, limit);
  }
}
