/**
 * The one Answer type: plain data, produced by intent handlers and the fallback, rendered by
 * src/render (Block Kit for Slack, plain text for the shell, CLI and JSON). Never a Slack payload.
 */

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
  /** Trusted text from the knowledge base (renderers still escape it). */
  text: string;
  /** Citation numbers (Citation.n) backing this point. */
  cites: number[];
}

export interface Suggestion {
  /** What the button or list shows. */
  label: string;
  /** The question asked when it is chosen. */
  question: string;
}

export interface Answer {
  /** The question as the user typed it (untrusted: always escaped when shown). */
  question: string;
  answered: boolean;
  /** Intent id, or 'passages' (fallback retrieval), 'none' (cannot answer), 'clarify' (did you mean). */
  intent: string;
  /** One short line summing up the answer (or why there is none). */
  headline: string;
  points: Point[];
  citations: Citation[];
  /** Caveats shown after the points: sources differ, partial periods, etc. */
  notes: string[];
  /** Example questions (unanswered) or "Did you mean…" candidates (clarify). */
  suggestions: Suggestion[];
  /** What the question was understood to ask: reused by follow-ups in a thread. */
  slots: Slots;
}

export const emptySlots = (): Slots => ({ years: [], period: null, places: [], docs: [] });
