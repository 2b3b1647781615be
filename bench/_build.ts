import { INTENTS } from '../intents/index.js';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateSynthetic } from './synthetic.js';
const f = Number(process.argv[2]);
let t = Date.now();
const base = loadKnowledge();
const kb = generateSynthetic(base, f).kb;
console.log('generate', Date.now() - t, 'ms', kb.facts.length, (process.memoryUsage().rss / 1e6).toFixed(0), 'MB');
t = Date.now();
const e = createEngine(kb, { intents: INTENTS });
console.log('build', Date.now() - t, 'ms', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB heap', (process.memoryUsage().heapUsed / 1e6).toFixed(0));
t = Date.now();
for (const q of ['fdi 2025', 'How much FDI was disbursed in the first seven months of 2025?', 'who is pham minh chinh', 'nghị quyết 59', 'weather in hanoi']) { const t0 = process.hrtime.bigint(); e.ask(q); console.log(q, Number(process.hrtime.bigint() - t0) / 1e6); }
