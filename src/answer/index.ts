/**
 * The answer layer's entry point: text → query (query.ts) → one ranking over all the evidence
 * (facts and every seed sentence: evidence.ts, rank.ts) → an Answer (compose.ts), titled by the
 * intent that fits it. Every index is built here, once, at load; asking is synchronous and its
 * work is bounded for any input (limits.ts). This layer depends on the knowledge base alone: the
 * engine is given its intents, and the way to list deadlines, by its caller.
 */
import Fuse from 'fuse.js';
import type { Fact } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { cannotAnswer, composeAnswer, claimKey, emptyAnswer, describeSources, type ComposeEnv } from './compose.js';
import { buildEvidence, type Evidence } from './evidence.js';
import type { IntentContext, IntentSpec } from './intent.js';
import { englishWords } from './english.js';
import { entityTerm, isVietnameseSyllable, Lexicon } from './lexicon.js';
import { canonical } from './normalize.js';
import { understand, type Query } from './query.js';
import { Ranker, type Scored } from './rank.js';
import type { Answer, Slots, Suggestion } from './types.js';

export interface AskContext {
  /** Slots of the thread this question replies in (follow-ups). */
  threadSlots?: Slots | null;
  /** "Now" for anything relative to today. Defaults to the current time. */
  now?: Date;
  /**
   * How general deadline questions ("what's due next month?") are answered: the deadlines are the
   * digest layer's, with the channel's own, so the caller lists them. Without it such questions
   * are ranked like any other.
   */
  listDeadlines?: (question: string) => Answer;
  /** IANA time zone for "today", "last year" (default INTEG_TZ or Asia/Ho_Chi_Minh). */
  tz?: string;
}

export interface EngineOptions {
  intents: readonly IntentSpec[];
}

export interface Engine {
  kb: KnowledgeBase;
  ask(text: string, ctx?: AskContext): Answer;
  /** The help answer (what integ can do, with examples). */
  help(): Answer;
  /** The intents, for help texts and App Home. */
  intents: readonly IntentSpec[];
  /** What a question was understood as (tests, `integ ask --explain`). */
  understand(text: string, ctx?: AskContext): Query;
  /** How a question was read and its best evidence, for curators (`integ ask --explain`). */
  explain(text: string, ctx?: AskContext): { query: Query; ranked: Scored[] };
}

/** The order intents are listed in help. */
const HELP_ORDER = ['fdi', 'trade', 'growth', 'relations', 'agreements', 'documents', 'people', 'events', 'localities', 'policy'];

