import { INTENTS } from '../intents/index.js';
import { createEngine } from '../src/answer/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateQuestions } from './questions.js';
const base = loadKnowledge();
const engine = createEngine(base, { intents: INTENTS });
const now = new Date();
for (const q of generateQuestions(base, 4000, 7)) engine.ask(q.text, { now });
const qs = generateQuestions(base, 2000, 1);
const s = (xs: number[]) => { const a = [...xs].sort((x, y) => x - y); return `p50 ${a[Math.floor(a.length / 2)].toFixed(3)} p90 ${a[Math.floor(a.length * 0.9)].toFixed(3)} p99 ${a[Math.floor(a.length * 0.99)].toFixed(3)} max ${a[a.length - 1].toFixed(3)}`; };
for (let pass = 0; pass < 3; pass++) {
  const wall: number[] = []; const cpu: number[] = [];
  for (const q of qs) {
    const c0 = process.cpuUsage(); const t = process.hrtime.bigint();
    engine.ask(q.text, { now });
    wall.push(Number(process.hrtime.bigint() - t) / 1e6); const c = process.cpuUsage(c0); cpu.push((c.user + c.system) / 1000);
  }
  console.log(`pass ${pass}: wall ${s(wall)} | cpu ${s(cpu)}`);
}
