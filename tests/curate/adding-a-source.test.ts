/**
 * README "Adding a source", step by step, on a temp copy of knowledge/ and seeds/ with the fixture
 * article (tests/fixtures/new-source/): the seed and its sources.json entry; `kb extract` on it;
 * its candidates rejected by `kb check` only for the fields their notes list; reviewed as README
 * says and copied into facts.json; then `kb check` passes, the rules `npm test` holds facts.json to
 * (tests/knowledge/conventions.ts) hold, and the new facts answer.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { Entity, Fact, Source, Topic, UnitName } from '../../knowledge/schema.js';
import { createEngine } from '../../src/answer/index.js';
import { run as kb } from '../../src/cli/kb.js';
import type { Candidate, Extraction } from '../../src/curate/extract.js';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { ROOT } from '../../src/paths.js';
import { shown } from '../helpers/text.js';
import { CONTENT, CONVENTIONS } from '../knowledge/conventions.js';
import { makeFixture, type Fixture } from '../knowledge/helpers.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/new-source');
const entry = JSON.parse(readFileSync(join(FIXTURE, 'source.json'), 'utf8')) as { id: string; published: string; place: string };
const NNN = entry.id.slice(0, 3);

/**
 * What a curator writes for the candidates worth keeping (the others are dropped, as README says):
 * the TODO fields and a statement of their own, in English and Vietnamese, following README step 4.
 */
const REVIEWED: { quote: RegExp; fields: Record<string, unknown> }[] = [
  {
    quote: /attracted US\$5\.2 billion of foreign direct investment/,
    fields: {
      id: `bac-ninh.fdi.2025.${NNN}`,
      topic: 'localities',
      subject: 'bac-ninh.fdi',
      statement: 'Bac Ninh attracted US$5.2 billion of foreign direct investment in 2025, up 18% on 2024.',
      statementVi: 'Năm 2025, Bắc Ninh thu hút 5,2 tỷ USD vốn đầu tư trực tiếp nước ngoài, tăng 18% so với năm 2024.',
      period: { start: '2025-01', end: '2025-12', label: '2025 (full year)' },
      place: 'Bac Ninh',
      keywords: ['foreign investment'],
    },
  },
  {
    quote: /signed 14 cooperation agreements/,
    fields: {
      id: `bac-ninh.agreements.2025.${NNN}`,
      topic: 'localities',
      subject: 'bac-ninh.agreements',
      statement: 'Bac Ninh signed 14 cooperation agreements with foreign localities and partners in 2025, up from 9 in 2024.',
      statementVi: 'Năm 2025, Bắc Ninh ký 14 thỏa thuận hợp tác với các địa phương và đối tác nước ngoài, tăng từ 9 thỏa thuận năm 2024.',
      unit: 'agreements',
      period: { start: '2025-01', end: '2025-12', label: '2025 (full year)' },
      place: 'Bac Ninh',
    },
  },
  {
    quote: /before April 30, 2026/,
    fields: {
      id: `bac-ninh.investment-promotion.2026.${NNN}`,
      topic: 'localities',
      subject: 'bac-ninh.investment-promotion',
      statement: "Vice Chairman Dao Quang Khai asked Bac Ninh's departments to complete the province's 2026 investment promotion program before April 30, 2026.",
      statementVi: 'Phó Chủ tịch Đào Quang Khải yêu cầu các sở, ngành của Bắc Ninh hoàn thành chương trình xúc tiến đầu tư năm 2026 của tỉnh trước ngày 30/4/2026.',
      due: { date: '2026-04-30', precision: 'day' },
      label: 'Bac Ninh investment promotion program for 2026',
      labelVi: 'Chương trình xúc tiến đầu tư năm 2026 của Bắc Ninh',
      place: 'Bac Ninh',
    },
  },
];

let fx: Fixture;
let seed: string;
let extraction: Extraction;
let summary: string;
let originalFacts: number;

/** `integ kb <args>` in this process: exit code, stdout, stderr. */
async function kbCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await kb(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}
const writeFacts = (facts: unknown[]) => writeFileSync(join(fx.dir, 'facts.json'), JSON.stringify(facts, null, 2));
const readFacts = () => JSON.parse(readFileSync(join(fx.dir, 'facts.json'), 'utf8')) as unknown[];

beforeAll(async () => {
  // steps 1 and 2: the article in seeds/ as NNN_<16 hex>.txt, its entry in sources.json
  fx = makeFixture(({ sources }) => {
    sources.push(entry);
  });
  seed = join(fx.seedsDir, `${entry.id}.txt`);
  copyFileSync(join(FIXTURE, `${entry.id}.txt`), seed);
  originalFacts = readFacts().length;
  // step 3: kb extract
  const r = await kbCli(['extract', seed, '--dir', fx.dir]);
  expect(r.code).toBe(0);
  extraction = JSON.parse(r.out) as Extraction;
  summary = r.err;
});
afterAll(() => fx.cleanup());

