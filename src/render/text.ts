/**
 * Answer → plain text (shell, CLI) and JSON. The text is for a terminal: every line is made inert
 * (src/render/terminal.ts), since questions and deadline titles come from Slack users. Compact by design: a typical answer stays well under
 * 1500 characters (points and sources are capped, long lines cut with "…", quotes left out unless asked).
 */
import type { Answer } from '../answer/types.js';
import { formatDate } from './blocks.js';
import { truncate } from './escape.js';
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

/** Plain text: headline, points with [n], notes, suggestions, then "Sources:". */
export function answerToText(answer: Answer, opts: TextOptions = {}): string {
  const budget = opts.maxChars ?? 1400;
  let points = opts.maxPoints ?? 8;
  let notes = 3;
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
  const known = new Set(answer.citations.map((c) => c.n));
  const out: string[] = [truncate(oneLine(answer.headline || '(no answer)'), 300)];

  const points = answer.points.slice(0, maxPoints);
  for (const p of points) {
    const m = [...new Set(p.cites)].filter((n) => known.has(n)).sort((a, b) => a - b).map((n) => `[${n}]`).join('');
    out.push(`- ${truncate(oneLine(p.text), pointLength)}${m ? ` ${m}` : ''}`);
  }
  if (answer.points.length > points.length) out.push(`  (${answer.points.length - points.length} more not shown)`);

  for (const n of answer.notes.slice(0, maxNotes)) out.push(`Note: ${truncate(oneLine(n), 240)}`);

  if (answer.suggestions.length && maxSuggestions > 0) {
    const label = answer.intent === 'clarify' ? 'Did you mean' : answer.answered ? 'You can also ask' : 'Try asking';
    out.push(`${label}:`);
    for (const s of answer.suggestions.slice(0, maxSuggestions)) out.push(`  ${truncate(oneLine(s.question || s.label), 120)}`);
  }

  if (answer.citations.length) {
    // Sources the shown points cite first, then the rest in order.
    const cited = new Set(points.flatMap((p) => p.cites));
    const ordered = [...answer.citations.filter((c) => cited.has(c.n)), ...answer.citations.filter((c) => !cited.has(c.n))];
    const shown = ordered.slice(0, maxCitations).sort((a, b) => a.n - b.n);
    out.push('Sources:');
    for (const c of shown) {
      const publisher = c.publisher ? truncate(oneLine(c.publisher), 60) : 'publisher not stated';
      const url = c.url ? ` — ${truncate(c.url, 300)}` : '';
      out.push(`[${c.n}] ${publisher}, ${formatDate(c.published)}, ${truncate(oneLine(c.title), 64)}${url}`);
      if (opts.quotes && c.quote) out.push(`    "${truncate(oneLine(c.quote), 240)}"`);
    }
    if (answer.citations.length > shown.length) out.push(`  (${answer.citations.length - shown.length} more sources not shown)`);
  }
  return inertLines(out);
}

export interface AnswerJson {
  question: string;
  answered: boolean;
  intent: string;
  text: string;
  citations: { source: string; title: string; publisher: string | null; published: string | null; url: string | null; quote: string }[];
}

/** JSON-ready answer: every citation in full, plus the plain text. */
export function answerToJson(answer: Answer, opts: TextOptions = {}): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
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
