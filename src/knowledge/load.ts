/**
 * Loads and validates the curated knowledge (knowledge/*.json) against knowledge/schema.ts and the
 * seed articles (seeds/*.txt). Anything wrong makes loading fail with a KnowledgeError whose message
 * names the file, the entry (index and id) and the field, e.g.
 *
 *   knowledge/facts.json: entry 12 (fdi.disbursed.2025.002): quote: not found verbatim in seeds/002_1142d969de2a8b73.txt
 *
 * Checks beyond the schema:
 *   - source ids and fact ids are unique;
 *   - every source has a seed file, and every seed file has a source entry;
 *   - every fact's source exists, and its quote occurs verbatim (exact substring) in that seed;
 *   - dates (published, asOf, date, day-precision due) are real calendar dates;
 *   - a fact's asOf equals its source's published date (when the source has one);
 *   - period: it must not start or end after the month of asOf (a span the article reports on;
 *     targets and upcoming events use `due` instead); `date` must not be after asOf either;
 *   - a fact with a qualifier or unit needs a value, and a fact with a value needs a unit;
 *   - a fact's unit is one vocabulary.json writes in both languages (`units`);
 *   - a claim occurs in the fact's quote (it is shown quoted, in the source's words);
 *   - statementVi is Vietnamese (has diacritics) and states the same figures, years, full dates and
 *     document numbers (`docs`) as the English statement (src/knowledge/figures.ts);
 *   - every entity's nameVi is written, and is not left untranslated (see entityNameIssues).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { Fact, Source, Topic, Vocabulary } from '../../knowledge/schema.js';
import { KNOWLEDGE_DIR, ROOT, SEEDS_DIR } from '../paths.js';
import { figureDifferences, hasVietnameseDiacritics, vietnameseFigures } from './figures.js';
import type { KnowledgeBase } from './types.js';

export const SOURCES_FILE = 'sources.json';
export const FACTS_FILE = 'facts.json';
export const VOCABULARY_FILE = 'vocabulary.json';

/** One problem found in the knowledge files. `entry` is the 0-based array index. */
export interface KnowledgeIssue {
  /** The file, relative to the project root when inside it (e.g. "knowledge/facts.json"). */
  file: string;
  entry?: number;
  id?: string;
  /** Dotted field path ("period.end", "quote"); absent when the problem is the whole file or entry. */
  field?: string;
  message: string;
}

export function formatIssue(i: KnowledgeIssue): string {
  let s = `${i.file}:`;
  if (i.entry !== undefined) s += ` entry ${i.entry}${i.id ? ` (${i.id})` : ''}:`;
  if (i.field) s += ` ${i.field}:`;
  return `${s} ${i.message}`;
}

/** Loading or checking the knowledge failed; `issues` lists every problem found (at least one). */
export class KnowledgeError extends Error {
  readonly issues: KnowledgeIssue[];
  constructor(issues: KnowledgeIssue[]) {
    const lines = issues.map(formatIssue);
    super(lines.length === 1 ? lines[0] : `${lines.length} problems in the knowledge base:\n${lines.join('\n')}`);
    this.name = 'KnowledgeError';
    this.issues = issues;
  }
}

/** Where a knowledge base was loaded from (used to name files in messages). */
export interface KnowledgeLocation {
  dir: string;
  seedsDir: string;
}

/** Counts produced by checkKnowledge (what `integ kb check` prints). */
export interface KnowledgeReport {
  sources: number;
  facts: number;
  /** Quotes proven to occur verbatim in their seed (equals `facts` when the check passes). */
  quotesVerified: number;
  concepts: number;
  /** Named provinces, cities, countries, regions and organisations in the vocabulary. */
  entities: number;
  /** Every topic of the schema, in schema order, with its fact count (0 included). */
  byTopic: Record<Topic, number>;
  /** Every source id with its fact count (0 included). */
  bySource: Record<string, number>;
  /** Facts with a `due` (deadlines and upcoming events). */
  deadlines: number;
}

