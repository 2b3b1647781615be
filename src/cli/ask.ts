/**
 * `integ ask "question" [--json]` answers one question; `integ ask --jsonl` reads one question a
 * line from standard input and writes one JSON answer a line, in order.
 */
import { createInterface } from 'node:readline';
import { askContext, loadEngine } from '../engine.js';
import { answerToJson, answerToText } from '../render/text.js';

export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const jsonl = args.includes('--jsonl');
  const question = args.filter((a) => !a.startsWith('--')).join(' ').trim();
  const engine = loadEngine();
  const tz = process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh';
  if (jsonl) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      const a = engine.ask(line, askContext(engine, { now: new Date(), tz }));
      process.stdout.write(JSON.stringify(answerToJson(a)) + '\n');
    }
    return 0;
  }
  if (!question) {
    process.stderr.write('usage: integ ask "question" [--json] | integ ask --jsonl < questions.txt\n');
    return 2;
  }
  const a = engine.ask(question, askContext(engine, { now: new Date(), tz }));
  process.stdout.write((json ? JSON.stringify(answerToJson(a), null, 2) : answerToText(a)) + '\n');
  return 0;
}
