/**
 * Understanding a question: normalise it, correct typos in words the vocabulary does not know,
 * find the concepts it names (phrases from knowledge/vocabulary.json, longest first) and its slots.
 */
import Fuse from 'fuse.js';
import type { Vocabulary } from '../../knowledge/schema.js';
import type { Slots } from './types.js';
import { LIMITS } from './limits.js';
import { canonical, editDistance, stripSlackMarkup } from './normalize.js';
import { extractSlots, findDays, MONTH_NUMBERS, PERIOD_WORDS, TIME_WORDS } from './slots.js';

/** The concept a place name stands for ("Nghe An" → "place_nghe_an"); facts of that place carry it. */
export const placeConcept = (name: string): string => `place_${canonical(name).replace(/ /g, '_')}`;

/** The calendar year of an instant in a time zone. */
const yearFormats = new Map<string, Intl.DateTimeFormat | null>();
function yearIn(now: Date, tz: string): number {
  let f = yearFormats.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en', { timeZone: tz, year: 'numeric' });
    } catch {
      f = null; // an unknown zone: UTC
    }
    if (yearFormats.size < 100) yearFormats.set(tz, f);
  }
  return f ? Number(f.format(now)) : now.getUTCFullYear();
}

export interface Correction {
  from: string;
  to: string;
  distance: number;
}

export interface Query {
  /** As typed (untrusted). */
  raw: string;
  /** Canonical text after typo correction. */
  text: string;
  tokens: string[];
  /** Tokens that are neither stopwords nor covered only by punctuation: what the question is about. */
  content: string[];
  /** Concepts named, with how many times. */
  concepts: Map<string, number>;
  /** Calendar days named without a year ("01-14"). */
  days: string[];
  /** What the question asks about, unit by unit: a vocabulary phrase (its concepts) or a single content word. */
  units: Unit[];
  corrections: Correction[];
  /** Content words neither the vocabulary nor the sources know, and too far from any known word. */
  unknown: string[];
  slots: Slots;
}

export interface Unit {
  words: string[];
  /** Concepts this unit names (empty for a plain word). */
  concepts: string[];
}

interface Phrase {
  words: string[];
  concept: string;
}

export class Lexicon {
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly stop: Set<string>;
  /** Words of the vocabulary (concept and place terms): typo targets. */
  private readonly vocabWords: string[];
  private readonly vocabWordSet: Set<string>;
  /** Every word the sources and facts use. */
  private readonly known: Set<string>;
  private readonly fuse: Fuse<string>;
  private readonly corrections = new Map<string, Correction | null>();

