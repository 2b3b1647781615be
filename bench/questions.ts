/**
 * The questions the benchmark asks: a deterministic generator of distinct questions built from the
 * knowledge itself (facts, vocabulary), so the engine is measured on questions it has never seen,
 * as users ask them. It varies the real kinds of question:
 *
 *   topic        a concept, a fact's keywords or label, words of a statement ("fdi 2025", "ODA")
 *   period       a figure for a year, quarter, half, month or "first 7 months of 2025"
 *   place        a province or city ("FDI in Nghe An 2025", "xuất khẩu của Hà Tĩnh")
 *   country      relations, trade, agreements with a country or an organisation
 *   person       who holds an office, what someone said (known names and names the sources lack)
 *   document     resolution / decision numbers ("Resolution 59-NQ/TW", "QĐ 1812")
 *   compare      two measures, two years, two periods side by side
 *   list         "what are the …", "những … nào"
 *   out-of-scope what the sources do not cover (English dictionary words, weather, sport)
 *
 * in English and Vietnamese, Vietnamese with and without diacritics, some with one typo. Only the
 * templates (how a question is put) are written here; every topic, place, person, document and
 * period comes from knowledge/ (a fact's period, a vocabulary concept's terms, an entity's names).
 * Given the same knowledge and seed, the same questions in the same order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeBase } from '../src/knowledge/types.js';
import { englishWords } from '../src/answer/english.js';
import { ROOT } from '../src/paths.js';
import { rng } from './stats.js';

export const QUESTION_KINDS = ['topic', 'period', 'place', 'country', 'person', 'document', 'compare', 'list', 'out-of-scope'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** How it is written: as composed, with one typo, or Vietnamese without its diacritics. */
export type QuestionForm = 'plain' | 'typo' | 'no-diacritics';

