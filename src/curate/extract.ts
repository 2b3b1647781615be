/**
 * Curator tooling (`integ kb extract`): proposes candidate facts from a new article for a curator
 * to review: every sentence with a figure, a date, a document number or a person's name, with its
 * verbatim quote and guesses for topic, value, unit, period, documents and people. Nothing here is
 * added to the knowledge by itself.
 *
 * It lives beside the CLI, not in src/knowledge/ (which only loads and validates the knowledge
 * base): it reads articles with the answer layer's parsing, and layers point one way
 * (knowledge → answer → cli/curate).
 *
 * Each candidate has exactly the fields of a fact (knowledge/schema.ts `Fact`), so a reviewed one
 * is copied into knowledge/facts.json as it is. What only a curator can decide is left as "TODO"
 * (or, for a figure's unit, null or a unit vocabulary.json does not write yet), which `integ kb
 * check` rejects until it is filled in; every other field is one kb check accepts (a period after
 * the article's date is left out, a unit is written as vocabulary.json writes it). Why each
 * sentence was picked, the fields left to fill in (`todo`) and what else to look at (`review`) are
 * in `notes`, apart from the facts.
 */
import type { FactInput, Qualifier, Topic, Vocabulary } from '../../knowledge/schema.js';
import { splitSentences } from '../answer/evidence.js';
import type { IntentSpec } from '../answer/intent.js';
import { Lexicon } from '../answer/lexicon.js';
import { canonical } from '../answer/normalize.js';
import { findTime } from '../answer/time.js';

/** What a curator must replace; the schema rejects it wherever it stands (ids and subjects are lower-case, topics an enum, asOf a date). */
export const TODO = 'TODO';

/** A fact as proposed: every field of `Fact`, some of them TODO. */
export type Candidate = Required<Omit<FactInput, 'topic'>> & { topic: Topic | typeof TODO };

export type Signal = 'figure' | 'date' | 'document' | 'person';

export interface CandidateNote {
  /** The candidate's id as proposed. */
  id: string;
  /** Why it was picked. */
  signals: Signal[];
  /** The fields still to fill in (kb check rejects the candidate until they are). */
  todo: (keyof Candidate)[];
  /** What else to look at, in words (a unit to add to the vocabulary, a target to date with `due`, …). */
  review: string[];
}

export interface Extraction {
  about: string;
  candidates: Candidate[];
  notes: CandidateNote[];
}

const ABOUT =
  'Candidate facts for knowledge/facts.json. Review each: fill in every field listed in its note\'s todo ' +
  '(id: <subject>.<NNN of the source>, e.g. fdi.registered.2025.005; subject: what is measured, shared with other sources\' facts about it; ' +
  'topic; statementVi: the statement in Vietnamese with the same figures; a figure\'s unit, one vocabulary.json writes in both languages), ' +
  'follow its review lines, make the statement one self-contained English sentence ending with a full stop, fix or drop the guesses, ' +
  'then copy the good ones (without their notes) into knowledge/facts.json and run `integ kb check` (README "Adding a source").';

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const FIGURE = /(?:(over|more than|about|approximately|nearly|almost|under|less than|at least|up to)\s+)?(?:US\$|USD\s?|\$|VND\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?[–-]\s?(\d+(?:\.\d+)?))?(?:\s*(%|percent\b|billion\b|million\b|thousand\b|trillion\b))?(?:\s+(USD|VND|countries and territories|countries|partners|tasks|targets|agreements|commitments|parties|organizations|organisations|projects|workers|times|documents|FTAs|activities)\b)?/i;
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const DATE = new RegExp(`${MONTH}\\s+${DAY},?\\s+\\d{4}|${DAY}\\s+(?:of\\s+)?${MONTH}\\s+\\d{4}|${MONTH}\\s+${DAY}\\b`);
const DOC = /\b(?:Resolution|Decision|Decree|Directive)\s+(?:No\.\s*)?\d+/i;
const TITLE = /^(?:Deputy Prime Minister|Prime Minister|Minister|General Secretary|President|Vice Chairman|Chairman|Comrade|Secretary)\s+/;
const PERSON = /\b(?:Prime Minister|Minister|Deputy Prime Minister|General Secretary|President|Chairman|Vice Chairman|Comrade|Secretary)\s+(?:[A-Z][a-z]+\s){1,3}[A-Z][a-z]+/;

const QUALIFIERS: Record<string, Qualifier> = { over: 'over', 'more than': 'over', about: 'about', approximately: 'about', nearly: 'nearly', almost: 'nearly', under: 'under', 'less than': 'under', 'at least': 'at least', 'up to': 'up to' };

/**
 * The sentence's main figure: dates, document numbers, years and period lengths ("first 9 months")
 * are not figures; a figure with a currency, scale or unit wins over a bare number.
 */
function findFigure(sentence: string): RegExpMatchArray | null {
  const text = sentence.replace(new RegExp(DATE.source, 'g'), ' ').replace(new RegExp(DOC.source, 'gi'), ' ');
  let bare: RegExpMatchArray | null = null;
  for (const m of text.matchAll(new RegExp(FIGURE.source, 'gi'))) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (/^(19|20)\d{2}$/.test(m[2]) && !m[4]) continue; // a year
    if (/^\s*(months?|years?|days?|weeks?|quarters?)\b/i.test(after) && !m[4]) continue; // a period length
    if (m[4] || m[5] || /US\$|USD|\$|VND/i.test(m[0])) return m;
    bare ??= m;
  }
  return bare;
}

