/**
 * Questions asked in the shell and with `integ ask` that integ cannot answer are recorded for
 * `integ kb gaps`, marked by where they were asked, by the same rule as Slack's; recording never
 * gets in the way of the answer (src/cli/gaps.ts).
 */
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { gapRecorder, GapsNotRecordedError, openGapStore } from '../../src/cli/gaps.js';
import { run as kb } from '../../src/cli/kb.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { integ } from '../helpers/cli.js';

const UNKNOWN = 'zzzz qqqq';
const answer = (question: string, answered: boolean, intent = 'none') => ({ question, answered, intent }) as Answer;

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'integ-gaps-cli-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** `integ kb gaps <args> --data dir` in this process: what it prints. */
async function kbGaps(args: string[]): Promise<string> {
  let out = '';
  expect(await kb(['gaps', '--data', dir, ...args], { out: (t) => void (out += t), err: () => expect.unreachable() })).toBe(0);
  return out;
}

/** What the store under `dir` holds (read-only, as `kb gaps` reads it). */
async function recorded(): Promise<{ question: string; origin?: string }[]> {
  const store = await openLowdbStore(dir, { readOnly: true });
  try {
    return (await store.listUnanswered()).map(({ question, origin }) => ({ question, origin }));
  } finally {
    await store.close();
  }
}

describe('unanswered questions from the shell and the CLI', () => {
  it('records what `integ ask` and the shell cannot answer, marked cli and shell, and `kb gaps` shows where each was asked', async () => {
    const env = { INTEG_DATA_DIR: dir };
    const one = await integ(['ask', UNKNOWN], { env });
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = await integ(['ask', '--jsonl'], { env, input: `fdi 2025\n${UNKNOWN}\n` });
    expect(lines.code).toBe(0);
    expect(lines.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).question)).toEqual(['fdi 2025', UNKNOWN]);
    // a deadline command the shell refuses is no question
    const shell = await integ(['shell'], { env, input: `${UNKNOWN}\nfdi 2025\n/integ deadline add 2020-01-01 Long past\n` });
    expect({ code: shell.code, stderr: shell.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shell.stdout.split('\n\n')).toHaveLength(4);
    // the answered one is no gap
    expect(await recorded()).toEqual([
      { question: UNKNOWN, origin: 'cli' },
      { question: UNKNOWN, origin: 'cli' },
      { question: UNKNOWN, origin: 'shell' },
    ]);

    expect(await kbGaps([])).toMatch(new RegExp(`^ +3× +${UNKNOWN} +\\(shell 1, cli 2; last \\d{4}-\\d\\d-\\d\\d\\)$`, 'm'));
    expect(JSON.parse(await kbGaps(['--json'])).unanswered).toEqual([expect.objectContaining({ question: UNKNOWN, count: 3, origins: { cli: 2, shell: 1 } })]);
  }, 60_000);

  it('answers, prints only JSON and exits 0 when a running integ holds the store, saying once on stderr that nothing is recorded', async () => {
    const server = await openLowdbStore(dir); // as `integ serve` holds it
    try {
      const r = await integ(['ask', '--jsonl'], { env: { INTEG_DATA_DIR: dir }, input: `${UNKNOWN}\nfdi 2019\n` });
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).answered)).toEqual([false, false]);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/not recorded for “integ kb gaps”.*in use by another integ process/)]);
      const shell = await integ(['shell', '--lang', 'vi'], { env: { INTEG_DATA_DIR: dir }, input: `${UNKNOWN}\n${UNKNOWN}\n` });
      expect(shell.code).toBe(0);
      expect(shell.stdout.split('\n\n')).toHaveLength(3);
      expect(shell.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Lần này các câu hỏi tôi chưa trả lời được sẽ không được ghi lại/)]);
      // the server's store is untouched
      expect(await server.listUnanswered()).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('gapRecorder', () => {
  it('records only what integ could not answer, in order, marked with its origin, by the rule Slack uses', async () => {
    const store = new MemoryStore();
    const gaps = gapRecorder('shell', { open: async () => store, note: () => expect.unreachable(), now: () => new Date('2026-11-02T00:00:00Z') });
    gaps.record(answer('Tourism 2025?', false));
    gaps.record(answer('fdi 2025', true, 'fdi'));
    gaps.record(answer('fdi', false, 'clarify'));
    gaps.record(answer('help', false, 'help'));
    gaps.record(answer('weather', false));
    await gaps.close();
    expect(await store.listUnanswered()).toEqual([
      { at: '2026-11-02T00:00:00.000Z', question: 'Tourism 2025?', normalised: 'tourism 2025', origin: 'shell' },
      { at: '2026-11-02T00:00:00.000Z', question: 'weather', normalised: 'weather', origin: 'shell' },
    ]);
  });

  it('opens the store at the first gap only, and closes only a store it owns', async () => {
    let opened = 0;
    let closed = 0;
    const store = new (class extends MemoryStore {
      override async close(): Promise<void> {
        closed++;
      }
    })();
    const open = async (): Promise<Store> => (opened++, store);
    const none = gapRecorder('cli', { open, note: () => undefined });
    none.record(answer('fdi 2025', true, 'fdi'));
    await none.close();
    expect({ opened, closed }).toEqual({ opened: 0, closed: 0 });
    const owned = gapRecorder('cli', { open, note: () => undefined });
    owned.record(answer('a?', false));
    owned.record(answer('b?', false));
    await owned.close();
    expect({ opened, closed }).toEqual({ opened: 1, closed: 1 });
    const shared = gapRecorder('shell', { open, owns: false, note: () => undefined });
    shared.record(answer('c?', false));
    await shared.close();
    expect({ opened, closed }).toEqual({ opened: 2, closed: 1 });
  });

  it('says once why, and records nothing more, when the store cannot be written', async () => {
    const notes: string[] = [];
    const store = new (class extends MemoryStore {
      override async recordUnanswered(): Promise<void> {
        throw new Error('disk full');
      }
    })();
    const gaps = gapRecorder('cli', { open: async () => store, note: (r) => notes.push(r) });
    for (const q of ['a?', 'b?', 'c?']) gaps.record(answer(q, false));
    await gaps.close();
    expect(notes).toEqual(['disk full']);
  });
});

describe('openGapStore', () => {
  it('refuses at once, without waiting for the lock, when another process holds the lowdb store', async () => {
    const server = await openLowdbStore(dir);
    try {
      const started = Date.now();
      await expect(openGapStore({ INTEG_DATA_DIR: dir })).rejects.toThrow(GapsNotRecordedError);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await server.close();
    }
  });

  it('refuses an in-memory database, which would keep nothing, and opens a free store for writing', async () => {
    await expect(openGapStore({ DATABASE_URL: 'pglite:memory' })).rejects.toThrow(/keeps nothing/);
    const store = await openGapStore({ INTEG_DATA_DIR: dir });
    try {
      await store.recordUnanswered({ at: '2026-11-02T00:00:00.000Z', question: 'q?', normalised: 'q', origin: 'cli' });
    } finally {
      await store.close();
    }
    expect(await recorded()).toEqual([{ question: 'q?', origin: 'cli' }]);
  });
});