describe('README "Adding a source"', () => {
  const section = (() => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('## Adding a source');
    return readme.slice(at, readme.indexOf('\n## ', at + 1));
  })();

  it('names every field of a source, a fact, a vocabulary entity and unit, and every topic', () => {
    const fields = [Source, Fact, Entity, UnitName].flatMap((schema) => Object.keys(schema.shape));
    expect(fields.filter((f) => !section.includes(`\`${f}\``))).toEqual([]);
    expect(Topic.options.filter((t) => !section.includes(`\`${t}\``))).toEqual([]);
  });

  it('states the fact-id rule and the verbatim quote, and names the kb commands it runs', () => {
    expect(section).toContain('ending with `.NNN`, the\n     number of its source');
    expect(section).toMatch(/occurs \*\*verbatim\*\* in its seed/);
    for (const c of ['kb extract', 'kb check', 'kb gaps']) expect(section).toContain(`npm run -s integ -- ${c}`);
  });
});

describe('adding a source as README says', () => {
  it('loads with the seed and its entry alone, before any fact (steps 1 and 2)', async () => {
    expect((await kbCli(['check', '--dir', fx.dir, '--seeds', fx.seedsDir])).code).toBe(0);
  });

  it('gets candidates from kb extract dated by the entry, with notes on what to fill in and check (step 3)', () => {
    expect(extraction.candidates.length).toBeGreaterThanOrEqual(REVIEWED.length);
    expect(extraction.notes.map((n) => n.id)).toEqual(extraction.candidates.map((c) => c.id));
    for (const c of extraction.candidates) expect({ asOf: c.asOf, source: c.source }).toEqual({ asOf: entry.published, source: entry.id });
    // a provincial source: every note says how its facts get their place
    for (const n of extraction.notes) expect(n.review).toContain(`the source reports on ${entry.place}: a figure about ${entry.place} itself gets "place": "${entry.place}" and topic "localities"; a national one neither`);
    expect(summary).toMatch(/^\d+ candidate facts from /);
  });

  it('has kb check reject each candidate as extracted for the fields its note lists, and for nothing else', () => {
    writeFacts([...readFacts().slice(0, originalFacts), ...extraction.candidates]);
    let issues: KnowledgeError['issues'] = [];
    try {
      loadKnowledge(fx.dir, fx.seedsDir);
    } catch (err) {
      if (!(err instanceof KnowledgeError)) throw err;
      issues = err.issues;
    }
    const mine = issues.filter((i) => i.file.endsWith('facts.json') && (i.entry ?? -1) >= originalFacts);
    expect(new Set(mine.map((i) => i.entry))).toEqual(new Set(extraction.candidates.map((_, n) => originalFacts + n)));
    for (const i of mine) {
      const note = extraction.notes[i.entry! - originalFacts];
      expect({ id: note.id, field: i.field?.split('.')[0] }).toEqual({ id: note.id, field: expect.toBeOneOf(note.todo) });
    }
  });

  it('passes kb check once the good candidates are reviewed and copied into facts.json (steps 4 and 6)', async () => {
    const reviewed = REVIEWED.map(({ quote, fields }) => {
      const c = extraction.candidates.find((x) => quote.test(x.quote));
      expect(c, String(quote)).toBeDefined();
      const note = extraction.notes[extraction.candidates.indexOf(c!)];
      // every field the note lists is filled in by the review
      for (const f of note.todo) expect(fields, `${note.id}: ${f}`).toHaveProperty(f);
      return { ...(c as Candidate), ...fields };
    });
    writeFacts([...readFacts().slice(0, originalFacts), ...reviewed]);
    const r = await kbCli(['check', '--dir', fx.dir, '--seeds', fx.seedsDir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^  ${entry.id} +${REVIEWED.length}  `, 'm'));
  });

  describe('keeps npm test green', () => {
    let added: KnowledgeBase;
    beforeAll(() => {
      added = loadKnowledge(fx.dir, fx.seedsDir);
    });

    it('has the new facts', () => {
      expect(added.facts.filter((f) => f.source === entry.id)).toHaveLength(REVIEWED.length);
    });

    for (const rule of CONVENTIONS) {
      it(`still ${rule.name}`, () => {
        for (const offenders of rule.offenders(added)) expect(offenders).toEqual([]);
      });
    }
    for (const c of CONTENT) it(`still ${c.name}`, () => c.check(added));

    it('answers from the new facts, citing the new source, in English and in Vietnamese', () => {
      const engine = createEngine(added, { intents: INTENTS });
      for (const q of ['How much FDI did Bac Ninh attract in 2025?', 'Bắc Ninh thu hút bao nhiêu vốn FDI năm 2025?']) {
        const a = engine.ask(q);
        expect(a.citations[0]?.source, q).toBe(entry.id);
        expect(a.points.map((p) => shown(p.text)).join('\n'), q).toMatch(/5[.,]2/);
      }
      const deadlines = engine.ask('When must the Bac Ninh investment promotion program be completed?');
      expect(deadlines.points.map((p) => shown(p.text)).join('\n')).toContain('April 30, 2026');
    });
  });
});
