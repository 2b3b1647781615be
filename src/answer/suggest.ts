/**
 * What a declined question is offered: "Did you mean…" when a word is close to one that gives an
 * answer, else the example questions nearest it.
 */
import type { IntentSpec } from './intent.js';
import { isVietnameseSyllable, type Lexicon } from './lexicon.js';
import { canonical } from './normalize.js';
import type { PeopleIndex } from './people.js';
import type { Query } from './query.js';
import { verbatim } from './messages.js';
import type { Lang, Suggestion } from './types.js';

/** The intents listed first when no example is near the question. */
const MAIN_INTENTS = ['fdi', 'people', 'events', 'trade', 'relations'];

/** An example is near a question when it has at least this share of the question's letter trigrams. */
const NEAR_EXAMPLE = 0.5;

/** The letter trigrams of words, each word padded with spaces ("fdi" → " fd", "fdi", "di "). */
function trigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const p = ` ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  }
  return out;
}

/**
 * Example questions in the answer's language nearest a question, then the main ones. Near means
 * sharing most of the letter trigrams of the words asked about (so a typo or another form of a
 * word still finds it), nearest first; the examples are indexed by trigram once, so finding them
 * costs a few lookups whatever the number of examples.
 */
export function exampleFinder(intents: readonly IntentSpec[]): (n: number, lang: Lang, q?: Query) => Suggestion[] {
  const byLang = (lang: Lang) => {
    const all = [...new Set(intents.filter((i) => i.id !== 'help').flatMap((i) => i.examples[lang]))];
    const index = new Map<string, number[]>();
    all.forEach((e, k) => {
      for (const g of trigrams(canonical(e).split(' '))) {
        const list = index.get(g);
        if (list) list.push(k);
        else index.set(g, [k]);
      }
    });
    const main = MAIN_INTENTS.map((id) => intents.find((i) => i.id === id)?.examples[lang][0]).filter((e): e is string => !!e);
    return { all, index, main };
  };
  const finders = { en: byLang('en'), vi: byLang('vi') };
  return (n, lang, q) => {
    const { all, index, main } = finders[lang];
    // the words asked about, at most 8 (a pasted text is no question to find examples for)
    const grams = q ? trigrams(q.units.slice(0, 8).flatMap((u) => u.words)) : new Set<string>();
    const shared = new Map<number, number>();
    for (const g of grams) for (const k of index.get(g) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    const near = [...shared]
      .filter(([, c]) => c >= NEAR_EXAMPLE * grams.size)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n)
      .map(([k]) => all[k]);
    return [...new Set([...near, ...main])].slice(0, n).map((e) => ({ label: verbatim(e), question: e }));
  };
}

/**
 * Up to three rewrites of the question, each with one unknown word replaced by a near known one,
 * or a person's name the sources do not know by a known name a letter or two away, that `answers`
 * accepts. A correct word the sources do not use is no typo: only the others may be meant as a
 * known one; and a question with many unknown words or units is not retried.
 */
export function didYouMean(q: Query, lexicon: Lexicon, people: PeopleIndex, answers: (question: string) => boolean): Suggestion[] {
  const typos = q.unknown.filter((w) => !(q.lang === 'en' ? lexicon.isEnglish(w) : isVietnameseSyllable(w)));
  if (typos.length > 2 || q.units.length > 10) return [];
  const rewrites: [string, string][] = [];
  for (const w of typos) for (const alt of lexicon.nearWords(w)) rewrites.push([w, alt]);
  for (const u of q.units) {
    if (u.kind !== 'person' || people.has(canonical(u.label))) continue;
    for (const known of people.near(u.label, 2)) rewrites.push([u.label, q.lang === 'vi' ? people.nameOf(known).vi : known]);
  }
  const out: Suggestion[] = [];
  for (const [from, to] of rewrites) {
    const question = q.raw.replace(new RegExp(escapeRegExp(from), 'i'), to);
    if (question === q.raw || out.some((c) => c.question === question)) continue;
    if (answers(question)) out.push({ label: verbatim(question), question });
    if (out.length >= 3) break;
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