export function createEngine(kb: KnowledgeBase, opts: EngineOptions): Engine {
  const { intents } = opts;
  // the words of the sources and the facts: what typos are corrected towards
  const corpus = new Set<string>();
  const addWords = (t: string) => canonical(t).split(' ').forEach((w) => w && corpus.add(w));
  for (const text of kb.seeds.values()) addWords(text);
  for (const f of kb.facts) addWords(`${f.statement} ${f.keywords.join(' ')} ${f.label ?? ''}`);
  for (const s of kb.sources) addWords(s.title);
  const lexicon = new Lexicon(kb.vocabulary, corpus, englishWords());
  const base = buildEvidence(kb, lexicon);
  const ranker = new Ranker(base);
  const bySubject = new Map<string, Evidence[]>();
  const claimsByKey = new Map<string, Fact[]>();
  for (const e of base.evidence) {
    if (!e.fact) continue;
    bySubject.set(e.fact.subject, [...(bySubject.get(e.fact.subject) ?? []), e]);
    if (e.fact.claim) claimsByKey.set(claimKey(e.fact), [...(claimsByKey.get(claimKey(e.fact)) ?? []), e.fact]);
  }
  const env: ComposeEnv = { kb, base, bySubject, claimsByKey, titleFor, isStopword: (w) => lexicon.isStopword(w) };
  const knownDocs = base.docs;
  const understandEnv = { lexicon, people: base.people, knownDocs };

  /** The intent whose concepts and topics fit the question and its lead evidence best. */
  function titleFor(q: Query, lead: Evidence | null): { id: string; title: string } {
    let best: IntentSpec | null = null;
    let bestScore = 0;
    for (const intent of intents) {
      if (intent.id === 'help') continue;
      let s = 0;
      for (const u of q.units) {
        for (const t of u.terms) if (t.startsWith('c:')) s += intent.concepts[t.slice(2)] ?? 0;
        if (u.kind === 'entity' && q.places.includes(u.label)) s += intent.concepts.province ?? 0;
      }
      if (lead?.fact && intent.topics.includes(lead.fact.topic)) s += 4;
      if (s > bestScore) {
        best = intent;
        bestScore = s;
      }
    }
    return best ? { id: best.id, title: best.title } : { id: 'passages', title: 'From the sources' };
  }

  // example questions nearest a declined one (fuzzy, over every intent's examples), else the first of the main ones
  const allExamples = [...new Set(intents.filter((i) => i.id !== 'help').flatMap((i) => i.examples))];
  const nearest = new Fuse(allExamples, { includeScore: true, threshold: 0.5, ignoreLocation: true });
  const examples = (n: number, q?: Pick<Query, 'raw'>): Suggestion[] => {
    // (the words asked about, short: fuzzy search costs with the pattern's length)
    const words = q && 'units' in q ? (q as Query).units.map((u) => u.words.join(' ')).join(' ').slice(0, 32) : '';
    const near = words ? nearest.search(words, { limit: n }).map((r) => r.item) : [];
    const main = ['fdi', 'people', 'events', 'trade', 'relations'].map((id) => intents.find((i) => i.id === id)?.examples[0]).filter((e): e is string => !!e);
    return [...new Set([...near, ...main])].slice(0, n).map((e) => ({ label: e, question: e }));
  };

  function helpAnswer(q: Pick<Query, 'raw' | 'slots'>): Answer {
    return {
      ...emptyAnswer(q, 'help', 'I answer questions about Vietnam’s international integration from my source articles, with citations.'),
      answered: true,
      points: [
        ...HELP_ORDER.map((id) => intents.find((i) => i.id === id))
          .filter((i): i is IntentSpec => !!i)
          .map((i) => ({ text: `${i.description} — e.g. “${i.examples[0]}”`, cites: [] })),
        { text: 'Deadlines: “/integ deadlines”, add your own with “/integ deadline add 2026-12-15 Submit the report”, then “/integ deadline done d1”.', cites: [] },
        { text: 'Weekly digest of deadlines for this channel: “/integ digest on monday 09:00”, “/integ digest preview”, “/integ digest off”.', cites: [] },
      ],
      notes: [`Ask in English or Vietnamese, with or without diacritics. I answer from ${describeSources(kb)}. Mention @integ in a channel or send it a direct message.`],
    };
  }

  function read(text: string, actx: AskContext): Query {
    const q = understand(text, understandEnv, { now: actx.now ?? new Date(), tz: actx.tz ?? defaultTz() });
    if (actx.threadSlots) withThreadSlots(q, actx.threadSlots);
    ranker.weigh(q);
    return q;
  }

  function answer(q: Query, actx: AskContext, clarify: boolean): Answer {
    const now = actx.now ?? new Date();
    const ctx: IntentContext = {
      kb,
      now,
      listDeadlines: (qq) => actx.listDeadlines?.(qq.raw) ?? null,
      help: helpAnswer,
    };
    if (!q.units.length) return helpAnswer(q);
    for (const intent of intents) {
      if (!intent.takes?.(q) || !intent.answer) continue;
      const a = intent.answer(q, ctx);
      if (a) return a;
    }
    const a = composeAnswer(q, ranker.rank(q), env);
    if (a.answered || a.intent !== 'none') return a;
    return withSuggestions(q, a, actx, clarify);
  }

  /** A declined question: "Did you mean…" when a word is close to one that gives an answer, else examples. */
  function withSuggestions(q: Query, declined: Answer, actx: AskContext, clarify: boolean): Answer {
    const candidates: Suggestion[] = [];
    // (a correct word the sources do not use is no typo: only the others may be meant as a known one)
    const typos = q.unknown.filter((w) => !(q.lang === 'en' ? lexicon.isEnglish(w) : isVietnameseSyllable(w)));
    for (const w of clarify && typos.length <= 2 && q.units.length <= 10 ? typos : []) {
      for (const alt of lexicon.nearWords(w)) {
        const question = q.raw.replace(new RegExp(escapeRegExp(w), 'i'), alt);
        if (question === q.raw || candidates.some((c) => c.question === question)) continue;
        const a = answer(read(question, actx), actx, false);
        if (a.answered && a.intent !== 'help') candidates.push({ label: question, question });
        if (candidates.length >= 3) break;
      }
    }
    if (candidates.length) return emptyAnswer(q, 'clarify', 'I’m not sure what you meant. Did you mean…', { suggestions: candidates });
    return declined.suggestions.length ? declined : cannotAnswer(q, env, examples(3, q));
  }

  function ask(text: string, actx: AskContext = {}): Answer {
    const q = read(text, actx);
    const a = answer(q, actx, true);
    const fixes = a.answered ? q.corrections : [];
    if (!fixes.length) return a;
    return { ...a, notes: [`Read ${fixes.slice(0, 3).map((c) => `“${c.from}” as “${c.to}”`).join(', ')}.`, ...a.notes] };
  }

  function explain(text: string, actx: AskContext = {}) {
    const query = read(text, actx);
    return { query, ranked: ranker.rank(query).slice(0, 10) };
  }

  return { kb, ask, explain, help: () => helpAnswer({ raw: 'help', slots: { years: [], period: null, places: [], docs: [] } }), intents, understand: (t, actx = {}) => read(t, actx) };
}

/** A follow-up in a thread keeps the thread's year, period and place unless it names its own. */
function withThreadSlots(q: Query, thread: Slots): void {
  if (!q.years.length && !q.periods.length) {
    q.years = [...thread.years];
    if (thread.period) q.periods = [{ ...thread.period }];
  }
  if (!q.places.length && thread.places.length) {
    q.places = [...thread.places];
    for (const p of q.places) q.units.push({ kind: 'entity', words: canonical(p).split(' '), terms: [entityTerm(p)], label: p, weight: 1, essential: true });
  }
  q.slots = { years: q.years, period: q.periods[0] ?? null, places: q.places, docs: q.docs };
}

const defaultTz = (): string => process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
