/**
 * Where the answer engine is put together: the knowledge base (knowledge/, seeds/), the intents
 * (intents/) and the deadlines (src/digest), none of which the answer layer imports itself.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { INTENTS } from '../intents/index.js';
import { createEngine, type AskContext, type Engine } from './answer/index.js';
import { buildIndexes, restoreIndexes, snapshotIndexes } from './answer/indexes.js';
import { KNOWLEDGE_DIR, SEEDS_DIR } from './paths.js';
import type { Answer, Lang } from './answer/types.js';
import { deadlinesAnswer } from './digest/deadlines.js';
import { loadKnowledge } from './knowledge/load.js';
import { head } from './answer/limits.js';
import { canonical } from './answer/normalize.js';
import type { Origin, TeamDeadline, UnansweredEntry } from './store/types.js';

export interface LoadOptions {
  /** Where the knowledge and the seeds are (default: the project's knowledge/ and seeds/). */
  dir?: string;
  seedsDir?: string;
  /**
   * A file to keep the built indexes in (with the knowledge they were built from), or null for
   * none. A process that starts reads it instead of building the indexes, as long as it was built
   * from the same knowledge/ and seeds/ (their files unchanged) by the same engine code; otherwise the
   * knowledge is loaded and validated, the indexes built, and the file written again.
   */
  cacheFile?: string | null;
  /** Told how the engine was loaded (the operator's log). */
  onLoad?: (how: { from: 'cache' | 'knowledge'; ms: number; cacheWritten?: boolean; cacheError?: string }) => void;
}

/** The engine over the project's own knowledge/ and seeds/ (validated; throws KnowledgeError). */
export function loadEngine(opts: LoadOptions = {}): Engine {
  const started = Date.now();
  const dir = opts.dir ?? KNOWLEDGE_DIR;
  const seedsDir = opts.seedsDir ?? SEEDS_DIR;
  if (!opts.cacheFile) {
    const engine = createEngine(loadKnowledge(dir, seedsDir), { intents: INTENTS });
    opts.onLoad?.({ from: 'knowledge', ms: Date.now() - started });
    return engine;
  }
  const key = cacheKey(dir, seedsDir);
  const segments = readCache(opts.cacheFile, key);
  if (segments) {
    const { kb, indexes } = restoreIndexes(segments);
    const engine = createEngine(kb, { intents: INTENTS, indexes });
    opts.onLoad?.({ from: 'cache', ms: Date.now() - started });
    return engine;
  }
  const kb = loadKnowledge(dir, seedsDir);
  const indexes = buildIndexes(kb);
  let cacheError: string | undefined;
  try {
    writeCache(opts.cacheFile, key, snapshotIndexes(kb, indexes));
  } catch (e) {
    cacheError = e instanceof Error ? e.message : String(e); // (a cache that cannot be written only costs the next start time)
  }
  const engine = createEngine(kb, { intents: INTENTS, indexes });
  opts.onLoad?.({ from: 'knowledge', ms: Date.now() - started, cacheWritten: !cacheError, ...(cacheError ? { cacheError } : {}) });
  return engine;
}

/** The first bytes of an index cache file: what it is, then the key it was built for. */
const CACHE_MAGIC = 'integ-index-cache 2\n';

/**
 * What an index cache must have been built from: every file of the knowledge and the seeds (its
 * name, size and modification time, as make judges a target: reading 200 MB of knowledge to hash
 * it would cost a second of every start at 1,000×), and the contents of the answer layer's code
 * (another engine builds other indexes).
 */
export function cacheKey(dir: string, seedsDir: string): string {
  const hash = createHash('sha256');
  const answerDir = join(dirname(fileURLToPath(import.meta.url)), 'answer');
  for (const [label, folder] of [['knowledge', dir], ['seeds', seedsDir], ['answer', answerDir]] as const) {
    const names = existsSync(folder) ? readdirSync(folder).filter((n) => /\.(json|txt|ts|js)$/.test(n)).sort() : [];
    for (const name of names) {
      const path = join(folder, name);
      if (label === 'answer') hash.update(`${label}/${name}\0`).update(readFileSync(path)).update('\0');
      else {
        const st = statSync(path);
        hash.update(`${label}/${name}\0${st.size}\0${st.mtimeMs}\0`);
      }
    }
  }
  return hash.digest('hex');
}

/**
 * The cache's segments (src/answer/indexes.ts snapshotIndexes) when the file exists and was built
 * for `key`; null otherwise, or when it cannot be read whole. Each segment is read and
 * deserialized on its own: the process never holds the whole file besides what it makes of it.
 */
function readCache(file: string, key: string): object[] | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(CACHE_MAGIC.length + key.length + 1);
    let at = readSync(fd, head, 0, head.length, 0);
    if (at !== head.length || head.toString('latin1') !== `${CACHE_MAGIC}${key}\n`) return null;
    const size = fstatSync(fd).size;
    const segments: object[] = [];
    const length = Buffer.alloc(4);
    while (at < size) {
      if (readSync(fd, length, 0, 4, at) !== 4) return null;
      at += 4;
      const body = Buffer.allocUnsafe(length.readUInt32LE(0));
      for (let got = 0; got < body.length; ) {
        const n = readSync(fd, body, got, body.length - got, at + got);
        if (n <= 0) return null;
        got += n;
      }
      at += body.length;
      segments.push(deserialize(body) as object);
    }
    return segments.length ? segments : null;
  } catch {
    return null; // (a damaged cache is rebuilt)
  } finally {
    closeSync(fd);
  }
}

/** Writes the cache whole or not at all (a temporary file renamed into place): the key, then each segment with its length. */
function writeCache(file: string, key: string, segments: object[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${CACHE_MAGIC}${key}\n`, null, 'latin1');
      const length = Buffer.alloc(4);
      for (const segment of segments) {
        const body = serialize(segment);
        length.writeUInt32LE(body.length, 0);
        writeSync(fd, length);
        for (let at = 0; at < body.length; ) at += writeSync(fd, body, at, body.length - at);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The context to ask with in a channel: general deadline questions ("what's due next month?")
 * list the sources' deadlines with the channel's own.
 */
export function askContext(engine: Engine, opts: { now: Date; tz: string; teamDeadlines?: readonly TeamDeadline[] } & Pick<AskContext, 'threadSlots' | 'lang'>): AskContext {
  const { now, tz, teamDeadlines = [], threadSlots, lang } = opts;
  const listDeadlines = (question: string, answerLang: Lang): Answer =>
    deadlinesAnswer(now, { kb: engine.kb, teamDeadlines: [...teamDeadlines], tz, question, intent: 'events', lang: answerLang });
  return { now, tz, threadSlots, listDeadlines, ...(lang ? { lang } : {}) };
}

/**
 * The one rule of what `integ kb gaps` lists as unanswered, wherever the question was asked (Slack,
 * the shell, `integ ask`): an answer that found nothing to say. A clarifying question ("which year?")
 * and the help are no gaps. Questions are grouped by their canonical form (case, diacritics and
 * punctuation folded). null: not a gap.
 * The question is kept as far as the engine reads it (src/answer/limits.ts, 2,000 characters): a
 * 40,000-character paste that went unanswered cost 80 KB a record (and its canonical form as much
 * CPU as the answer), so 5,000 of them held 400 MB in the server and its log.
 */
export function unansweredEntry(answer: Answer, origin: Origin, at: Date): UnansweredEntry | null {
  if (answer.answered || answer.intent === 'clarify' || answer.intent === 'help') return null;
  const question = head(answer.question);
  return { at: at.toISOString(), question, normalised: canonical(question), origin };
}
