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

async function gaps(args: string[]): Promise<number> {
  const opts = parseOptions(args.filter((a) => a !== '--json'), ['data', 'limit']);
  if (typeof opts === 'string') {
    process.stderr.write(`integ kb gaps: ${opts}\n\n${usage()}`);
    return 2;
  }
  const { openStore } = await import('../store/open.js');
  const { dataDir } = await import('../paths.js');
  const { gapsReport, formatGaps } = await import('../knowledge/gaps.js');
  // read-only: works while `serve` holds the lowdb store's lock; DATABASE_URL: that database (--data is for lowdb)
  const store = await openStore(process.env, { readOnly: true, dataDir: opts.data ?? dataDir() });
  try {
    const report = gapsReport(await store.listUnanswered(), await store.listFeedback(), Number(opts.limit ?? 20) || 20);
    process.stdout.write(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatGaps(report));
    return 0;
  } finally {
    await store.close();
  }
}

async function extract(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  const opts = parseOptions(args.filter((a) => a !== file), ['source', 'as-of']);
  if (!file || typeof opts === 'string') {
    process.stderr.write(`integ kb extract: ${typeof opts === 'string' ? opts : 'name the article file'}\n\n${usage()}`);
    return 2;
  }
  const { readFileSync } = await import('node:fs');
  const { basename, extname } = await import('node:path');
  const { extractCandidates } = await import('../knowledge/extract.js');
  const { INTENTS } = await import('../../intents/index.js');
  const { Vocabulary } = await import('../../knowledge/schema.js');
  const vocabulary = Vocabulary.parse(JSON.parse(readFileSync(`${KNOWLEDGE_DIR}/vocabulary.json`, 'utf8')));
  const text = readFileSync(file, 'utf8');
  const source = opts.source ?? basename(file, extname(file));
  const asOf = opts['as-of'] ?? new Date().toISOString().slice(0, 10);
  const candidates = extractCandidates(text, { source, asOf, vocabulary, intents: INTENTS });
  process.stdout.write(JSON.stringify(candidates, null, 2) + '\n');
  process.stderr.write(`${candidates.length} candidate facts from ${file}: review each, fill in subject, fix the statement, write its Vietnamese statementVi, then add it to knowledge/facts.json and run \`integ kb check\`.\n`);
  return 0;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  check: {
    usage: 'check [--dir DIR] [--seeds DIR]',
    summary: 'validate knowledge/*.json, prove every quote occurs verbatim in its seed and every statementVi states the figures of its statement, print counts per topic and source',
    run: check,
  },
  gaps: {
    usage: 'gaps [--json] [--limit N] [--data DIR]',
    summary: 'the most frequent unanswered questions and the answers marked unhelpful (from INTEG_DATA_DIR)',
    run: gaps,
  },
  extract: {
    usage: 'extract <file> [--source ID] [--as-of YYYY-MM-DD]',
    summary: 'propose candidate facts (sentences with figures, dates, documents, names, with verbatim quotes) as JSON',
    run: extract,
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
