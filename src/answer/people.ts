/**
 * People named in a text. Vietnamese names are a family name, a middle and a given name
 * ("Pham Minh Chinh"); news in English writes them capitalised, often after an office ("Prime
 * Minister Pham Minh Chinh") and later by the given name alone ("Chinh said"). A capitalised run
 * that starts with a family name from the vocabulary is a name; so is a capitalised run right after
 * an office or a form of address ("President Biden", "Mr Kim"). Questions typed in lower case name
 * a person the sources know, or one introduced by "ông", "bà", "Mr", "Ms".
 */
import { canonical, editDistance } from './normalize.js';

/** Words never part of a name even when capitalised (offices, bodies, determiners). */
const NOT_NAME = new Set([
  'the', 'a', 'an', 'of', 'and', 'on', 'in', 'for', 'to', 'at', 'by', 'with', 'from', 'prime', 'minister', 'deputy', 'vice', 'head', 'chairman',
  'chair', 'president', 'general', 'secretary', 'acting', 'standing', 'committee', 'party', 'central', 'politburo', 'member', 'government',
  'national', 'assembly', 'ministry', 'foreign', 'affairs', 'city', 'province', 'provincial', 'people', 'comrade', 'mr', 'mrs', 'ms', 'dr',
  'photo', 'photos', 'vgp', 'according', 'also', 'on', 'in', 'said', 'says', 'he', 'she', 'his', 'her', 'resolution', 'decision', 'program',
  'conference', 'meeting', 'summit', 'forum', 'vietnam', 'vietnamese', 'state', 'steering', 'international', 'integration', 'university',
  'ong', 'ba', 'dong', 'chi', 'thu', 'tuong', 'bo', 'truong', 'chu', 'tich', 'tong', 'bi', 'pho', 'who', 'what', 'when', 'where', 'which', 'how',
]);

/** Offices and forms of address after which a capitalised run is a person's name. */
const BEFORE_NAME = /(?:^|\s)(?:president|prime minister|premier|minister|chancellor|king|queen|mr|mrs|ms|dr|ambassador|secretary|chairman|chairwoman|general secretary|comrade|ông|bà|đồng chí)\s*$/i;

export interface NameFinder {
  /** Family names folded ("nguyen"), for text written without diacritics. */
  surnames: ReadonlySet<string>;
  /** Family names as written, lower case ("nguyễn"): text with diacritics is compared as written ("Đảng" is no "Đặng"). */
  writtenSurnames?: ReadonlySet<string>;
  /** Canonical multi-word terms of places, countries and organisations: never names. */
  isEntityStart?: (words: string[]) => boolean;
}

const WORD = /[\p{L}][\p{L}'’-]*/gu;
const isCapitalised = (w: string) => /^\p{Lu}/u.test(w);

/**
 * Names in a text written with capitals (English news, careful questions): display form as
 * written, e.g. "Pham Minh Chinh", "Ho Duc Phoc", "Biden".
 */
export function findNames(text: string, finder: NameFinder): string[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ w: m[0], at: m.index ?? 0 }));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!isCapitalised(words[i].w)) continue;
    const folded = canonical(words[i].w);
    if (NOT_NAME.has(folded)) continue;
    // the run of capitalised words from here, stopping at a gap in the text other than a space
    const run = [words[i]];
    for (let j = i + 1; j < words.length && run.length < 4; j++) {
      const gap = text.slice(words[j - 1].at + words[j - 1].w.length, words[j].at);
      if (gap !== ' ' || !isCapitalised(words[j].w) || NOT_NAME.has(canonical(words[j].w))) break;
      run.push(words[j]);
    }
    const foldedRun = run.map((r) => canonical(r.w));
    if (finder.isEntityStart?.(foldedRun)) {
      i += run.length - 1;
      continue;
    }
    const after = text.slice(words[i].at + words[i].w.length + run.slice(1).reduce((n, r) => n + 1 + r.w.length, 0));
    const city = /^\s+City\b/.test(after);
    const word = words[i].w.toLowerCase().normalize('NFC');
    const surname = word === folded || !finder.writtenSurnames ? finder.surnames.has(folded) : finder.writtenSurnames.has(word);
    if (surname && run.length >= 2 && !city) {
      out.push(run.map((r) => r.w).join(' '));
      i += run.length - 1;
    } else if (BEFORE_NAME.test(text.slice(0, words[i].at)) && !city) {
      out.push(run.map((r) => r.w).join(' '));
      i += run.length - 1;
    }
  }
  return [...new Set(out)];
}

