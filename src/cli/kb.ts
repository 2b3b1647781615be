/**
 * `integ kb <subcommand>`: tools for the curated knowledge base.
 * To add a subcommand, add one entry to SUBCOMMANDS below.
 */
import { KNOWLEDGE_DIR, SEEDS_DIR } from '../paths.js';
import { KnowledgeError, checkKnowledge, formatReport, loadKnowledge } from '../knowledge/load.js';

interface Subcommand {
  /** Shown in the usage text, e.g. "check [--dir D] [--seeds D]". */
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Reads `--name value` / `--name=value` options; anything else is an error. */
function parseOptions(args: string[], names: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !names.includes(m[1])) return `unknown argument "${arg}"`;
    const value = m[2] ?? args[++i];
    if (value === undefined) return `--${m[1]} needs a value`;
    out[m[1]] = value;
  }
  return out;
}

async function check(args: string[]): Promise<number> {
  const opts = parseOptions(args, ['dir', 'seeds']);
  if (typeof opts === 'string') {
    process.stderr.write(`integ kb check: ${opts}\n\n${usage()}`);
    return 2;
  }
  const where = { dir: opts.dir ?? KNOWLEDGE_DIR, seedsDir: opts.seeds ?? SEEDS_DIR };
  try {
    const kb = loadKnowledge(where.dir, where.seedsDir);
    const report = checkKnowledge(kb, where);
    process.stdout.write(formatReport(report, kb));
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) {
      process.stderr.write(`integ kb check: FAILED\n${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  check: {
    usage: 'check [--dir DIR] [--seeds DIR]',
    summary: 'validate knowledge/*.json, prove every quote occurs verbatim in its seed, print counts per topic and source',
    run: check,
  },
};

export function usage(): string {
  const rows = Object.values(SUBCOMMANDS).map((s) => `  integ kb ${s.usage}\n      ${s.summary}`);
  return `usage:\n${rows.join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const sub = name && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    process.stderr.write(`${name ? `integ kb: unknown subcommand "${name}"\n\n` : ''}${usage()}`);
    return 2;
  }
  return sub.run(rest);
}
