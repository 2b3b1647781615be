import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/kb.js';
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

  it('returns 2 for an unknown option to check', async () => {
    expect(await run(['check', '--verbose'])).toBe(2);
    expect(err).toMatch(/unknown argument "--verbose"/);
  });
});
