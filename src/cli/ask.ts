/**
 * `integ ask "question" [--json] [--explain] [--lang vi|en|auto]` answers one question; `integ ask
 * --jsonl` reads one question a line from standard input and writes one JSON answer a line, in
 * order (the evaluation tool's interface: nothing else goes to stdout). The answer is in the
 * question's language unless --lang chooses one (as `/integ lang` does in Slack).
 */
import { createInterface } from 'node:readline';
import { askContext, loadEngine } from '../engine.js';
import { explanationOf, explanationToText } from '../render/explain.js';
import { answerToJson, answerToText } from '../render/text.js';
import { command, langOption, parseCommand, processOutput, usageError, type Output } from './args.js';

export const USAGE = `usage: integ ask "question" [--json] [--explain] [--lang vi|en|auto]
       integ ask --jsonl [--lang vi|en|auto] < questions.txt

  --json      the answer as JSON: { question, answered, lang, intent, text, citations[] }
  --jsonl     read one question a line from stdin, write one JSON answer a line (as --json's)
  --lang L    the language to answer in: vi (Vietnamese), en (English), or auto (default): the
              question's own (Vietnamese with or without diacritics, else English)
  --explain   how the question was read (units, weights, constraints) and its best evidence
              (coverage, score), for curators; with --json, as JSON
Environment: INTEG_TZ (default Asia/Ho_Chi_Minh) decides "today" and "this year".
`;

const SPEC = command({
  name: 'ask',
  usage: USAGE,
  options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, explain: { type: 'boolean' }, lang: { type: 'string' } },
  positionals: { min: 0, max: Infinity, name: 'question' },
  conflicts: [
    ['json', 'jsonl'],
    ['explain', 'jsonl'],
  ],
});

export async function run(args: string[], io: Output = processOutput): Promise<number> {
  const parsed = parseCommand(SPEC, args, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  // the words of the question may come as one argument or several (`integ ask fdi 2025`)
  const question = positionals.join(' ').trim();
  if (values.jsonl && positionals.length) return usageError(SPEC, '--jsonl reads the questions from stdin: give no question with it', io);
  if (!values.jsonl && !question) return usageError(SPEC, 'missing the question (or --jsonl to read questions from stdin)', io);
  const lang = langOption(SPEC, values.lang, io);
  if (typeof lang === 'number') return lang;

  const engine = loadEngine();
  const tz = process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh';
  if (values.jsonl) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      const a = engine.ask(line, askContext(engine, { now: new Date(), tz, lang: lang ?? undefined }));
      io.out(JSON.stringify(answerToJson(a)) + '\n');
    }
    return 0;
  }
  const ctx = askContext(engine, { now: new Date(), tz, lang: lang ?? undefined });
  if (values.explain) {
    const { query, ranked } = engine.explain(question, ctx);
    const x = explanationOf(query, ranked);
    io.out(values.json ? JSON.stringify(x, null, 2) + '\n' : explanationToText(x));
    return 0;
  }
  const a = engine.ask(question, ctx);
  io.out((values.json ? JSON.stringify(answerToJson(a), null, 2) : answerToText(a)) + '\n');
  return 0;
}
