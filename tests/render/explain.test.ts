import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import { explanationOf, explanationToText } from '../../src/render/explain.js';

const engine = loadEngine();

describe('explanationOf', () => {
  it("lists the engine's ranked evidence in its order, with the question's units and constraints", () => {
    const { query, ranked } = engine.explain('registered FDI in Nghe An 2025');
    const x = explanationOf(query, ranked);
    expect(x.evidence.map((e) => e.fact ?? e.text)).toEqual(ranked.map((s) => s.e.fact?.id ?? s.e.text));
    expect(x.evidence.map((e) => e.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect(x.units.map((u) => u.label)).toEqual(query.units.map((u) => u.label));
    expect(x.units.find((u) => u.label === 'Nghe An')).toMatchObject({ kind: 'entity', essential: true });
    expect(x.constraints).toMatchObject({ years: [2025], places: ['Nghe An'] });
  });

  it('names the essential units a piece of evidence misses', () => {
    const { query, ranked } = engine.explain('registered FDI in Nghe An 2025');
    const x = explanationOf(query, ranked);
    ranked.forEach((s, i) => expect(x.evidence[i].missing).toEqual(s.missing.map((u) => u.label)));
  });
});

describe('explanationToText', () => {
  it('prints one line per unit and two per piece of evidence, every line inert', () => {
    const { query, ranked } = engine.explain('fdi\u202e 2025');
    const text = explanationToText(explanationOf(query, ranked));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
    expect(text.split('\n').filter((l) => /^ {2}\d+\. score /.test(l))).toHaveLength(ranked.length);
  });
});
