/**
 * The benchmark's synthetic knowledge bases must be knowledge integ would accept: written to disk
 * at 10× they load through the real loader (zod schemas, unique ids, sources ↔ seeds, every quote
 * verbatim in its seed, date/period/due consistency). No timing here.
 */
import { INTENTS } from '../../intents/index.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fact, Source } from '../../knowledge/schema.js';
import { createEngine } from '../../src/answer/index.js';
import { checkKnowledge, KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { generateSynthetic, writeSynthetic, shiftDay, shiftText, shiftTextVi, shiftValue, syntheticSourceId, yearShift } from '../../bench/synthetic.js';
import { generateQuestions, hasDiacritics, QUESTION_KINDS, stripDiacritics, typo } from '../../bench/questions.js';
import { rng } from '../../bench/stats.js';

const FACTOR = 10;

/** Writes a knowledge base in the project's file layout; returns the folders. */
function writeKnowledge(kb: KnowledgeBase, root: string): { dir: string; seedsDir: string } {
  const dir = join(root, 'knowledge');
  const seedsDir = join(root, 'seeds');
  mkdirSync(dir, { recursive: true });
  mkdirSync(seedsDir, { recursive: true });
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(kb.sources, null, 1));
  writeFileSync(join(dir, 'facts.json'), JSON.stringify(kb.facts, null, 1));
  writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(kb.vocabulary));
  for (const [id, text] of kb.seeds) writeFileSync(join(seedsDir, `${id}.txt`), text);
  return { dir, seedsDir };
}

describe('synthetic knowledge (bench/synthetic.ts)', () => {
  const base = loadKnowledge();
  const { kb, quotesAppended } = generateSynthetic(base, FACTOR);
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'integ-synthetic-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it(`is ${FACTOR}× the real knowledge, with the real knowledge unchanged as its first copy`, () => {
    expect(kb.sources).toHaveLength(base.sources.length * FACTOR);
    expect(kb.facts).toHaveLength(base.facts.length * FACTOR);
    expect(kb.seeds.size).toBe(base.seeds.size * FACTOR);
    expect(kb.facts.slice(0, base.facts.length)).toEqual(base.facts);
    expect(new Set(kb.sources.map((s) => s.id)).size).toBe(kb.sources.length);
    expect(new Set(kb.facts.map((f) => f.id)).size).toBe(kb.facts.length);
    expect(kb.sources.slice(base.sources.length).every((s) => /^1\d\d_[0-9a-f]{16}$/.test(s.id))).toBe(true);
  });

  it('passes the zod schemas entry by entry', () => {
    for (const s of kb.sources) expect(Source.safeParse(s).error?.issues ?? []).toEqual([]);
    for (const f of kb.facts) expect(Fact.safeParse(f).error?.issues ?? []).toEqual([]);
  });

  it('loads through the real loader from files, every quote verbatim in its seed', () => {
    const where = writeKnowledge(kb, join(tmp, 'ok'));
    const loaded = loadKnowledge(where.dir, where.seedsDir);
    const report = checkKnowledge(loaded, where);
    expect(report.sources).toBe(kb.sources.length);
    expect(report.facts).toBe(kb.facts.length);
    expect(report.quotesVerified).toBe(kb.facts.length);
    // quotes stay verbatim through the text shift itself, not by appending them to the seeds
    expect(quotesAppended).toBeLessThanOrEqual(Math.ceil(kb.facts.length * 0.01));
  });

  it('is written to files one copy at a time, the same knowledge as in memory', () => {
    const dir = join(tmp, 'streamed', 'knowledge');
    const seedsDir = join(tmp, 'streamed', 'seeds');
    const written = writeSynthetic(base, FACTOR, dir, seedsDir);
    expect(written).toMatchObject({ sources: kb.sources.length, facts: kb.facts.length });
    const loaded = loadKnowledge(dir, seedsDir);
    expect(loaded.facts).toEqual(kb.facts);
    expect(loaded.sources).toEqual(kb.sources);
    expect([...loaded.seeds.keys()].sort()).toEqual([...kb.seeds.keys()].sort());
  });

  it('names other places and people in each copy, in both languages', () => {
    const orig = base.facts.find((f) => f.place && f.people.length && f.statement.includes(f.place) && f.statement.includes(f.people[0]))!;
    const copies = kb.facts.filter((f) => f.id === orig.id || f.id.startsWith(`${orig.id}.s`));
    expect(new Set(copies.map((f) => f.place)).size).toBe(FACTOR);
    expect(new Set(copies.map((f) => f.people[0])).size).toBe(FACTOR);
    for (const f of copies) {
      expect(f.statement).toContain(f.place);
      expect(f.statement).toContain(f.people[0]);
      const place = base.vocabulary.entities.find((e) => e.name === f.place)!;
      expect(f.statementVi).toContain(place.nameVi);
    }
  });

  it('is rejected by the same loader when a copy is broken (the check above can fail)', () => {
    const broken = { ...kb, facts: kb.facts.map((f, i) => (i === base.facts.length ? { ...f, quote: `${f.quote} (not in the seed)` } : f)) };
    const where = writeKnowledge(broken, join(tmp, 'broken'));
    expect(() => loadKnowledge(where.dir, where.seedsDir)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(where.dir, where.seedsDir)).toThrow(/quote: not found verbatim/);
  });

  it('shifts ids, subjects, years and values consistently', () => {
    const orig = base.facts.find((f) => f.value !== null && f.period !== null)!;
    const copy = kb.facts.find((f) => f.id === `${orig.id}.s3`)!;
    expect(copy.subject).toBe(`${orig.subject}.s3`);
    expect(copy.value).toBe(shiftValue(orig.value!, 3));
    expect(copy.asOf).toBe(shiftDay(orig.asOf, 3));
    expect(Number(copy.period!.start.slice(0, 4))).toBe(Number(orig.period!.start.slice(0, 4)) + yearShift(3));
    expect(kb.seeds.get(copy.source)).toContain(copy.quote);
    expect(kb.sourceById.get(copy.source)!.published).toBe(copy.asOf);
  });

  it('builds an engine that still answers the dev questions (no timing)', () => {
    const engine = createEngine(kb, { intents: INTENTS });
    expect(engine.ask('fdi 2025', { now: new Date('2026-03-01T00:00:00Z') }).answered).toBe(true);
  });
});

