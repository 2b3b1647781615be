/**
 * The intent contract. Each file in intents/ exports one plain spec; intents/index.ts registers
 * them statically. Handlers return an Answer (data) or null when they cannot answer (the engine
 * then tries the next intent and finally passage retrieval).
 */
import type { Topic } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { ComposeOptions } from './compose.js';
import type { FactIndex, RankOptions } from './facts.js';
import type { Answer } from './types.js';
import type { Lexicon, Query } from './understand.js';

export interface IntentContext {
  kb: KnowledgeBase;
  index: FactIndex;
  lexicon: Lexicon;
  now: Date;
  /** The usual path: rank facts (boosting the intent's topics), then compose an Answer. */
  compose(q: Query, intent: IntentSpec, rank?: RankOptions, compose?: ComposeOptions): Answer | null;
  /**
   * Deadlines relative to today (sources' and the channel's own): the one way an intent reaches the
   * channel's deadlines, so that the engine knows which answers depend on them.
   */
  listDeadlines(q: Query): Answer;
  /** The help answer. */
  help(q: Query): Answer;
}

export interface IntentSpec {
  id: string;
  /** Used in headlines ("Foreign direct investment — 2025"). */
  title: string;
  description: string;
  /** Questions it answers, in English and Vietnamese (shown as examples, and used for "Did you mean"). */
  examples: string[];
  /** Concepts (knowledge/vocabulary.json ids) that point to this intent, with weights. */
  concepts: Record<string, number>;
  /** Topics of facts this intent answers from. */
  topics: Topic[];
  handle(q: Query, ctx: IntentContext): Answer | null;
}

/** Helper for the common case: an intent that answers from the facts of its topics. */
export function factsIntent(spec: Omit<IntentSpec, 'handle'>, compose?: ComposeOptions): IntentSpec {
  const intent: IntentSpec = { ...spec, handle: (q, ctx) => ctx.compose(q, intent, {}, compose) };
  return intent;
}