/** Shows a path relative to the project root when it is inside it, otherwise as given. */
function display(path: string): string {
  const rel = relative(ROOT, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

/** Reads every seeds/*.txt as a map from file stem (the source id) to its exact text. */
export function readSeeds(seedsDir = SEEDS_DIR): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(seedsDir);
  } catch (err) {
    throw new KnowledgeError([{ file: display(seedsDir), message: `cannot read the seeds folder (${(err as Error).message})` }]);
  }
  const seeds = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith('.txt')).sort()) {
    const path = join(seedsDir, name);
    if (!statSync(path).isFile()) continue;
    seeds.set(name.slice(0, -'.txt'.length), readFileSync(path, 'utf8'));
  }
  return seeds;
}

function readJson(path: string, issues: KnowledgeIssue[]): unknown {
  const file = display(path);
  if (!existsSync(path)) {
    issues.push({ file, message: 'file not found' });
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    issues.push({ file, message: `invalid JSON (${(err as Error).message})` });
    return undefined;
  }
}

/** Turns zod issues into KnowledgeIssues (one per zod issue). */
function zodIssues(error: z.ZodError, base: Omit<KnowledgeIssue, 'message' | 'field'>, prefix: PropertyKey[] = []): KnowledgeIssue[] {
  return error.issues.map((zi) => {
    const path = [...prefix, ...zi.path].map(String);
    let message = zi.message;
    if (zi.code === 'unrecognized_keys') {
      // The path is the object; name the unknown keys as the fields.
      return { ...base, field: [...path, zi.keys.join(', ')].filter(Boolean).join('.'), message: 'unknown field (not in knowledge/schema.ts)' };
    }
    if (zi.code === 'invalid_type' && zi.input === undefined) message = `missing (${zi.message})`;
    return { ...base, ...(path.length ? { field: path.join('.') } : {}), message };
  });
}

/** Validates a JSON array entry by entry so each problem names its entry index and id. */
function parseEntries<S extends z.ZodType>(raw: unknown, schema: S, file: string, issues: KnowledgeIssue[]): Array<z.output<S>> {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ file, message: `expected a JSON array, got ${raw === null ? 'null' : typeof raw}` });
    return [];
  }
  if (raw.length === 0) issues.push({ file, message: 'expected at least one entry, the array is empty' });
  const out: Array<z.output<S>> = [];
  raw.forEach((entry: unknown, index) => {
    const id = entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : undefined;
    const res = schema.safeParse(entry);
    if (res.success) out.push(res.data);
    else issues.push(...zodIssues(res.error, { file, entry: index, ...(id ? { id } : {}) }));
  });
  return out;
}

function isRealDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * The checks that need more than one entry or file: unique ids, sources ↔ seeds, quotes verbatim,
 * date/period/due consistency. Returns the issues (empty when all is well).
 */