describe('text and date shifts', () => {
  it('shifts years by Δ and other numbers by +c, keeping decimals and thousands commas', () => {
    expect(yearShift(1)).toBe(-1);
    expect(yearShift(2)).toBe(2);
    expect(shiftText('In 2025, FDI reached 13.6 billion USD and 5,000 USD per capita', 2)).toBe('In 2027, FDI reached 15.6 billion USD and 5,002 USD per capita');
    expect(shiftText('999 projects', 1)).toBe('1000 projects');
  });

  it('shifts a Vietnamese text like its English counterpart: Vietnamese notation, months and number words kept', () => {
    expect(shiftTextVi('Ngày 14/1/2026, đạt 7,52% và khoảng 2.200 tỷ đồng, 28–29 tỷ USD, hoàn thành trong tháng 9/2025', 2)).toBe(
      'Ngày 16/1/2028, đạt 9,52% và khoảng 2.202 tỷ đồng, 30–31 tỷ USD, hoàn thành trong tháng 9/2027',
    );
    expect(shiftText('On January 14, 2026, 7.52% and about VND 2,200 billion, US$28–29 billion, completed in September 2025', 2)).toBe(
      'On January 16, 2028, 9.52% and about VND 2,202 billion, US$30–31 billion, completed in September 2027',
    );
    // "14th" is shifted as digits, so is "XIV"; "five" is not shifted, so neither is the 5 that says it
    expect(shiftTextVi('ba bài học, Đại hội XIV, 5 quan điểm', 1, new Set([5]))).toBe('ba bài học, Đại hội XV, 5 quan điểm');
  });

  it('keeps 29 February a real date after shifting', () => {
    expect(shiftDay('2024-02-29', 1)).toBe('2023-02-28');
    expect(shiftDay('2024-02-29', 8)).toBe('2029-02-28');
    expect(shiftDay('2025-08-26', 2)).toBe('2027-08-26');
  });

  it('gives distinct, well-formed source ids', () => {
    const ids = new Set(Array.from({ length: 200 }, (_, n) => syntheticSourceId('000_751a3c526faebcab', n + 1, n)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^\d{3}_[0-9a-f]{16}$/);
  });
});

describe('benchmark questions (bench/questions.ts)', () => {
  const kb = loadKnowledge();
  const qs = generateQuestions(kb, 3000, 1);

  it('makes thousands of distinct questions, the same for the same seed', () => {
    expect(qs).toHaveLength(3000);
    expect(new Set(qs.map((q) => q.text)).size).toBe(3000);
    expect(generateQuestions(kb, 50, 1)).toEqual(qs.slice(0, 50));
    expect(generateQuestions(kb, 50, 2)).not.toEqual(qs.slice(0, 50));
    // questions to avoid (a warm-up's) are never generated
    const avoid = new Set(qs.slice(0, 500).map((q) => q.text));
    expect(generateQuestions(kb, 500, 1, avoid).some((q) => avoid.has(q.text))).toBe(false);
  });

  it('varies every kind, both languages, with and without diacritics, and typos', () => {
    const count = (f: (q: (typeof qs)[number]) => boolean) => qs.filter(f).length;
    for (const kind of QUESTION_KINDS) expect(count((q) => q.kind === kind), kind).toBeGreaterThan(100);
    expect(count((q) => q.lang === 'vi')).toBeGreaterThan(600);
    expect(count((q) => q.form === 'no-diacritics')).toBeGreaterThan(200);
    expect(count((q) => q.form === 'typo')).toBeGreaterThan(200);
    expect(count((q) => q.lang === 'vi' && q.form === 'plain' && hasDiacritics(q.text))).toBeGreaterThan(200);
  });

  it('names what the knowledge names: its people, places and documents', () => {
    const text = qs.map((q) => q.text.toLowerCase()).join('\n');
    for (const p of new Set(kb.facts.flatMap((f) => f.people)).values()) if (text.includes(p.toLowerCase())) return;
    throw new Error('no known person named');
  });

  it('puts one typo in a word of 4+ letters, never its first letter', () => {
    const t = typo('export turnover first months', rng(11))!;
    expect(t).not.toBe('export turnover first months');
    expect(t.split(' ').map((w) => w[0]).join('')).toBe('etfm');
    expect(typo('vốn FDI', rng(1))).toBeNull();
    expect(stripDiacritics('Nghị quyết đổi mới')).toBe('Nghi quyet doi moi');
  });
});
