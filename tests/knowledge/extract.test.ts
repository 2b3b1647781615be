import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { extractCandidates } from '../../src/knowledge/extract.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const kb = loadKnowledge();
const article = [
  'Hai Phong attracts record foreign investment',
  'In the first 9 months of 2026, Hai Phong attracted over US$3.2 billion of registered FDI capital, up 12% year on year.',
  'On March 3, 2026, the provincial People’s Committee issued Decision No. 455 on the investment promotion plan.',
  'The weather was pleasant and many visitors came to the beaches of the city this summer season.',
].join('\n');

describe('extractCandidates', () => {
  const out = extractCandidates(article, { source: '005_0123456789abcdef', asOf: '2026-10-01', vocabulary: kb.vocabulary, intents: INTENTS });

  it('proposes sentences with figures, dates or documents, each quoted verbatim, and skips the rest', () => {
    expect(out.map((c) => c.signals)).toEqual([['figure'], ['date', 'document']]);
    for (const c of out) expect(article).toContain(c.quote);
  });

  it('guesses value, qualifier, unit, period and topic for a figure', () => {
    expect(out[0]).toMatchObject({ value: 3.2, qualifier: 'over', unit: 'USD billion', topic: 'fdi', source: '005_0123456789abcdef', asOf: '2026-10-01' });
    expect(out[0].period).toEqual({ start: '2026-01', end: '2026-09', label: 'Jan–Sep 2026' });
  });

  it('does not take the day of a date for a figure', () => {
    expect(out[1].value).toBeNull();
  });
});
