/**
 * The evidence: facts and every seed sentence, with what each names and when it speaks of. What a
 * sentence refers to ("the province", "he said", "Chinh") is found from its paragraph and source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence, splitParagraphs, splitSentences, type EvidenceBase } from '../../src/answer/evidence.js';
import { englishWords } from '../../src/answer/english.js';
import { Lexicon } from '../../src/answer/lexicon.js';
import { canonical } from '../../src/answer/normalize.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';

let kb: KnowledgeBase;
let base: EvidenceBase;
beforeAll(() => {
  kb = loadKnowledge();
  const corpus = new Set<string>();
  for (const t of kb.seeds.values()) canonical(t).split(' ').forEach((w) => w && corpus.add(w));
  base = buildEvidence(kb, new Lexicon(kb.vocabulary, corpus, englishWords()));
});
const sentence = (part: string) => {
  const e = base.evidence.find((x) => x.kind === 'sentence' && x.text.includes(part));
  if (!e) throw new Error(`no sentence with "${part}"`);
  return e;
};

describe('splitting articles', () => {
  it('keeps every sentence verbatim, paragraph by paragraph, without bylines or link lines', () => {
    for (const [, text] of kb.seeds) {
      for (const p of splitParagraphs(text)) for (const s of p.sentences) expect(text).toContain(s);
      for (const s of splitSentences(text)) expect(s).not.toMatch(/^(Source:|Comment \(|Updated )/);
    }
  });

  it('makes every sentence of every seed evidence, and every fact', () => {
    const sentences = [...kb.seeds.values()].flatMap(splitSentences).length;
    expect(base.evidence.filter((e) => e.kind === 'sentence').length).toBe(sentences);
    expect(base.evidence.filter((e) => e.kind === 'fact').length).toBe(kb.facts.length);
  });

  it('links each fact to the sentences it quotes', () => {
    for (const e of base.evidence.filter((x) => x.kind === 'fact')) {
      expect({ id: e.fact!.id, linked: e.linked.length > 0 }).toEqual({ id: e.fact!.id, linked: true });
      for (const id of e.linked) expect(base.evidence[id].source).toBe(e.source);
    }
  });
});

describe('what a sentence refers to', () => {
  it('places a provincial report’s sentences in its province where they name it or refer to it', () => {
    const provincial = kb.sources.find((s) => s.place)!;
    const refers = base.evidence.filter((e) => e.kind === 'sentence' && e.source === provincial.id && /the province/i.test(e.text));
    expect(refers.length).toBeGreaterThan(0);
    for (const e of refers) expect(e.places).toContain(provincial.place);
    // a national sentence of the same report is not the province's
    const national = base.evidence.find((e) => e.source === provincial.id && /^Total import and export turnover/.test(e.text))!;
    expect(national.places).toEqual([]);
  });

  it('knows a person named by the given name alone', () => {
    const e = sentence('Chinh urged government agencies');
    expect([...e.people]).toContain('pham minh chinh');
  });

  it('gives a quote without a name to the person its source is about', () => {
    const e = sentence("It's our major responsibility to keep our credibility");
    expect([...e.people, ...e.sourcePeople]).toContain('pham minh chinh');
  });

  it('knows who holds an office from where the sources name them together', () => {
    expect([...(base.holders.get('minister|false|') ?? [])]).toContain('le hoai trung');
    expect([...(base.holders.get('minister|false|Ministry of Foreign Affairs') ?? [])]).toEqual(expect.arrayContaining(['le hoai trung', 'bui thanh son']));
    expect([...(base.holders.get('head|true|') ?? [])]).toEqual(expect.arrayContaining(['bui thanh son', 'nguyen hong dien']));
  });
});

describe('time', () => {
  it('gives a sentence that names no year the year its article last named', () => {
    const e = sentence('Total registered FDI capital will exceed');
    expect(e.years).toContain(2025);
    expect(e.yearsInherited).toBe(true);
  });

  it('does not take the year a figure is compared with for the figure’s year', () => {
    const e = sentence('nearly 1.5 times more than in 2024');
    expect(e.years).toContain(2025);
    expect(e.years).not.toContain(2024);
  });

  it('reads a period without a year in the year of its article', () => {
    const e = sentence("In January-July, Vietnam's exports exceeded");
    expect(e.periods[0]).toMatchObject({ startMonth: 1, endMonth: 7, year: 2025 });
  });
});