/** The letter trigrams of a text, padded with a space at each end. */
function trigramsOf(text: string): Set<string> {
  const p = ` ${text} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return out;
}

/** People the sources name, by their canonical full name; a given name alone maps to them too. */
export class PeopleIndex {
  /** canonical full name → display name. */
  readonly names = new Map<string, string>();
  /** The canonical full names in the order they were added, and their letter trigrams' index. */
  private readonly keys: string[] = [];
  private readonly grams = new Map<string, number[]>();
  /** canonical full name → the name with its diacritics, as a Vietnamese text writes it. */
  private readonly written = new Map<string, string>();
  /** canonical given name → canonical full names. */
  private readonly given = new Map<string, Set<string>>();
  /** The words of each full name of two words or more (canonical). */
  private readonly parts = new Map<string, string[]>();
  /** The first words of the full names (canonical). */
  private readonly firstWords = new Set<string>();

  add(display: string): string {
    const key = canonical(display);
    if (!this.names.has(key)) {
      this.names.set(key, display);
      const n = this.keys.length;
      this.keys.push(key);
      for (const g of trigramsOf(key)) {
        const list = this.grams.get(g);
        if (list) list.push(n);
        else this.grams.set(g, [n]);
      }
    }
    const parts = key.split(' ');
    this.firstWords.add(parts[0]);
    if (parts.length >= 2 && !this.parts.has(key)) this.parts.set(key, parts);
    if (parts.length >= 2) {
      const g = parts[parts.length - 1];
      const set = this.given.get(g) ?? new Set();
      set.add(key);
      this.given.set(g, set);
    }
    return key;
  }

  /**
   * Learns how known people's names are written in Vietnamese from a Vietnamese text (a fact's
   * statementVi writes "Phạm Minh Chính" where the English writes "Pham Minh Chinh").
   */
  learnWritten(text: string): void {
    const words = [...text.matchAll(WORD)].map((m) => m[0]);
    for (let i = 0; i < words.length; i++) {
      if (!isCapitalised(words[i])) continue;
      // (a name starts with the first word of a known name: most capitalised words do not)
      const first = canonical(words[i]);
      if (!this.firstWords.has(first)) continue;
      let key = first;
      for (let n = 2; n <= 4 && i + n <= words.length; n++) {
        key += ` ${canonical(words[i + n - 1])}`;
        if (this.names.has(key) && !this.written.has(key)) this.written.set(key, words.slice(i, i + n).join(' '));
      }
    }
  }

  /** A person's name in both languages (as written in English, and with diacritics when known). */
  nameOf(display: string): { kind: 'name'; en: string; vi: string } {
    return { kind: 'name', en: display, vi: this.written.get(canonical(display)) ?? display };
  }

  /** Known people (display names) whose full name is within `max` edits of this one ("Pham Minh Chin" → "Pham Minh Chinh"). */
  near(name: string, max: number): string[] {
    const key = canonical(name);
    const words = key.split(' ').length;
    // only names that share enough of its letter trigrams can be so near (an edit changes at most
    // three trigrams, a swap of two letters as much as two edits): the others are never compared
    const grams = trigramsOf(key);
    const shared = new Map<number, number>();
    for (const g of grams) for (const n of this.grams.get(g) ?? []) shared.set(n, (shared.get(n) ?? 0) + 1);
    const needed = grams.size - 6 * max;
    const candidates = needed > 0 ? [...shared].filter(([, c]) => c >= needed).map(([n]) => n) : [...this.keys.keys()];
    const out: string[] = [];
    for (const n of candidates.sort((a, b) => a - b)) {
      const k = this.keys[n];
      if (k.split(' ').length === words && editDistance(k, key, max) <= max) out.push(this.names.get(k)!);
    }
    return out;
  }

  /** The one known person whose given name this is, if exactly one. */
  byGivenName(word: string): string | null {
    const set = this.given.get(canonical(word));
    return set && set.size === 1 ? [...set][0] : null;
  }

  has(key: string): boolean {
    return this.names.has(key);
  }

  /** Known full names occurring in folded words (lower-case questions). */
  findIn(words: readonly string[]): { key: string; at: number; length: number }[] {
    const out: { key: string; at: number; length: number }[] = [];
    for (const [key, parts] of this.parts) {
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (words[i] !== parts[0]) continue;
        let k = 1;
        while (k < parts.length && words[i + k] === parts[k]) k++;
        if (k === parts.length) out.push({ key, at: i, length: parts.length });
      }
    }
    return out;
  }

}

/**
 * Unknown names in a lower-case question: a form of address ("ong", "ba", "mr", "ms", "dong chi")
 * followed by a family name and one to three more words ("ong ho duc phoc").
 */
export function findAddressedNames(words: readonly string[], surnames: ReadonlySet<string>, isContentWord: (w: string) => boolean): { name: string; at: number; length: number }[] {
  const out: { name: string; at: number; length: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const cue = words[i] === 'ong' || words[i] === 'mr' || words[i] === 'ms' || words[i] === 'mrs' || (words[i] === 'chi' && words[i - 1] === 'dong');
    if (!cue || !surnames.has(words[i + 1] ?? '')) continue;
    let n = 1;
    while (n < 4 && i + 1 + n < words.length && !isContentWord(words[i + 1 + n])) n++;
    if (n >= 2) out.push({ name: words.slice(i + 1, i + 1 + n).join(' '), at: i + 1, length: n });
  }
  return out;
}
