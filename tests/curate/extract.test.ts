import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { Fact } from '../../knowledge/schema.js';
import { extractCandidates, TODO, type Candidate } from '../../src/curate/extract.js';
import { findIssues, KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
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

describe('extractCandidates, for kb check', () => {
  const asOf = '2026-03-10';
  const risky = [
    'Vietnam now has relations with 12 international organizations in the region.',
    'The ministry licensed 45 organizations to export rice in 2025.',
    'Total revenue in 2025 reached VND 50 trillion according to the ministry.',
    'In the first half of 2026, exports are expected to rise 15 percent to US$200 billion.',
  ].join('\n');
  const x = extractCandidates(risky, { source: '005_0123456789abcdef', asOf, vocabulary: kb.vocabulary, intents: INTENTS });

  it('writes a unit as vocabulary.json writes it', () => {
    expect(x.candidates[1]).toMatchObject({ value: 45, unit: 'organisations' });
    expect(x.notes[1].todo).not.toContain('unit');
  });

  it('lists a unit vocabulary.json does not write among the fields to fill in, and says what to do', () => {
    expect(x.candidates[2]).toMatchObject({ value: 50, unit: 'VND trillion' });
    expect(x.notes[2].todo).toContain('unit');
    expect(x.notes[2].review).toEqual([expect.stringMatching(/^"VND trillion" is not in vocabulary.json units: add how it is written in English and Vietnamese/)]);
  });

  it("leaves out a period after the article's date, and says to date a target with due", () => {
    expect(x.candidates[3].period).toBeNull();
    expect(x.notes[3].review).toEqual([expect.stringMatching(/^it speaks of .*2026, after the article's date: a target or plan\? give it a "due"/)]);
    const before = extractCandidates(risky, { source: '005_0123456789abcdef', asOf: '2026-08-01', vocabulary: kb.vocabulary, intents: INTENTS });
    expect(before.candidates[3].period).toMatchObject({ start: '2026-01', end: '2026-06' });
  });

  it('proposes nothing kb check rejects but the fields each note lists, for every seed and these sentences', () => {
    const articles = [
      ...kb.sources.map((src) => ({ source: src.id, asOf: src.published, text: readFileSync(join(SEEDS_DIR, `${src.id}.txt`), 'utf8') })),
      { source: '005_0123456789abcdef', asOf, text: risky },
      { source: '005_0123456789abcdef', asOf: '2026-10-01', text: article },
    ];
    const seeds = new Map([...kb.seeds, ['005_0123456789abcdef', `${risky}\n${article}`]]);
    const sources = [...kb.sources, { id: '005_0123456789abcdef', title: 'Test article', publisher: null, published: null, url: null, place: null }];
    const rejected: string[] = [];
    let checked = 0;
    for (const a of articles) {
      const { candidates, notes } = extractCandidates(a.text, { source: a.source, asOf: a.asOf, vocabulary: kb.vocabulary, intents: INTENTS });
      candidates.forEach((c, n) => {
        const todo = notes[n].todo;
        // the curator's part, filled in with anything valid
        const filled = {
          ...c,
          ...(todo.includes('id') ? { id: `x.${n}.${a.source.slice(0, 3)}` } : {}),
          ...(todo.includes('subject') ? { subject: 'x' } : {}),
          ...(todo.includes('topic') ? { topic: 'policy' } : {}),
          ...(todo.includes('statementVi') ? { statementVi: 'Việt Nam hội nhập quốc tế' } : {}),
          ...(todo.includes('unit') ? { unit: kb.vocabulary.units[0].unit } : {}),
          ...(todo.includes('asOf') ? { asOf: '2026-03-10' } : {}),
        };
        const parsed = Fact.safeParse(filled);
        if (!parsed.success) return void rejected.push(...parsed.error.issues.map((i) => `${c.quote.slice(0, 40)}: ${i.path.join('.')}: ${i.message}`));
        checked++;
        for (const i of findIssues({ sources, facts: [parsed.data], seeds, vocabulary: kb.vocabulary })) {
          // the statementVi written above states none of the figures: the curator's own
          if (i.field?.split('.')[0] !== 'statementVi') rejected.push(`${c.quote.slice(0, 40)}: ${i.field}: ${i.message}`);
        }
      });
    }
    expect(checked).toBeGreaterThan(50);
    expect(rejected).toEqual([]);
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
