/**
 * How a question was read and its best evidence (`integ ask "…" --explain`), for curators: why an
 * answer came out as it did, and which word, fact or sentence to add or fix. As plain text (every
 * line made inert: the question is untrusted) or as JSON.
 */
import type { Scored } from '../answer/rank.js';
import type { Query } from '../answer/query.js';
import { inertLines } from './terminal.js';

export interface Explanation {
  question: string;
  lang: string;
  /** What kind of answer it asks for: number, person, date, list… */
  asks: string[];
  /** What evidence must cover, with how much each counts; an essential unit must be covered. */
  units: { kind: string; label: string; words: string[]; weight: number; essential: boolean; inEvidence: number | null }[];
  constraints: {
    years: number[];
    periods: { label: string; year: number | null; startMonth: number; endMonth: number }[];
    days: string[];
    asOf: { mode: string; date: string | null }[];
    places: string[];
    entities: string[];
    people: string[];
    docs: string[];
    national: boolean;
  };
  corrections: { from: string; to: string }[];
  unknown: string[];
  /** The best evidence, best first. */
  evidence: {
    rank: number;
    score: number;
    coverage: number;
    timeFit: number;
    outOfScope: boolean;
    /** Essential units it does not cover (it cannot answer). */
    missing: string[];
    kind: 'fact' | 'sentence';
    /** The fact's id, or null for a seed sentence. */
    fact: string | null;
    source: string;
    asOf: string | null;
    text: string;
  }[];
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function explanationOf(query: Query, ranked: readonly Scored[]): Explanation {
  return {
    question: query.raw,
    lang: query.lang,
    asks: [...query.asks],
    units: query.units.map((u) => ({ kind: u.kind, label: u.label, words: u.words, weight: round(u.weight), essential: u.essential, inEvidence: u.df ?? null })),
    constraints: {
      years: query.years,
      periods: query.periods.map((p) => ({ label: p.label, year: p.year, startMonth: p.startMonth, endMonth: p.endMonth })),
      days: query.days,
      asOf: query.asOf.map((a) => ({ mode: a.mode, date: a.date })),
      places: query.places,
      entities: query.entities.map((e) => e.name),
      people: query.people.map((p) => p.display),
      docs: query.docs,
      national: query.national,
    },
    corrections: query.corrections.map((c) => ({ from: c.from, to: c.to })),
    unknown: query.unknown,
    evidence: ranked.map((s, i) => ({
      rank: i + 1,
      score: round(s.score),
      coverage: round(s.coverage),
      timeFit: round(s.timeFit),
      outOfScope: s.outOfScope,
      missing: s.missing.map((u) => u.label),
      kind: s.e.kind,
      fact: s.e.fact?.id ?? null,
      source: s.e.source,
      asOf: s.e.asOf,
      text: s.e.text,
    })),
  };
}

const list = (xs: readonly (string | number)[]): string => (xs.length ? xs.join(', ') : '—');

export function explanationToText(x: Explanation): string {
  const c = x.constraints;
  const lines = [
    `question: ${x.question}`,
    `language: ${x.lang}; asks for: ${list(x.asks)}`,
    'units (kind, weight, in how many pieces of evidence; * essential):',
    ...x.units.map((u) => `  ${u.essential ? '*' : ' '} ${u.kind.padEnd(7)} ${String(u.weight).padStart(6)}  ${String(u.inEvidence ?? '?').padStart(5)}  ${u.label}`),
    'constraints:',
    `  years: ${list(c.years)}; periods: ${list(c.periods.map((p) => p.label))}; days: ${list(c.days)}; as of: ${list(c.asOf.map((a) => `${a.mode} ${a.date ?? ''}`.trim()))}`,
    `  places: ${list(c.places)}; entities: ${list(c.entities)}; people: ${list(c.people)}; documents: ${list(c.docs)}; national: ${c.national ? 'yes' : 'no'}`,
  ];
  if (x.corrections.length) lines.push(`corrected: ${x.corrections.map((k) => `${k.from} → ${k.to}`).join(', ')}`);
  if (x.unknown.length) lines.push(`unknown words: ${x.unknown.join(', ')}`);
  lines.push('best evidence:');
  if (!x.evidence.length) lines.push('  none');
  for (const e of x.evidence) {
    const what = e.kind === 'fact' ? `fact ${e.fact}` : 'sentence';
    const flags = [e.outOfScope ? 'out of scope' : '', e.missing.length ? `misses ${e.missing.join(', ')}` : ''].filter(Boolean).join('; ');
    lines.push(`  ${e.rank}. score ${e.score.toFixed(3)}, coverage ${e.coverage.toFixed(2)}, time fit ${e.timeFit.toFixed(2)} · ${what} · ${e.source} · ${e.asOf ?? 'undated'}${flags ? ` · ${flags}` : ''}`);
    lines.push(`     ${e.text.length > 300 ? e.text.slice(0, 299) + '…' : e.text}`);
  }
  return inertLines(lines) + '\n';
}
