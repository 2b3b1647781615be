/**
 * How much of a question the engine reads. Slack lets a message run to 40,000 characters and a
 * user can paste anything; the engine's work must stay bounded whatever arrives, because it runs
 * on the event loop every other user's acknowledgement waits on. No real question needs more than
 * these, and each bound caps one of the steps whose cost grows with the input.
 */
export const LIMITS = {
  /** Characters of the text read at all (the rest is ignored). */
  chars: 2000,
  /** Words of the question understood (the first ones). */
  words: 64,
  /** A longer word is no typo of any vocabulary word (none is this long): never corrected. */
  wordLength: 24,
  /** Unknown words looked up for a typo correction, per question. */
  corrections: 8,
} as const;

/** The first LIMITS.chars characters of a text, never ending in half a surrogate pair. */
export function head(text: string): string {
  if (text.length <= LIMITS.chars) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[LIMITS.chars - 1]) ? LIMITS.chars - 1 : LIMITS.chars;
  return text.slice(0, cut);
}
