import { INTENTS } from '../intents/index.js';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateQuestions } from './questions.js';
import { generateSynthetic } from './synthetic.js';
const base = loadKnowledge();
const engine = createEngine(generateSynthetic(base, Number(process.argv[2] ?? 1)).kb, { intents: INTENTS });
const now = new Date();
const qs = generateQuestions(base, 2000, 7);
for (const q of qs) engine.ask(q.text, { now });
const med = (xs: number[]) => { const a = xs.filter((x) => x > 0).sort((x, y) => x - y); return (a[Math.floor(a.length / 2)] / 1024).toFixed(1) + ' KB (mean ' + (a.reduce((s, x) => s + x, 0) / a.length / 1024).toFixed(1) + ')'; };
for (const [name, f] of [['understand', (t: string) => engine.understand(t, { now })], ['explain', (t: string) => engine.explain(t, { now })], ['ask', (t: string) => engine.ask(t, { now })]] as const) {
  const d: number[] = [];
  for (const q of qs) { const a = process.memoryUsage().heapUsed; f(q.text); d.push(process.memoryUsage().heapUsed - a); }
  console.log(name, med(d));
}