/** The people a sentence names after their title ("Prime Minister Pham Minh Chinh" → "Pham Minh Chinh"). */
function findPeople(sentence: string): string[] {
  const names = [...sentence.matchAll(new RegExp(PERSON.source, 'g'))].map((m) => m[0].replace(TITLE, '').trim());
  return [...new Set(names)];
}

/**
 * The unit as vocabulary.json writes it (case and the British -ise spelling aside), or null when it
 * has no such unit (kb check rejects a unit it cannot write in both languages).
 */
function vocabularyUnit(unit: string, vocabulary: Vocabulary): string | null {
  const key = (u: string) => u.toLowerCase().replace(/iz(ation|e)/g, 'is$1');
  return vocabulary.units.find((u) => key(u.unit) === key(unit))?.unit ?? null;
}

export function extractCandidates(
  text: string,
  opts: {
    source: string;
    asOf: string | null;
    vocabulary: Vocabulary;
    intents: readonly IntentSpec[];
    /** The source's place (a provincial report), from its sources.json entry. */
    place?: string | null;
  },
): Extraction {
  const lexicon = new Lexicon(opts.vocabulary, []);
  const candidates: Candidate[] = [];
  const notes: CandidateNote[] = [];
  const nnn = opts.source.slice(0, 3);
  for (const sentence of splitSentences(text)) {
    // shorter than a fact's quote may be (knowledge/schema.ts): nothing to propose
    if (sentence.length < 10) continue;
    const signals: Signal[] = [];
    const fig = findFigure(sentence);
    if (fig) signals.push('figure');
    if (DATE.test(sentence)) signals.push('date');
    if (DOC.test(sentence)) signals.push('document');
    if (PERSON.test(sentence)) signals.push('person');
    if (!signals.length) continue;

    const concepts = lexicon.spans(canonical(sentence).split(' ')).flatMap((s) => s.concepts);
    let topic: Topic | null = null;
    let best = 0;
    for (const intent of opts.intents) {
      let s = 0;
      for (const c of concepts) s += intent.concepts[c] ?? 0;
      if (s > best && intent.topics[0]) {
        best = s;
        topic = intent.topics[0];
      }
    }
    const review: string[] = [];
    const time = findTime(sentence);
    const p = time.periods[0];
    const year = p?.year ?? null;
    let period = p && year ? { start: `${year}-${String(p.startMonth).padStart(2, '0')}`, end: `${year}-${String(p.endMonth).padStart(2, '0')}`, label: p.label } : null;
    if (period && opts.asOf && period.end > opts.asOf.slice(0, 7)) {
      // kb check: a period is a span the article reports on, never after its date
      review.push(`it speaks of ${period.label}, after the article's date: a target or plan? give it a "due" ({ date, precision }) with "label" and "labelVi" instead of a period`);
      period = null;
    }
    const scale = fig ? (fig[4] ?? '').toLowerCase() : '';
    const currency = fig ? (/US\$|USD|\$/i.test(fig[0]) ? 'USD' : /VND/i.test(fig[0]) ? 'VND' : '') : '';
    const guessed = fig ? [currency, scale === '%' || scale === 'percent' ? '%' : scale, fig[5] && !/USD|VND/i.test(fig[5]) ? fig[5] : ''].filter(Boolean).join(' ') || null : null;
    const unit = guessed === null ? null : (vocabularyUnit(guessed, opts.vocabulary) ?? guessed);
    const unitUnknown = unit !== null && vocabularyUnit(unit, opts.vocabulary) === null;
    if (unitUnknown) review.push(`"${unit}" is not in vocabulary.json units: add how it is written in English and Vietnamese ({ "unit", "en", "vi" }), or use a unit that is there`);
    const value = fig ? Number(fig[2].replace(/,/g, '')) : null;
    const valueMax = fig && fig[3] ? Number(fig[3]) : null;
    if (sentence.length > 400) review.push('the sentence is longer than a statement may be (400 characters): write a shorter statement, ending with a full stop');
    if (opts.place) review.push(`the source reports on ${opts.place}: a figure about ${opts.place} itself gets "place": "${opts.place}" and topic "localities"; a national one neither`);
    const candidate: Candidate = {
      id: `${TODO}.${candidates.length + 1}.${nnn}`,
      topic: topic ?? TODO,
      subject: TODO,
      statement: sentence.length > 400 ? sentence.slice(0, 399) + '…' : sentence,
      statementVi: TODO,
      value,
      valueMax: valueMax !== null && value !== null && valueMax > value ? valueMax : null,
      qualifier: fig && fig[1] ? (QUALIFIERS[fig[1].toLowerCase()] ?? null) : null,
      unit,
      period,
      asOf: opts.asOf ?? TODO,
      place: null,
      date: null,
      due: null,
      label: null,
      labelVi: null,
      docs: [...new Set([...sentence.matchAll(new RegExp(DOC.source, 'gi'))].map((m) => /\d+$/.exec(m[0])![0]))],
      people: findPeople(sentence),
      keywords: [],
      claim: null,
      source: opts.source,
      quote: sentence,
    };
    const todo: (keyof Candidate)[] = ['id', 'subject', 'statementVi'];
    if (candidate.topic === TODO) todo.push('topic');
    if (value !== null && (unit === null || unitUnknown)) todo.push('unit');
    if (candidate.asOf === TODO) todo.push('asOf');
    candidates.push(candidate);
    notes.push({ id: candidate.id, signals, todo, review });
  }
  return { about: ABOUT, candidates, notes };
}
