/**
 * The local shell: `npm start` without Slack tokens. Type questions (or `/integ …` exactly as in
 * Slack); piped standard input is answered line by line. Deadline and digest commands work on the
 * local store under INTEG_DATA_DIR, as channel "local". Answers follow each question's language
 * unless `--lang` or the `lang vi|en|auto` command (for the session) chooses one, as `/integ lang`
 * does in Slack; the shell's own lines are in that language too (see say).
 */
import { createInterface } from 'node:readline';
import { askContext, loadEngine } from '../engine.js';
import { cli, type CliMessages } from '../render/catalogue/cli.js';
import { inert, inertLines } from '../render/terminal.js';
import { answerToText } from '../render/text.js';
import type { Answer, Lang } from '../answer/types.js';
import { dataDir } from '../paths.js';
import { canonicalZone } from '../zones.js';
import { storeTarget } from '../store/open.js';
import type { Store } from '../store/types.js';
import { command, langOption, parseCommand } from './args.js';
import { assertStoreFree, gapRecorder, GapsNotRecordedError, openGapStore } from './gaps.js';

export const USAGE = `usage: integ shell [--lang vi|en|auto]

Answers questions typed at the prompt (or piped, one a line), and the Slack commands
(\`/integ deadlines\`, \`/integ deadline add 2026-12-15 Submit the report\`, \`/integ digest preview\`) on
the local store under INTEG_DATA_DIR (default ./data), as channel "local". Ctrl-D or "exit" quits.
\`lang vi\`, \`lang en\` or \`lang auto\` at the prompt chooses the language of the answers for the session.
A question it cannot answer is recorded for \`integ kb gaps\` (as asked in the shell) in the store
\`kb gaps\` reads (DATABASE_URL, else INTEG_DATA_DIR); not while another integ process holds it.
  --lang L   the language to answer in at first: vi (Vietnamese), en (English), or auto (default):
             each question's own
Environment: INTEG_DATA_DIR, INTEG_TZ (default Asia/Ho_Chi_Minh).
`;

const SPEC = command({ name: 'shell', usage: USAGE, options: { lang: { type: 'string' } } });

/**
 * A line about the session's language: `lang` (shows it), `lang vi|en|auto` (any case), or
 * `/integ lang …` with anything after it (answered politely when it is none of those). A bare
 * `lang` followed by something else is a question ("lang son", Lạng Sơn without its diacritics),
 * unless it is one word that looks like a language code ("lang fr"): a choice mistyped. null: not
 * about the language.
 */
