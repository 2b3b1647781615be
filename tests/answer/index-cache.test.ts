/**
 * The index cache (src/engine.ts): an engine read from it answers exactly as one built from the
 * knowledge, and it is rebuilt when the knowledge or the seeds change, or when it is damaged.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine, type LoadOptions } from '../../src/engine.js';
import { KNOWLEDGE_DIR, SEEDS_DIR } from '../../src/paths.js';

const QUESTIONS = [
  'fdi 2025',
  'How much FDI was disbursed in the first seven months of 2025?',
  'who heads the National Steering Committee on International Integration?',
  'nghị quyết 59 về hội nhập quốc tế',
  'resolutoin 153',
  'weather in hanoi tomorrow',
  'How much FDI did Da Nang attract in 2025?',
];
const now = new Date('2026-03-01T00:00:00Z');

describe('index cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'integ-index-cache-'));
  const dir = join(root, 'knowledge');
  const seedsDir = join(root, 'seeds');
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  cpSync(SEEDS_DIR, seedsDir, { recursive: true });
  const cacheFile = join(root, 'cache', 'index-cache.bin');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const load = () => {
    let how: Parameters<NonNullable<LoadOptions['onLoad']>>[0] | null = null;
    const engine = loadEngine({ dir, seedsDir, cacheFile, onLoad: (h) => (how = h) });
    return { engine, how: how! };
  };
  const answers = (engine: ReturnType<typeof loadEngine>) => QUESTIONS.map((q) => engine.ask(q, { now, tz: 'Asia/Ho_Chi_Minh' }));

  it('is written on the first load and read on the next, with the same answers', () => {
    const first = load();
    expect(first.how).toMatchObject({ from: 'knowledge', cacheWritten: true });
    const second = load();
    expect(second.how.from).toBe('cache');
    expect(answers(second.engine)).toEqual(answers(first.engine));
    expect(answers(second.engine)).toEqual(answers(loadEngine({ dir, seedsDir })));
  });

  it('is rebuilt when a seed changes', () => {
    const seed = join(seedsDir, '000_751a3c526faebcab.txt');
    appendFileSync(seed, '\nVietnam and the Republic of Nowhere agreed to cooperate on submarine cables in 2026, the ministry said.\n');
    expect(load().how.from).toBe('knowledge');
    expect(load().how.from).toBe('cache');
    expect(load().engine.ask('submarine cables Nowhere', { now }).answered).toBe(true);
  });

  it('is rebuilt when damaged', () => {
    writeFileSync(cacheFile, 'integ-index-cache 1\nnot a key\n');
    expect(load().how.from).toBe('knowledge');
    expect(load().how.from).toBe('cache');
  });
});
