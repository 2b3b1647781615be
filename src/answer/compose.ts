/**
 * From ranked facts to an Answer: keep the facts of the period asked for (or say which periods
 * exist), group them by subject, merge the same figure reported by several sources, show changes
 * over time as a timeline and conflicting figures as a disagreement, and number the citations.
 */
import type { Fact, Source } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Answer, Citation, Point, Slots, Suggestion } from './types.js';
import { claimKey, type FactIndex, type ScoredFact } from './facts.js';
import type { Query } from './understand.js';
import { periodLabel } from './slots.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-08-26" → "26 Aug 2025"; "2025-09" → "Sep 2025"; "2027" → "2027". */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (!m) return y;
  if (!d) return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

const monthIndex = (ym: string): number => {
  const [y, m] = ym.split('-').map(Number);
  return y * 12 + (m - 1);
};

/** The years a fact speaks of: its period's, else its date's or due date's, else its as-of year. */
export function factYears(f: Fact): number[] {
  if (f.period) {
    const a = Number(f.period.start.slice(0, 4));
    const b = Number(f.period.end.slice(0, 4));
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const ys = new Set<number>();
  if (f.date) ys.add(Number(f.date.slice(0, 4)));
  if (f.due) ys.add(Number(f.due.date.slice(0, 4)));
  if (!ys.size) ys.add(Number(f.asOf.slice(0, 4)));
  return [...ys];
}

export const isFullYear = (f: Fact): boolean => !!f.period && f.period.start.endsWith('-01') && f.period.end.endsWith('-12') && f.period.start.slice(0, 4) === f.period.end.slice(0, 4);

/** Whether a fact covers the time a question asks about. */
export function matchesTime(f: Fact, slots: Slots): boolean {
  const p = slots.period;
  if (p) {
    if (!f.period) return false;
    const [sy, sm] = f.period.start.split('-').map(Number);
    const [ey, em] = f.period.end.split('-').map(Number);
    if (sy !== ey || sm !== p.startMonth || em !== p.endMonth) return false;
    return p.year === null || sy === p.year;
  }
  if (slots.years.length) {
    const ys = factYears(f);
    // a fact without a period that names the year itself ("nearly 100 times compared to 1986")
    return slots.years.some((y) => ys.includes(y) || (!f.period && f.statement.includes(String(y))));
  }
  return true;
}

export const timeAsked = (slots: Slots): string | null =>
  slots.period ? slots.period.label : slots.years.length ? slots.years.join(', ') : null;

/** A period's label in one style: "Jan–Jul 2025", "first half of 2025", "full year 2025"; the curator's for longer spans. */
export function periodText(f: Fact): string | null {
  if (!f.period) return null;
  const [sy, sm] = f.period.start.split('-').map(Number);
  const [ey, em] = f.period.end.split('-').map(Number);
  return sy === ey ? periodLabel(sm, em, sy) : f.period.label;
}

function timeLabel(f: Fact): string {
  if (f.period) return periodText(f)!;
  if (f.due) return `due ${formatDay(f.due.date)}`;
  return `as of ${formatDay(f.asOf)}`;
}

/** What a citation says about its source. */
export type SourceDetails = Pick<Citation, 'source' | 'title' | 'publisher' | 'published' | 'url'>;

/** A source's citation details from the knowledge base (its id as the title when it is unknown). */
export function sourceDetails(sourceById: ReadonlyMap<string, Source> | undefined, id: string): SourceDetails {
  const s = sourceById?.get(id);
  return { source: id, title: s?.title ?? id, publisher: s?.publisher ?? null, published: s?.published ?? null, url: s?.url ?? null };
}

/**
 * Collects numbered citations, one per source, in order of first use; a source cited for several
 * passages gathers their quotes. (Answers, passages, deadline lists and digests all cite this way.)
 */
export class Citations {
  private readonly list: Citation[] = [];
  private readonly bySource = new Map<string, Citation>();
  constructor(private readonly sourceById?: ReadonlyMap<string, Source>) {}

  /** Cites the source of a fact (or a seed passage) for its quote. */
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

export function pointText(f: Fact, opts: { partialWarn: boolean }): string {
  const ctx: string[] = [];
  if (f.period) ctx.push(periodText(f) + (opts.partialWarn && !isFullYear(f) ? ', partial year' : ''));
  if (f.due) ctx.push(`due ${formatDay(f.due.date)}`);
  if (f.place && !f.statement.includes(f.place)) ctx.push(f.place);
  ctx.push(`as of ${formatDay(f.asOf)}`);
  return `${f.statement} (${ctx.join(' · ')})`;
}

// made on first use: the first Intl object of a process loads ICU data (~15 ms of start-up)
let number: Intl.NumberFormat | null = null;

export function valueText(f: Fact): string {
  if (f.value === null) return '';
  const n = (x: number) => (number ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(x);
  const v = f.valueMax !== null ? `${n(f.value)}–${n(f.valueMax)}` : n(f.value);
  const q = f.qualifier && f.qualifier !== 'exactly' ? `${f.qualifier} ` : '';
  const unit = f.unit ?? '';
  if (unit.startsWith('USD ')) return `${q}US$${v} ${unit.slice(4)}`;
  if (unit.startsWith('VND ')) return `${q}VND ${v} ${unit.slice(4)}`;
  if (unit === '%') return `${q}${v}%`;
  return `${q}${v}${unit ? ` ${unit}` : ''}`;
}

export interface IntentInfo {
  id: string;
  title: string;
  /** The topics of the facts the intent is about. */
  topics?: readonly string[];
}

export interface ComposeOptions {
  /** At most this many subjects (distinct things) in one answer. */
  maxSubjects?: number;
  /** A subject is included when its best score is at least this share of the top score. */
  ratio?: number;
  /** The top fact must cover at least this share of the question's words. */
  minCoverage?: number;
  /** Facts eligible at all (place filter, etc.). */
  filter?: (f: Fact) => boolean;
  headline?: string;
  /** Sort points within a subject: by time (default) or keep rank order. */
  order?: 'time' | 'rank';
}

export interface ComposeEnv {
  kb: KnowledgeBase;
  index: FactIndex;
}

const refTime = (f: Fact): number => (f.period ? monthIndex(f.period.end) : monthIndex(f.asOf.slice(0, 7)));

/** Notes about one subject's figures: a timeline when they grow over time, a disagreement otherwise. */
function subjectNotes(facts: Fact[], cite: (f: Fact) => number): string[] {
  const numeric = facts.filter((f) => f.value !== null);
  const distinct = new Set(numeric.map((f) => `${f.value}|${f.valueMax}`));
  const notes: string[] = [];
  if (distinct.size >= 2) {
    const sorted = [...numeric].sort((a, b) => refTime(a) - refTime(b) || a.asOf.localeCompare(b.asOf));
    const growing = sorted.every((f, i) => i === 0 || (f.value ?? 0) >= (sorted[i - 1].value ?? 0));
    const samePeriod = new Set(numeric.map((f) => f.period?.label ?? 'none')).size < numeric.length;
    const seen = new Set<string>();
    const steps = sorted.filter((f) => {
      const k = `${f.value}|${f.valueMax}|${timeLabel(f)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const periods = new Set(numeric.map((f) => f.period?.label ?? ''));
    const flows = numeric.every((f) => f.period) && periods.size > 1;
    if (growing && !(samePeriod && sorted.some((f, i) => i > 0 && timeLabel(f) === timeLabel(sorted[i - 1]) && f.value !== sorted[i - 1].value))) {
      notes.push(`${flows ? 'By period' : 'Over time'}: ${steps.map((f) => `${valueText(f)} (${flows ? timeLabel(f) : `as of ${formatDay(f.asOf)}`}) [${cite(f)}]`).join(' → ')}.`);
    } else {
      notes.push(`Sources differ: ${steps.map((f) => `${valueText(f)} (${timeLabel(f)}) [${cite(f)}]`).join(' vs ')}.`);
    }
  }
  return notes;
}

/** Characterisations that differ for the same thing and period ("largest record ever" vs "highest in 5 years"). */
function claimNotes(shown: Fact[], claimsByKey: ReadonlyMap<string, Fact[]>, cite: (f: Fact) => number): string[] {
  const byThing = new Map<string, Fact[]>();
  for (const f of shown) {
    if (!f.claim || byThing.has(claimKey(f))) continue;
    // the shown fact first, then every other characterisation of the same thing
    byThing.set(claimKey(f), [f, ...(claimsByKey.get(claimKey(f)) ?? []).filter((x) => x !== f)]);
  }
  const notes: string[] = [];
  for (const group of byThing.values()) {
    const seen = new Map<string, Fact>();
    for (const f of group) if (!seen.has(f.claim!.toLowerCase())) seen.set(f.claim!.toLowerCase(), f);
    if (seen.size < 2 || new Set([...seen.values()].map((f) => f.source)).size < 2) continue;
    notes.push(`Sources describe it differently: ${[...seen.values()].map((f) => `“${f.claim}” [${cite(f)}]`).join(' vs ')}.`);
  }
  return notes;
}

/** The question asks for a number ("how many", "how much", "bao nhiêu", "number of"). */
export const wantsFigure = (q: Query): boolean => /(^| )(how many|how much|bao nhieu|so luong|number of)( |$)/.test(q.text);

export function emptyAnswer(q: Query, intent: string, headline: string, extra: Partial<Answer> = {}): Answer {
  return { question: q.raw, answered: false, intent, headline, points: [], citations: [], notes: [], suggestions: [], slots: q.slots, ...extra };
}

/**
 * The general answer from ranked facts. Returns null when the facts do not cover the question
 * (the caller then tries another intent or the passage fallback).
 */
export function composeFacts(q: Query, env: ComposeEnv, intent: IntentInfo, ranked: ScoredFact[], opts: ComposeOptions = {}): Answer | null {
  const { maxSubjects = 3, ratio = 0.7, minCoverage = 0.5 } = opts;
  // how much of the question a fact covers weighs as much as how well its words match
  const eligible = (opts.filter ? ranked.filter((s) => opts.filter!(s.fact)) : ranked)
    .map((s) => ({ ...s, score: s.score * (0.25 + s.coverage) }))
    .sort((a, b) => b.score - a.score);
  const top = eligible[0];
  if (!top || top.coverage < minCoverage) return null;

  const asked = timeAsked(q.slots);
  const yearAsked = !q.slots.period && q.slots.years.length > 0;
  // asked for a year, a full-year figure answers better than part of the year or a figure merely reported that year
  const inTime = (asked ? eligible.filter((s) => matchesTime(s.fact, q.slots)) : eligible)
    .map((s) => (yearAsked && !isFullYear(s.fact) ? { ...s, score: s.score * 0.75 } : s))
    .sort((a, b) => b.score - a.score);
  const best = inTime[0];
  // "how many …" in a period where only commentary matches, while figures exist for other periods;
  // likewise commentary tied to the year asked only by when it was reported ("exports 2026": a
  // remark of January 2026 on exporters is not a figure for 2026)
  const reportedOnly = (f: Fact) => !f.period && !q.slots.years.some((y) => f.statement.includes(String(y)));
  const figureMissing =
    !!best && best.fact.value === null && (wantsFigure(q) || reportedOnly(best.fact)) && eligible.some((e) => e.fact.value !== null && e.coverage >= best.coverage);
  // only facts on another topic in the time asked ("fdi this year": an FTA fact that mentions investment)
  const offTopic = !!best && !!intent.topics?.includes(top.fact.topic) && !intent.topics.includes(best.fact.topic);
  if (asked && (!best || best.coverage < top.coverage - 0.01 || best.score < 0.3 * top.score || figureMissing || offTopic)) {
    return noDataForTime(q, env, intent, eligible, asked, { ratio, maxSubjects });
  }

  // choose subjects
  const subjects: string[] = [];
  for (const s of inTime) {
    if (subjects.length >= maxSubjects) break;
    if (s.score < ratio * best.score || s.coverage < Math.min(minCoverage, best.coverage)) break;
    if (!subjects.includes(s.fact.subject)) subjects.push(s.fact.subject);
  }

  const cites = new Citations(env.kb.sourceById);
  const points: Point[] = [];
  const notes: string[] = [];
  const yearOnly = !q.slots.period && q.slots.years.length > 0;
  let partialShown = false;

  const shown: Fact[] = [];
  const pendingNotes: Fact[][] = [];
  const rankOf = new Map(inTime.map((s, i) => [s.fact, i]));
  const byRank = (a: Fact, b: Fact) => (rankOf.get(a) ?? 1e9) - (rankOf.get(b) ?? 1e9);
  for (const subject of subjects) {
    let facts = (env.index.bySubject.get(subject) ?? []).filter((f) => (!opts.filter || opts.filter(f)) && (!asked || matchesTime(f, q.slots)));
    if (opts.order === 'rank') {
      facts = facts.sort(byRank);
    } else {
      // full-year first when a year is asked, figures before commentary, then the latest
      facts = facts.sort(
        (a, b) =>
          (yearOnly ? Number(isFullYear(b)) - Number(isFullYear(a)) : 0) ||
          Number(b.value !== null) - Number(a.value !== null) ||
          refTime(b) - refTime(a) ||
          b.asOf.localeCompare(a.asOf) ||
          byRank(a, b),
      );
    }
    // merge the same figure for the same period from several sources into one point
    const groups = new Map<string, Fact[]>();
    for (const f of facts) {
      // (statements without a figure about the same subject say the same thing: one point, all its
      // sources; one that sets a due date says more, and is a point of its own)
      const k = f.value === null ? `|${f.period?.label ?? ''}|${f.place ?? ''}|${f.due?.date ?? ''}` : `${f.value}|${f.valueMax}|${f.period?.label ?? ''}|${f.place ?? ''}|${f.claim ?? ''}`;
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    // a figure that changed over time or differs between sources: the lead figure, then the
    // timeline or the disagreement (which cites every figure) as a note; the notes are written
    // after the points so that citations are numbered in the order a reader meets them
    const changes = subjectNotes(facts, () => 0).some((n) => /^(Over time|By period|Sources differ)/.test(n));
    const leads = changes ? [...groups.values()].slice(0, 1) : [...groups.values()];
    for (const group of leads) {
      const lead = [...group].sort(byRank)[0]; // the statement that best answers the question leads
      if (yearOnly && lead.period && !isFullYear(lead)) partialShown = true;
      points.push({ text: pointText(lead, { partialWarn: yearOnly }), cites: [...new Set(group.slice(0, 3).map((f) => cites.cite(f)))] });
    }
    shown.push(...facts);
    pendingNotes.push(facts);
  }
  for (const facts of pendingNotes) notes.push(...subjectNotes(facts, (f) => cites.cite(f)));
  notes.push(...claimNotes(shown, env.index.claimsByKey, (f) => cites.cite(f)));
  if (partialShown) notes.push('Figures for part of a year are partial-period totals, not full-year ones.');

  const headline = opts.headline ?? `${intent.title}${asked ? ` — ${asked}` : ''}`;
  return {
    question: q.raw,
    answered: points.length > 0,
    intent: intent.id,
    headline,
    points: points.slice(0, 5),
    citations: cites.all(),
    notes,
    suggestions: [],
    slots: q.slots,
  };
}

/** "I have no figures for 2019; I have Jan–Jul 2025 and full year 2025", citing nothing. */
function noDataForTime(q: Query, env: ComposeEnv, intent: IntentInfo, eligible: ScoredFact[], asked: string, o: { ratio: number; maxSubjects: number }): Answer {
  const top = eligible[0];
  const subjects = new Set<string>();
  for (const s of eligible) {
    if (s.score < o.ratio * top.score || subjects.size >= o.maxSubjects) break;
    subjects.add(s.fact.subject);
  }
  const facts = [...subjects].flatMap((s) => env.index.bySubject.get(s) ?? []);
  const labels = [...new Set(facts.map((f) => (f.period ? periodText(f)! : f.due ? `due ${formatDay(f.due.date)}` : `as of ${formatDay(f.asOf)}`)))];
  const years = [...new Set(facts.flatMap(factYears))].sort();
  const suggestions: Suggestion[] = [];
  const askedYear = q.slots.years[0];
  if (askedYear !== undefined) {
    for (const y of years.filter((y) => y !== askedYear).slice(-2)) {
      const question = q.raw.replace(String(askedYear), String(y));
      if (question !== q.raw) suggestions.push({ label: question, question });
    }
  }
  return emptyAnswer(q, intent.id, `I have no ${intent.title.toLowerCase()} figures for ${asked} in my sources.`, {
    notes: [`What my sources do cover: ${labels.join('; ')}.`],
    suggestions,
  });
}
