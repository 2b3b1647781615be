import { INTENTS } from '../intents/index.js';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateSynthetic } from './synthetic.js';
const [factorArg, n, ...qs] = process.argv.slice(2);
const kb = generateSynthetic(loadKnowledge(), Number(factorArg)).kb;
const engine = createEngine(kb, { intents: INTENTS });
const now = new Date();
for (const q of qs) {
  for (let i = 0; i < 20; i++) engine.ask(q, { now });
  let min = Infinity;
  for (let i = 0; i < Number(n); i++) { const t = process.hrtime.bigint(); engine.ask(q, { now }); min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6); }
  const a = engine.ask(q, { now });
  console.log(min.toFixed(3), a.intent, a.answered, a.suggestions.length, JSON.stringify(a.headline).slice(0, 100), '|', q);
}
