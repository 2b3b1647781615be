import type { IntentSpec } from '../src/answer/intent.js';

/** What integ can do, with examples (also the answer to an empty `/integ`). */
const help: IntentSpec = {
  id: 'help',
  title: 'Help',
  description: 'What integ can answer and the commands it understands',
  examples: ['help', 'what can you do?', 'hướng dẫn'],
  concepts: { help: 5 },
  topics: [],
  handle: (q, ctx) => ctx.help(q),
};
export default help;
