/**
 * `integ kb <subcommand>`: tools for the curated knowledge base.
 * To add a subcommand, add one entry to SUBCOMMANDS below.
 */
import { KNOWLEDGE_DIR, SEEDS_DIR } from '../paths.js';
import { KnowledgeError, checkKnowledge, formatReport, loadKnowledge } from '../knowledge/load.js';
import { command, parseCommand, processOutput, usageError, type OptionSpec, type Output } from './args.js';

interface Subcommand {
  /** Shown in the usage text, e.g. "check [--dir D] [--seeds D]". */
  usage: string;
  summary: string;
  run(args: string[], io: Output): Promise<number>;
}

/** The usage of one subcommand, for its --help and its usage errors. */
const usageOf = (name: string): string => `usage: integ kb ${SUBCOMMANDS[name].usage}\n      ${SUBCOMMANDS[name].summary}\n`;
const spec = <const O extends Record<string, OptionSpec>>(name: string, options: O, positionals?: { min: number; max: number; name: string }) =>
  command({ name: `kb ${name}`, usage: usageOf(name), options, positionals });

async function check(args: string[], io: Output): Promise<number> {
  const parsed = parseCommand(spec('check', { dir: { type: 'string' }, seeds: { type: 'string' } }), args, io);
  if (typeof parsed === 'number') return parsed;
  const where = { dir: parsed.values.dir ?? KNOWLEDGE_DIR, seedsDir: parsed.values.seeds ?? SEEDS_DIR };
  try {
    const kb = loadKnowledge(where.dir, where.seedsDir);
    const report = checkKnowledge(kb, where);
    io.out(formatReport(report, kb));
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) {
      io.err(`integ kb check: FAILED\n${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function gaps(args: string[], io: Output): Promise<number> {
  const s = spec('gaps', { json: { type: 'boolean' }, limit: { type: 'string' }, data: { type: 'string' } });
  const parsed = parseCommand(s, args, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const limit = values.limit === undefined ? 20 : /^[1-9]\d{0,5}$/.test(values.limit) ? Number(values.limit) : null;
  if (limit === null) return usageError(s, '--limit must be a whole number from 1 to 999999', io);
  const { openStore } = await import('../store/open.js');
  const { dataDir } = await import('../paths.js');
  const { gapsReport, formatGaps } = await import('../curate/gaps.js');
  // read-only: works while `serve` holds the lowdb store's lock; DATABASE_URL: that database (--data is for lowdb)
  const store = await openStore(process.env, { readOnly: true, dataDir: values.data ?? dataDir() });
  try {
    const report = gapsReport(await store.listUnanswered(), await store.listFeedback(), limit);
    io.out(values.json ? JSON.stringify(report, null, 2) + '\n' : formatGaps(report));
    return 0;
  } finally {
    await store.close();
  }
}

async function extract(args: string[], io: Output): Promise<number> {
  const s = spec('extract', { source: { type: 'string' }, 'as-of': { type: 'string' }, dir: { type: 'string' } }, { min: 1, max: 1, name: 'the article file' });
  const parsed = parseCommand(s, args, io);
  if (typeof parsed === 'number') return parsed;
  const [file] = parsed.positionals;
  const asOfGiven = parsed.values['as-of'];
  if (asOfGiven !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOfGiven)) return usageError(s, '--as-of must be a date such as 2026-01-14', io);
  const { readFileSync } = await import('node:fs');
  const { basename, extname, join } = await import('node:path');
  const { extractCandidates } = await import('../curate/extract.js');
  const { INTENTS } = await import('../../intents/index.js');
  const { Vocabulary } = await import('../../knowledge/schema.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`integ kb extract: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const dir = parsed.values.dir ?? KNOWLEDGE_DIR;
  const vocabulary = Vocabulary.parse(JSON.parse(readFileSync(join(dir, 'vocabulary.json'), 'utf8')));
  const source = parsed.values.source ?? basename(file, extname(file));
  // a fact's asOf is its source's published date (kb check): the source's entry, when it has one
  const entry = sourceEntry(readFileSync(join(dir, 'sources.json'), 'utf8'), source);
  const asOf = asOfGiven ?? entry.published;
  const extraction = extractCandidates(text, { source, asOf, vocabulary, intents: INTENTS, place: entry.place });
  io.out(JSON.stringify(extraction, null, 2) + '\n');
  io.err(
    `${extraction.candidates.length} candidate facts from ${file}: review each, fill in the fields its note lists (todo), follow its review lines, fix the statement, write its Vietnamese statementVi, then copy it into knowledge/facts.json and run \`integ kb check\` (README "Adding a source").\n`,
  );
  return 0;
}

/** The published date and place of the source with that id in sources.json's text (null when it has none, or no entry). */
function sourceEntry(sourcesJson: string, id: string): { published: string | null; place: string | null } {
  const sources: unknown = JSON.parse(sourcesJson);
  const entry = Array.isArray(sources) ? sources.find((s) => s && typeof s === 'object' && s.id === id) : undefined;
  return { published: typeof entry?.published === 'string' ? entry.published : null, place: typeof entry?.place === 'string' ? entry.place : null };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  check: {
    usage: 'check [--dir DIR] [--seeds DIR]',
    summary: 'validate knowledge/*.json, prove every quote occurs verbatim in its seed and every statementVi states the figures of its statement, print counts per topic and source',
    run: check,
  },
  gaps: {
    usage: 'gaps [--json] [--limit N] [--data DIR]',
    summary: 'the most frequent unanswered questions and the answers marked unhelpful (from INTEG_DATA_DIR, or DATABASE_URL)',
    run: gaps,
  },
  extract: {
    usage: 'extract <file> [--source ID] [--as-of YYYY-MM-DD] [--dir DIR]',
    summary:
      'propose candidate facts (sentences with figures, dates, documents, names, with verbatim quotes) as JSON: { about, candidates, notes };\n      asOf: --as-of, else the source\'s published date in DIR/sources.json (DIR: --dir, default knowledge/), units from DIR/vocabulary.json',
    run: extract,
  },
};

export function usage(): string {
  const rows = Object.values(SUBCOMMANDS).map((s) => `  integ kb ${s.usage}\n      ${s.summary}`);
  return `usage:\n${rows.join('\n')}\n`;
}

export async function run(args: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = args;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return 0;
  }
  const sub = name && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) return usageError({ name: 'kb', usage: usage() }, name ? `unknown subcommand "${name}"` : 'missing the subcommand (check, gaps or extract)', io);
  return sub.run(rest, io);
}
