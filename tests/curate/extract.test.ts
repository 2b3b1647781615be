import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { Fact } from '../../knowledge/schema.js';
import { extractCandidates, TODO, type Candidate } from '../../src/curate/extract.js';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { SEEDS_DIR } from '../../src/paths.js';
import { makeFixture, type Fixture } from '../knowledge/helpers.js';

const kb = loadKnowledge();
const article = [
  'Hai Phong attracts record foreign investment',
  'In the first 9 months of 2026, Hai Phong attracted over US$3.2 billion of registered FDI capital, up 12% year on year.',
  'On March 3, 2026, the provincial People’s Committee issued Decision No. 455 on the investment promotion plan.',
  'The weather was pleasant and many visitors came to the beaches of the city this summer season.',
  'On the morning of January 14th, Minister Nguyen Van Thanh opened the fair.',
].join('\n');

describe('extractCandidates', () => {
  const { candidates, notes } = extractCandidates(article, { source: '005_0123456789abcdef', asOf: '2026-10-01', vocabulary: kb.vocabulary, intents: INTENTS });

  it('proposes sentences with figures, dates, documents or people, each quoted verbatim, and skips the rest', () => {
    expect(notes.map((n) => n.signals)).toEqual([['figure'], ['date', 'document'], ['date', 'person']]);
    for (const c of candidates) expect(article).toContain(c.quote);
  });

  it('guesses value, qualifier, unit, period and topic for a figure', () => {
    expect(candidates[0]).toMatchObject({ value: 3.2, qualifier: 'over', unit: 'USD billion', topic: 'fdi', source: '005_0123456789abcdef', asOf: '2026-10-01' });
    expect(candidates[0].period).toEqual({ start: '2026-01', end: '2026-09', label: 'Jan–Sep 2026' });
  });

  it('guesses the documents and people a sentence names', () => {
    expect(candidates[1].docs).toEqual(['455']);
    expect(candidates[2].people).toEqual(['Nguyen Van Thanh']);
  });

  it('does not take the day of a date for a figure, nor an ordinal day', () => {
    expect(candidates[1].value).toBeNull();
    expect(candidates[2].value).toBeNull();
  });

  it('leaves what only a curator can decide as TODO, and lists it in the note', () => {
    for (const [i, c] of candidates.entries()) {
      expect(c.id.startsWith(`${TODO}.`)).toBe(true);
      expect(c.subject).toBe(TODO);
      expect(notes[i]).toMatchObject({ id: c.id, todo: expect.arrayContaining(['id', 'subject']) });
    }
  });

  it('marks asOf TODO when it is not known', () => {
    const x = extractCandidates(article, { source: '005_0123456789abcdef', asOf: null, vocabulary: kb.vocabulary, intents: INTENTS });
    expect(x.candidates[0].asOf).toBe(TODO);
    expect(x.notes[0].todo).toContain('asOf');
  });
});

describe('a candidate from a seed, once reviewed', () => {
  const source = kb.sources.find((s) => s.published !== null)!;
  const text = readFileSync(join(SEEDS_DIR, `${source.id}.txt`), 'utf8');
  const { candidates, notes } = extractCandidates(text, { source: source.id, asOf: source.published, vocabulary: kb.vocabulary, intents: INTENTS });
  /** The curated fact about the same sentence: what a curator wrote for it (its statements, in both languages). */
  const curatedFor = (c: Candidate) => kb.facts.find((f) => f.source === source.id && f.value !== null && (c.quote.includes(f.quote) || f.quote.includes(c.quote)));
  const i = candidates.findIndex((c) => c.value !== null && curatedFor(c));
  /** What the curator writes in place of each TODO the note lists. */
  const review = (c: Candidate, todo: readonly string[]): Record<string, unknown> => {
    const filled: Record<string, unknown> = { ...c, id: `test.reviewed.${source.id.slice(0, 3)}`, subject: 'test.reviewed' };
    if (todo.includes('statementVi')) {
      const curated = curatedFor(c)!;
      Object.assign(filled, { statement: curated.statement, statementVi: curated.statementVi, value: curated.value, valueMax: curated.valueMax, qualifier: curated.qualifier, unit: curated.unit });
    }
    if (todo.includes('topic')) filled.topic = 'policy';
    if (todo.includes('unit')) filled.unit = kb.vocabulary.units[0].unit;
    return filled;
  };
  let fx: Fixture | undefined;
  afterEach(() => fx?.cleanup());

  it('has a figure to review', () => {
    expect(i).toBeGreaterThanOrEqual(0);
  });

  it('is a valid fact for the schema once its TODO fields are filled in, and not before', () => {
    const before = Fact.safeParse(candidates[i]);
    expect(before.success).toBe(false);
    const failed = new Set(before.error!.issues.map((x) => String(x.path[0])));
    expect([...failed].every((f) => notes[i].todo.includes(f as keyof Candidate))).toBe(true);
    expect(Fact.safeParse(review(candidates[i], notes[i].todo)).error?.issues ?? []).toEqual([]);
  });

  it('passes kb check once copied into facts.json with its TODO fields filled in, and fails it before', () => {
    fx = makeFixture(({ facts }) => {
      facts.push(review(candidates[i], notes[i].todo));
    });
    expect(() => loadKnowledge(fx!.dir, fx!.seedsDir)).not.toThrow();
    fx.cleanup();
    fx = makeFixture(({ facts }) => {
      facts.push(candidates[i]);
    });
    expect(() => loadKnowledge(fx!.dir, fx!.seedsDir)).toThrow(KnowledgeError);
  });
});
