/** The help answer: what integ can do, one example per intent, and the deadline and digest commands. */
import type { KnowledgeBase } from '../knowledge/types.js';
import { emptyAnswer, sourcesSpan } from './compose.js';
import type { IntentSpec } from './intent.js';
import { say } from './messages.js';
import type { Query } from './query.js';
import type { Answer, Lang } from './types.js';

/** The order intents are listed in help. */
const HELP_ORDER = ['fdi', 'trade', 'growth', 'relations', 'agreements', 'documents', 'people', 'events', 'localities', 'policy'];

export function helpAnswer(kb: KnowledgeBase, intents: readonly IntentSpec[], q: Pick<Query, 'raw' | 'slots'>, lang: Lang): Answer {
  return {
    ...emptyAnswer(q, lang, 'help', say('help.headline')),
    answered: true,
    points: [
      ...HELP_ORDER.map((id) => intents.find((i) => i.id === id))
        .filter((i): i is IntentSpec => !!i)
        .map((i) => ({ text: say('help.intent', { description: i.description, example: i.examples[lang][0] ?? i.examples.en[0] }), cites: [] })),
      { text: say('help.deadlines'), cites: [] },
      { text: say('help.digest'), cites: [] },
    ],
    notes: [say('help.how', sourcesSpan(kb))],
  };
}
