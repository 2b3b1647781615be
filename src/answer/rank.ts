/**
 * One ranking over all the evidence (evidence.ts): curated facts and every seed sentence compete
 * for every question. A piece of evidence scores by how much of the question it covers (each unit
 * weighted by how rare it is, so the words that make a question specific count most), how well its
 * time fits the period, year or as-of date asked, whether it is the kind of answer asked for (a
 * figure, a person, a date, a place, a period), and whether it keeps to the question's scope
 * (a province's figure never answers a national question). Curated facts are preferred where they
 * fit; a sentence that fits clearly better wins. Named people, places, countries, organisations and
 * documents are constraints: evidence that does not name them cannot answer.
 */
import { ImpactIndex } from './bm25.js';
import { hasTerm, holderKey, type Evidence, type EvidenceBase, type RoleMention, type TermDict } from './evidence.js';
import { entityTerm } from './lexicon.js';
import type { Query, Unit } from './query.js';
import type { AsOf, PeriodSlot } from './time.js';

export interface Scored {
  e: Evidence;
  /** Weighted share of the question's units it covers (0..1). */
  coverage: number;
  /** The weight of the units it covers (how much of substance it matches). */
  matched: number;
  /** Per unit of the question: how much it covers it (0..1). */
  covers: number[];
  /** Essential units it does not cover (it cannot answer). */
  missing: Unit[];
  /** How well its time fits the time asked (1 = nothing asked). */
  timeFit: number;
  /** It is outside the question's scope (a province's figure for a national question). */
  outOfScope: boolean;
  score: number;
}

/** Multipliers of a piece of evidence's score (all near 1: coverage decides, these break near-ties). */
const FIT = {
  periodMatch: 1.25,
  periodOther: 0.5,
  periodNone: 0.8,
  yearMatch: 1.15,
  yearPartial: 0.9,
  yearOther: 0.45,
  yearNone: 0.75,
  asOfBefore: 1.15,
  asOfAfter: 0.6,
  asOfSameMonth: 1.2,
  asOfOtherMonth: 0.75,
  typeMatch: 1.15,
  typeMiss: 0.75,
  local: 0.8,
  fact: 1.1,
  headline: 0.85,
  figure: 1.05,
} as const;

/** The weight of a question word no evidence uses: a common word (a paraphrase), or any other. */
const UNUSED_COMMON_WORD = 1;
const UNUSED_WORD = 3;

/** Candidates scored per question (the best by their index score). */
const CANDIDATES = 150;

export class Ranker {
  private readonly index: ImpactIndex;
  readonly size: number;

  constructor(private readonly base: EvidenceBase) {
    const names = base.dict.names;
    this.index = new ImpactIndex(base.evidence.map((e) => [
      { terms: e.terms.map((id) => names[id]), boost: 1 },
      { terms: e.hints.map((id) => names[id]), boost: 0.6 },
    ]));
    this.size = base.evidence.length;
  }

  /** Evidence pieces naming a term. */
  frequency(term: string): number {
    return this.index.docFrequency(term);
  }

  /** Gives each unit its weight: the rarer its terms among the evidence, the more it counts. */
  weigh(q: Query): void {
    const n = this.size;
    for (const u of q.units) {
      const df = Math.max(...u.terms.map((t) => this.frequency(t)));
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      u.df = df;
      // a word no evidence uses: a common word is most likely a paraphrase ("stretch of time",
      // "put out"), and counts little; any other (a name, a term) is the sign that the question
      // is about something the sources do not cover, and counts like a rare word
      u.weight = df === 0 ? (u.common ? UNUSED_COMMON_WORD : UNUSED_WORD) : Math.min(6, Math.max(0.25, idf));
      if (u.roleAsked) u.weight *= 0.3;
    }
  }

