/**
 * What the answer layer says, as data: each message is a key of src/render's catalogue with the
 * data it names (dates, figures, names, counts), never a finished sentence, so that the renderer
 * writes it in the answer's language. `say` is the one way to make one, typed by key.
 */
import type { Bilingual, Figure, Message, Named, Text, TimeRef } from './types.js';

/** The time a question asks about, for headlines: periods, else years, else an as-of date. */
export interface TimeAsked {
  periods: TimeRef[];
  years: number[];
  /** YYYY-MM: "as of Aug 2025". */
  asOf: string | null;
}

/** When a fact holds: its period, its due date, or the date of its source. */
export type FactTime = { kind: 'period'; time: TimeRef } | { kind: 'due'; date: string } | { kind: 'asOf'; date: string };

/** A step of a timeline or a disagreement: a figure, when it holds, the citation. */
export interface FigureStep {
  figure: Figure;
  time: FactTime;
  cite: number;
}

/** The sources integ answers from: how many, and the months of the first and last. */
export interface SourcesSpan {
  count: number;
  /** YYYY-MM, or null when no source is dated. */
  from: string | null;
  to: string | null;
}

export interface AnswerMessages {
  /** An answer's headline: the intent's title, and the time asked ("Foreign direct investment — 2025"). */
  'answer.title': { title: Bilingual; time: TimeAsked | null };
  /**
   * A curated fact: its statement, then when it holds and where ("(Jan–Jul 2025 · as of 26 Aug 2025)").
   * Its figure, when it has one, is what a one-line direct answer leads with (src/render).
   */
  'answer.fact': { statement: Bilingual; period: TimeRef | null; partial: boolean; due: string | null; place: Named | null; asOf: string; figure: Figure | null };
  /** A sentence of a source, quoted, with its date. */
  'answer.sentence': { quote: string; asOf: string | null };
  /** A figure that grew: "Over time: A (as of …) [1] → B (as of …) [2]" ("By period" for flows). */
  'answer.timeline': { flows: boolean; steps: FigureStep[] };
  /** Figures that disagree: "Sources differ: A (…) [1] vs B (…) [2]". */
  'answer.differ': { steps: FigureStep[] };
  /** Characterisations that differ, quoted: "Sources describe it differently: “…” [1] vs “…” [2]". */
  'answer.claims': { claims: { text: string; cite: number }[] };
  'answer.partial': Record<string, never>;
  'answer.quoted': Record<string, never>;
  /** Words typed that were read as others. */
  'answer.readAs': { fixes: { from: string; to: string }[] };
  /** Nothing in the sources names this: "I have nothing on X (for Y) in my sources." */
  'answer.nothingOn': { what: Named[]; topic: Named | null };
  /** "I answer from 5 articles on Vietnam's international integration (Aug 2025 – Jan 2026)." */
  'answer.sources': SourcesSpan;
  /** "I have no national figures on X in my sources." */
  'answer.noNational': { topic: Named | null };
  /** "My sources have them only for Nghe An: ask about Nghe An to see them." */
  'answer.onlyFor': { places: Named[] };
  /** "I have no FDI figures for 2019 in my sources." */
  'answer.noFigures': { topic: Named | null; time: TimeAsked };
  /** "What my sources do cover: 2025; Jan–Jul 2025." */
  'answer.covers': { times: FactTime[] };
  'answer.cannot': Record<string, never>;
  'answer.didYouMean': Record<string, never>;
  'help.headline': Record<string, never>;
  /** One intent in help: its description and an example question. */
  'help.intent': { description: Bilingual; example: string };
  'help.deadlines': Record<string, never>;
  'help.digest': Record<string, never>;
  'help.how': SourcesSpan;
}

export type AnswerMessageKey = keyof AnswerMessages;

/** A message of the answer layer. */
export function say<K extends AnswerMessageKey>(key: K, ...params: AnswerMessages[K] extends Record<string, never> ? [] : [AnswerMessages[K]]): Message {
  return { kind: 'msg', key, params: params[0] ?? {} };
}

/** Words integ did not write (a question, a title typed by a user): shown as they are. */
export const verbatim = (text: string): Text => ({ kind: 'verbatim', text });
/** A passage of a source, in its own language: always shown quoted. */
export const quoted = (text: string): Text => ({ kind: 'quote', text });
/** A curated statement, in both languages. */
export const statement = (text: Bilingual): Text => ({ kind: 'statement', text });

/** A place, person or organisation named in both languages. */
export const name = (en: string, vi: string = en): Extract<Named, { kind: 'name' }> => ({ kind: 'name', en, vi });
