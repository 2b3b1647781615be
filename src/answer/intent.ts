/**
 * The intent contract. An intent shapes and titles answers; it never hides evidence: every
 * question is ranked over all the evidence (rank.ts), and the intent whose concepts and topics fit
 * the question and its best evidence gives the answer its title. A few intents answer without the
 * evidence: help (questions about integ itself) and the list of upcoming deadlines. The engine is
 * given its intents (createEngine), so this layer knows none of them.
 */
import type { Topic } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Answer, Bilingual, Lang } from './types.js';
import type { Evidence } from './evidence.js';
import type { Query } from './query.js';

export interface IntentContext {
  kb: KnowledgeBase;
  now: Date;
  /** The language the answer is shown in. */
  lang: Lang;
  /** Deadlines relative to today (the sources' and the channel's own), when the engine was given a way to list them. */
  listDeadlines(q: Query): Answer | null;
  /** The help answer. */
  help(q: Query): Answer;
}

export interface IntentSpec {
  id: string;
  /** Used in headlines ("Foreign direct investment — 2025"). */
  title: Bilingual;
  description: Bilingual;
  /** Questions it answers, in each language (shown as examples in help and declines; each is answered: tests ask them). */
  examples: Record<Lang, string[]>;
  /** Concepts (knowledge/vocabulary.json ids) that point to this intent, with weights. */
  concepts: Record<string, number>;
  /** Topics of the curated facts it titles. */
  topics: Topic[];
  /**
   * For intents that answer without the evidence: whether this question is theirs (e.g. nothing
   * but "deadlines" and "upcoming"), and the answer.
   */
  takes?(q: Query): boolean;
  answer?(q: Query, ctx: IntentContext): Answer | null;
}

/** The common case: an intent that titles answers from the evidence. */
export function factsIntent(spec: IntentSpec): IntentSpec {
  return spec;
}

/** The intent whose concepts and topics fit the question and its lead evidence best. */
export function bestIntent(intents: readonly IntentSpec[], q: Query, lead: Evidence | null): { id: string; title: Bilingual } {
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
  return best ? { id: best.id, title: best.title } : { id: 'passages', title: FROM_THE_SOURCES };
}

/** The title of an answer no intent fits. */
export const FROM_THE_SOURCES: Bilingual = { en: 'From the sources', vi: 'Theo các nguồn' };
