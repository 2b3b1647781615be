/**
 * The lexicon: what the vocabulary (knowledge/vocabulary.json) and the sources' own words make of
 * a run of folded words. It finds the longest vocabulary phrase at each point (its concepts, or
 * the place, country or organisation it names), tells the question's language, and corrects typos
 * towards words the vocabulary or the sources use. Built once at load.
 */
import type { ConceptKind, Entity, EntityKind, Vocabulary } from '../../knowledge/schema.js';
import { LIMITS } from './limits.js';
import { canonical, editDistance, fold, stem } from './normalize.js';
import { PERIOD_WORDS } from './time.js';

export type Lang = 'en' | 'vi';

/** The entities that are places a figure can be about (a province's report): provinces and cities. */
export const PLACE_KINDS: ReadonlySet<EntityKind> = new Set<EntityKind>(['province', 'city']);

/** The index term of a concept, an entity and a person (shared by questions and evidence). */
export const conceptTerm = (id: string): string => `c:${id}`;
export const entityTerm = (name: string): string => `e:${canonical(name).replace(/ /g, '_')}`;
export const personTerm = (name: string): string => `p:${canonical(name).replace(/ /g, '_')}`;

export interface Correction {
  from: string;
  to: string;
  distance: number;
}

/** A run of words read as one: a vocabulary phrase (concepts, or an entity) or a single word. */
export interface Span {
  words: string[];
  /** Concept ids the phrase names (any kind). */
  concepts: string[];
  /** The place, country or organisation it names. */
  entity: Entity | null;
}

interface Phrase {
  words: string[];
  concepts: string[];
  entity: Entity | null;
  /** The languages whose terms it is (an English question never reads a Vietnamese term: "pho" is soup, not "phó"). */
  langs: Set<Lang>;
}

const NO_CONCEPTS: readonly string[] = [];

/** A word this long may be two edits from the word meant (shorter ones, one). */
const LONG_WORD = 8;
/** "Did you mean…" looks two edits away from words this long. */
const NEAR_WORD = 6;

/** Letters only Vietnamese uses (with a tone or a modified vowel): a text with one is Vietnamese. */
const VIETNAMESE_LETTERS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

export function hasVietnameseLetters(text: string): boolean {
  return VIETNAMESE_LETTERS.test(text);
}

// A folded Vietnamese syllable: an initial consonant (or none) and a rhyme. Valid Vietnamese words
// are never "corrected" in a Vietnamese question ("ngay" is a word, not a typo of "ngan").
const INITIAL = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
const RHYME =
  '(?:a|ac|ach|ai|am|an|ang|anh|ao|ap|at|au|ay|e|ec|em|en|eng|eo|ep|et|eu|i|ia|ich|iec|iem|ien|ieng|iep|iet|ieu|im|in|inh|ip|it|iu|' +
  'o|oa|oac|oach|oai|oam|oan|oang|oanh|oao|oap|oat|oay|oc|oe|oen|oeo|oet|oi|om|on|ong|ooc|oong|op|ot|' +
  'u|ua|uan|uang|uat|uay|uc|ue|uech|uen|uenh|uet|ui|um|un|ung|uo|uoc|uoi|uom|uon|uong|uop|uot|uou|up|ut|uu|uy|uya|uych|uyen|uyet|uynh|uyt|uyu|' +
  'y|yem|yen|yet|yeu)';
const SYLLABLE = new RegExp(`^${INITIAL}${RHYME}$`);

