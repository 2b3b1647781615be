/** Test helpers: copies of the real knowledge files and seeds in a temp dir, to break on purpose. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KNOWLEDGE_DIR, SEEDS_DIR } from '../../src/paths.js';

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const readJson = (file: string): Json => JSON.parse(readFileSync(join(KNOWLEDGE_DIR, file), 'utf8'));

export interface Fixture {
  root: string;
  dir: string;
  seedsDir: string;
  cleanup(): void;
}

/**
 * A temp copy of knowledge/{sources,facts,vocabulary}.json and seeds/*.txt. `edit` receives the
 * parsed JSON files and may change them in place (or return raw text to write for a file).
 */
export function makeFixture(edit: (files: { sources: Json; facts: Json; vocabulary: Json }) => void | Partial<Record<'sources' | 'facts' | 'vocabulary', string>> = () => {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'integ-kb-'));
  const dir = join(root, 'knowledge');
  const seedsDir = join(root, 'seeds');
  mkdirSync(dir);
  mkdirSync(seedsDir);
  for (const name of readdirSync(SEEDS_DIR)) copyFileSync(join(SEEDS_DIR, name), join(seedsDir, name));
  const files = { sources: readJson('sources.json'), facts: readJson('facts.json'), vocabulary: readJson('vocabulary.json') };
  const raw = edit(files) || {};
  for (const key of ['sources', 'facts', 'vocabulary'] as const) {
    writeFileSync(join(dir, `${key}.json`), raw[key] ?? JSON.stringify(files[key], null, 2));
  }
  return { root, dir, seedsDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
