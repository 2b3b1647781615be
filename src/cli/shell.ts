/**
 * The local shell: `npm start` without Slack tokens. Type questions (or `/integ …` exactly as in
 * Slack); piped standard input is answered line by line. Deadline and digest commands work on the
 * local store under INTEG_DATA_DIR, as channel "local".
 */
import { createInterface } from 'node:readline';
import { askContext, loadEngine } from '../engine.js';
import { inert } from '../render/terminal.js';
import { answerToText } from '../render/text.js';
import type { Answer } from '../answer/types.js';
import { dataDir } from '../paths.js';
import { canonicalZone } from '../zones.js';
import type { Store } from '../store/types.js';
import { command, parseCommand } from './args.js';

const BANNER = `integ — answers about Vietnam's international integration, with citations.
Ask a question (e.g. "fdi 2025", "who chairs the steering committee?"), or "/integ help". Ctrl-D or "exit" quits.`;

export const USAGE = `usage: integ shell

Answers questions typed at the prompt (or piped, one a line), and the Slack commands
(\`/integ deadlines\`, \`/integ deadline add 2026-12-15 Submit the report\`, \`/integ digest preview\`) on
the local store under INTEG_DATA_DIR (default ./data), as channel "local". Ctrl-D or "exit" quits.
Environment: INTEG_DATA_DIR, INTEG_TZ (default Asia/Ho_Chi_Minh).
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(command({ name: 'shell', usage: USAGE, options: {} }), args);
  if (typeof parsed === 'number') return parsed;
  const engine = loadEngine();
  const interactive = process.stdin.isTTY === true;
  const tz = canonicalZone(process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh');
  let store: Store | null = null;
  const openStore = async (): Promise<Store> => {
    if (!store) {
      const { openLowdbStore } = await import('../store/lowdb.js');
      store = await openLowdbStore(dataDir());
    }
    return store;
  };

  const answer = async (line: string): Promise<Answer> => {
    const text = line.replace(/^\s*\/integ\b/i, '').trim();
    const { handleCommand } = await import('../digest/commands.js');
    const now = new Date();
    if (/^(deadlines?|digest)\b/i.test(text)) {
      const reply = await handleCommand(text, { channel: 'local', user: process.env.USER || 'local', teamId: null, store: await openStore(), now, tz, kb: engine.kb });
      if (reply) return reply;
    }
    const teamDeadlines = store ? await (store as Store).listDeadlines('local') : [];
    return engine.ask(text, askContext(engine, { now, tz, teamDeadlines }));
  };

  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    process.stdout.write(BANNER + '\n');
    rl.setPrompt('integ> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const t = line.trim();
      if (t === 'exit' || t === 'quit') break;
      if (t) {
        try {
          process.stdout.write(answerToText(await answer(t)) + '\n\n');
        } catch (err) {
          process.stdout.write(`Sorry, that failed: ${inert(err instanceof Error ? err.message : String(err))}\n\n`);
        }
      }
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
    await (store as Store | null)?.close();
  }
  return 0;
}