export interface BenchQuestion {
  text: string;
  kind: QuestionKind;
  lang: 'en' | 'vi';
  form: QuestionForm;
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
 * A small fixed set of realistic questions (dev.jsonl when present, plus the intents' Vietnamese
 * examples; otherwise every intent's examples), for the HTTP benchmark's warm-up and replies.
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

// ---------------------------------------------------------------------------------------------
// the material: everything a question names, from the knowledge

interface Named {
  en: string;
  vi: string;
}

interface Material {
  /** Content concepts (kind "term"): an English and a Vietnamese term each. */
  topics: Named[];
  /** Topics that come with figures (facts with a value): their labels and keywords. */
  measures: Named[];
  /** Runs of words of fact statements (what a user half-remembers from an article). */
  phrases: string[];
  provinces: Named[];
  countries: Named[];
  organisations: Named[];
  titles: Named[];
  /** Known people (facts' people), and names made of the vocabulary's surnames and known given names. */
  people: string[];
  unknownPeople: string[];
  /** Document numbers the facts name. */
  docs: string[];
  /** Years the knowledge speaks of, and a few around them. */
  years: number[];
  /** English dictionary words the sources do not use (out of scope). */
  foreign: string[];
}

const pickOf = (rand: () => number) => <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

function material(kb: KnowledgeBase): Material {
  const v = kb.vocabulary;
  const first = (xs: readonly string[], fallback: string) => xs.find((x) => x.trim()) ?? fallback;
  const named = (en: readonly string[], vi: readonly string[], fallback: string): Named => ({ en: first(en, fallback), vi: first(vi, first(en, fallback)) });
  const topics = v.concepts.filter((c) => c.kind === 'term' && c.id !== 'help' && c.en.length).flatMap((c) => c.en.slice(0, 3).map((en, i) => ({ en, vi: c.vi[i] ?? c.vi[0] ?? en })));
  const titles = v.concepts.filter((c) => c.kind === 'title').flatMap((c) => c.en.slice(0, 2).map((en, i) => ({ en, vi: c.vi[i] ?? c.vi[0] ?? en })));
  const entities = (kinds: string[]) => v.entities.filter((e) => kinds.includes(e.kind)).map((e) => ({ en: e.name, vi: e.nameVi }));
  const measures: Named[] = [];
  const phrases: string[] = [];
  const docs = new Set<string>();
  const people = new Set<string>();
  const years = new Set<number>();
  for (const f of kb.facts) {
    if (f.value !== null && f.label) measures.push({ en: f.label, vi: f.labelVi ?? f.label });
    for (const k of f.keywords) measures.push({ en: k, vi: k });
    const words = f.statement.replace(/[.,;:()"“”]/g, '').split(/\s+/).filter(Boolean);
    for (let i = 0; i + 4 <= words.length; i += 4) phrases.push(words.slice(i, i + 2 + (i % 3)).join(' '));
    f.docs.forEach((d) => docs.add(d));
    f.people.forEach((p) => people.add(p));
    for (const m of f.statement.matchAll(/\b(19[89]\d|20[0-4]\d)\b/g)) years.add(Number(m[1]));
  }
  // names the sources lack: a vocabulary surname with known people's middle and given names
  const known = [...people].map((p) => p.split(' ')).filter((p) => p.length >= 3);
  const unknownPeople: string[] = [];
  const folded = v.surnames.map(stripDiacritics);
  for (let i = 0; i < folded.length; i++) {
    const a = known[i % Math.max(1, known.length)];
    const b = known[(i * 7 + 3) % Math.max(1, known.length)];
    if (a && b) unknownPeople.push(`${folded[i]} ${a[1]} ${b[b.length - 1]}`);
  }
  const usedWords = new Set(kb.facts.flatMap((f) => f.statement.toLowerCase().split(/[^a-z]+/)));
  const foreign = [...englishWords()].filter((w, i) => i % 37 === 0 && /^[a-z]{5,10}$/.test(w) && !usedWords.has(w));
  return {
    topics,
    measures: measures.filter((m) => m.en.length <= 60),
    phrases,
    provinces: entities(['province', 'city']),
    countries: entities(['country']),
    organisations: entities(['organisation']),
    titles: titles.length ? titles : [named([], [], 'minister')],
    people: [...people],
    unknownPeople,
    docs: [...docs],
    years: [...years].sort(),
    foreign,
  };
}

// ---------------------------------------------------------------------------------------------
// periods, as users write them

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function period(rand: () => number, years: readonly number[], lang: 'en' | 'vi'): string {
  const pick = pickOf(rand);
  const y = pick(years);
  const n = 2 + Math.floor(rand() * 10);
  const q = 1 + Math.floor(rand() * 4);
  const m = Math.floor(rand() * 12);
  if (lang === 'vi') {
    return pick([`năm ${y}`, `${y}`, `quý ${q} năm ${y}`, `quý ${['I', 'II', 'III', 'IV'][q - 1]}/${y}`, `${n} tháng đầu năm ${y}`, `6 tháng đầu năm ${y}`, `tháng ${m + 1}/${y}`, `nửa cuối năm ${y}`, `cả năm ${y}`, `năm nay`, `năm ngoái`]);
  }
  return pick([`${y}`, `in ${y}`, `Q${q} ${y}`, `the ${['first', 'second', 'third', 'fourth'][q - 1]} quarter of ${y}`, `the first ${n} months of ${y}`, `first ${n} months ${y}`, `H${1 + (q % 2)} ${y}`, `${MONTHS[m]} ${y}`, `${MONTHS[m].slice(0, 3)}–${MONTHS[Math.min(11, m + 3)].slice(0, 3)} ${y}`, `full-year ${y}`, `last year`, `this year`, `by the end of ${y}`]);
}

// ---------------------------------------------------------------------------------------------
// templates: how each kind of question is put, in each language

type Template = (m: Material, rand: () => number) => string;

const TEMPLATES: Record<QuestionKind, { en: Template[]; vi: Template[] }> = {
  topic: {
    en: [
      (m, r) => pickOf(r)(m.topics).en,
      (m, r) => `${pickOf(r)(m.measures).en}`,
      (m, r) => `what about ${pickOf(r)(m.topics).en}?`,
      (m, r) => `tell me about ${pickOf(r)(m.measures).en}`,
      (m, r) => `${pickOf(r)(m.phrases)}`,
      (m, r) => `${pickOf(r)(m.topics).en} ${pickOf(r)(m.topics).en}`,
      (m, r) => `what did the government say about ${pickOf(r)(m.topics).en}`,
    ],
    vi: [
      (m, r) => pickOf(r)(m.topics).vi,
      (m, r) => `${pickOf(r)(m.measures).vi}`,
      (m, r) => `${pickOf(r)(m.topics).vi} như thế nào?`,
      (m, r) => `cho tôi biết về ${pickOf(r)(m.topics).vi}`,
    ],
  },
  period: {
    en: [
      (m, r) => `${pickOf(r)(m.measures).en} ${period(r, m.years, 'en')}`,
      (m, r) => `How much ${pickOf(r)(m.topics).en} in ${period(r, m.years, 'en')}?`,
      (m, r) => `What was ${pickOf(r)(m.measures).en} in ${period(r, m.years, 'en')}?`,
      (m, r) => `how many ${pickOf(r)(m.topics).en} ${period(r, m.years, 'en')}`,
      (m, r) => `${pickOf(r)(m.topics).en} growth ${period(r, m.years, 'en')}`,
      (m, r) => `when is the ${pickOf(r)(m.measures).en} due`,
    ],
    vi: [
      (m, r) => `${pickOf(r)(m.measures).vi} ${period(r, m.years, 'vi')}`,
      (m, r) => `${pickOf(r)(m.topics).vi} ${period(r, m.years, 'vi')} là bao nhiêu?`,
      (m, r) => `${pickOf(r)(m.topics).vi} ${period(r, m.years, 'vi')} đạt bao nhiêu`,
      (m, r) => `khi nào hoàn thành ${pickOf(r)(m.topics).vi}`,
    ],
  },
  place: {
    en: [
      (m, r) => `How much ${pickOf(r)(m.topics).en} did ${pickOf(r)(m.provinces).en} attract in ${pickOf(r)(m.years)}?`,
      (m, r) => `${pickOf(r)(m.provinces).en} ${pickOf(r)(m.topics).en} ${period(r, m.years, 'en')}`,
      (m, r) => `${pickOf(r)(m.measures).en} in ${pickOf(r)(m.provinces).en}`,
      (m, r) => `Who is the Chairman of the ${pickOf(r)(m.provinces).en} Provincial People's Committee?`,
      (m, r) => `what did ${pickOf(r)(m.provinces).en} do on ${pickOf(r)(m.topics).en}`,
    ],
    vi: [
      (m, r) => `${pickOf(r)(m.topics).vi} của ${pickOf(r)(m.provinces).vi} ${period(r, m.years, 'vi')}`,
      (m, r) => `${pickOf(r)(m.provinces).vi} thu hút bao nhiêu ${pickOf(r)(m.topics).vi}`,
      (m, r) => `${pickOf(r)(m.provinces).vi} triển khai những ${pickOf(r)(m.topics).vi} nào`,
    ],
  },
  country: {
    en: [
      (m, r) => `What was Vietnam's trade turnover with ${pickOf(r)(m.countries).en} in ${pickOf(r)(m.years)}?`,
      (m, r) => `relations with ${pickOf(r)(m.countries).en}`,
      (m, r) => `${pickOf(r)(m.topics).en} ${pickOf(r)(m.countries).en}`,
      (m, r) => `When did Vietnam join ${pickOf(r)(m.organisations).en}?`,
      (m, r) => `Is ${pickOf(r)(m.countries).en} a comprehensive strategic partner?`,
      (m, r) => `${pickOf(r)(m.organisations).en} ${pickOf(r)(m.topics).en}`,
    ],
    vi: [
      (m, r) => `quan hệ Việt Nam với ${pickOf(r)(m.countries).vi}`,
      (m, r) => `kim ngạch thương mại với ${pickOf(r)(m.countries).vi} năm ${pickOf(r)(m.years)}`,
      (m, r) => `Việt Nam gia nhập ${pickOf(r)(m.organisations).vi} khi nào?`,
    ],
  },
  person: {
    en: [
      (m, r) => `who is ${pickOf(r)(m.people)}`,
      (m, r) => `What did ${pickOf(r)(m.people)} say about ${pickOf(r)(m.topics).en}?`,
      (m, r) => `who is the ${pickOf(r)(m.titles).en}`,
      (m, r) => `who is ${pickOf(r)(m.unknownPeople)}`,
      (m, r) => `What position does ${pickOf(r)(m.people)} hold?`,
      (m, r) => `what did the ${pickOf(r)(m.titles).en} say about ${pickOf(r)(m.topics).en}`,
      (m, r) => `According to ${pickOf(r)(m.unknownPeople)}, how much ${pickOf(r)(m.topics).en}?`,
    ],
    vi: [
      (m, r) => `ông ${pickOf(r)(m.people)} là ai`,
      (m, r) => `${pickOf(r)(m.titles).vi} là ai?`,
      (m, r) => `ông ${pickOf(r)(m.unknownPeople)} giữ vai trò gì`,
      (m, r) => `${pickOf(r)(m.titles).vi} nói gì về ${pickOf(r)(m.topics).vi}`,
    ],
  },
  document: {
    en: [
      (m, r) => `resolution ${pickOf(r)(m.docs)}`,
      (m, r) => `What is Resolution No. ${pickOf(r)(m.docs)}-NQ/TW about?`,
      (m, r) => `What is Decision ${pickOf(r)(m.docs)}/QD-TTg about?`,
      (m, r) => `who signed decision ${pickOf(r)(m.docs)}`,
      (m, r) => `resolution ${1 + Math.floor(r() * 400)} on ${pickOf(r)(m.topics).en}`,
      (m, r) => `NQ ${pickOf(r)(m.docs)} ${pickOf(r)(m.topics).en}`,
    ],
    vi: [
      (m, r) => `nghị quyết ${pickOf(r)(m.docs)} về ${pickOf(r)(m.topics).vi}`,
      (m, r) => `Nghị quyết số ${pickOf(r)(m.docs)}-NQ/TW nói gì?`,
      (m, r) => `quyết định ${pickOf(r)(m.docs)}/QĐ-TTg do ai ký`,
    ],
  },
  compare: {
    en: [
      (m, r) => `compare ${pickOf(r)(m.topics).en} with ${pickOf(r)(m.topics).en}`,
      (m, r) => `How did ${pickOf(r)(m.measures).en} in ${pickOf(r)(m.years)} compare with ${pickOf(r)(m.years)}?`,
      (m, r) => `${pickOf(r)(m.topics).en} ${pickOf(r)(m.years)} vs ${pickOf(r)(m.years)}`,
      (m, r) => `registered and disbursed ${pickOf(r)(m.topics).en} ${period(r, m.years, 'en')}`,
    ],
    vi: [
      (m, r) => `so sánh ${pickOf(r)(m.topics).vi} và ${pickOf(r)(m.topics).vi}`,
      (m, r) => `${pickOf(r)(m.topics).vi} năm ${pickOf(r)(m.years)} so với năm ${pickOf(r)(m.years)}`,
    ],
  },
  list: {
    en: [
      (m, r) => `what are the ${pickOf(r)(m.topics).en}s`,
      (m, r) => `list the ${pickOf(r)(m.measures).en}`,
      (m, r) => `What tasks did the ${pickOf(r)(m.titles).en} set for ${pickOf(r)(m.topics).en} in ${pickOf(r)(m.years)}?`,
      (m, r) => `which ${pickOf(r)(m.topics).en} channels must be implemented`,
    ],
    vi: [
      (m, r) => `những ${pickOf(r)(m.topics).vi} nào`,
      (m, r) => `các nhiệm vụ về ${pickOf(r)(m.topics).vi} là gì`,
    ],
  },
  'out-of-scope': {
    en: [
      (m, r) => `who won the ${pickOf(r)(m.foreign)} cup in ${pickOf(r)(m.years)}`,
      (m, r) => `weather in ${pickOf(r)(m.provinces).en} tomorrow`,
      (m, r) => `can you recommend a good ${pickOf(r)(m.foreign)} near the ${pickOf(r)(m.foreign)}?`,
      (m, r) => `how do I fix my ${pickOf(r)(m.foreign)} ${pickOf(r)(m.foreign)}`,
      (m, r) => `${pickOf(r)(m.foreign)} ${pickOf(r)(m.foreign)} ${pickOf(r)(m.foreign)}`,
      (m, r) => `what is the price of ${pickOf(r)(m.foreign)} in ${pickOf(r)(m.countries).en}`,
    ],
    vi: [
      (m, r) => `thời tiết ${pickOf(r)(m.provinces).vi} ngày mai`,
      (m, r) => `quán phở ngon gần ${pickOf(r)(m.provinces).vi}`,
      (m, r) => `giá vàng hôm nay ở ${pickOf(r)(m.provinces).vi}`,
    ],
  },
};

/** How often each kind is asked (relative). */
const WEIGHTS: Record<QuestionKind, number> = { topic: 16, period: 20, place: 10, country: 10, person: 11, document: 8, compare: 7, list: 7, 'out-of-scope': 11 };

/**
 * `count` distinct questions (fewer only if the knowledge is too small to make them), the same
 * for the same knowledge, seed and count. About a third are Vietnamese (a third of those without
 * diacritics), about one in seven has a typo.
 */
export function generateQuestions(kb: KnowledgeBase, count: number, seed = 1, avoid: ReadonlySet<string> = new Set()): BenchQuestion[] {
  const m = material(kb);
  const rand = rng(seed);
  const pick = pickOf(rand);
  const kinds = QUESTION_KINDS.flatMap((k) => Array.from({ length: WEIGHTS[k] }, () => k));
  const seen = new Set<string>(avoid);
  const out: BenchQuestion[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 50; attempts++) {
    const kind = pick(kinds);
    const lang = rand() < 0.33 ? 'vi' : 'en';
    let text = pick(TEMPLATES[kind][lang])(m, rand).replace(/\s+/g, ' ').trim();
    let form: QuestionForm = 'plain';
    if (lang === 'vi' && rand() < 0.35) {
      text = stripDiacritics(text).toLowerCase();
      form = 'no-diacritics';
    } else if (rand() < 0.15) {
      const t = typo(text, rand);
      if (t) {
        text = t;
        form = 'typo';
      }
    }
    if (rand() < 0.3) text = text.toLowerCase();
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ text, kind, lang, form });
  }
  return out;
}