export function langCommand(line: string): { kind: 'show' } | { kind: 'set'; lang: Lang | null } | { kind: 'invalid'; typed: string } | null {
  const slash = /^\s*\/integ\s+lang\b\s*(.*)$/isu.exec(line);
  const bare = /^\s*lang(?:\s+(\S+))?\s*$/iu.exec(line);
  if (!slash && !bare) return null;
  const value = (slash ? slash[1] : (bare![1] ?? '')).trim();
  const word = value.toLowerCase();
  if (word === '') return { kind: 'show' };
  if (word === 'vi' || word === 'en') return { kind: 'set', lang: word };
  if (word === 'auto') return { kind: 'set', lang: null };
  if (slash || /^[a-z]{2}(?:[-_][a-z]{2,4})?$/i.test(value)) return { kind: 'invalid', typed: [...value].slice(0, 40).join('') };
  return null;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, args);
  if (typeof parsed === 'number') return parsed;
  const initial = langOption(SPEC, parsed.values.lang);
  if (typeof initial === 'number') return initial;
  /** The language chosen for the session (null: auto, each question's own). */
  let chosen: Lang | null = initial;
  /** The language of the last answer, for the shell's own lines when none is chosen. */
  let lastAnswered: Lang | null = null;
  /**
   * The shell's own lines: in the language chosen, else in the language of the last answer, else
   * (nothing asked yet, nothing chosen) in Vietnamese then English.
   */
  const say = <K extends keyof CliMessages>(key: K, ...params: CliMessages[K] extends Record<string, never> ? [] : [CliMessages[K]]): string => {
    const lang = chosen ?? lastAnswered;
    const langs: Lang[] = lang ? [lang] : ['vi', 'en'];
    return inertLines(langs.flatMap((l) => cli(l, key, ...params).split('\n')));
  };
  const engine = loadEngine();
  const interactive = process.stdin.isTTY === true;
  const tz = canonicalZone(process.env.INTEG_TZ || 'Asia/Ho_Chi_Minh');
  let store: Store | null = null;
  /** The local store, opened once (by a deadline command or the first unanswered question); a failed open is tried again next time. */
  let opening: Promise<Store> | null = null;
  const openStore = (): Promise<Store> => {
    opening ??= import('../store/lowdb.js')
      .then(({ openLowdbStore }) => openLowdbStore(dataDir()))
      .then(
        (s) => (store = s),
        (err: unknown) => {
          opening = null;
          throw err;
        },
      );
    return opening;
  };
  // Unanswered questions go where `integ kb gaps` reads: the local store itself when DATABASE_URL is
  // unset (shared with the deadline commands, never opened twice), else the database.
  const gaps = gapRecorder('shell', {
    ...gapStore(openStore, () => opening !== null),
    note: (reason) => void process.stderr.write(say('cli.gapsNotRecorded', { reason: inert(reason) }) + '\n'),
  });

  const answer = async (line: string): Promise<Answer> => {
    const text = line.replace(/^\s*\/integ\b/i, '').trim();
    const { handleCommand } = await import('../digest/commands.js');
    const now = new Date();
    if (/^(deadlines?|digest)\b/i.test(text)) {
      const reply = await handleCommand(text, { channel: 'local', user: process.env.USER || 'local', teamId: null, store: await openStore(), now, tz, kb: engine.kb, lang: chosen });
      if (reply) return reply;
    }
    const teamDeadlines = store ? await (store as Store).listDeadlines('local') : [];
    const asked = engine.ask(text, askContext(engine, { now, tz, teamDeadlines, lang: chosen ?? undefined }));
    // a question (not a deadline or digest command), as Slack records them
    gaps.record(asked);
    return asked;
  };

  /** What the shell writes for one line. */
  const reply = async (line: string): Promise<string> => {
    const lang = langCommand(line);
    if (lang?.kind === 'set') {
      chosen = lang.lang;
      return lang.lang ? say('cli.langSet', { lang: lang.lang }) : say('cli.langAuto');
    }
    if (lang?.kind === 'show') return say('cli.langShow', { lang: chosen });
    if (lang?.kind === 'invalid') return say('cli.langInvalid', { typed: lang.typed });
    const a = await answer(line);
    lastAnswered = a.lang;
    return answerToText(a);
  };

  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    process.stdout.write(say('cli.banner') + '\n');
    rl.setPrompt('integ> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const t = line.trim();
      if (t === 'exit' || t === 'quit') break;
      if (t) {
        try {
          process.stdout.write((await reply(t)) + '\n\n');
        } catch (err) {
          process.stdout.write(say('cli.failed', { reason: inert(err instanceof Error ? err.message : String(err)) }) + '\n\n');
        }
      }
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
    await gaps.close();
    await (store as Store | null)?.close();
  }
  return 0;
}

/**
 * Where the shell records its unanswered questions: with DATABASE_URL unset, the shell's own lowdb
 * store (checked free of another process's lock before the shell first opens it); else the
 * database, opened for them alone. A DATABASE_URL that cannot be used is the note's reason.
 */
function gapStore(openLocal: () => Promise<Store>, localOpen: () => boolean): { open: () => Promise<Store>; owns: boolean } {
  let kind: string;
  try {
    kind = storeTarget(process.env).kind;
  } catch (err) {
    return { open: () => Promise.reject(new GapsNotRecordedError(err instanceof Error ? err.message : String(err))), owns: true };
  }
  if (kind !== 'lowdb') return { open: () => openGapStore(process.env), owns: true };
  return {
    open: async () => {
      if (!localOpen()) assertStoreFree(dataDir());
      return openLocal();
    },
    owns: false,
  };
}
