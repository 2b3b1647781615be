/**
 * A small inverted index with BM25 weights computed at build time ("impacts"): a query adds up
 * the precomputed weights of its terms in one dense score array, then keeps the best K with a
 * heap. Built once at load; querying reuses one score array and never sorts all hits.
 * (Used for facts and for seed passages.)
 */

export interface Field {
  /** Terms of this field (already normalised). */
  terms: readonly string[];
  /** Weight of the field in the score. */
  boost: number;
}

interface Posting {
  docs: number[];
  weights: number[];
}

const K1 = 1.2;
const B = 0.7;

export class ImpactIndex {
  /**
   * Every term's postings, one run after another in three arrays (a few objects in all rather than
   * four for each of the hundred thousand terms of a large knowledge base: memory, and the time
   * to read them back from the index cache): the documents (ascending), their weights, their
   * positions in impact order; `runs` gives a term's run (its start; the next term's start ends
   * it) and its largest weight.
   */
  private readonly terms = new Map<string, number>();
  private readonly starts: Int32Array;
  private readonly maxima: Float32Array;
  private readonly docIds: Int32Array;
  private readonly weightsOf: Float32Array;
  private readonly impact: Int32Array;
  readonly size: number;
  private scratch: Float64Array;

  /** docs[i] is document i's fields; every document must list the same fields in the same order. */
  constructor(docs: readonly Field[][]) {
    this.size = docs.length;
    this.scratch = new Float64Array(docs.length);
    const nFields = docs[0]?.length ?? 0;
    const avgLen = Array.from({ length: nFields }, (_, f) => docs.reduce((n, d) => n + d[f].terms.length, 0) / Math.max(1, docs.length) || 1);
    const building = new Map<string, Posting>();
    // (the arrays are filled once every document's weights are known, below)
    const df = new Map<string, number>();
    // pass 1: each document's distinct terms, with their frequency per field in one flat array
    // (few allocations: at 100× the knowledge this runs over ~50,000 documents)
    const slot = new Map<string, number>();
    const perDoc = docs.map((fields) => {
      slot.clear();
      const terms: string[] = [];
      let tf: number[] = [];
      fields.forEach((field, f) => {
        for (const t of field.terms) {
          let i = slot.get(t);
          if (i === undefined) {
            i = terms.length;
            slot.set(t, i);
            terms.push(t);
            for (let k = 0; k < nFields; k++) tf.push(0);
          }
          tf[i * nFields + f]++;
        }
      });
      for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
      const counts = Uint16Array.from(tf);
      tf = [];
      return { terms, counts };
    });
    // pass 2: BM25 weights
    perDoc.forEach(({ terms, counts }, d) => {
      terms.forEach((t, i) => {
        const idf = Math.log(1 + (docs.length - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
        let w = 0;
        for (let f = 0; f < nFields; f++) {
          const n = counts[i * nFields + f];
          if (!n) continue;
          const len = docs[d][f].terms.length;
          w += docs[d][f].boost * idf * ((n * (K1 + 1)) / (n + K1 * (1 - B + (B * len) / avgLen[f])));
        }
        if (!(w > 0)) return; // (a field boosted 0): no posting, so every touched document scores > 0
        let p = building.get(t);
        if (!p) building.set(t, (p = { docs: [], weights: [] }));
        p.docs.push(d);
        p.weights.push(w);
      });
    });
    let total = 0;
    for (const p of building.values()) total += p.docs.length;
    this.starts = new Int32Array(building.size + 1);
    this.maxima = new Float32Array(building.size);
    this.docIds = new Int32Array(total);
    this.weightsOf = new Float32Array(total);
    this.impact = new Int32Array(total);
    let at = 0;
    for (const [t, p] of building) {
      const n = this.terms.size;
      this.terms.set(t, n);
      this.starts[n] = at;
      const weights = Float32Array.from(p.weights);
      let max = 0;
      for (const w of weights) if (w > max) max = w;
      this.maxima[n] = max;
      this.docIds.set(p.docs, at);
      this.weightsOf.set(weights, at);
      // the positions in impact order: weightiest first, the lower document first among equals
      this.impact.set(Int32Array.from(p.docs.keys()).sort((a, b) => weights[b] - weights[a] || a - b), at);
      at += p.docs.length;
    }
    this.starts[this.terms.size] = at;
  }

  /** A term's postings (views of its run), or undefined when no document has it. */
  private postingsOf(term: string): Postings | undefined {
    const n = this.terms.get(term);
    if (n === undefined) return undefined;
    const a = this.starts[n];
    const b = this.starts[n + 1];
    return { docs: this.docIds.subarray(a, b), weights: this.weightsOf.subarray(a, b), order: this.impact.subarray(a, b), max: this.maxima[n] };
  }

  /**
   * The best `limit` documents for the terms (OR) by score, best first (of equal scores, the lower
   * document), exactly, without adding up every posting of a common term (MaxScore): the terms
   * are added from the weightiest (the rarest, mostly) down, and once the weights the remaining
   * terms could still add together cannot lift a document that has none of the terms so far into
   * the best `limit`, the remaining terms are only looked up for the documents that can still get
   * in. At a thousand times today's knowledge a common term is in tens of thousands of documents.
   */
  private best(terms: readonly string[], limit: number): { doc: number; score: number }[] {
    if (limit <= 0) return [];
    const lists: Postings[] = [];
    let postings = 0;
    for (const t of new Set(terms)) {
      const p = this.postingsOf(t);
      if (p) lists.push(p);
      if (p) postings += p.docs.length;
    }
    // (in impact order while that costs less than adding up every posting: a look-up is a binary
    // search of ~16 steps, so a sixteenth of the postings in look-ups at most, else the full pass)
    if (postings > SCAN_LIMIT) {
      const found = this.bestByImpact(terms, limit, postings / 16);
      if (found) return found;
    }
    lists.sort((a, b) => b.max - a.max);
    // rest[i]: the most the terms from i on can add to a document
    const rest = new Float64Array(lists.length + 1);
    for (let i = lists.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + lists[i].max;
    const scores = this.scratch;
    const touched: number[] = [];
    let top = 0;
    let i = 0;
    let floor = 0;
    for (; i < lists.length; i++) {
      // (the floor, the limit-th best score so far, is worked out only when it may stop the adding)
      if (i > 0 && touched.length >= limit && rest[i] < top) {
        floor = kthBest(touched, scores, limit);
        if (rest[i] < floor) break;
      }
      const p = lists[i];
      for (let k = 0; k < p.docs.length; k++) {
        const d = p.docs[k];
        if (scores[d] === 0) touched.push(d);
        const s = (scores[d] += p.weights[k]);
        if (s > top) top = s;
      }
    }
    const heap = new TopK(limit);
    if (i === lists.length) {
      for (const d of touched) heap.push(d, scores[d]);
    } else {
      const left = lists.slice(i);
      for (const d of touched) {
        let s = scores[d];
        if (s + rest[i] < floor) continue; // cannot get in
        for (const p of left) s += weightIn(p, d);
        heap.push(d, s);
      }
    }
    for (const d of touched) scores[d] = 0; // reset the scratch array
    return heap.sorted();
  }

  /**
   * The same best documents as `best`, exactly, reading the terms' postings in impact order, all
   * of them a step at a time (Fagin's threshold algorithm): each document met is scored whole (its
   * weight in every term, looked up), and the reading stops once the sum of the weights at the
   * current step, the most a document not met yet can score, is below the lowest of the best
   * `limit`. A query of common terms reads a few hundred postings of each instead of all. Null
   * when that would take more than `budget` look-ups (the documents met times the terms).
   */
  bestByImpact(terms: readonly string[], limit: number, budget = Infinity): { doc: number; score: number }[] | null {
    if (limit <= 0) return [];
    const lists: Postings[] = [];
    for (const t of new Set(terms)) {
      const p = this.postingsOf(t);
      if (p) lists.push(p);
    }
    // (the lists in the order `best` adds them, so that a document's score is the same sum)
    lists.sort((a, b) => b.max - a.max);
    const seen = this.scratch;
    const met: number[] = [];
    const heap = new TopK(limit);
    let lookups = 0;
    let over = false;
    for (let depth = 0; !over; depth++) {
      let threshold = 0;
      let more = false;
      for (const p of lists) {
        if (depth >= p.docs.length) continue;
        more = true;
        const at = p.order[depth];
        threshold += p.weights[at];
        const d = p.docs[at];
        if (seen[d] !== 0) continue;
        seen[d] = 1;
        met.push(d);
        if ((lookups += lists.length) > budget) {
          over = true;
          break;
        }
        let s = 0;
        for (const q of lists) s += q === p ? p.weights[at] : weightIn(q, d);
        heap.push(d, s);
      }
      if (!more || (heap.full && heap.min > threshold)) break;
    }
    for (const d of met) seen[d] = 0; // reset the scratch array
    return over ? null : heap.sorted();
  }

  /** Documents containing a term. */
  docFrequency(term: string): number {
    const n = this.terms.get(term);
    return n === undefined ? 0 : this.starts[n + 1] - this.starts[n];
  }

  /**
   * The best `limit` documents for the terms (OR), after `adjust` (which may return 0 to drop a
   * document), best first. `maxBoost` bounds adjust(doc, score) / score: the best `limit`
   * documents by their own score are adjusted first, and a document that cannot reach the lowest
   * of the top `limit` adjusted scores so far is never adjusted (common terms touch most documents
   * at 100× the knowledge). Without a bound, every touched document is adjusted.
   */
  search(terms: readonly string[], limit: number, adjust?: (doc: number, score: number) => number, maxBoost = Infinity): { doc: number; score: number }[] {
    if (!adjust) return this.best(terms, limit);
    const scores = this.scratch;
    const touched: number[] = [];
    for (const t of new Set(terms)) {
      const p = this.postingsOf(t);
      if (!p) continue;
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += p.weights[i];
      }
    }
    const heap = new TopK(limit);
    if (!adjust) {
      for (const d of touched) heap.push(d, scores[d]);
    } else if (!Number.isFinite(maxBoost)) {
      for (const d of touched) {
        const s = adjust(d, scores[d]);
        if (s > 0) heap.push(d, s);
      }
    } else {
      // adjust the best `limit` documents by their own score first: the lowest adjusted score
      // among them is a floor no document scoring under floor / maxBoost can reach
      const head = new TopK(limit);
      for (const d of touched) head.push(d, scores[d]);
      const first = head.sorted();
      for (const { doc } of first) {
        const s = adjust(doc, scores[doc]);
        if (s > 0) heap.push(doc, s);
        scores[doc] = -scores[doc]; // done (negative: skipped below, restored after)
      }
      for (const d of touched) {
        const raw = scores[d];
        if (raw < 0 || (heap.full && raw * maxBoost < heap.min)) continue;
        const s = adjust(d, raw);
        if (s > 0) heap.push(d, s);
      }
    }
    for (const d of touched) scores[d] = 0; // reset the scratch array
    return heap.sorted();
  }
}

interface Postings {
  docs: Int32Array;
  weights: Float32Array;
  max: number;
  /** Positions in `docs` in impact order (weightiest first, the lower document first among equals). */
  order: Int32Array;
}

/**
 * Postings a query adds up in full at most (all its terms' together); past this, its best
 * documents are found in impact order (ImpactIndex.bestByImpact). At today's knowledge no query
 * comes near it; at a thousand times, a common term is in tens of thousands of documents.
 */
const SCAN_LIMIT = 20_000;

/** A document's weight in a term's postings (0 when it has not the term): a binary search. */
function weightIn(p: Postings, doc: number): number {
  let lo = 0;
  let hi = p.docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = p.docs[mid];
    if (d === doc) return p.weights[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Keeps the K highest-scoring items (a binary min-heap; of equal scores, the lower document). */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  /** Holds k items: a new one must beat `min` to get in. */
  get full(): boolean {
    return this.k <= 0 || this.docs.length >= this.k;
  }

  /** The lowest score held. */
  get min(): number {
    return this.k <= 0 ? Infinity : this.scores[0];
  }

  push(doc: number, score: number): void {
    if (this.k <= 0) return;
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (score > this.scores[0] || (score === this.scores[0] && doc < this.docs[0])) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i] })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Item i ranks below item j (lower score, or the same score and a higher document). */
  private below(i: number, j: number): boolean {
    return this.scores[i] < this.scores[j] || (this.scores[i] === this.scores[j] && this.docs[i] > this.docs[j]);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j], this.docs[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.below(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.scores.length && this.below(l, m)) m = l;
      if (r < this.scores.length && this.below(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** The k-th best score among documents (k ≤ their number). */
function kthBest(docs: readonly number[], scores: Float64Array, k: number): number {
  const heap = new TopK(k);
  for (const d of docs) heap.push(d, scores[d]);
  return heap.min;
}
