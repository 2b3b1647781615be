import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { command, integ } from '../helpers/cli.js';

describe('integ kb extract (run as README shows it)', () => {
  it("writes only JSON on stdout, candidates dated by the source's published date, and its summary on stderr", async () => {
    const source = loadKnowledge().sources.find((s) => s.published !== null)!;
    const r = await command('npm', ['run', '-s', 'integ', '--', 'kb', 'extract', `seeds/${source.id}.txt`]);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x.candidates.length).toBeGreaterThan(0);
    expect(x.notes).toHaveLength(x.candidates.length);
    for (const c of x.candidates) expect(c).toMatchObject({ source: source.id, asOf: source.published });
    expect(r.stderr).toMatch(new RegExp(`^${x.candidates.length} candidate facts from seeds/${source.id}\\.txt`));
  });

  it('exits 1 naming the file when it cannot be read', async () => {
    const r = await integ(['kb', 'extract', 'seeds/missing.txt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^integ kb extract: cannot read seeds\/missing\.txt: /);
  });
});
