/**
 * The parts of an answer both renderers show (Block Kit in ./blocks.ts, plain text in ./text.ts),
 * so that Slack and the terminal read the same: a one-line direct answer from the top point (a
 * curated fact's figure and when it holds, then its statement), the supporting points, timelines
 * and disagreements as part of the body, and compact citations (publisher or the source's site,
 * date, the title cut short) of the sources the shown points and notes cite, and only those.
 * Everything here is raw text in the answer's language: each renderer escapes it its own way.
 */
import type { AnswerMessages } from '../answer/messages.js';
import type { Answer, Citation, Lang, Point, Text } from '../answer/types.js';
import { textIn, ui } from './catalogue/index.js';
import { truncate } from './escape.js';
import { formatterFor } from './format.js';

/** A citation's title is cut to this many characters (with "…") in an answer; the "Show sources" reply has it whole. */
export const CITATION_TITLE = 60;
/** A publisher's name is cut to this many characters in an answer. */
export const CITATION_PUBLISHER = 50;

/** The one-line direct answer: the figure and when it holds (null for a point without one), then what the point says. */
export interface Direct {
  figure: string | null;
  rest: string;
}

/** The params of a text when it is the catalogue message `key`, else null. */
function paramsOf<K extends keyof AnswerMessages>(t: Text, key: K): AnswerMessages[K] | null {
  return t.kind === 'msg' && t.key === key ? (t.params as AnswerMessages[K]) : null;
}

/**
 * The direct answer an answer leads with: its top point when that is a curated fact (its figure
 * and time first, where it has a figure) or a source's sentence. Null when the answer has no such
 * point (declines, help, deadline lists and digests lead with their headline).
 */
export function directAnswer(answer: Answer): Direct | null {
  const top = answer.points[0];
  if (!answer.answered || !top) return null;
  const { lang } = answer;
  const p = paramsOf(top.text, 'answer.fact');
  if (p) {
    // a fact without a figure (who chairs, what was agreed) leads with all it says
    if (!p.figure) return { figure: null, rest: textIn(lang, top.text) };
    const time = p.period ? { kind: 'period' as const, time: p.period } : p.due ? { kind: 'due' as const, date: p.due } : { kind: 'asOf' as const, date: p.asOf };
    return {
      figure: ui(lang, 'ui.directFigure', { figure: p.figure, time, partial: p.partial }),
      rest: ui(lang, 'ui.directStatement', { statement: p.statement, place: p.place }),
    };
  }
  if (paramsOf(top.text, 'answer.sentence')) return { figure: null, rest: textIn(lang, top.text) };
  return null;
}

export type NoteKind = 'timeline' | 'differ' | 'other';

/** Timelines ("By period: A → B") and disagreements ("Sources differ", "describe it differently") are part of the answer's body. */
export function noteKind(note: Text): NoteKind {
  if (paramsOf(note, 'answer.timeline')) return 'timeline';
  if (paramsOf(note, 'answer.differ') || paramsOf(note, 'answer.claims')) return 'differ';
  return 'other';
}

/** The citation numbers a note names (a timeline's or a disagreement's steps). */
export function noteCites(note: Text): number[] {
  const steps = paramsOf(note, 'answer.timeline') ?? paramsOf(note, 'answer.differ');
  if (steps) return steps.steps.map((s) => s.cite);
  return paramsOf(note, 'answer.claims')?.claims.map((c) => c.cite) ?? [];
}

/** The citations the shown points and notes cite, in their order: a source no shown text cites is not listed. */
export function citedSources(citations: readonly Citation[], points: readonly Point[], notes: readonly Text[]): Citation[] {
  const cited = new Set([...points.flatMap((p) => p.cites), ...notes.flatMap(noteCites)]);
  return citations.filter((c) => cited.has(c.n));
}

/** A URL's site ("laichau.gov.vn"), or null when it is no http(s) URL. */
export function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * A compact citation's words: who published it (else the site of its URL; neither: left out),
 * its date (left out when unknown) and its title cut short.
 */
export function citationParts(c: Citation, lang: Lang, titleMax = CITATION_TITLE): { by: string | null; date: string | null; title: string } {
  const by = c.publisher ? truncate(oneLine(c.publisher), CITATION_PUBLISHER) : siteOf(c.url);
  return { by, date: c.published ? formatterFor(lang).published(c.published) : null, title: truncate(oneLine(c.title), titleMax) };
}