export function findIssues(
  kb: Pick<KnowledgeBase, 'sources' | 'facts' | 'seeds'> & { vocabulary?: Vocabulary },
  where: KnowledgeLocation = { dir: KNOWLEDGE_DIR, seedsDir: SEEDS_DIR },
  /**
   * Source ids as written in sources.json, including entries that failed the schema (so their facts
   * are not also reported as having an unknown source); null when sources.json could not be read at
   * all (then the source cross-checks are skipped, the file error says it all).
   */
  writtenSourceIds: ReadonlySet<string> | null = new Set(kb.sources.map((s) => s.id)),
): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = [];
  const sourcesFile = display(join(where.dir, SOURCES_FILE));
  const factsFile = display(join(where.dir, FACTS_FILE));
  const units = kb.vocabulary ? new Set(kb.vocabulary.units.map((u) => u.unit)) : null;
  const seedFile = (id: string) => display(join(where.seedsDir, `${id}.txt`));

  const sourceIndex = new Map<string, number>();
  kb.sources.forEach((s, entry) => {
    const at = { file: sourcesFile, entry, id: s.id };
    if (sourceIndex.has(s.id)) issues.push({ ...at, field: 'id', message: `duplicate id (also entry ${sourceIndex.get(s.id)})` });
    else sourceIndex.set(s.id, entry);
    if (!kb.seeds.has(s.id)) issues.push({ ...at, field: 'id', message: `no seed file ${seedFile(s.id)}` });
    if (s.published !== null && !isRealDay(s.published)) issues.push({ ...at, field: 'published', message: `not a calendar date: ${s.published}` });
  });
  if (writtenSourceIds) {
    for (const id of kb.seeds.keys()) {
      if (!writtenSourceIds.has(id)) issues.push({ file: sourcesFile, message: `no entry for seed ${seedFile(id)}` });
    }
  }

  const sourceById = new Map(kb.sources.map((s) => [s.id, s]));
  const factIndex = new Map<string, number>();
  kb.facts.forEach((f, entry) => {
    const at = { file: factsFile, entry, id: f.id };
    if (factIndex.has(f.id)) issues.push({ ...at, field: 'id', message: `duplicate id (also entry ${factIndex.get(f.id)})` });
    else factIndex.set(f.id, entry);

    const source = sourceById.get(f.source);
    const seed = kb.seeds.get(f.source);
    if (writtenSourceIds && !writtenSourceIds.has(f.source))
      issues.push({ ...at, field: 'source', message: `unknown source "${f.source}" (not in ${sourcesFile})` });
    else if (seed === undefined) issues.push({ ...at, field: 'source', message: `no seed file ${seedFile(f.source)}` });
    if (seed !== undefined && !seed.includes(f.quote)) issues.push({ ...at, field: 'quote', message: `not found verbatim in ${seedFile(f.source)}` });

    if (!isRealDay(f.asOf)) issues.push({ ...at, field: 'asOf', message: `not a calendar date: ${f.asOf}` });
    else if (source && source.published !== null && f.asOf !== source.published)
      issues.push({ ...at, field: 'asOf', message: `${f.asOf} differs from the source's published date ${source.published}` });
    const asOfMonth = f.asOf.slice(0, 7);
    if (f.date !== null) {
      if (!isRealDay(f.date)) issues.push({ ...at, field: 'date', message: `not a calendar date: ${f.date}` });
      else if (f.date > f.asOf) issues.push({ ...at, field: 'date', message: `${f.date} is after asOf ${f.asOf} (use "due" for upcoming events)` });
    }
    if (f.period !== null) {
      if (f.period.start > asOfMonth) issues.push({ ...at, field: 'period.start', message: `${f.period.start} is after the month of asOf (${asOfMonth})` });
      if (f.period.end > asOfMonth)
        issues.push({ ...at, field: 'period.end', message: `${f.period.end} is after the month of asOf (${asOfMonth}); use "due" for targets` });
    }
    if (f.due !== null && f.due.precision === 'day' && !isRealDay(f.due.date)) issues.push({ ...at, field: 'due.date', message: `not a calendar date: ${f.due.date}` });
    if (f.value === null && f.qualifier !== null) issues.push({ ...at, field: 'qualifier', message: 'a qualifier needs a value' });
    if (f.value === null && f.unit !== null) issues.push({ ...at, field: 'unit', message: 'a unit needs a value' });
    if (f.value !== null && f.unit === null) issues.push({ ...at, field: 'unit', message: 'a fact with a value needs a unit' });
    if (f.unit !== null && units && !units.has(f.unit))
      issues.push({ ...at, field: 'unit', message: `"${f.unit}" is not in vocabulary.json units: add how it is written in English and Vietnamese` });
    // a claim is shown as a quote in either language, so it must be the source's words
    if (f.claim !== null && !f.quote.toLowerCase().includes(f.claim.toLowerCase()))
      issues.push({ ...at, field: 'claim', message: 'not found verbatim in the quote (a claim is shown quoted, in the source’s words)' });
    issues.push(...statementViIssues(f, at));
  });
  if (kb.vocabulary) issues.push(...entityNameIssues(kb.vocabulary, display(join(where.dir, VOCABULARY_FILE))));
  return issues;
}

/** Lower-case without diacritics (đ → d), as matching reads words (src/answer/normalize.ts, a layer above). */
const fold = (word: string) => word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
/** The words of a text (letters and digits; punctuation and hyphens part them), in NFC. */
const words = (text: string) => text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
/** The folded words of a text, spaced and padded so that a phrase is found as whole words. */
const folded = (text: string) => ` ${words(text).map(fold).join(' ')} `;

/** An English name made of acronyms only ("ASEAN", "G20", "VN-EAEU FTA"): Vietnamese may use it as it is. */
const ACRONYM = /^[A-Z0-9][A-Z0-9&-]*(?: [A-Z0-9][A-Z0-9&-]*)*$/;
/**
 * A foreign name spelt as it sounds, its syllables joined by hyphens in at least half its words
 * ("in-đô-nê-xi-a", "niu di-lân"; not "liên hiệp vương quốc anh và bắc ai-len").
 */
