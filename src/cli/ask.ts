/**
 * `integ ask "question" [--json] [--explain] [--lang vi|en|auto]` answers one question; `integ ask
 * --jsonl` reads one question a line from standard input and writes one JSON answer a line, in
 * order (the evaluation tool's interface: nothing else goes to stdout). The answer is in the
 * question's language unless --lang chooses one (as `/integ lang` does in Slack).
 */
import { createInterface } from 'node:readline';
import type { Answer, Lang } from '../answer/types.js';
import { askContext, loadEngine } from '../engine.js';
import { cli } from '../render/catalogue/cli.js';
import { explanationOf, explanationToText } from '../render/explain.js';
import { inert } from '../render/terminal.js';
import { answerToJson, answerToText } from '../render/text.js';
import { command, langOption, parseCommand, processOutput, usageError, type Output } from './args.js';
import { gapRecorder, type GapRecorder } from './gaps.js';

export const USAGE = `usage: integ ask "question" [--json] [--explain] [--lang vi|en|auto]
       integ ask --jsonl [--lang vi|en|auto] < questions.txt

  --json      the answer as JSON: { question, answered, lang, intent, text, citations[] }
  --jsonl     read one question a line from stdin, write one JSON answer a line (as --json's)
  --lang L    the language to answer in: vi (Vietnamese), en (English), or auto (default): the
              question's own (Vietnamese with or without diacritics, else English)
  --explain   how the question was read (units, weights, constraints) and its best evidence
              (coverage, score), for curators; with --json, as JSON
A question it cannot answer is recorded for \`integ kb gaps\` (as asked with the CLI) in the store:
DATABASE_URL, else INTEG_DATA_DIR (default ./data); not while another integ process holds that
directory (a note on stderr says so; the answer is printed all the same).
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

export interface AskOptions {
  /**
   * Records the questions it cannot answer (./gaps.ts): by default in the store `integ kb gaps`
   * reads; null: nothing recorded (tests and library use that must leave no trace).
   */
  gaps?: ((note: (reason: string) => void) => GapRecorder) | null;
}

export async function run(args: string[], io: Output = processOutput, opts: AskOptions = {}): Promise<number> {
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
  /** The language of the note that questions are not recorded: the one chosen, else the last answer's. */
  let noteLang: Lang = lang ?? 'en';
  const note = (reason: string) => io.err(inert(cli(noteLang, 'cli.gapsNotRecorded', { reason })) + '\n');
  const gaps = opts.gaps === null ? null : (opts.gaps ?? ((n) => gapRecorder('cli', { note: n })))(note);
  const record = (a: Answer) => {
    noteLang = lang ?? a.lang;
    gaps?.record(a);
  };
  try {
    if (values.jsonl) {
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of rl) {
        const a = engine.ask(line, askContext(engine, { now: new Date(), tz, lang: lang ?? undefined }));
        io.out(JSON.stringify(answerToJson(a)) + '\n');
        record(a);
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
    record(a);
    return 0;
  } finally {
    // the answers are out: now wait for the questions to be written
    await gaps?.close();
  }
}
