/**
 * Answer → plain text (shell, CLI) and JSON. The text is for a terminal: every line is made inert
 * (src/render/terminal.ts), since questions and deadline titles come from Slack users. Compact by
 * design: a typical answer stays well under 1500 characters (points and sources are capped, long
 * lines cut with "…", titles cut short, quotes left out unless asked).
 */
import type { Answer, Point } from '../answer/types.js';
import { textIn, ui } from './catalogue/index.js';
import { truncate } from './escape.js';
import { citationParts, citedSources, directAnswer, noteKind } from './parts.js';
import { inertLines } from './terminal.js';

export interface TextOptions {
  /** Points shown (default 6). */
  maxPoints?: number;
  /** Sources shown (default 6); sources cited by the shown points come first. */
  maxCitations?: number;
  /** Print each source's quote (default false). */
  quotes?: boolean;
  /** Character budget (default 1400): trailing points, then notes and suggestions, are left out to stay within it. */
  maxChars?: number;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Plain text, the same layout as Slack's without buttons: the headline; the one-line direct answer
 * (a curated fact's figure and when it holds, then its statement) as the first point, then the
 * supporting points, with [n]; timelines and disagreements, then the other notes; example
 * questions; then "Sources:", compact (publisher or site, date, the title cut short, the URL), of
 * the sources the shown points and notes cite, and only those.
 */
export function answerToText(answer: Answer, opts: TextOptions = {}): string {
  const budget = opts.maxChars ?? 1400;
  let points = opts.maxPoints ?? 8;
  let notes = 4;
  let suggestions = 3;
  let citations = opts.maxCitations ?? 6;
  // a point is cut long (a list item, a quoted sentence), shorter when nothing else is left to leave out
  let pointLength = 720;
  const render = () => renderText(answer, opts, points, notes, suggestions, citations, pointLength);
  let text = render();
  while (text.length > budget && (points > 1 || notes > 0 || suggestions > 0 || citations > 1 || pointLength > 240)) {
    if (points > 1) points--;
    else if (notes > 0) notes--;
    else if (suggestions > 0) suggestions--;
    else if (citations > 1) citations--;
    else pointLength -= 120;
    text = render();
  }
  return text;
}

function renderText(answer: Answer, opts: TextOptions, maxPoints: number, maxNotes: number, maxSuggestions: number, maxCitations: number, pointLength: number): string {
  const { lang } = answer;
  const known = new Set(answer.citations.map((c) => c.n));
  const out: string[] = [truncate(oneLine(textIn(lang, answer.headline) || ui(lang, 'ui.noAnswer')), 300)];
  const direct = directAnswer(answer);

  const points = answer.points.slice(0, maxPoints);
  points.forEach((p, i) => {
    const m = [...new Set(p.cites)].filter((n) => known.has(n)).sort((a, b) => a - b).map((n) => `[${n}]`).join('');
    // the source's words stay with the point they back (one line a point)
    const words = sourceWords(answer, p);
    const from = words ? ` — ${ui(lang, 'ui.sourceWords')}: “${truncate(oneLine(words), 240)}”` : '';
    const said = i === 0 && direct ? (direct.figure ? `${direct.figure} — ${direct.rest}` : direct.rest) : textIn(lang, p.text);
    out.push(`- ${truncate(oneLine(said), pointLength)}${m ? ` ${m}` : ''}${from}`);
  });
  if (answer.points.length > points.length) out.push(`  (${ui(lang, 'ui.morePoints', { n: answer.points.length - points.length })})`);

  // timelines and disagreements first: they are part of the answer; "Note:" for the rest
  const ordered = [...answer.notes.filter((n) => noteKind(n) !== 'other'), ...answer.notes.filter((n) => noteKind(n) === 'other')];
  const notes = ordered.slice(0, maxNotes);
  for (const n of notes) {
    const said = truncate(oneLine(textIn(lang, n)), 300);
    out.push(noteKind(n) === 'other' ? `${ui(lang, 'ui.note')}: ${said}` : said);
  }

  if (answer.suggestions.length && maxSuggestions > 0) {
    // a clarification's headline asks "Did you mean…" itself: its choices follow with no second lead-in
    if (answer.intent !== 'clarify') out.push(`${answer.answered ? ui(lang, 'ui.alsoAsk') : ui(lang, 'ui.tryAsking')}:`);
    for (const s of answer.suggestions.slice(0, maxSuggestions)) out.push(`  ${truncate(oneLine(s.question || textIn(lang, s.label)), 120)}`);
  }

  const cited = citedSources(answer.citations, points, notes);
  if (cited.length) {
    const shown = cited.slice(0, maxCitations);
    out.push(`${ui(lang, 'ui.sources')}:`);
    for (const c of shown) {
      const { by, date, title } = citationParts(c, lang);
      const url = c.url ? ` — ${truncate(c.url, 300)}` : '';
      out.push(`[${c.n}] ${[by, date, title].filter(Boolean).join(' · ')}${url}`);
      if (opts.quotes && c.quote) out.push(`    "${truncate(oneLine(c.quote), 240)}"`);
    }
    if (cited.length > shown.length) out.push(`  (${ui(lang, 'ui.moreSources', { n: cited.length - shown.length })})`);
  }
  return inertLines(out);
}

/**
 * The source's own words under a curated point in an answer that is not in the sources' language
 * (English): the statement is the curators' translation, and the reader can check it against the
 * passage it comes from. Null for answers in English.
 */
export function sourceWords(answer: Answer, p: Point): string | null {
  return answer.lang !== 'en' && p.quote ? p.quote : null;
}

export interface AnswerJson {
  question: string;
  answered: boolean;
  /** The language the answer is in (en, vi). */
  lang: string;
  intent: string;
  text: string;
  citations: { source: string; title: string; publisher: string | null; published: string | null; url: string | null; quote: string }[];
}

/** JSON-ready answer: every citation in full, plus the plain text. */
export function answerToJson(answer: Answer, opts: TextOptions = {}): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    lang: answer.lang,
    intent: answer.intent,
    text: answerToText(answer, opts),
    citations: answer.citations.map((c) => ({
      source: c.source,
      title: c.title,
      publisher: c.publisher ?? null,
      published: c.published ?? null,
      url: c.url ?? null,
      quote: c.quote,
    })),
  };
}
