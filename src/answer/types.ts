/**
 * The one Answer type: plain data, produced by intent handlers and the fallback, rendered by
 * src/render (Block Kit for Slack, plain text for the shell, CLI and JSON). Never a Slack payload,
 * and never a finished sentence: what integ says is a message (a key of src/render's catalogue and
 * its data: dates, figures, names), rendered in the answer's language. Only what integ does not
 * write itself is text: a curated fact's statement (curators write it in both languages), a
 * verbatim passage of a source (its own language, always shown as a quote) and what a user typed.
 */

export type Lang = 'en' | 'vi';
export const LANGS: readonly Lang[] = ['en', 'vi'];

/** A text curators wrote in both languages (a fact's statement, an intent's title). */
export interface Bilingual {
  en: string;
  vi: string;
}

/**
 * A time a message names, formatted in the answer's language: a year; months of one year
 * ("Jan–Jul 2025" / "7 tháng đầu năm 2025"; the year may be unknown: "first half"); a span across
 * years ("2021–2025"); or a date at its precision (2027, 2025-09, 2026-01-14).
 */
export type TimeRef =
  | { kind: 'year'; year: number }
  | { kind: 'months'; year: number | null; from: number; to: number }
  | { kind: 'span'; start: string; end: string }
  | { kind: 'date'; date: string };

/** A figure with its qualifier and unit ("over US$38.42 billion" / "hơn 38,42 tỷ USD"). */
export interface Figure {
  value: number;
  valueMax: number | null;
  qualifier: string | null;
  /** How the unit is written around the number in each language ("US${v} billion", "{v} tỷ USD"); null: no unit. */
  unit: Bilingual | null;
}

/** Something a message names: a place, person or organisation in both languages, a document number, or the user's own words. */
export type Named = { kind: 'name'; en: string; vi: string } | { kind: 'doc'; number: string } | { kind: 'words'; text: string };

/** A message of the catalogue (src/render/catalogue): its key and its data. Built through typed helpers (say, in messages.ts). */
export interface Message {
  kind: 'msg';
  key: string;
  params: object;
}

/**
 * Text an answer shows: a catalogue message, a curated statement in both languages, a verbatim
 * passage of a source (shown quoted, in the source's language), or words integ did not write
 * (a question a user typed, a deadline's title): shown as they are, always escaped.
 */
export type Text = Message | { kind: 'statement'; text: Bilingual } | { kind: 'quote'; text: string } | { kind: 'verbatim'; text: string };

/** What was understood from a question; also carried into follow-ups in a thread. */
export interface Slots {
  /** Years named ("2025"). */
  years: number[];
  /** A period asked for, as YYYY-MM months (inclusive); year may be unknown until combined with `years`. */
  period: { startMonth: number; endMonth: number; year: number | null; label: string } | null;
  /** Places named (canonical names, e.g. "Nghe An", "Hanoi"). */
  places: string[];
  /** Document numbers named ("59", "153", "1812"). */
  docs: string[];
}

export interface Citation {
  /** 1-based number used in points. */
  n: number;
  /** The seed's id (file stem). */
  source: string;
  title: string;
  publisher: string | null;
  /** YYYY-MM-DD or null. */
  published: string | null;
  url: string | null;
  /** The verbatim passage from the seed that backs the point(s) citing it. */
  quote: string;
}

export interface Point {
  /** What the point says (renderers escape it). */
  text: Text;
  /** Citation numbers (Citation.n) backing this point. */
  cites: number[];
  /** A curated point's passage in its source's words (what its statement translates or sums up). */
  quote?: string;
}

export interface Suggestion {
  /** What the button or list shows (usually the question itself). */
  label: Text;
  /** The question asked when it is chosen. */
  question: string;
}

export interface Answer {
  /** The question as the user typed it (untrusted: always escaped when shown). */
  question: string;
  answered: boolean;
  /** The language it is shown in: the question's, or the one the user or channel chose. */
  lang: Lang;
  /** Intent id, or 'passages' (fallback retrieval), 'none' (cannot answer), 'clarify' (did you mean). */
  intent: string;
  /** One short line summing up the answer (or why there is none). */
  headline: Text;
  points: Point[];
  citations: Citation[];
  /** Caveats shown after the points: sources differ, partial periods, etc. */
  notes: Text[];
  /** Example questions (unanswered) or "Did you mean…" candidates (clarify). */
  suggestions: Suggestion[];
  /** What the question was understood to ask: reused by follow-ups in a thread. */
  slots: Slots;
}

export const emptySlots = (): Slots => ({ years: [], period: null, places: [], docs: [] });
