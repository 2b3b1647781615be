/**
 * The answer layer's entry point: text → query (query.ts) → one ranking over all the evidence
 * (facts and every seed sentence: evidence.ts, rank.ts) → an Answer (compose.ts), titled by the
 * intent that fits it. Every index is built here, once, at load; asking is synchronous and its
 * work is bounded for any input (limits.ts). This layer depends on the knowledge base alone: the
 * engine is given its intents, and the way to list deadlines, by its caller.
 */
import type { KnowledgeBase } from '../knowledge/types.js';
import { cannotAnswer, composeAnswer, emptyAnswer, sourcesSpan, unitNames, type ComposeEnv } from './compose.js';
import { helpAnswer } from './help.js';
import { buildIndexes, type Indexes } from './indexes.js';
import { bestIntent, type IntentContext, type IntentSpec } from './intent.js';
import { entityTerm } from './lexicon.js';
import { canonical } from './normalize.js';
import { understand, type Query } from './query.js';
import type { Scored } from './rank.js';
import { say } from './messages.js';
import { didYouMean, exampleFinder } from './suggest.js';
import type { Answer, Lang, Slots } from './types.js';

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
  listDeadlines?: (question: string, lang: Lang) => Answer;
  /** IANA time zone for "today", "last year" (default INTEG_TZ when the engine was created, or Asia/Ho_Chi_Minh). */
  tz?: string;
  /** The language to answer in, when the user or channel chose one; else the question's. */
  lang?: Lang;
}

export interface EngineOptions {
  intents: readonly IntentSpec[];
  /** Indexes already built from this knowledge base (restored from a file: src/engine.ts); built here otherwise. */
  indexes?: Indexes;
}

export interface Engine {
  kb: KnowledgeBase;
  ask(text: string, ctx?: AskContext): Answer;
  /** The help answer (what integ can do, with examples), in English unless told. */
  help(lang?: Lang): Answer;
  /** The intents, for help texts and App Home. */
  intents: readonly IntentSpec[];
  /** What a question was understood as (tests, `integ ask --explain`). */
  understand(text: string, ctx?: AskContext): Query;
  /** How a question was read and its best evidence, for curators (`integ ask --explain`). */
  explain(text: string, ctx?: AskContext): { query: Query; ranked: Scored[] };
}

export function createEngine(kb: KnowledgeBase, opts: EngineOptions): Engine {
  const { intents } = opts;
  const { lexicon, base, ranker, bySubject, claimsByKey } = opts.indexes ?? buildIndexes(kb);
  const shared: Omit<ComposeEnv, 'lang'> = {
    kb,
    units: unitNames(kb),
    base,
    bySubject,
    claimsByKey,
    titleFor: (q, lead) => bestIntent(intents, q, lead),
    isStopword: (w) => lexicon.isStopword(w),
    sources: sourcesSpan(kb),
  };
  const understandEnv = { lexicon, people: base.people, knownDocs: base.docs };
  const examples = exampleFinder(intents);
  const helpIn = (lang: Lang) => (q: Pick<Query, 'raw' | 'slots'>) => helpAnswer(kb, intents, q, lang);
  // the process's zone, read once (reading the environment costs as much as a step of a question)
  const tz = defaultTz();

  /** The question understood, with the thread's slots, and weighed for ranking. */
  function read(text: string, actx: AskContext): Query {
    const q = understand(text, understandEnv, { now: actx.now ?? new Date(), tz: actx.tz ?? tz });
    if (actx.threadSlots) withThreadSlots(q, actx.threadSlots);
    ranker.weigh(q);
    return q;
  }

  /** An intent that answers without the evidence, else the ranked evidence composed; a decline offers suggestions. */
  function answer(q: Query, actx: AskContext, clarify: boolean): Answer {
    const lang = actx.lang ?? q.lang;
    const help = helpIn(lang);
    if (!q.units.length) return help(q);
    const ctx: IntentContext = { kb, now: actx.now ?? new Date(), lang, listDeadlines: (qq) => actx.listDeadlines?.(qq.raw, lang) ?? null, help };
    for (const intent of intents) {
      if (!intent.takes?.(q) || !intent.answer) continue;
      const a = intent.answer(q, ctx);
      if (a) return a;
    }
    const env: ComposeEnv = { ...shared, lang };
    const a = composeAnswer(q, ranker.rank(q), env);
    if (a.answered || a.intent !== 'none') return a;
    const meant = clarify ? didYouMean(q, lexicon, base.people, (question) => isAnswer(answer(read(question, actx), actx, false))) : [];
    if (meant.length) return emptyAnswer(q, lang, 'clarify', say('answer.didYouMean'), { suggestions: meant });
    // a decline that names what the sources lack says so; only "I can't answer that" offers examples
    if (!isGenericDecline(a) || a.suggestions.length) return a;
    return cannotAnswer(q, env, examples(3, lang, q));
  }

  function ask(text: string, actx: AskContext = {}): Answer {
    const q = read(text, actx);
    const a = answer(q, actx, true);
    const fixes = a.answered ? q.corrections : [];
    if (!fixes.length) return a;
    return { ...a, notes: [say('answer.readAs', { fixes: fixes.slice(0, 3).map((c) => ({ from: c.from, to: c.to })) }), ...a.notes] };
  }

  return {
    kb,
    intents,
    ask,
    help: (lang: Lang = 'en') => helpIn(lang)({ raw: 'help', slots: { years: [], period: null, places: [], docs: [] } }),
    understand: (text, actx = {}) => read(text, actx),
    explain(text, actx = {}) {
      const query = read(text, actx);
      return { query, ranked: ranker.rank(query).slice(0, 10) };
    },
  };
}

const isAnswer = (a: Answer) => a.answered && a.intent !== 'help';
const isGenericDecline = (a: Answer) => a.headline.kind === 'msg' && a.headline.key === 'answer.cannot';

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