  /** Ranks the evidence for a question (units weighed), best first. */
  rank(q: Query): Scored[] {
    const terms = [...new Set(q.units.flatMap((u) => u.terms))];
    if (!terms.length) return [];
    const hits = this.index.search(terms, CANDIDATES);
    if (!hits.length) return [];
    const top = hits[0].score;
    const units = q.units;
    let total = 0;
    for (const u of units) total += u.weight;
    total ||= 1;
    let newest = '';
    if (q.asOf.some((a) => a.mode === 'latest')) for (const h of hits) newest = maxDay(newest, this.base.evidence[h.doc].asOf);
    const out: Scored[] = [];
    const ids = units.map((u) => unitIds(u, this.base.dict, this.base.holders));
    for (const h of hits) {
      const e = this.base.evidence[h.doc];
      const covers = new Array<number>(units.length);
      let matched = 0;
      let missing: Unit[] = NONE;
      for (let i = 0; i < units.length; i++) {
        const c = coverageOf(units[i], e, ids[i]);
        covers[i] = c;
        matched += c * units[i].weight;
        if (units[i].essential && c < 0.5) missing = missing === NONE ? [units[i]] : [...missing, units[i]];
      }
      const coverage = matched / total;
      const timeFit = fitTime(q, e);
      const outOfScope = q.places.length === 0 && e.places.length > 0 && q.national;
      let score = coverage * coverage * (0.85 + 0.15 * (h.score / top)) * timeFit * fitAsOf(q.asOf, e, newest) * fitType(q, e);
      if (q.places.length === 0 && e.places.length > 0) score *= FIT.local;
      if (e.kind === 'fact') score *= FIT.fact;
      if (e.headline) score *= FIT.headline;
      // a question bound to a time asks for what happened then: figures answer it best
      if ((q.years.length || q.periods.length) && e.hasFigure) score *= FIT.figure;
      // a general question is answered less well by what one document says
      if (!q.docs.length && e.docs.length) score *= 0.9;
      out.push({ e, coverage, matched, covers, missing, timeFit, outOfScope, score });
    }
    return out.sort((a, b) => b.score - a.score || a.e.id - b.e.id);
  }
}

const NONE: Unit[] = [];
const maxDay = (a: string, b: string | null): string => (b !== null && b > a ? b : a);

/**
 * What a unit is matched by, worked out once per question (not once per piece of evidence): its
 * term ids (-1: no evidence has the term), the id of the body a title is of, a person's key, an
 * office's concepts and the people who hold it, a document's number.
 */
export function unitIds(u: Unit, dict: TermDict, holders?: ReadonlyMap<string, ReadonlySet<string>>): UnitIds {
  const concepts = u.kind === 'title' ? u.terms.map((t) => t.slice(2)) : [];
  return {
    terms: u.terms.map((t) => dict.id(t)),
    body: u.of ? dict.id(entityTerm(u.of)) : -1,
    person: u.kind === 'person' ? u.terms[0].slice(2).replace(/_/g, ' ') : '',
    concepts,
    holders: concepts.flatMap((c) => [...(holders?.get(holderKey({ concept: c, deputy: !!u.deputy, of: u.of })) ?? [])]),
    doc: u.kind === 'doc' ? u.terms[0].slice(4) : '',
  };
}

export interface UnitIds {
  terms: number[];
  body: number;
  person: string;
  concepts: string[];
  holders: string[];
  doc: string;
}

/** How much a piece of evidence covers one unit of a question (`ids`: the unit's, unitIds). */
export function coverageOf(u: Unit, e: Evidence, ids: UnitIds): number {
  switch (u.kind) {
    case 'person': {
      if (e.people.has(ids.person)) return 1;
      return e.sourcePeople.has(ids.person) ? 0.8 : 0;
    }
    case 'title': {
      // a deputy head is not the head: the office must be the one asked for; a source whose title
      // names it ("Prime Minister: …") is that office's speech
      const match = (r: RoleMention) => ids.concepts.includes(r.concept) && r.deputy === !!u.deputy && (!u.of || r.of === u.of || hasTerm(e.terms, ids.body));
      if (e.roles.length && e.roles.some(match)) return 1;
      if (e.sourceRoles.length && e.sourceRoles.some(match)) return 0.8;
      // "the acting foreign minister said": evidence of the person who holds it
      return ids.holders.some((p) => e.people.has(p) || e.sourcePeople.has(p)) ? 0.8 : 0;
    }
    case 'doc':
      // a source about a document ("Key contents of Resolution No. 59-NQ/TW …"): "the Resolution" there is it
      if (hasTerm(e.terms, ids.terms[0])) return 1;
      return e.sourceDocs.includes(ids.doc) ? 0.8 : 0;
    default:
      for (const id of ids.terms) if (hasTerm(e.terms, id)) return 1;
      // (a curator's keyword is a weaker sign than the statement's own words)
      for (const id of ids.terms) if (hasTerm(e.hints, id)) return 0.6;
      return 0;
  }
}

