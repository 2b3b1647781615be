/**
 * From ranked evidence to an Answer. The first point answers the question: the best evidence, or
 * the curated fact that says the same where one fits as well. Further points only where the
 * question asks for more (two parts, a comparison, two periods or dates, a list) or where other
 * evidence answers it equally well; the same figure from several sources is one point citing them
 * all, a figure that changed becomes a timeline, conflicting figures are "Sources differ". When
 * the question names something no evidence covers, or a time the sources do not cover, it says so
 * and cites nothing.
 */
import type { Fact, Source } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Answer, Bilingual, Citation, Figure, Lang, Named, Point, Suggestion, Text, TimeRef } from './types.js';
import { listsItems, type Evidence, type EvidenceBase, type Paragraph } from './evidence.js';
import { name, quoted, say, statement, verbatim, type FactTime, type FigureStep, type SourcesSpan, type TimeAsked } from './messages.js';
import type { Query, Unit } from './query.js';
import { canonical } from './normalize.js';
import { head } from './limits.js';
import { fitAsOf, fitTime, type Scored } from './rank.js';
import type { PeriodSlot } from './time.js';

const monthIndex = (ym: string): number => {
  const [y, m] = ym.split('-').map(Number);
  return y * 12 + (m - 1);
};

export const isFullYear = (f: Fact): boolean => !!f.period && f.period.start.endsWith('-01') && f.period.end.endsWith('-12') && f.period.start.slice(0, 4) === f.period.end.slice(0, 4);

/** A fact's period: months of one year, or a span across years. */
export function factPeriod(f: Fact): TimeRef | null {
  if (!f.period) return null;
  const [sy, sm] = f.period.start.split('-').map(Number);
  const [ey, em] = f.period.end.split('-').map(Number);
  return sy === ey ? { kind: 'months', year: sy, from: sm, to: em } : { kind: 'span', start: f.period.start, end: f.period.end };
}

/** When a fact holds: its period, else its due date, else its source's date. */
function factTime(f: Fact): FactTime {
  const period = factPeriod(f);
  if (period) return { kind: 'period', time: period };
  if (f.due) return { kind: 'due', date: f.due.date };
  return { kind: 'asOf', date: f.asOf };
}

/** One key per distinct time (for telling steps and covered times apart). */
const timeKey = (t: FactTime): string => JSON.stringify(t);

/** What a citation says about its source. */
export type SourceDetails = Pick<Citation, 'source' | 'title' | 'publisher' | 'published' | 'url'>;

/** A source's citation details from the knowledge base (its id as the title when it is unknown). */
export function sourceDetails(sourceById: ReadonlyMap<string, Source> | undefined, id: string): SourceDetails {
  const s = sourceById?.get(id);
  return { source: id, title: s?.title ?? id, publisher: s?.publisher ?? null, published: s?.published ?? null, url: s?.url ?? null };
}

/**
 * Collects numbered citations, one per source, in order of first use; a source cited for several
 * passages gathers their quotes. (Answers, deadline lists and digests all cite this way.)
 */
export class Citations {
  private readonly list: Citation[] = [];
  private readonly bySource = new Map<string, Citation>();
  constructor(private readonly sourceById?: ReadonlyMap<string, Source>) {}

  /** Cites the source of a fact (or a seed sentence) for its quote. */
  cite(f: { source: string; quote: string }): number {
    return this.citeSource(this.bySource.get(f.source) ?? sourceDetails(this.sourceById, f.source), f.quote);
  }

  /** Cites a source given its details, for a quote. */
  citeSource(details: SourceDetails, quote: string): number {
    let c = this.bySource.get(details.source);
    if (!c) {
      c = { n: this.list.length + 1, ...details, quote };
      this.list.push(c);
      this.bySource.set(details.source, c);
    } else if (!c.quote.includes(quote) && c.quote.length < 600) {
      c.quote = `${c.quote} … ${quote}`;
    }
    return c.n;
  }

  all(): Citation[] {
    return this.list;
  }
}

/** How each unit is written in each language (vocabulary.json `units`). */
export type UnitNames = ReadonlyMap<string, Bilingual>;

export function unitNames(kb: Pick<KnowledgeBase, 'vocabulary'>): UnitNames {
  return new Map(kb.vocabulary.units.map((u) => [u.unit, { en: u.en, vi: u.vi }]));
}

/** A fact's figure, null when it has none. (kb check makes sure every unit has its names.) */
export function figureOf(f: Fact, units: UnitNames): Figure | null {
  if (f.value === null) return null;
  return { value: f.value, valueMax: f.valueMax, qualifier: f.qualifier === 'exactly' ? null : f.qualifier, unit: f.unit ? (units.get(f.unit) ?? { en: `{v} ${f.unit}`, vi: `{v} ${f.unit}` }) : null };
}

