import type { IntentSpec } from '../src/answer/intent.js';

/** What integ can do, with examples (also the answer to an empty `/integ`). */
const help: IntentSpec = {
  id: 'help',
  title: { en: 'Help', vi: 'Hướng dẫn' },
  description: {
    en: 'What integ can answer and the commands it understands',
    vi: 'integ trả lời được những gì và các lệnh integ hiểu',
  },
  examples: {
    en: ['help', 'what can you do?'],
    vi: ['hướng dẫn'],
  },
  concepts: { help: 5 },
  topics: [],
  // a question about integ itself: nothing in it but the request for help ("can you help me with
  // FDI 2025?" is about FDI)
  takes: (q) => q.units.length > 0 && q.units.every((u) => u.terms.includes('c:help')),
  answer: (q, ctx) => ctx.help(q),
};
export default help;
