/** An Engine double: records each call and answers by simple rules (no knowledge base needed). */
import type { AskContext, Engine } from '../../src/answer/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { citation, makeAnswer, point } from './answers.js';

export interface FakeEngine extends Engine {
  calls: { text: string; ctx: AskContext | undefined }[];
}

/**
 * "boom" → throws; "unknown …" → unanswered with examples; "clarify …" → did-you-mean with two
 * choices; anything else → answered, with slots.years from the text or else from ctx.threadSlots.
 */
export function fakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  return {
    kb: {} as KnowledgeBase,
    intents: [],
    calls,
    ask(text: string, ctx?: AskContext): Answer {
      calls.push({ text, ctx });
      if (/boom/i.test(text)) throw new Error('engine exploded');
      if (/^unknown/i.test(text)) {
        return makeAnswer({ question: text, answered: false, intent: 'none', headline: "I can't answer that from my sources.", points: [], citations: [], notes: [], suggestions: [{ label: 'FDI', question: 'FDI in 2025?' }] });
      }
      if (/^clarify/i.test(text)) {
        return makeAnswer({
          question: text,
          answered: false,
          intent: 'clarify',
          headline: 'Did you mean one of these?',
          points: [],
          citations: [],
          notes: [],
          suggestions: [{ label: 'Registered FDI 2025', question: 'registered FDI in 2025' }, { label: 'Exports 2025', question: 'exports in 2025' }],
        });
      }
      const own = [...text.matchAll(/\b(20\d\d)\b/g)].map((m) => Number(m[1]));
      const years = own.length ? own : ctx?.threadSlots?.years ?? [];
      return makeAnswer({
        question: text,
        headline: `Answer to: ${text} (years ${years.join(',') || 'none'})`,
        points: [point(`A point about ${text}`, [1])],
        citations: [citation(1)],
        slots: { years, period: null, places: [], docs: [] },
      });
    },
    understand(): never {
      throw new Error('the fake engine does not understand questions');
    },
    explain(): never {
      throw new Error('the fake engine does not explain questions');
    },
    help(): Answer {
      return makeAnswer({ question: 'help', intent: 'help', headline: 'I answer questions about Vietnam’s international integration.', points: [point('FDI, trade, agreements and deadlines.', [])], citations: [], notes: [], suggestions: [{ label: 'FDI', question: 'How much FDI in 2025?' }] });
    },
  };
}