function isTransliteration(term: string): boolean {
  const ws = term.split(/\s+/).filter(Boolean);
  return ws.filter((w) => /\p{L}-\p{L}/u.test(w)).length * 2 >= ws.length;
}

/**
 * Every entity needs its Vietnamese display name (`nameVi`), and one left untranslated is reported:
 *   - a word of nameVi written without the diacritics a Vietnamese term of the entity gives it
 *     ("Nghe An" where the terms write "Nghệ An");
 *   - a nameVi that is the English name (an acronym aside) while a Vietnamese term names the entity
 *     in words of Vietnamese's own ("đức", "hoa kỳ", "liên hợp quốc"). A term containing the English
 *     name ("cộng hòa chad") is no such name, and a foreign name Vietnamese also spells as it sounds
 *     ("in-đô-nê-xi-a", "ốt-xtrây-li-a" beside "úc") is one official media write in its original
 *     spelling ("Indonesia", "Australia").
 * The rules read the entity's own terms only, so they hold for any entity added later.
 */
export function entityNameIssues(vocabulary: Pick<Vocabulary, 'entities'>, file = display(join(KNOWLEDGE_DIR, VOCABULARY_FILE))): KnowledgeIssue[] {
  const issues: KnowledgeIssue[] = [];
  vocabulary.entities.forEach((e, i) => {
    const at = { file, field: `entities.${i}.nameVi` };
    const nameVi = (e as { nameVi?: unknown }).nameVi;
    if (typeof nameVi !== 'string' || nameVi.trim() === '') {
      issues.push({ ...at, message: `${e.name}: missing (every entity needs its Vietnamese display name)` });
      return;
    }
    const written = new Map<string, string>(); // folded word → as a Vietnamese term writes it, with diacritics
    for (const t of e.vi) for (const w of words(t)) if (hasVietnameseDiacritics(w)) written.set(fold(w), w);
    const bare = words(nameVi).filter((w) => !hasVietnameseDiacritics(w) && written.has(fold(w)));
    if (bare.length > 0) {
      const fix = bare.map((w) => `"${w}" as "${written.get(fold(w))}"`).join(', ');
      issues.push({ ...at, message: `${e.name}: "${nameVi}" lacks the diacritics its Vietnamese terms write: ${fix}` });
    } else if (nameVi.trim() === e.name.trim() && !ACRONYM.test(e.name.trim())) {
      const own = e.vi.some(isTransliteration) ? undefined : e.vi.find((t) => hasVietnameseDiacritics(t) && !folded(t).includes(folded(e.name)));
      if (own) issues.push({ ...at, message: `${e.name}: "${nameVi}" is the English name, but Vietnamese names it "${own}": write its Vietnamese display name` });
    }
  });
  return issues;
}

/**
 * The Vietnamese statement must say what the English one says: the same figures, years, full dates
 * and document numbers (a knowledge base built in code may lack it altogether: reported, not thrown).
 */
function statementViIssues(f: Fact, at: Omit<KnowledgeIssue, 'field' | 'message'>): KnowledgeIssue[] {
  const field = 'statementVi';
  if (typeof f.statementVi !== 'string') return [{ ...at, field, message: 'missing (every fact needs a Vietnamese statement)' }];
  if (!hasVietnameseDiacritics(f.statementVi)) return [{ ...at, field, message: 'has no Vietnamese diacritics: write the statement in Vietnamese' }];
  const issues = figureDifferences(f.statement, f.statementVi).map((message) => ({ ...at, field, message }));
  const numbers = vietnameseFigures(f.statementVi).numbers;
  for (const doc of f.docs) {
    if (!numbers.includes(Number(doc))) issues.push({ ...at, field, message: `does not name document ${doc} (listed in docs)` });
  }
  return issues;
}

/** Orders issues by file, then entry (file-level issues first), keeping the order within an entry. */
function sortIssues(issues: KnowledgeIssue[]): KnowledgeIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => a.issue.file.localeCompare(b.issue.file) || (a.issue.entry ?? -1) - (b.issue.entry ?? -1) || a.i - b.i)
    .map((x) => x.issue);
}

