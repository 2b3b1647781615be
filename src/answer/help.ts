/** The help answer: what integ can do, one example per intent, and the deadline and digest commands. */
import type { KnowledgeBase } from '../knowledge/types.js';
import { describeSources, emptyAnswer } from './compose.js';
import type { IntentSpec } from './intent.js';
import type { Query } from './query.js';
import type { Answer } from './types.js';

/** The order intents are listed in help. */
const HELP_ORDER = ['fdi', 'trade', 'growth', 'relations', 'agreements', 'documents', 'people', 'events', 'localities', 'policy'];

export function helpAnswer(kb: KnowledgeBase, intents: readonly IntentSpec[], q: Pick<Query, 'raw' | 'slots'>): Answer {
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