/** Whether a folded word is a possible Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  return word.length <= 7 && SYLLABLE.test(word);
}

export class Lexicon {
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly singleTerms = new Map<string, readonly string[]>();
  private readonly stopEn: Set<string>;
  private readonly stopVi: Set<string>;
  /** Folded words of Vietnamese terms and stopwords, and of English ones (to tell the languages apart). */
  private readonly viWords = new Set<string>();
  private readonly enWords = new Set<string>();
  private readonly kinds = new Map<string, ConceptKind>();
  /** Every word the sources, the facts and the vocabulary use. */
  private readonly known: Set<string>;
  /** Typo targets: vocabulary words and the sources' words (3+ letters, no digits). */
  private readonly targets: string[];
  private readonly vocabWords: string[];
  private readonly deletions = new Map<string, string[]>();
  private readonly vocabWordSet: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  readonly writtenSurnames: ReadonlySet<string>;

  /** Correct English words: never typos in an English question. */
  private readonly english: ReadonlySet<string>;

  constructor(
    readonly vocabulary: Vocabulary,
    corpusWords: Iterable<string>,
    english: ReadonlySet<string> = new Set(),
  ) {
    this.english = english;
    this.stopEn = new Set(vocabulary.stopwords.en.map((w) => canonical(w)).filter(Boolean));
    this.stopVi = new Set(vocabulary.stopwords.vi.map((w) => canonical(w)).filter(Boolean));
    this.stopVi.forEach((w) => this.viWords.add(w));
    this.stopEn.forEach((w) => this.enWords.add(w));
    const vocabWords = new Set<string>();
    // phrases match word stems, so "FTAs" is the term "FTA" and "partnerships" is "partnership"
    const add = (term: string, p: Pick<Phrase, 'concepts' | 'entity'>, lang: Lang) => {
      const ws = canonical(term).split(' ').filter(Boolean).map(stem);
      if (!ws.length) return;
      ws.forEach((w) => {
        vocabWords.add(w);
        (lang === 'vi' ? this.viWords : this.enWords).add(w);
      });
      const list = this.phrases.get(ws[0]) ?? [];
      const same = list.find((x) => x.words.length === ws.length && x.words.every((w, k) => w === ws[k]));
      if (same) {
        for (const c of p.concepts) if (!same.concepts.includes(c)) same.concepts.push(c);
        same.entity ??= p.entity;
        same.langs.add(lang);
      } else {
        list.push({ words: ws, concepts: [...p.concepts], entity: p.entity, langs: new Set([lang]) });
      }
      this.phrases.set(ws[0], list);
    };
    for (const c of vocabulary.concepts) {
      this.kinds.set(c.id, c.kind);
      for (const t of c.en) add(t, { concepts: [c.id], entity: null }, 'en');
      for (const t of c.vi) add(t, { concepts: [c.id], entity: null }, 'vi');
    }
    for (const e of vocabulary.entities) {
      for (const t of e.en) add(t, { concepts: [], entity: e }, 'en');
      for (const t of e.vi) add(t, { concepts: [], entity: e }, 'vi');
    }
    for (const list of this.phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
    // one-word English phrases' content concepts, by stem (what spans([word]) reads)
    for (const [first, list] of this.phrases) {
      const one = list.find((ph) => ph.words.length === 1 && ph.langs.has('en'));
      const terms = one?.concepts.filter((c) => this.kinds.get(c) === 'term') ?? [];
      if (terms.length) this.singleTerms.set(first, terms);
    }
    this.surnames = new Set(vocabulary.surnames.map((s) => canonical(s)));
    this.writtenSurnames = new Set(vocabulary.surnames.map((s) => s.toLowerCase().normalize('NFC')));
    this.known = new Set(corpusWords);
    // the sources are English: their words tell an English question, except those a Vietnamese
    // syllable could be (names such as "Nghe An" are written the same in both)
    for (const w of this.known) if (!isVietnameseSyllable(w)) this.enWords.add(w);
    vocabWords.forEach((w) => this.known.add(w));
    PERIOD_WORDS.forEach((w) => this.known.add(w));
    this.vocabWords = [...vocabWords].filter((w) => w.length >= 3 && !/\d/.test(w));
    this.targets = [...new Set([...this.vocabWords, ...[...this.known].filter((w) => w.length >= 3 && !/\d/.test(w))])];
    for (const w of this.targets) {
      this.addDeletion(w, w);
      for (let i = 0; i < w.length; i++) this.addDeletion(w.slice(0, i) + w.slice(i + 1), w);
    }
    // two edits away, for vocabulary words of 6+ letters: every form with two letters deleted (SymSpell)
    for (const w of this.vocabWords) {
      if (w.length < NEAR_WORD) continue;
      for (let i = 0; i < w.length; i++) {
        const one = w.slice(0, i) + w.slice(i + 1);
        for (let j = i; j < one.length; j++) this.addDeletion2(one.slice(0, j) + one.slice(j + 1), w);
      }
    }
    this.vocabWordSet = new Set(this.vocabWords);
  }

  private readonly deletions2 = new Map<string, string[]>();

  private addDeletion2(key: string, w: string): void {
    const list = this.deletions2.get(key);
    if (!list) this.deletions2.set(key, [w]);
    else if (!list.includes(w)) list.push(w);
  }

  /** Long vocabulary words up to two edits from `word`, to be checked. */
  private twoEditCandidates(word: string): Set<string> {
    const out = new Set<string>();
    const look = (key: string) => {
      this.deletions2.get(key)?.forEach((w) => out.add(w));
      this.deletions.get(key)?.forEach((w) => w.length >= NEAR_WORD && out.add(w));
    };
    look(word);
    for (let i = 0; i < word.length; i++) {
      const one = word.slice(0, i) + word.slice(i + 1);
      look(one);
      for (let j = i; j < one.length; j++) look(one.slice(0, j) + one.slice(j + 1));
    }
    return out;
  }

  private addDeletion(key: string, w: string): void {
    const list = this.deletions.get(key);
    if (!list) this.deletions.set(key, [w]);
    else if (!list.includes(w)) list.push(w);
  }

  kindOf(concept: string): ConceptKind {
    return this.kinds.get(concept) ?? 'term';
  }

  isStopword(word: string, lang?: Lang): boolean {
    if (lang === 'en') return this.stopEn.has(word);
    if (lang === 'vi') return this.stopVi.has(word);
    return this.stopEn.has(word) || this.stopVi.has(word);
  }

  isKnown(word: string): boolean {
    return this.known.has(word) || this.stopEn.has(word) || this.stopVi.has(word) || /^\d/.test(word);
  }

  /** A correct English word (from the dictionary), whether or not the sources use it. */
  isEnglish(word: string): boolean {
    return this.english.has(word) || this.enWords.has(word);
  }

  /**
   * The language of a question: Vietnamese when it has Vietnamese letters, or when more of its
   * words are Vietnamese-only than English-only (words both languages spell alike do not count).
   */
  languageOf(raw: string, words: readonly string[]): Lang {
    // Vietnamese letters outside capitalised words (names of people and places, which English
    // writes with their diacritics too: "who is Nguyễn …") make it Vietnamese
    if (hasVietnameseLetters(raw.replace(/(^|[^\p{L}])\p{Lu}\p{L}*/gu, '$1'))) return 'vi';
    let vi = 0;
    let en = 0;
    for (const w of words) {
      if (/\d/.test(w)) continue;
      const isVi = this.viWords.has(w);
      const isEn = this.enWords.has(w) || (this.english.has(w) && !isVietnameseSyllable(w));
      if (isVi && !isEn) vi++;
      else if (isEn && !isVi) en++;
    }
    return vi > en ? 'vi' : 'en';
  }

  /**
   * Splits words into spans: the longest vocabulary phrase at each point, else the single word.
   * English text reads English terms, and Vietnamese names of two words or more ("Nghe An"); a
   * Vietnamese question reads both languages (users mix in "FDI").
   */
  spans(words: readonly string[], lang: Lang = 'en'): Span[] {
    const out: Span[] = [];
    const stems = words.map(stem);
    for (let i = 0; i < words.length; ) {
      const p = this.phrases.get(stems[i])?.find((ph) => (lang === 'vi' || ph.langs.has('en') || (ph.entity && ph.words.length > 1)) && ph.words.every((w, k) => stems[i + k] === w));
      if (p) {
        out.push({ words: words.slice(i, i + p.words.length), concepts: p.concepts, entity: p.entity });
        i += p.words.length;
      } else {
        out.push({ words: [words[i]], concepts: [], entity: null });
        i += 1;
      }
    }
    return out;
  }

  /** Vocabulary words within one edit (insert, delete, substitute, swap) of `word`, to be checked. */
  private oneEditCandidates(word: string): Set<string> {
    const out = new Set<string>();
    const look = (key: string) => this.deletions.get(key)?.forEach((w) => out.add(w));
    look(word);
    for (let i = 0; i < word.length; i++) look(word.slice(0, i) + word.slice(i + 1));
    return out;
  }

  /**
   * The nearest word the vocabulary or the sources use, when `word` is a plausible typo of it:
   * one edit away (two for words of 8+ letters, towards vocabulary words).
   */
  correct(word: string): Correction | null {
    let best: Correction | null = null;
    const consider = (candidate: string, allowed: number) => {
      if (this.isStopword(candidate)) return; // a correction that lands on a stopword would erase a word
      const d = editDistance(word, candidate, allowed);
      if (d > allowed) return;
      if (word.length <= 4 && candidate[0] !== word[0]) return; // short words: keep the first letter
      const better =
        !best ||
        d < best.distance ||
        (d === best.distance && this.vocabWords.includes(candidate) && !this.vocabWords.includes(best.to)) ||
        (d === best.distance && candidate.length === word.length && best.to.length !== word.length);
      if (better) best = { from: word, to: candidate, distance: d };
    };
    if (word.length >= 3 && word.length <= LIMITS.wordLength && !/\d/.test(word)) {
      for (const candidate of this.oneEditCandidates(word)) consider(candidate, 1);
      if (!best && word.length >= LONG_WORD) for (const candidate of this.twoEditCandidates(word)) consider(candidate, 2);
    }
    return best;
  }

  /** Looser candidates for an unknown word ("Did you mean…"): up to three vocabulary words. */
  nearWords(word: string): string[] {
    if (word.length < 4 || word.length > LIMITS.wordLength || /\d/.test(word)) return [];
    const allowed = word.length >= NEAR_WORD ? 2 : 1;
    const candidates = allowed === 2 ? this.twoEditCandidates(word) : this.oneEditCandidates(word);
    return [...candidates]
      .filter((w) => this.vocabWordSet.has(w))
      .map((w) => ({ w, d: editDistance(word, w, allowed) }))
      .filter((x) => x.d <= allowed && x.w[0] === word[0])
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((x) => x.w);
  }

  /** The content concepts (kind "term") a word names alone in English ("working": work). */
  wordTerms(word: string): readonly string[] {
    return this.singleTerms.get(stem(word)) ?? NO_CONCEPTS;
  }

  /** Whether a word is, alone, a term of a qualifier concept ("vice", "deputy", "pho" for deputy). */
  isQualifierWord(word: string, concept: string): boolean {
    let set = this.qualifierWords.get(concept);
    if (!set) {
      const c = this.vocabulary.concepts.find((x) => x.id === concept);
      set = new Set(c ? [...c.en, ...c.vi].map((t) => canonical(t)).filter((t) => !t.includes(' ')) : []);
      this.qualifierWords.set(concept, set);
    }
    return set.has(word);
  }

  private readonly qualifierWords = new Map<string, Set<string>>();

  /** Folded forms of every term of a concept (for callers that look for a concept in raw text). */
  termsOf(concept: string): string[] {
    const c = this.vocabulary.concepts.find((x) => x.id === concept);
    return c ? [...c.en, ...c.vi].map((t) => fold(t)) : [];
  }
}