/**
 * Loads, validates and indexes the knowledge base. Synchronous; throws KnowledgeError listing every
 * problem found (files are all read and checked before failing).
 */
export function loadKnowledge(dir = KNOWLEDGE_DIR, seedsDir = SEEDS_DIR): KnowledgeBase {
  const issues: KnowledgeIssue[] = [];
  const seeds = readSeeds(seedsDir);
  if (seeds.size === 0) issues.push({ file: display(seedsDir), message: 'no seed files (*.txt)' });

  const sourcesPath = join(dir, SOURCES_FILE);
  const factsPath = join(dir, FACTS_FILE);
  const vocabularyPath = join(dir, VOCABULARY_FILE);
  const rawSources = readJson(sourcesPath, issues);
  const sources = parseEntries(rawSources, Source, display(sourcesPath), issues);
  const writtenSourceIds = Array.isArray(rawSources)
    ? new Set(rawSources.map((e: unknown) => (e && typeof e === 'object' ? (e as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string'))
    : null;
  const facts = parseEntries(readJson(factsPath, issues), Fact, display(factsPath), issues);

  const rawVocabulary = readJson(vocabularyPath, issues);
  let vocabulary: Vocabulary | undefined;
  if (rawVocabulary !== undefined) {
    const res = Vocabulary.safeParse(rawVocabulary);
    if (res.success) vocabulary = res.data;
    else issues.push(...zodIssues(res.error, { file: display(vocabularyPath) }));
  }

  issues.push(...findIssues({ sources, facts, seeds, vocabulary }, { dir, seedsDir }, writtenSourceIds));
  if (issues.length > 0 || !vocabulary) throw new KnowledgeError(sortIssues(issues));

  return {
    sources,
    sourceById: new Map(sources.map((s) => [s.id, s])),
    facts,
    factById: new Map(facts.map((f) => [f.id, f])),
    vocabulary,
    seeds,
  };
}

/**
 * Re-checks a loaded knowledge base (every quote verbatim in its seed, ids, sources, dates) and
 * returns its counts. Throws KnowledgeError when anything is wrong.
 */
export function checkKnowledge(kb: KnowledgeBase, where: KnowledgeLocation = { dir: KNOWLEDGE_DIR, seedsDir: SEEDS_DIR }): KnowledgeReport {
  const issues = findIssues(kb, where);
  if (issues.length > 0) throw new KnowledgeError(sortIssues(issues));
  const byTopic = Object.fromEntries(Topic.options.map((t) => [t, 0])) as Record<Topic, number>;
  const bySource: Record<string, number> = Object.fromEntries(kb.sources.map((s) => [s.id, 0]));
  let quotesVerified = 0;
  for (const f of kb.facts) {
    byTopic[f.topic] += 1;
    bySource[f.source] += 1;
    if (kb.seeds.get(f.source)?.includes(f.quote)) quotesVerified += 1;
  }
  return {
    sources: kb.sources.length,
    facts: kb.facts.length,
    quotesVerified,
    concepts: kb.vocabulary.concepts.length,
    entities: kb.vocabulary.entities.length,
    byTopic,
    bySource,
    deadlines: kb.facts.filter((f) => f.due !== null).length,
  };
}

/** The report as plain text lines (used by `integ kb check`). */
export function formatReport(report: KnowledgeReport, kb?: Pick<KnowledgeBase, 'sourceById'>): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `knowledge OK: ${report.sources} sources, ${report.facts} facts, ${report.quotesVerified}/${report.facts} quotes verbatim in their seeds, ${report.deadlines} with a due date, ${report.concepts} vocabulary concepts, ${report.entities} entities`,
    '',
    'facts per topic:',
    ...Object.entries(report.byTopic).map(([t, n]) => `  ${pad(t, 12)} ${String(n).padStart(4)}`),
    '',
    'facts per source:',
    ...Object.entries(report.bySource).map(([id, n]) => {
      const s = kb?.sourceById.get(id);
      const who = s ? `  ${s.publisher ?? 'publisher not stated'}, ${s.published ?? 'date unknown'}` : '';
      return `  ${pad(id, 22)} ${String(n).padStart(4)}${who}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
