import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../src/answer/index.js';
import { head, LIMITS } from '../../src/answer/limits.js';
import { Lexicon } from '../../src/answer/lexicon.js';
import { INTENTS } from '../../intents/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

let engine: Engine;
beforeAll(() => {
  engine = createEngine(loadKnowledge(), { intents: INTENTS });
});
afterEach(() => vi.restoreAllMocks());

/** Deterministic made-up words (a linear congruential generator: no two runs differ). */
function madeUpWords(count: number, length: number): string[] {
  let x = 12345;
  const letters = 'bcdfghjklmnpqrstvwxz';
  return Array.from({ length: count }, () => {
    let w = '';
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      w += letters[x % letters.length];
    }
    return w;
  });
}

describe('the engine bounds its work for any input', () => {
  // Slack's message limit is 40,000 characters: every step whose cost grows with the input is capped
  const worst = {
    'one 40,000-character word': 'ab'.repeat(20_000),
    'made-up words up to 40,000 characters': madeUpWords(4000, 9).join(' '),
    'made-up words of every length': Array.from({ length: 60 }, (_, i) => madeUpWords(1, 3 + i)[0]).join(' '),
  };

  for (const [name, text] of Object.entries(worst)) {
    it(`looks up at most ${LIMITS.corrections} typos, each of a word short enough to be one, when the question is ${name}`, () => {
      const correct = vi.spyOn(Lexicon.prototype, 'correct');
      const near = vi.spyOn(Lexicon.prototype, 'nearWords');
      const a = engine.ask(text);
      expect(a.answered).toBe(false);
      expect(correct.mock.calls.length).toBeLessThanOrEqual(LIMITS.corrections);
      for (const [w] of correct.mock.calls) expect(w.length).toBeLessThanOrEqual(LIMITS.wordLength);
      // "Did you mean…" looks up at most two words, and nothing for a word too long to be a typo
      expect(near.mock.calls.length).toBeLessThanOrEqual(2);
      near.mock.calls.forEach(([w], i) => w.length > LIMITS.wordLength && expect(near.mock.results[i].value).toEqual([]));
    });
  }

  it('reads only the first words of a long question', () => {
    expect(engine.understand(`fdi 2025 ${'investment '.repeat(5000)}`).words.length).toBeLessThanOrEqual(LIMITS.words);
  });

  it('cuts a text at its character limit without splitting a surrogate pair', () => {
    const text = 'a'.repeat(LIMITS.chars - 1) + '😀'.repeat(10);
    expect(head(text).length).toBe(LIMITS.chars - 1);
    expect(head('short')).toBe('short');
  });
});