const samePeriod = (a: PeriodSlot, b: PeriodSlot) => a.startMonth === b.startMonth && a.endMonth === b.endMonth && (a.year === null || b.year === null || a.year === b.year);

/** How well a piece of evidence's time fits the period or years asked. */
export function fitTime(q: Query, e: Evidence): number {
  if (q.periods.length) {
    if (e.periods.some((p) => q.periods.some((x) => samePeriod(p, x)))) return FIT.periodMatch;
    // a whole year asked: evidence of that year that names no part of it is about the year
    const years = q.periods.filter((p) => p.startMonth === 1 && p.endMonth === 12 && p.year !== null).map((p) => p.year);
    if (!e.periods.length && !e.yearsInherited && e.years.some((y) => years.includes(y))) return FIT.periodMatch;
    return e.periods.length ? FIT.periodOther : FIT.periodNone;
  }
  if (q.years.length) {
    const ys = e.years;
    // years only inherited from the sentences before: a hint, not a claim
    if (e.yearsInherited) return ys.some((y) => q.years.includes(y)) ? 1 : 0.85;
    if (ys.some((y) => q.years.includes(y))) {
      // a year asked: a figure for part of it answers less well than the full year
      const partial = e.periods.length > 0 && e.periods.every((p) => !(p.startMonth === 1 && p.endMonth === 12));
      return partial ? FIT.yearPartial : FIT.yearMatch;
    }
    if (ys.length) return FIT.yearOther;
    // reported in the year asked, but not about it: not a figure for that year
    return e.asOf && q.years.includes(Number(e.asOf.slice(0, 4))) ? 0.85 : FIT.yearNone;
  }
  return 1;
}


const monthOf = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));

/** How well a piece of evidence's as-of date fits "by August 2025", "at the January 2026 conference", "latest". */
export function fitAsOf(asOf: readonly AsOf[], e: Evidence, newest: string): number {
  if (!asOf.length || !e.asOf) return 1;
  let best = 0;
  for (const a of asOf) {
    let f = 1;
    if (a.mode === 'latest') f = e.asOf === newest ? 1.1 : 1;
    else if (!a.date && a.month) f = Number(e.asOf.slice(5, 7)) === a.month ? FIT.asOfSameMonth : FIT.asOfOtherMonth;
    else if (a.mode === 'by') f = e.asOf <= a.date! ? FIT.asOfBefore - 0.1 * Math.min(1, (monthOf(a.date!) - monthOf(e.asOf)) / 24) : FIT.asOfAfter;
    else f = monthOf(e.asOf) === monthOf(a.date!) ? FIT.asOfSameMonth : Math.abs(monthOf(e.asOf) - monthOf(a.date!)) <= 1 ? 1 : FIT.asOfOtherMonth;
    best = Math.max(best, f);
  }
  return best;
}

/** Whether a piece of evidence is the kind of answer asked for. */
export function fitType(q: Query, e: Evidence): number {
  let f = 1;
  // a document asked about is introduced by the evidence that names it first, with its date
  if (q.docs.length && q.docs.includes(e.docs[0]) && (e.days.length || e.fact?.date)) f *= FIT.typeMatch;
  // a comparison of measures is answered by their figures
  if (q.asks.has('number') || q.asks.has('compare')) f *= e.hasFigure ? FIT.typeMatch : FIT.typeMiss;
  // "who issued it": a person, or a body
  if (q.asks.has('person')) f *= e.people.size || e.bodies.length ? FIT.typeMatch : FIT.typeMiss;
  if (q.asks.has('date')) f *= e.days.length || e.due ? FIT.typeMatch : FIT.typeMiss;
  if (q.asks.has('period')) f *= e.periods.length ? FIT.typeMatch : FIT.typeMiss;
  if (q.asks.has('role')) f *= e.roles.length ? FIT.typeMatch : FIT.typeMiss;
  // items asked for: evidence that lists several ("…, …, and …") answers better
  if (q.asks.has('list')) f *= e.listsItems ? FIT.typeMatch : 0.9;
  if (q.asks.has('place')) f *= e.places.length || e.located.length ? FIT.typeMatch : 0.9;
  return f;
}