/** A place, country or organisation in both languages (its vocabulary entry's Vietnamese name). */
export function placeName(place: string, kb: Pick<KnowledgeBase, 'vocabulary'>): Extract<Named, { kind: 'name' }> {
  const entity = kb.vocabulary.entities.find((e) => e.name === place);
  return name(place, entity?.nameVi ?? place);
}

/** A curated fact as a point: its statement, when it holds and where. */
export function factPoint(f: Fact, kb: Pick<KnowledgeBase, 'vocabulary'>, opts: { partialWarn: boolean }): Text {
  return say('answer.fact', {
    statement: { en: f.statement, vi: f.statementVi },
    period: factPeriod(f),
    partial: opts.partialWarn && !!f.period && !isFullYear(f),
    due: f.due?.date ?? null,
    place: f.place && !f.statement.includes(f.place) ? placeName(f.place, kb) : null,
    asOf: f.asOf,
    figure: figureOf(f, unitNames(kb)),
  });
}

const refTime = (f: Fact): number => (f.period ? monthIndex(f.period.end) : monthIndex(f.asOf.slice(0, 7)));

/** Notes about one subject's figures: a timeline when they grow over time, a disagreement otherwise. */
export function subjectNotes(facts: Fact[], units: UnitNames, cite: (f: Fact) => number): Text[] {
  const numeric = facts.filter((f) => f.value !== null);
  const distinct = new Set(numeric.map((f) => `${f.value}|${f.valueMax}`));
  if (distinct.size < 2) return [];
  const sorted = [...numeric].sort((a, b) => refTime(a) - refTime(b) || a.asOf.localeCompare(b.asOf));
  const growing = sorted.every((f, i) => i === 0 || (f.value ?? 0) >= (sorted[i - 1].value ?? 0));
  const samePeriod = new Set(numeric.map((f) => f.period?.label ?? 'none')).size < numeric.length;
  const seen = new Set<string>();
  const steps = sorted.filter((f) => {
    const k = `${f.value}|${f.valueMax}|${timeKey(factTime(f))}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const periods = new Set(numeric.map((f) => f.period?.label ?? ''));
  const flows = numeric.every((f) => f.period) && periods.size > 1;
  const step = (f: Fact, time: FactTime): FigureStep => ({ figure: figureOf(f, units)!, time, cite: cite(f) });
  if (growing && !(samePeriod && sorted.some((f, i) => i > 0 && timeKey(factTime(f)) === timeKey(factTime(sorted[i - 1])) && f.value !== sorted[i - 1].value))) {
    return [say('answer.timeline', { flows, steps: steps.map((f) => step(f, flows ? factTime(f) : { kind: 'asOf', date: f.asOf })) })];
  }
  return [say('answer.differ', { steps: steps.map((f) => step(f, factTime(f))) })];
}

/** What a claim characterises: the subject's family, the period and the place. */
export const claimKey = (f: Fact): string => `${f.subject.split('.')[0]}|${f.period?.label ?? ''}|${f.place ?? ''}`;

/** Characterisations that differ for the same thing and period ("largest record ever" vs "highest in 5 years"). */
function claimNotes(shown: Fact[], claimsByKey: ReadonlyMap<string, Fact[]>, cite: (f: Fact) => number): Text[] {
  const byThing = new Map<string, Fact[]>();
  for (const f of shown) {
    if (!f.claim || byThing.has(claimKey(f))) continue;
    byThing.set(claimKey(f), [f, ...(claimsByKey.get(claimKey(f)) ?? []).filter((x) => x !== f)]);
  }
  const notes: Text[] = [];
  for (const group of byThing.values()) {
    const seen = new Map<string, Fact>();
    for (const f of group) if (!seen.has(f.claim!.toLowerCase())) seen.set(f.claim!.toLowerCase(), f);
    if (seen.size < 2 || new Set([...seen.values()].map((f) => f.source)).size < 2) continue;
    notes.push(say('answer.claims', { claims: [...seen.values()].map((f) => ({ text: f.claim!, cite: cite(f) })) }));
  }
  return notes;
}

export function emptyAnswer(q: Pick<Query, 'raw' | 'slots'>, lang: Lang, intent: string, headline: Text, extra: Partial<Answer> = {}): Answer {
  return { question: q.raw, answered: false, lang, intent, headline, points: [], citations: [], notes: [], suggestions: [], slots: q.slots, ...extra };
}

export interface ComposeEnv {
  kb: KnowledgeBase;
  /** The language of the answer. */
  lang: Lang;
  units: UnitNames;
  base: EvidenceBase;
  /** Fact evidence by subject (timelines and merges). */
  bySubject: ReadonlyMap<string, Evidence[]>;
  claimsByKey: ReadonlyMap<string, Fact[]>;
  /** The intent that titles an answer led by this evidence. */
  titleFor(q: Query, lead: Evidence | null): { id: string; title: Bilingual };
  isStopword(word: string): boolean;
  /** How many sources and the months they span (worked out once per engine: declines say it). */
  sources?: SourcesSpan;
}

/** The lowest coverage of the question that answers it. */
export const ANSWER_COVERAGE = 0.5;
/** The least weight of matched units that answers a question with words no source uses (a rare word, or two common ones). */
const MIN_MATCHED = 4;
/** Coverage that answers a question with words no source uses, whatever the weight matched. */
const WELL_COVERED = 0.75;
/** Points in one answer at most. */
const MAX_POINTS = 5;
/** A sentence longer than this is shown around the part that answers (the citation keeps it whole). */
const LONG_SENTENCE = 420;

/** The time a question asks about ("2025", "Jan–Jul 2025", "as of Aug 2025"), for headlines; null when none. */
export function timeAsked(q: Query): TimeAsked | null {
  if (q.periods.length) return { periods: q.periods.map((p) => ({ kind: 'months', year: p.year, from: p.startMonth, to: p.endMonth })), years: [], asOf: null };
  if (q.years.length) return { periods: [], years: [...q.years], asOf: null };
  const a = q.asOf.find((x) => x.date);
  return a?.date ? { periods: [], years: [], asOf: a.date.slice(0, 7) } : null;
}

/** Something a question names, for "I have nothing on …". */
function unitName(u: Unit, env: ComposeEnv): Named {
  if (u.kind === 'doc') return { kind: 'doc', number: u.label };
  if (u.kind === 'entity') return placeName(u.label, env.kb);
  if (u.kind === 'person') return env.base.people.nameOf(u.label);
  return { kind: 'words', text: u.label };
}

/** The answer to a question from its ranked evidence. */
export function composeAnswer(q: Query, ranked: Scored[], env: ComposeEnv): Answer {
  // what no evidence at all names: "I have nothing on Resolution 154 / Da Nang / Ho Duc Phoc"
  const unheard = q.units.filter((u) => u.essential && !ranked.some((s) => s.covers[q.units.indexOf(u)] >= 0.5));
  if (unheard.length) return nothingOn(q, unheard, env);

  // with words no source uses, only a match of substance answers ("who won the world cup" matches
  // only "world")
  const unused = q.units.some((u) => u.df === 0);
  // "which city …": only evidence that names a place answers
  const placed = (e: Evidence) => !q.asks.has('place') || e.places.length > 0 || e.located.length > 0;
  // what is asked about, names apart, is something no source speaks of ("the weather in Hanoi")
  const content = q.units.filter((u) => !u.essential && !u.roleAsked);
  if (content.length && content.every((u) => u.df === 0)) return cannotAnswer(q, env);
  const eligible = ranked.filter((s) => !s.missing.length && !s.outOfScope && s.coverage > 0 && (!unused || s.matched >= MIN_MATCHED || s.coverage >= WELL_COVERED) && placed(s.e));
  // the evidence that fits best is a province's, or names something else: what is left is no answer
  const closest = ranked[0];
  const constrainedAway = closest && (closest.outOfScope || closest.missing.length > 0) && closest.coverage >= ANSWER_COVERAGE && (!eligible.length || eligible[0].coverage < closest.coverage - 0.2);
  if (constrainedAway) {
    if (closest.outOfScope && !closest.missing.length) return nationalMissing(q, closest, env);
    return nothingOn(q, closest.missing.length ? closest.missing : q.units.filter((u) => u.essential), env, topicOf(q));
  }
  if (!eligible.length || eligible[0].coverage < ANSWER_COVERAGE) {
    // named things the sources do have, but not with what was asked ("trade turnover with Germany")
    const constrained = q.units.filter((u) => u.essential);
    const unconstrained = ranked.find((s) => s.coverage >= ANSWER_COVERAGE && (s.missing.length || s.outOfScope));
    if (unconstrained && (constrained.length || q.national)) {
      if (unconstrained.outOfScope && !unconstrained.missing.length) return nationalMissing(q, unconstrained, env);
      return nothingOn(q, unconstrained.missing.length ? unconstrained.missing : constrained, env, topicOf(q));
    }
    return cannotAnswer(q, env);
  }

  // a time asked: only evidence of that time answers (part of a year asked counts, flagged as partial);
  // when none covers the question, say which times the sources do cover
  // (a question that names a figure the sources give asks about that figure, its period included:
  // "is the 7.52% a full-year figure?")
  const figureNamed = q.units.some((u) => u.kind === 'number' && (u.df ?? 0) > 0);
  if ((q.periods.length || q.years.length) && !figureNamed) {
    const timed = eligible.filter((s) => s.timeFit >= 0.9);
    if (!timed.length || timed[0].coverage < ANSWER_COVERAGE) return noDataForTime(q, eligible, env, timeAsked(q)!);
    // a figure asked for ("what was GDP growth in 2025?") where the time asked has only remarks,
    // and other times have figures: no figure for that time
    const lead = timed[0];
    const figures = eligible.filter((s) => s.e.hasFigure && s.coverage >= lead.coverage - 0.05);
    if (!lead.e.hasFigure && figures.length && !figures.some((s) => s.timeFit >= 0.9) && (q.asks.has('number') || asksWhatWas(q))) return noDataForTime(q, eligible, env, timeAsked(q)!);
    return answerFrom(q, timed, env);
  }
  return answerFrom(q, eligible, env);
}

/** "What was X …", "what is X": a question about a measure's value. */
const asksWhatWas = (q: Query): boolean => /^(what|how) (was|is|were|are|did|does) /.test(q.words.join(' '));

/** The words a question asks about, names apart, as the user typed them ("kim ngạch xuất khẩu"), or null when there are none. */
function topicOf(q: Query): Named | null {
  const units = q.units.filter((u) => !u.essential).slice(0, 4);
  if (!units.length) return null;
  // (the words of the part of the text the engine reads, each folded once)
  const tokens = head(q.raw).split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
  const folded = tokens.map((t) => canonical(t));
  return { kind: 'words', text: units.map((u) => typedWords(tokens, folded, u.words)).join(' ') };
}

/** Folded words of a question as the user typed them (with their diacritics and case), else as folded. */
function typedWords(tokens: readonly string[], folded: readonly string[], words: readonly string[]): string {
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, k) => folded[i + k] === w)) return tokens.slice(i, i + words.length).join(' ');
  }
  return words.join(' ');
}

/** "I have nothing on X in my sources." — naming it, citing nothing. */
function nothingOn(q: Query, units: Unit[], env: ComposeEnv, topic: Named | null = null): Answer {
  const seen = new Set<string>();
  const what = units.map((u) => unitName(u, env)).filter((n) => !seen.has(JSON.stringify(n)) && !!seen.add(JSON.stringify(n)));
  const { id } = env.titleFor(q, null);
  return emptyAnswer(q, env.lang, id === 'passages' ? 'none' : id, say('answer.nothingOn', { what, topic }), {
    notes: [say('answer.sources', env.sources ?? sourcesSpan(env.kb))],
  });
}

/** A national question only a province's figures cover. */
function nationalMissing(q: Query, s: Scored, env: ComposeEnv): Answer {
  const { id } = env.titleFor(q, s.e);
  const topic = topicOf(q);
  const place = placeName(s.e.places[0], env.kb);
  const question = `${place[env.lang]} ${topic?.kind === 'words' ? topic.text : ''}`.trim();
  return emptyAnswer(q, env.lang, id, say('answer.noNational', { topic }), {
    notes: [say('answer.onlyFor', { places: s.e.places.map((p) => placeName(p, env.kb)) })],
    suggestions: [{ label: verbatim(question), question }],
  });
}

/** "I have no FDI figures for 2019 in my sources", with the times they do cover, citing nothing. */
function noDataForTime(q: Query, eligible: Scored[], env: ComposeEnv, asked: TimeAsked): Answer {
  const top = eligible.filter((s) => s.coverage >= eligible[0].coverage - 0.05).slice(0, 6);
  const times = new Map<string, FactTime>();
  const add = (t: FactTime) => times.set(timeKey(t), t);
  for (const s of top) {
    if (s.e.fact) add(factTime(s.e.fact));
    else for (const p of s.e.periods) add({ kind: 'period', time: { kind: 'months', year: p.year, from: p.startMonth, to: p.endMonth } });
    if (!s.e.fact && !s.e.periods.length) for (const year of s.e.years) add({ kind: 'period', time: { kind: 'year', year } });
  }
  const { id, title } = env.titleFor(q, eligible[0].e);
  const suggestions: Suggestion[] = [];
  const askedYear = q.years[0];
  if (askedYear !== undefined) {
    const years = [...new Set(top.flatMap((s) => s.e.years))].filter((y) => y !== askedYear).sort().slice(-2);
    for (const y of years) {
      const question = q.raw.replace(String(askedYear), String(y));
      if (question !== q.raw) suggestions.push({ label: verbatim(question), question });
    }
  }
  const topic: Named | null = id === 'passages' ? topicOf(q) : name(title.en, title.vi);
  return emptyAnswer(q, env.lang, id, say('answer.noFigures', { topic, time: asked }), {
    notes: times.size ? [say('answer.covers', { times: [...times.values()] })] : [],
    suggestions,
  });
}

/** "I can't answer that from my sources", with example questions. */
export function cannotAnswer(q: Pick<Query, 'raw' | 'slots'>, env: Pick<ComposeEnv, 'kb' | 'lang'> & { sources?: SourcesSpan }, suggestions: Suggestion[] = []): Answer {
  return emptyAnswer(q, env.lang, 'none', say('answer.cannot'), {
    notes: [say('answer.sources', env.sources ?? sourcesSpan(env.kb))],
    suggestions,
  });
}

/** How many sources integ answers from, and the months of the first and the last. */
export function sourcesSpan(kb: Pick<KnowledgeBase, 'sources'>): SourcesSpan {
  // (one pass: at thousands of sources, sorting their dates for every decline would show)
  let from: string | null = null;
  let to: string | null = null;
  for (const s of kb.sources) {
    const d = s.published;
    if (!d) continue;
    if (from === null || d < from) from = d;
    if (to === null || d > to) to = d;
  }
  return { count: kb.sources.length, from: from?.slice(0, 7) ?? null, to: to?.slice(0, 7) ?? null };
}

interface Shown {
  points: Point[];
  cites: Citations;
  /** Evidence already shown (and the sentences facts quote): never shown twice. */
  used: Set<number>;
  /** The texts the points show (facts' statements, sentences), for duplicate figures. */
  texts: string[];
  /** Units the points cover so far. */
  covered: number[];
  facts: Fact[];
  factGroups: Fact[][];
  partial: boolean;
}

function answerFrom(q: Query, eligible: Scored[], env: ComposeEnv): Answer {
  const best = eligible[0];
  const lead = preferFact(best, eligible, q);
  const shown: Shown = { points: [], cites: new Citations(env.kb.sourceById), used: new Set(), texts: [], covered: q.units.map(() => 0), facts: [], factGroups: [], partial: false };
  const add = (s: Scored) => show(q, s, eligible, env, shown);

  // things put side by side: one point each, in the question's order; a list: its items in order
  const picks = partPicks(q, eligible);
  // (a fact's list is found from the sentence it quotes)
  const listFrom = lead.e.kind === 'sentence' ? lead.e : env.base.evidence[lead.e.linked[0] ?? -1];
  const items = !picks.length && q.asks.has('list') && listFrom ? listBlock(listFrom, env).slice(0, 8) : [];
  if (picks.length) {
    for (const s of picks) add(preferFact(s, eligible, q));
  } else if (items.length) {
    for (const e of items) showSentence(e, q, shown, true);
  } else {
    add(lead);
  }
  if (!items.length && !picks.length) {
    // more parts: units, periods or dates the points so far leave out (two-part questions, comparisons)
    for (let round = 0; round < 3 && shown.points.length < MAX_POINTS; round++) {
      const next = eligible.find((s) => !shown.used.has(s.e.id) && s.score >= 0.2 * lead.score && addsPart(q, s, shown));
      if (!next) break;
      add(preferFact(next, eligible, q));
    }
    // other evidence that answers the question as well (a terse question with several facets)
    for (const s of eligible) {
      if (shown.points.length >= 3) break;
      if (shown.used.has(s.e.id) || s.coverage < lead.coverage - 0.02 || s.score < 0.6 * lead.score || s.timeFit < lead.timeFit) continue;
      // a province's figure is no facet of a national answer
      if (s.e.places.length && !lead.e.places.length) continue;
      if (duplicateFigure(s.e, shown, env)) continue;
      add(preferFact(s, eligible, q));
    }
  }

  const notes: Text[] = [];
  for (const facts of shown.factGroups) notes.push(...subjectNotes(facts, env.units, (f) => shown.cites.cite(f)));
  notes.push(...claimNotes(shown.facts, env.claimsByKey, (f) => shown.cites.cite(f)));
  if (shown.partial) notes.push(say('answer.partial'));
  if (shown.points.every((p) => p.text.kind === 'msg' && p.text.key === 'answer.sentence')) notes.push(say('answer.quoted'));

  const { id, title } = env.titleFor(q, lead.e);
  const asked = timeAsked(q);
  return {
    question: q.raw,
    answered: shown.points.length > 0,
    lang: env.lang,
    intent: id,
    headline: say('answer.title', { title, time: asked }),
    points: shown.points.slice(0, MAX_POINTS + 3),
    citations: shown.cites.all(),
    notes,
    suggestions: [],
    slots: q.slots,
  };
}

/**
 * One piece of evidence for each thing a question puts side by side: each part of a comparison
 * ("registered and disbursed", "economic relations … compared with diplomatic relations"), each
 * period ("full year … compared with January–July"), each as-of date ("between the August 2025
 * meeting and the January 2026 review"). Evidence on one part alone is preferred to evidence on
 * several (it says more about each). Empty unless at least two parts are found.
 */
function partPicks(q: Query, eligible: Scored[]): Scored[] {
  const picks: Scored[] = [];
  const take = (cands: Scored[], weight: (s: Scored) => number = () => 1) => {
    const best = cands
      .filter((s) => !picks.some((p) => p.e.id === s.e.id || p.e.linked.includes(s.e.id) || s.e.linked.includes(p.e.id)))
      .map((s) => ({ s, w: s.score * weight(s) }))
      .sort((a, b) => b.w - a.w)[0];
    if (best) picks.push(best.s);
  };
  if (q.parts.length >= 2) {
    // a figure asked for: evidence that gives this part its own figure ("22 targets and 117 tasks"),
    // else evidence on this part alone (a sentence on several says less about each)
    const figures = q.asks.has('number') || q.asks.has('compare');
    for (const part of q.parts) {
      const others = q.parts.filter((p) => p !== part).flat();
      const words = part.flatMap((k) => q.units[k].words);
      take(
        eligible.filter((s) => part.every((k) => s.covers[k] >= 0.5)),
        (s) => (figures ? (figureNear(s.e, words) ? 1 : 0.6) : others.some((k) => s.covers[k] >= 0.5) ? 0.6 : 1),
      );
    }
  } else if (q.periods.length >= 2) {
    for (const p of q.periods) take(eligible.filter((s) => fitTime({ ...q, periods: [p] }, s.e) > 1));
  } else if (q.asOf.filter((a) => a.date).length >= 2) {
    // how things stand last, then how they stood before
    for (const a of [...q.asOf].sort((x, y) => (y.date ?? '').localeCompare(x.date ?? ''))) take(eligible.filter((s) => fitAsOf([a], s.e, '') > 1));
  }
  return picks.length >= 2 ? picks : [];
}

/**
 * Whether a text gives a figure next to one of these words ("22 targets", "registered FDI capital
 * will exceed US$35 billion"): a number within a few words of it that is no year and no length of
 * time ("in the last 5 years").
 */
function figureNear(e: Evidence, words: readonly string[]): boolean {
  const tokens = e.text.toLowerCase().replace(/(\d),(?=\d{3}\b)/g, '$1').split(/[^\p{L}\p{N}.]+/u).filter(Boolean);
  const stems = new Set(words.map((w) => w.slice(0, 5)));
  return tokens.some((t, i) => {
    if (!/^\d+(\.\d+)?$/.test(t) || /^(19|20)\d{2}$/.test(t) || /^(years?|months?|days?|weeks?|times)$/.test(tokens[i + 1] ?? '')) return false;
    return tokens.slice(Math.max(0, i - 6), i + 7).some((x) => stems.has(x.slice(0, 5)));
  });
}

/** The curated fact that says what a sentence says, where it fits the question as well: it carries period, unit and as-of. */
function preferFact(s: Scored, eligible: Scored[], q?: Query): Scored {
  if (s.e.kind === 'fact' || !s.e.linked.length) return s;
  // items asked for: a sentence that lists more than the fact says them all
  if (q?.asks.has('list') && listsItems(s.e.text)) return s;
  const facts = eligible.filter((x) => x.e.kind === 'fact' && s.e.linked.includes(x.e.id) && x.coverage >= s.coverage - 0.1 && x.timeFit >= s.timeFit);
  return facts.sort((a, b) => b.coverage - a.coverage || b.score - a.score)[0] ?? s;
}

/** Whether evidence adds a part of the question the points so far leave out. */
function addsPart(q: Query, s: Scored, shown: Shown): boolean {
  if (s.coverage < ANSWER_COVERAGE * 0.8) return false;
  const missingUnit = q.units.some((u, i) => shown.covered[i] < 0.5 && s.covers[i] >= 0.5 && u.weight >= 0.5);
  const multi = q.periods.length > 1 || q.asOf.length > 1 || q.asks.has('compare') || q.years.length > 1;
  if (missingUnit) return true;
  if (!multi) return false;
  // another period, year or as-of date asked for that no point shows yet
  const shownPeriods = shown.facts.flatMap((f) => (f.period ? [f.period.start + f.period.end] : []));
  const e = s.e;
  if (q.periods.length > 1 && e.fact?.period && !shownPeriods.includes(e.fact.period.start + e.fact.period.end) && s.timeFit > 1) return true;
  if (q.years.length > 1 && e.years.some((y) => q.years.includes(y)) && !shown.facts.some((f) => e.years.every((y) => f.period?.start.startsWith(String(y))))) return s.timeFit >= 1;
  if (q.asOf.length > 1 && e.asOf && !shown.facts.some((f) => f.asOf.slice(0, 7) === e.asOf!.slice(0, 7))) return q.asOf.some((a) => a.date && a.date.slice(0, 7) === e.asOf!.slice(0, 7));
  return false;
}

/** Evidence that says what a point already says: a sentence a shown fact quotes, or the same figures. */
function duplicateFigure(e: Evidence, shown: Shown, env: ComposeEnv): boolean {
  if (e.kind === 'sentence' && e.linked.some((id) => shown.used.has(id))) return true;
  const nums = figuresOf(e.text);
  if (!nums.length) return false;
  void env;
  return shown.texts.some((t) => {
    const other = figuresOf(t);
    return other.length > 0 && nums.every((n) => other.includes(n));
  });
}

const figuresOf = (text: string): string[] => [...text.replace(/(\d),(?=\d{3}\b)/g, '$1').matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]).filter((n) => !/^(19|20)\d{2}$/.test(n));

/** Shows one piece of evidence as a point (a fact with its subject's other figures, or a sentence). */
function show(q: Query, s: Scored, eligible: Scored[], env: ComposeEnv, shown: Shown): void {
  const e = s.e;
  if (shown.used.has(e.id)) return;
  shown.covered = shown.covered.map((c, i) => Math.max(c, s.covers[i]));
  if (e.kind === 'fact') {
    showFact(q, e.fact!, eligible, env, shown);
    return;
  }
  showSentence(e, q, shown, q.asks.has('list'));
}

function showSentence(e: Evidence, q: Query, shown: Shown, whole: boolean): void {
  shown.used.add(e.id);
  e.linked.forEach((id) => shown.used.add(id));
  const n = shown.cites.cite({ source: e.source, quote: e.quote });
  shown.points.push({ text: sentencePoint(e, q, whole), cites: [n] });
  shown.texts.push(e.text);
}

function sentencePoint(e: Evidence, q: Query, whole: boolean): Text {
  return say('answer.sentence', { quote: whole || e.text.length <= LONG_SENTENCE ? e.text : excerpt(e.text, q), asOf: e.asOf });
}

/** The part of a long sentence that answers: its clauses around the one that covers the most of the question. */
function excerpt(text: string, q: Query): string {
  const clauses = text.split(/(?<=[;:])\s+|\s+-\s+/);
  if (clauses.length < 2) return `${text.slice(0, LONG_SENTENCE - 1)}…`;
  const terms = q.units.flatMap((u) => u.words);
  const hits = clauses.map((c) => terms.filter((t) => c.toLowerCase().includes(t)).length);
  let best = hits.indexOf(Math.max(...hits));
  let from = best;
  let to = best;
  const len = () => clauses.slice(from, to + 1).join(' ').length;
  while (len() < LONG_SENTENCE - 80 && (from > 0 || to < clauses.length - 1)) {
    if (to < clauses.length - 1) to++;
    if (len() < LONG_SENTENCE - 80 && from > 0) from--;
  }
  best = 0;
  return `${from > 0 ? '…' : ''}${clauses.slice(from, to + 1).join(' ')}${to < clauses.length - 1 ? '…' : ''}`;
}

function showFact(q: Query, f: Fact, eligible: Scored[], env: ComposeEnv, shown: Shown): void {
  const scoreOf = new Map(eligible.filter((s) => s.e.kind === 'fact').map((s) => [s.e.fact!, s]));
  const yearOnly = !q.periods.length && q.years.length > 0;
  const timeAskedFor = q.periods.length > 0 || q.years.length > 0;
  // the subject's facts that fit the time asked (all of them when none is asked)
  let facts = (env.bySubject.get(f.subject) ?? []).map((e) => e.fact!).filter((x) => x.place === f.place);
  // (a year asked: its partial periods stay, for the timeline)
  if (timeAskedFor) facts = facts.filter((x) => x === f || fitTime(q, evidenceOf(env, x)) >= 0.9);
  const by = q.asOf.find((a) => a.mode === 'by' || a.mode === 'at');
  const rankOf = (x: Fact) => scoreOf.get(x)?.score ?? 0;
  facts.sort(
    (a, b) =>
      Number(b === f) - Number(a === f) ||
      (yearOnly ? Number(isFullYear(b)) - Number(isFullYear(a)) : 0) ||
      Number(b.value !== null) - Number(a.value !== null) ||
      (by ? 0 : refTime(b) - refTime(a) || b.asOf.localeCompare(a.asOf)) ||
      rankOf(b) - rankOf(a),
  );
  // the same figure for the same period from several sources is one point
  const groups = new Map<string, Fact[]>();
  for (const x of facts) {
    const k = x.value === null ? `|${x.period?.label ?? ''}|${x.place ?? ''}|${x.due?.date ?? ''}|${x === f ? 'lead' : x.statement}` : `${x.value}|${x.valueMax}|${x.period?.label ?? ''}|${x.place ?? ''}|${x.claim ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const changes = subjectNotes(facts, env.units, () => 0).length > 0;
  const leads = changes ? [...groups.values()].slice(0, 1) : [...groups.values()].slice(0, 1);
  for (const group of leads) {
    const lead = group.includes(f) ? f : group[0];
    if (yearOnly && lead.period && !isFullYear(lead)) shown.partial = true;
    const cites = [...new Set(group.slice(0, 3).map((x) => shown.cites.cite(x)))];
    shown.points.push({ text: factPoint(lead, env.kb, { partialWarn: yearOnly }), cites, quote: lead.quote });
    shown.texts.push(lead.statement);
  }
  for (const x of facts) {
    const e = evidenceOf(env, x);
    shown.used.add(e.id);
    e.linked.forEach((id) => shown.used.add(id));
  }
  // every fact of the same figure group counts as shown (their sentences too)
  for (const group of groups.values()) for (const x of group) if (!shown.facts.includes(x)) shown.facts.push(x);
  if (changes) shown.factGroups.push(facts);
}

/**
 * A list the question asks for, when the best sentence introduces it rather than listing it:
 * the sentence and the items that follow it in its source ("… 7 groups of tasks: Strengthening …"
 * then the next paragraphs), a run of paragraphs that start alike right after it, or the sentences
 * of a paragraph of several (its own, or the next one that has them). Empty when the sentence is
 * the list itself or nothing follows.
 */
function listBlock(e: Evidence, env: ComposeEnv): Evidence[] {
  const { base } = env;
  const para = base.paragraphOf(e);
  if (!para) return [];
  // the source's paragraphs (one run of the base's: found from this one, not by scanning them all)
  let from = para.index;
  let to = para.index;
  while (from > 0 && base.paragraphs[from - 1].source === e.source) from--;
  while (to < base.paragraphs.length - 1 && base.paragraphs[to + 1].source === e.source) to++;
  const paragraphs = base.paragraphs.slice(from, to + 1);
  const at = para.index - from;
  const first = (p: Paragraph) => base.evidence[p.ids[0]];
  const counted = /\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z ]{0,40}?:\s*\S/i.exec(e.text);
  if (counted) {
    const n = Number(counted[1]) || ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].indexOf(counted[1].toLowerCase()) + 2;
    const next = paragraphs.slice(at + 1, at + n).map(first);
    if (next.length) return [e, ...next];
  }
  // paragraphs in a row that open with the same word ("International integration in …"): the
  // run the lead's paragraph is in, or one that starts right after it
  const opening = (p: Paragraph) => p.lead.split(' ')[0];
  const runFrom = (k: number) => {
    let from = k;
    let to = k;
    while (from > 0 && opening(paragraphs[from - 1]) === opening(paragraphs[k])) from--;
    while (to < paragraphs.length - 1 && opening(paragraphs[to + 1]) === opening(paragraphs[k])) to++;
    return paragraphs.slice(from, to + 1);
  };
  for (let k = at; k <= Math.min(at + 3, paragraphs.length - 1); k++) {
    const run = runFrom(k);
    if (run.length >= 3 && !env.isStopword(opening(run[0]))) return run.map(first);
  }
  // a sentence that lists its items itself is the list
  if (listsItems(e.text)) return [];
  // a paragraph of several sentences, the lead among them: the paragraph is the list
  if (para.ids.length >= 3) return para.ids.map((id) => base.evidence[id]);
  return [];
}


export type { PeriodSlot };

/** The evidence of a curated fact. */
function evidenceOf(env: ComposeEnv, f: Fact): Evidence {
  return env.bySubject.get(f.subject)!.find((e) => e.fact === f)!;
}
