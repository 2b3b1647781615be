import { INTENTS } from '../intents/index.js';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateQuestions } from './questions.js';
import { generateSynthetic } from './synthetic.js';
const factor = Number(process.argv[2] ?? 1);
const base = loadKnowledge();
const kb = generateSynthetic(base, factor).kb;
const engine = createEngine(kb, { intents: INTENTS });
const now = new Date();
const warm = generateQuestions(base, 3000, 7);
for (const q of warm) engine.ask(q.text, { now });
const qs = generateQuestions(base, 3000, 1);
const cpu: number[] = [];
const res: { t: string; ms: number; min: number; kind: string }[] = [];
for (const q of qs) {
  const c0 = process.cpuUsage();
  let t = process.hrtime.bigint();
  engine.ask(q.text, { now });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const c1 = process.cpuUsage(c0);
  cpu.push((c1.user + c1.system) / 1000);
  let min = ms;
  for (let i = 0; i < 3; i++) { t = process.hrtime.bigint(); engine.ask(q.text, { now }); min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6); }
  res.push({ t: q.text, ms, min, kind: q.kind });
}
const s = (xs: number[]) => { const a = [...xs].sort((x, y) => x - y); return { p50: a[Math.floor(a.length / 2)], p90: a[Math.floor(a.length * 0.9)], p99: a[Math.floor(a.length * 0.99)], max: a[a.length - 1] }; };
console.log('cpu', s(cpu), 'first', s(res.map((r) => r.ms)), 'min', s(res.map((r) => r.min)));
for (const r of res.sort((a, b) => b.min - a.min).slice(0, 40)) console.log(r.min.toFixed(2), r.ms.toFixed(2), r.kind, r.t);
