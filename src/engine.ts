/**
 * Where the answer engine is put together: the knowledge base (knowledge/, seeds/), the intents
 * (intents/) and the deadlines (src/digest), none of which the answer layer imports itself.
 */
import { INTENTS } from '../intents/index.js';
import { createEngine, type AskContext, type Engine } from './answer/index.js';
import type { Answer, Lang } from './answer/types.js';
import { deadlinesAnswer } from './digest/deadlines.js';
import { loadKnowledge } from './knowledge/load.js';
import { head } from './answer/limits.js';
import { canonical } from './answer/normalize.js';
import type { Origin, TeamDeadline, UnansweredEntry } from './store/types.js';

/** The engine over the project's own knowledge/ and seeds/ (validated; throws KnowledgeError). */
export function loadEngine(): Engine {
  return createEngine(loadKnowledge(), { intents: INTENTS });
}

/**
 * The context to ask with in a channel: general deadline questions ("what's due next month?")
 * list the sources' deadlines with the channel's own.
 */
export function askContext(engine: Engine, opts: { now: Date; tz: string; teamDeadlines?: readonly TeamDeadline[] } & Pick<AskContext, 'threadSlots' | 'lang'>): AskContext {
  const { now, tz, teamDeadlines = [], threadSlots, lang } = opts;
  const listDeadlines = (question: string, answerLang: Lang): Answer =>
    deadlinesAnswer(now, { kb: engine.kb, teamDeadlines: [...teamDeadlines], tz, question, intent: 'events', lang: answerLang });
  return { now, tz, threadSlots, listDeadlines, ...(lang ? { lang } : {}) };
}

/**
 * The one rule of what `integ kb gaps` lists as unanswered, wherever the question was asked (Slack,
 * the shell, `integ ask`): an answer that found nothing to say. A clarifying question ("which year?")
 * and the help are no gaps. Questions are grouped by their canonical form (case, diacritics and
 * punctuation folded). null: not a gap.
 * The question is kept as far as the engine reads it (src/answer/limits.ts, 2,000 characters): a
 * 40,000-character paste that went unanswered cost 80 KB a record (and its canonical form as much
 * CPU as the answer), so 5,000 of them held 400 MB in the server and its log.
 */
export function unansweredEntry(answer: Answer, origin: Origin, at: Date): UnansweredEntry | null {
  if (answer.answered || answer.intent === 'clarify' || answer.intent === 'help') return null;
  const question = head(answer.question);
  return { at: at.toISOString(), question, normalised: canonical(question), origin };
}