  constructor(
    private readonly vocab: Vocabulary,
    corpusWords: Iterable<string>,
    private readonly knownDocs: ReadonlySet<string>,
  ) {
    this.stop = new Set(vocab.stopwords.map((w) => canonical(w)));
    const words = new Set<string>();
    for (const c of vocab.concepts) {
      for (const term of c.terms) {
        const ws = canonical(term).split(' ').filter(Boolean);
        if (!ws.length) continue;
        ws.forEach((w) => words.add(w));
        const list = this.phrases.get(ws[0]) ?? [];
        list.push({ words: ws, concept: c.id });
        this.phrases.set(ws[0], list);
      }
    }
    // places are units too: "nghe an" names the place, its words are not separate content
    for (const p of vocab.places) {
      for (const term of p.terms) {
        const ws = canonical(term).split(' ').filter(Boolean);
        ws.forEach((w) => words.add(w));
        const list = this.phrases.get(ws[0]) ?? [];
        list.push({ words: ws, concept: placeConcept(p.name) });
        this.phrases.set(ws[0], list);
      }
    }
    for (const list of this.phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.vocabWordSet = words;
    this.vocabWords = [...words].filter((w) => w.length >= 3 && !/^\d+$/.test(w));
    this.known = new Set(corpusWords);
    for (const w of words) this.known.add(w);
    for (const w of PERIOD_WORDS) this.known.add(w);
    // the typo indexes are built here, at load, like every other index
    this.deletions = this.buildDeletions();
    this.fuse = new Fuse(this.vocabWords, { includeScore: true, threshold: 0.45, ignoreLocation: true });
  }

  isStopword(word: string): boolean {
    return this.stop.has(word);
  }

  isKnown(word: string): boolean {
    return this.known.has(word) || this.stop.has(word) || /^\d/.test(word);
  }

  /** Every vocabulary word, and every form of it with one letter deleted → the words (SymSpell-style). */
  private readonly deletions: Map<string, string[]>;

  private buildDeletions(): Map<string, string[]> {
    const deletions = new Map<string, string[]>();
    const add = (key: string, w: string) => {
      const list = deletions.get(key);
      if (!list) deletions.set(key, [w]);
      else if (!list.includes(w)) list.push(w);
    };
    for (const w of this.vocabWords) {
      add(w, w);
      for (let i = 0; i < w.length; i++) add(w.slice(0, i) + w.slice(i + 1), w);
    }
    return deletions;
  }

  /** Vocabulary words within one edit (insert, delete, substitute, swap) of `word`, to be checked. */
  private oneEditCandidates(word: string): Set<string> {
    const out = new Set<string>();
    const look = (key: string) => this.deletions.get(key)?.forEach((w) => out.add(w));
    look(word);
    for (let i = 0; i < word.length; i++) look(word.slice(0, i) + word.slice(i + 1));
    return out;
  }

  /** The nearest vocabulary word to an unknown word, if it is a plausible typo of it. Cached. */
  correct(word: string): Correction | null {
    if (this.corrections.has(word)) return this.corrections.get(word)!;
    let best: Correction | null = null;
    const consider = (candidate: string, allowed: number) => {
      if (this.stop.has(candidate)) return; // a correction that lands on a stopword would erase a word
      const d = editDistance(word, candidate, allowed);
      if (d > allowed) return;
      if (word.length <= 4 && candidate[0] !== word[0]) return; // short words: keep the first letter
      if (!best || d < best.distance || (d === best.distance && candidate.length === word.length)) best = { from: word, to: candidate, distance: d };
    };
    if (word.length >= 3 && !/\d/.test(word)) {
      // one edit away: found at once through the deletion index
      for (const candidate of this.oneEditCandidates(word)) consider(candidate, 1);
      // two edits away (long words only): fuse.js's approximate search, then the same check
      if (!best && word.length >= 8) {
        for (const r of this.fuse.search(word, { limit: 8 })) consider(r.item, 2);
      }
    }
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }

  /** Splits tokens into units: the longest vocabulary phrase at each point, else the single word. */
  spans(words: readonly string[]): Unit[] {
    const out: Unit[] = [];
    for (let i = 0; i < words.length; ) {
      const list = this.phrases.get(words[i]);
      const p = list?.find((ph) => ph.words.every((w, k) => words[i + k] === w));
      if (p) {
        const concepts = list!.filter((q) => q.words.length === p.words.length && q.words.every((w, k) => w === p.words[k])).map((q) => q.concept);
        out.push({ words: p.words, concepts: [...new Set(concepts)] });
        i += p.words.length;
      } else {
        out.push({ words: [words[i]], concepts: [] });
        i += 1;
      }
    }
    return out;
  }

  /** Concepts named in a token list (longest phrase first, each token used once). */
  concepts(words: readonly string[]): Map<string, number> {
    const found = new Map<string, number>();
    for (const u of this.spans(words)) for (const c of u.concepts) found.set(c, (found.get(c) ?? 0) + 1);
    return found;
  }

  understand(raw: string, now: Date = new Date(), tz = 'Asia/Ho_Chi_Minh'): Query {
    const stripped = stripSlackMarkup(raw);
    const original = canonical(stripped).split(' ').filter(Boolean).slice(0, LIMITS.words);
    const corrections: Correction[] = [];
    const unknown: string[] = [];
    let lookups = 0;
    const words = original.map((w) => {
      if (this.isKnown(w)) return w;
      // bounded: a few lookups of words short enough to be a typo of a vocabulary word
      const c = w.length <= LIMITS.wordLength && lookups++ < LIMITS.corrections ? this.correct(w) : null;
      if (c) {
        corrections.push(c);
        return c.to;
      }
      unknown.push(w);
      return w;
    });
    const text = words.join(' ');
    const typed = original.join(' ');
    const days = findDays(typed);
    const dayWords = new Set(days.length ? [...original.filter((w) => /^\d{1,2}$/.test(w) || w in MONTH_NUMBERS), 'thang', 'ngay'] : []);
    const units = this.spans(words).filter(
      (u) => u.concepts.length > 0 || !(this.stop.has(u.words[0]) || TIME_WORDS.has(u.words[0]) || dayWords.has(u.words[0])),
    );
    for (const d of days) units.push({ words: [d], concepts: [`day_${d}`] });
    return {
      units,
      raw,
      text,
      tokens: words,
      content: words.filter((w) => !this.stop.has(w)),
      concepts: this.concepts(words),
      corrections,
      unknown,
      // slots come from the words as typed: typo correction must never eat a period or a year ("7 tháng")
      slots: extractSlots(typed, { places: this.vocab.places, knownDocs: this.knownDocs, thisYear: yearIn(now, tz), canonical: true }),
      days,
    };
  }

  /** Looser candidates for an unknown word (for "Did you mean…"): up to three vocabulary words. */
  nearWords(word: string): string[] {
    const cached = this.near.get(word);
    if (cached) return cached;
    const found = this.findNearWords(word);
    if (this.near.size > 10_000) this.near.clear();
    this.near.set(word, found);
    return found;
  }

  private readonly near = new Map<string, string[]>();

  private findNearWords(word: string): string[] {
    if (word.length < 4 || word.length > LIMITS.wordLength || /\d/.test(word)) return [];
    const allowed = word.length >= 6 ? 2 : 1;
    return this.fuse
      .search(word, { limit: 10 })
      .map((r) => ({ w: r.item, d: editDistance(word, r.item, allowed) }))
      .filter((x) => x.d <= allowed && x.w[0] === word[0])
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((x) => x.w);
  }

  /** True when a word belongs to the curated vocabulary (not merely to the sources). */
  inVocabulary(word: string): boolean {
    return this.vocabWordSet.has(word);
  }
}
