import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImpactIndex } from '../../src/answer/bm25.js';

const VOCAB = ['fdi', 'export', 'vietnam', 'integration', 'committee', 'resolution', 'apec', 'trade'];

describe('ImpactIndex.search', () => {
  it('returns the same top documents with a bound on the adjustment as without one, for any adjustment within it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 120 }),
        fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (docs, terms, limit, maxBoost, seed) => {
          const index = new ImpactIndex(docs.map((t) => [{ terms: t, boost: 1 }]));
          // a deterministic adjustment per document within [0, maxBoost]: some dropped (0), the rest scaled
          const factor = (doc: number) => {
            const h = Math.imul(doc + 1, 2654435761) ^ seed;
            const u = ((h >>> 0) % 10_007) / 10_007;
            return u < 0.15 ? 0 : u * maxBoost;
          };
          const adjust = (doc: number, score: number) => score * factor(doc);
          const bounded = index.search(terms, limit, adjust, maxBoost);
          const unbounded = index.search(terms, limit, adjust);
          expect(bounded).toEqual(unbounded);
          expect(bounded.length).toBeLessThanOrEqual(limit);
          // and the scratch scores were reset: the same search again gives the same answer
          expect(index.search(terms, limit, adjust, maxBoost)).toEqual(bounded);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the best documents exactly while skipping the postings common terms cannot change (MaxScore)', () => {
    // a few rare words and very common ones, so that the common terms are often left unscanned
    const words = fc.oneof(fc.constantFrom(...VOCAB.slice(0, 2)), fc.constantFrom(...VOCAB), fc.constantFrom('vietnam', 'integration'), fc.constantFrom('vietnam', 'integration'));
    fc.assert(
      fc.property(
        fc.array(fc.array(words, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 30 }),
        (docs, terms, limit) => {
          const index = new ImpactIndex(docs.map((t) => [{ terms: t, boost: 1 }]));
          // every touched document scored (the adjusting path adds every posting), best first, lower document first on a tie
          const all = index.search(terms, docs.length, (_, s) => s);
          const best = index.search(terms, limit);
          expect(best.map((h) => h.doc)).toEqual(all.slice(0, limit).map((h) => h.doc));
          best.forEach((h, i) => expect(h.score).toBeCloseTo(all[i].score, 9));
          expect(index.search(terms, limit)).toEqual(best);
          // and reading the postings in impact order finds the same (used when the postings are many)
          expect(index.bestByImpact(terms, limit)).toEqual(best);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('ranks documents with more of the query terms first when nothing adjusts them', () => {
    const index = new ImpactIndex([[{ terms: ['fdi'], boost: 1 }], [{ terms: ['fdi', 'vietnam'], boost: 1 }], [{ terms: ['trade'], boost: 1 }]]);
    expect(index.search(['fdi', 'vietnam'], 5).map((h) => h.doc)).toEqual([1, 0]);
  });
});
