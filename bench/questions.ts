/**
 * The questions the engine benchmark asks: the dev questions (../shared/eval/dev.jsonl, or every
 * intent's examples when that file is absent) plus the intents' Vietnamese examples, and variants
 * generated from them deterministically per seed: a typo, Vietnamese without diacritics, a
 * different year, a different word order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { rng } from './stats.js';

export type QuestionKind = 'dev' | 'typo' | 'no-diacritics' | 'year' | 'word-order';

export interface BenchQuestion {
  text: string;
  kind: QuestionKind;
}

export const DEV_FILE = join(ROOT, '..', 'shared', 'eval', 'dev.jsonl');

/** The dev questions (`{"q": …}` per line), or null when the file does not exist. */
export function readDevQuestions(file = DEV_FILE): string[] | null {
  if (!existsSync(file)) return null;
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = (JSON.parse(line) as { q?: unknown }).q;
    if (typeof q === 'string' && q.trim()) out.push(q);
  }
  return out;
}

/**
 * The base questions: dev.jsonl when present (plus the intents' examples written with Vietnamese
 * diacritics, so that "without diacritics" variants exist), otherwise every intent's examples.
 */
export function baseQuestions(intents: readonly { examples: Readonly<Record<'en' | 'vi', readonly string[]>> }[], file = DEV_FILE): { questions: string[]; origin: string } {
  const dev = readDevQuestions(file);
  const examples = intents.flatMap((i) => [...i.examples.en, ...i.examples.vi]);
  if (!dev) return { questions: [...new Set(examples)], origin: 'intent examples (dev.jsonl not found)' };
  const vietnamese = examples.filter(hasDiacritics);
  return { questions: [...new Set([...dev, ...vietnamese])], origin: `${file} + ${vietnamese.length} Vietnamese intent examples` };
}

export const hasDiacritics = (s: string): boolean => /[đĐ]/.test(s) || s.normalize('NFD') !== s;

export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n',
  n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/** One typo (swap, drop, neighbour key or doubled letter) in a word of 4+ ASCII letters; null when none fits. */
export function typo(q: string, rand: () => number): string | null {
  const words = q.split(' ');
  const candidates = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[A-Za-z]{4,}$/.test(w));
  if (!candidates.length) return null;
  const { w, i } = candidates[Math.floor(rand() * candidates.length)];
  const p = 1 + Math.floor(rand() * (w.length - 2)); // never the first letter
  let out: string;
  switch (Math.floor(rand() * 4)) {
    case 0:
      out = w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
      break;
    case 1:
      out = w.slice(0, p) + w.slice(p + 1);
      break;
    case 2: {
      const n = KEYBOARD_NEIGHBOURS[w[p].toLowerCase()] ?? 'e';
      out = w.slice(0, p) + n[Math.floor(rand() * n.length)] + w.slice(p + 1);
      break;
    }
    default:
      out = w.slice(0, p) + w[p] + w.slice(p);
  }
  if (out === w) return null;
  const copy = [...words];
  copy[i] = out;
  return copy.join(' ');
}

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2030];

/** Another year: each year in the question replaced, or one appended when it names none. */
export function otherYear(q: string, rand: () => number): string {
  const pick = (not: number) => {
    const ys = YEARS.filter((y) => y !== not);
    return ys[Math.floor(rand() * ys.length)];
  };
  if (/\b(19|20)\d{2}\b/.test(q)) return q.replace(/\b(?:19|20)\d{2}\b/g, (y) => String(pick(Number(y))));
  return `${q.replace(/[?.!]\s*$/, '')} in ${pick(0)}`;
}

/** The words in another order (a seeded shuffle that differs from the original when it can). */
export function reorder(q: string, rand: () => number): string | null {
  const words = q.replace(/[?.!]\s*$/, '').split(' ').filter(Boolean);
  if (words.length < 2) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const w = [...words];
    for (let i = w.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [w[i], w[j]] = [w[j], w[i]];
    }
    const out = w.join(' ');
    if (out !== words.join(' ')) return out;
  }
  return [...words].reverse().join(' ');
}

/** The variants of one question for one seed (kinds that do not apply are left out). */
export function variantsOf(q: string, seed: number): BenchQuestion[] {
  const rand = rng(seed);
  const out: BenchQuestion[] = [];
  const t = typo(q, rand);
  if (t) out.push({ text: t, kind: 'typo' });
  if (hasDiacritics(q)) out.push({ text: stripDiacritics(q), kind: 'no-diacritics' });
  out.push({ text: otherYear(q, rand), kind: 'year' });
  const r = reorder(q, rand);
  if (r) out.push({ text: r, kind: 'word-order' });
  return out;
}

/** One pass of questions: every base question and its variants for `seed` (different seeds, different typos and orders). */
export function questionSet(base: readonly string[], seed: number): BenchQuestion[] {
  const out: BenchQuestion[] = [];
  base.forEach((q, i) => {
    out.push({ text: q, kind: 'dev' });
    out.push(...variantsOf(q, seed * 7919 + i));
  });
  return out;
}
