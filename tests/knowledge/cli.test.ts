import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/kb.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import { type Fixture, makeFixture } from './helpers.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('integ kb', () => {
  let fx: Fixture | undefined;
  afterEach(() => fx?.cleanup());

  it('exits 0 and prints counts per topic and per source when the knowledge is valid', async () => {
    expect(await run(['check'])).toBe(0);
    expect(out).toMatch(/knowledge OK: 5 sources, (\d+) facts, \1\/\1 quotes verbatim/);
    for (const topic of ['fdi', 'trade', 'growth', 'relations', 'agreements', 'documents', 'people', 'events', 'localities', 'policy']) {
      expect(out).toMatch(new RegExp(`^  ${topic} +[1-9]\\d*$`, 'm'));
    }
    expect(out).toMatch(/^ {2}002_1142d969de2a8b73 +[1-9]\d* +publisher not stated, 2026-01-14$/m);
    expect(err).toBe('');
  });

  it('exits 1 with the error naming file, entry and field when a quote is not in its seed', async () => {
    fx = makeFixture(({ facts }) => {
      facts[0].quote = 'This sentence is not in any seed.';
    });
    expect(await run(['check', '--dir', fx.dir, '--seeds', fx.seedsDir])).toBe(1);
    expect(err).toMatch(/FAILED/);
    expect(err).toMatch(/facts\.json: entry 0 \([^)]+\): quote: not found verbatim in .*seeds\/000_751a3c526faebcab\.txt/);
    expect(out).toBe('');
  });

  it('exits 1 naming file, entry and field when a statementVi is missing or states another figure', async () => {
    fx = makeFixture(({ facts }) => {
      delete facts[0].statementVi;
      const gdp = facts.find((f: { id: string }) => f.id === 'growth.gdp.h1-2025.000');
      gdp.statementVi = gdp.statementVi.replace('7,52', '7,25');
    });
    expect(await run(['check', '--dir', fx.dir, '--seeds', fx.seedsDir])).toBe(1);
    expect(err).toMatch(/facts\.json: entry 0 \([^)]+\): statementVi: missing/);
    expect(err).toMatch(/facts\.json: entry \d+ \(growth\.gdp\.h1-2025\.000\): statementVi: figures differ from statement: 7\.52 only in statement; 7\.25 only in statementVi/);
    expect(out).toBe('');
  });

  it('prints usage and returns 2 for an unknown subcommand or none', async () => {
    expect(await run(['frobnicate'])).toBe(2);
    expect(err).toMatch(/unknown subcommand "frobnicate"/);
    expect(err).toMatch(/integ kb check/);
    expect(await run([])).toBe(2);
    expect(await run(['toString'])).toBe(2);
  });

  it('prints stored questions with their control characters shown as escapes, never raw', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'integ-gaps-'));
    try {
      const s = await openLowdbStore(dir);
      const hostile = 'fdi\x1b]0;pwned\x07\x1b[2J\x1b[31mred\u009b1m \u202Eevil\u2066 end\nfake row';
      await s.recordUnanswered({ at: '2026-11-01T00:00:00Z', question: hostile, normalised: 'x' });
      await s.recordFeedback({ at: '2026-11-01T00:00:00Z', user: 'U1', question: hostile, intent: 'fdi\x1b[8m', helpful: false });
      await s.close();
      expect(await run(['gaps', '--data', dir])).toBe(0);
      expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(out).toContain('fdi\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b1m \\u202eevil\\u2066 end\\x0afake row');
      expect(out).toContain('[fdi\\x1b[8m]');
      expect(out.split('\n').filter((l) => l.includes('fake row'))).toHaveLength(2); // no line of its own
      // --json stays JSON: the same text, escaped the JSON way
      out = '';
      expect(await run(['gaps', '--data', dir, '--json'])).toBe(0);
      expect(JSON.parse(out).unanswered[0].question).toBe(hostile);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it('returns 2 for an unknown option to check', async () => {
    expect(await run(['check', '--verbose'])).toBe(2);
    expect(err).toMatch(/^integ kb check: unknown option --verbose$/m);
  });
});
