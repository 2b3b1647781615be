/**
 * The answer layer's entry point: text → normalised query → intent → Answer.
 * (Stub: replaced by the real engine; the signature is the contract.)
 */
import type { KnowledgeBase } from '../knowledge/types.js';
import type { TeamDeadline } from '../store/types.js';
import type { Answer, Slots } from './types.js';
import { emptySlots } from './types.js';

export interface AskContext {
  /** Slots of the thread this question replies in (follow-ups). */
  threadSlots?: Slots | null;
  /** "Now" for anything relative to today (deadlines). Defaults to the current time. */
  now?: Date;
  /** The channel's own deadlines, for deadline questions. */
  teamDeadlines?: TeamDeadline[];
}

export interface Engine {
  kb: KnowledgeBase;
  ask(text: string, ctx?: AskContext): Answer;
  /** The help answer (what integ can do, with examples). */
  help(): Answer;
}

export function createEngine(kb: KnowledgeBase): Engine {
  const none = (question: string): Answer => ({
    question, answered: false, intent: 'none', headline: "I can't answer that from my sources.",
    points: [], citations: [], notes: [], suggestions: [], slots: emptySlots(),
  });
  return { kb, ask: (text) => none(text), help: () => none('help') };
}
