import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Facts, Sources, Topic, Vocabulary } from '../../knowledge/schema.js';
import { canonical } from '../../src/answer/normalize.js';
import { hasVietnameseDiacritics } from '../../src/knowledge/figures.js';
import { KnowledgeError, checkKnowledge, entityNameIssues, loadKnowledge } from '../../src/knowledge/load.js';
import { ROOT, SEEDS_DIR } from '../../src/paths.js';
import { type Fixture, type Json, makeFixture, readJson } from './helpers.js';

const SHARED_SEEDS = join(ROOT, '..', 'shared', 'seeds');
const seedIds = readdirSync(SEEDS_DIR)
  .filter((n) => n.endsWith('.txt'))
  .map((n) => n.slice(0, -4))
  .sort();

/** Loads from a fixture and returns the KnowledgeError it must throw. */
function loadError(fx: Fixture): KnowledgeError {
  try {
    loadKnowledge(fx.dir, fx.seedsDir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return err as KnowledgeError;
  }
  throw new Error('expected loadKnowledge to fail, but it succeeded');
}

describe('knowledge files', () => {
  it('validates sources.json, facts.json and vocabulary.json against their schemas', () => {
    expect(Sources.safeParse(readJson('sources.json')).error).toBeUndefined();
    expect(Facts.safeParse(readJson('facts.json')).error).toBeUndefined();
    expect(Vocabulary.safeParse(readJson('vocabulary.json')).error).toBeUndefined();
  });

  it('has exactly one source entry per seed file', () => {
    const ids = (readJson('sources.json') as Json[]).map((s) => s.id).sort();
    expect(ids).toEqual(seedIds);
  });

  it('finds every quote verbatim in its seed file', () => {
    const facts = readJson('facts.json') as Json[];
    const missing = facts.filter((f) => !readFileSync(join(SEEDS_DIR, `${f.source}.txt`), 'utf8').includes(f.quote)).map((f) => f.id);
    expect(missing).toEqual([]);
  });

  it.skipIf(!existsSync(SHARED_SEEDS))('keeps seeds byte-identical to ../shared/seeds when that folder exists', () => {
    const shared = readdirSync(SHARED_SEEDS).filter((n) => n.endsWith('.txt')).sort();
    expect(shared.map((n) => n.slice(0, -4))).toEqual(seedIds);
    for (const name of shared) {
      expect(readFileSync(join(SEEDS_DIR, name)).equals(readFileSync(join(SHARED_SEEDS, name))), name).toBe(true);
    }
  });
});

describe('loadKnowledge', () => {
  it('loads and indexes everything when the data is valid', () => {
    const kb = loadKnowledge();
    expect(kb.sources.map((s) => s.id).sort()).toEqual(seedIds);
    expect(kb.facts.length).toBeGreaterThanOrEqual(100);
    expect(kb.factById.size).toBe(kb.facts.length);
    expect(kb.sourceById.get('002_1142d969de2a8b73')?.publisher).toBeNull();
    expect(kb.seeds.get('000_751a3c526faebcab')).toBe(readFileSync(join(SEEDS_DIR, '000_751a3c526faebcab.txt'), 'utf8'));
    // defaults from the schema are applied
    const f = kb.factById.get('policy.six-clear.000');
    expect(f?.value).toBeNull();
    expect(f?.docs).toEqual([]);
  });

  it('counts facts for every topic and every source, and verifies every quote', () => {
    const kb = loadKnowledge();
    const report = checkKnowledge(kb);
    expect(Object.keys(report.byTopic)).toEqual(Topic.options);
    for (const [topic, n] of Object.entries(report.byTopic)) expect(n, topic).toBeGreaterThan(0);
    for (const [source, n] of Object.entries(report.bySource)) expect(n, source).toBeGreaterThan(0);
    expect(Object.values(report.byTopic).reduce((a, b) => a + b, 0)).toBe(kb.facts.length);
    expect(report.quotesVerified).toBe(kb.facts.length);
  });

  it('fails in checkKnowledge when a loaded fact is changed so its quote is no longer in the seed', () => {
    const kb = loadKnowledge();
    const i = kb.facts.findIndex((f) => f.id === 'growth.gdp.h1-2025.000');
    kb.facts[i] = { ...kb.facts[i], quote: 'GDP growth in the first 6 months of 2025 reached 7.62%' };
    expect(() => checkKnowledge(kb)).toThrow(new RegExp(`facts\\.json: entry ${i} \\(growth\\.gdp\\.h1-2025\\.000\\): quote: not found verbatim in seeds/000_751a3c526faebcab\\.txt`));
  });
});

describe('checkKnowledge on a loaded knowledge base changed in memory', () => {
  it('fails naming statementVi when a fact loses it or states another figure than its statement', () => {
    const kb = loadKnowledge();
    const i = kb.facts.findIndex((f) => f.id === 'growth.gdp.h1-2025.000');
    const j = kb.facts.findIndex((f) => f.id === 'trade.exports.jan-jul-2025.000');
    kb.facts[i] = { ...kb.facts[i], statementVi: kb.facts[i].statementVi.replace('7,52', '7,25') };
    const { statementVi: _, ...withoutVi } = kb.facts[j];
    kb.facts[j] = withoutVi as (typeof kb.facts)[number];
    expect(() => checkKnowledge(kb)).toThrow(
      new RegExp(`facts\\.json: entry ${i} \\(growth\\.gdp\\.h1-2025\\.000\\): statementVi: figures differ from statement: 7\\.52 only in statement; 7\\.25 only in statementVi`),
    );
    expect(() => checkKnowledge(kb)).toThrow(new RegExp(`facts\\.json: entry ${j} \\(trade\\.exports\\.jan-jul-2025\\.000\\): statementVi: missing`));
  });
});

describe('the Vietnamese display names of entities (nameVi)', () => {
  const vocabulary = Vocabulary.parse(readJson('vocabulary.json'));
  const entities = vocabulary.entities.map((e, i) => ({ e, i }));
  /** The vocabulary with entity i's nameVi replaced; returns what the check says about that entity. */
  const issuesWith = (i: number, nameVi: string) =>
    entityNameIssues({ entities: vocabulary.entities.map((e, j) => (j === i ? { ...e, nameVi } : e)) }).filter((x) => x.field === `entities.${i}.nameVi`);
  const withoutDiacritics = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  // entities shown by one of their own Vietnamese terms, written with its diacritics: "Nghệ An", "Đức", "Liên hợp quốc"
  const shownByOwnTerm = entities.filter(({ e }) => hasVietnameseDiacritics(e.nameVi) && e.vi.some((t) => canonical(t) === canonical(e.nameVi)));
  const acronym = (name: string) => /^[A-Z0-9][A-Z0-9&-]*(?: [A-Z0-9][A-Z0-9&-]*)*$/.test(name);

  it('reports nothing for the names vocabulary.json writes, those kept in their original spelling included', () => {
    expect(entityNameIssues(vocabulary)).toEqual([]);
    // the check is not vacuous: the data has both translated names and names kept as they are
    expect(shownByOwnTerm.length).toBeGreaterThan(0);
    expect(entities.some(({ e }) => e.nameVi === e.name && !acronym(e.name) && e.vi.some(hasVietnameseDiacritics))).toBe(true);
  });

  it('reports a nameVi written without its diacritics, for every entity shown by one of its Vietnamese terms', () => {
    const missed = shownByOwnTerm.filter(({ e, i }) => !issuesWith(i, withoutDiacritics(e.nameVi)).some((x) => x.message.includes('lacks the diacritics')));
    expect(missed.map(({ e }) => e.nameVi)).toEqual([]);
  });

  it('reports a nameVi left as the English name, for every entity shown by one of its Vietnamese terms and never spelt as it sounds', () => {
    // a name Vietnamese also spells syllable by syllable ("ốt-xtrây-li-a" beside "úc") may keep its original spelling
    const untranslated = shownByOwnTerm.filter(({ e }) => e.nameVi !== e.name && !acronym(e.name) && !e.vi.some((t) => /\p{L}-\p{L}/u.test(t)));
    expect(untranslated.length).toBeGreaterThan(0);
    const missed = untranslated.filter(({ e, i }) => issuesWith(i, e.name).length === 0);
    expect(missed.map(({ e }) => e.name)).toEqual([]);
  });

  it('names the entity, the field and the Vietnamese spelling when a word lacks its diacritics', () => {
    const { e, i } = shownByOwnTerm.find(({ e }) => e.kind === 'province')!;
    const bare = withoutDiacritics(e.nameVi);
    const [issue, ...rest] = issuesWith(i, bare);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ field: `entities.${i}.nameVi` });
    expect(issue.message).toContain(`${e.name}: "${bare}" lacks the diacritics`);
    for (const w of e.nameVi.split(' ').filter(hasVietnameseDiacritics)) expect(issue.message).toContain(`"${withoutDiacritics(w)}" as "${w}"`);
  });

  it('keeps an acronym Vietnamese uses as it is', () => {
    const kept = entities.filter(({ e }) => acronym(e.name) && e.nameVi === e.name && e.vi.some(hasVietnameseDiacritics));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.flatMap(({ e, i }) => issuesWith(i, e.name))).toEqual([]);
  });

  it('reports a blank nameVi and one missing from an entity built in code', () => {
    const { i } = entities[0];
    expect(issuesWith(i, '   ')).toEqual([expect.objectContaining({ field: `entities.${i}.nameVi`, message: expect.stringMatching(/missing/) })]);
    const { nameVi: _, ...withoutName } = vocabulary.entities[i];
    const out = entityNameIssues({ entities: [withoutName as (typeof vocabulary.entities)[number]] });
    expect(out).toEqual([expect.objectContaining({ field: 'entities.0.nameVi', message: expect.stringMatching(/missing/) })]);
  });
});

describe('loadKnowledge with broken data', () => {
  let fx: Fixture | undefined;
  afterEach(() => fx?.cleanup());

  it('loads a faithful copy in a temp dir (so the failures below come from the breakage)', () => {
    fx = makeFixture();
    expect(loadKnowledge(fx.dir, fx.seedsDir).facts.length).toBe(readJson('facts.json').length);
  });

  it('names file, entry, id and field when a fact misses a required field', () => {
    let id = '';
    fx = makeFixture(({ facts }) => {
      id = facts[3].id;
      delete facts[3].quote;
    });
    const err = loadError(fx);
    expect(err.message).toMatch(new RegExp(`knowledge/facts\\.json: entry 3 \\(${id.replace(/\./g, '\\.')}\\): quote: missing`));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ entry: 3, id, field: 'quote' });
  });

  it('names the seed file when a quote is not verbatim in it', () => {
    fx = makeFixture(({ facts }) => {
      const f = facts.find((x: Json) => x.id === 'fdi.disbursed.2025.002');
      f.quote = f.quote.replace('28-29', '28–29'); // an en dash instead of the seed's hyphen
    });
    const entry = (readJson('facts.json') as Json[]).findIndex((f) => f.id === 'fdi.disbursed.2025.002');
    expect(loadError(fx).message).toMatch(
      new RegExp(`knowledge/facts\\.json: entry ${entry} \\(fdi\\.disbursed\\.2025\\.002\\): quote: not found verbatim in .*seeds/002_1142d969de2a8b73\\.txt`),
    );
  });

  it('names file, entry, id and field when a fact has no statementVi', () => {
    const entry = (readJson('facts.json') as Json[]).findIndex((f) => f.id === 'resolution.153.000');
    fx = makeFixture(({ facts }) => {
      delete facts[entry].statementVi;
    });
    const err = loadError(fx);
    expect(err.message).toMatch(new RegExp(`knowledge/facts\\.json: entry ${entry} \\(resolution\\.153\\.000\\): statementVi: missing`));
    expect(err.issues).toEqual([expect.objectContaining({ entry, id: 'resolution.153.000', field: 'statementVi' })]);
  });

  it('rejects a statementVi whose figures, years, dates or document numbers differ from the statement', () => {
    fx = makeFixture(({ facts }) => {
      const gdp = facts.find((x: Json) => x.id === 'growth.gdp.h1-2025.000');
      gdp.statementVi = gdp.statementVi.replace('7,52', '7.52'); // English notation: reads as 7 and 52
      const exports = facts.find((x: Json) => x.id === 'trade.exports.jan-jul-2025.000');
      exports.statementVi = exports.statementVi.replace('năm 2025', 'năm 2024');
      const decision = facts.find((x: Json) => x.id === 'decision.1812.000');
      decision.statementVi = decision.statementVi.replace('1812', '1821').replace('25/8/2025', '26/8/2025');
    });
    const err = loadError(fx);
    const msg = err.message;
    expect(msg).toMatch(/\(growth\.gdp\.h1-2025\.000\): statementVi: figures differ from statement: 7\.52 only in statement; 7, 52 only in statementVi/);
    expect(msg).toMatch(/\(trade\.exports\.jan-jul-2025\.000\): statementVi: years differ from statement: 2025 only in statement; 2024 only in statementVi/);
    expect(msg).toMatch(/\(decision\.1812\.000\): statementVi: figures differ from statement: 1812 only in statement; 1821 only in statementVi/);
    expect(msg).toMatch(/\(decision\.1812\.000\): statementVi: dates differ from statement: 2025-08-25 only in statement; 2025-08-26 only in statementVi/);
    expect(msg).toMatch(/\(decision\.1812\.000\): statementVi: does not name document 1812 \(listed in docs\)/);
    expect(err.issues.every((i) => i.field === 'statementVi' && i.file.endsWith('knowledge/facts.json'))).toBe(true);
  });

  it('rejects a statementVi that is not written in Vietnamese', () => {
    fx = makeFixture(({ facts }) => {
      facts[0].statementVi = facts[0].statement;
    });
    expect(loadError(fx).message).toMatch(/facts\.json: entry 0 \([^)]+\): statementVi: has no Vietnamese diacritics/);
  });

  it('rejects a fact whose source does not exist', () => {
    fx = makeFixture(({ facts }) => {
      facts[0].source = '999_0000000000000000';
    });
    const err = loadError(fx);
    expect(err.message).toMatch(/facts\.json: entry 0 \([^)]+\): source: unknown source "999_0000000000000000"/);
    expect(err.issues.every((i) => i.field === 'source')).toBe(true);
  });

  it('rejects a duplicate fact id, naming both entries', () => {
    fx = makeFixture(({ facts }) => {
      facts[5].id = facts[2].id;
    });
    expect(loadError(fx).message).toMatch(/facts\.json: entry 5 \([^)]+\): id: duplicate id \(also entry 2\)/);
  });

  it('rejects a period that ends after the article date', () => {
    fx = makeFixture(({ facts }) => {
      const f = facts.find((x: Json) => x.id === 'trade.exports.jan-jul-2025.000');
      f.period = { start: '2025-01', end: '2025-12', label: '2025 (full year)' };
    });
    expect(loadError(fx).message).toMatch(/\(trade\.exports\.jan-jul-2025\.000\): period\.end: 2025-12 is after the month of asOf \(2025-08\)/);
  });

  it('rejects a period whose start is after its end', () => {
    fx = makeFixture(({ facts }) => {
      const f = facts.find((x: Json) => x.id === 'trade.exports.jan-jul-2025.000');
      f.period = { start: '2025-07', end: '2025-01', label: 'backwards' };
    });
    expect(loadError(fx).message).toMatch(/\(trade\.exports\.jan-jul-2025\.000\): period: period start must not be after its end/);
  });

  it('rejects a due date whose parts do not match its precision, and a due without a label', () => {
    fx = makeFixture(({ facts }) => {
      const plan = facts.find((x: Json) => x.id === 'deadline.work-plan.000');
      plan.due = { date: '2025-09-30', precision: 'month' };
      const apec = facts.find((x: Json) => x.id === 'event.apec-2027.000');
      delete apec.label;
    });
    const msg = loadError(fx).message;
    expect(msg).toMatch(/\(deadline\.work-plan\.000\): due: due\.date must have exactly the parts its precision names/);
    expect(msg).toMatch(/\(event\.apec-2027\.000\): label: a fact with "due" needs a "label"/);
  });

  it('rejects an asOf that differs from the source date and a date that is not a calendar day', () => {
    fx = makeFixture(({ facts }) => {
      facts.find((x: Json) => x.id === 'resolution.153.000').asOf = '2025-08-27';
      facts.find((x: Json) => x.id === 'decision.1812.000').date = '2025-02-30';
    });
    const msg = loadError(fx).message;
    expect(msg).toMatch(/\(resolution\.153\.000\): asOf: 2025-08-27 differs from the source's published date 2025-08-26/);
    expect(msg).toMatch(/\(decision\.1812\.000\): date: not a calendar date: 2025-02-30/);
  });

  it('rejects a field the schema does not know, naming it', () => {
    fx = makeFixture(({ facts }) => {
      facts[1].citation = 'x';
    });
    expect(loadError(fx).message).toMatch(/facts\.json: entry 1 \([^)]+\): citation: unknown field/);
  });

  it('rejects a value without a unit', () => {
    fx = makeFixture(({ facts }) => {
      delete facts.find((x: Json) => x.id === 'growth.gdp.h1-2025.000').unit;
    });
    expect(loadError(fx).message).toMatch(/\(growth\.gdp\.h1-2025\.000\): unit: a fact with a value needs a unit/);
  });

  it('rejects a source without a seed file and a seed without a source entry', () => {
    fx = makeFixture(({ sources }) => {
      sources[4].id = '005_0123456789abcdef';
    });
    const msg = loadError(fx).message;
    expect(msg).toMatch(/sources\.json: entry 4 \(005_0123456789abcdef\): id: no seed file .*seeds\/005_0123456789abcdef\.txt/);
    expect(msg).toMatch(/sources\.json: no entry for seed .*seeds\/004_632e3db70da5069b\.txt/);
  });

  it('rejects a source field that breaks the schema', () => {
    fx = makeFixture(({ sources }) => {
      sources[1].url = 'not a url';
    });
    expect(loadError(fx).message).toMatch(/sources\.json: entry 1 \(001_1d5cee450b0a6480\): url: /);
  });

  it('reports only the broken source entry, not every fact citing it', () => {
    fx = makeFixture(({ sources }) => {
      sources[2].published = '14/01/2026';
    });
    const err = loadError(fx);
    expect(err.issues).toEqual([expect.objectContaining({ entry: 2, id: '002_1142d969de2a8b73', field: 'published' })]);
  });

  it('names the file when it is not valid JSON', () => {
    fx = makeFixture(() => ({ facts: '[{"id": ' }));
    expect(loadError(fx).message).toMatch(/knowledge\/facts\.json: invalid JSON/);
  });

  it('names the file when it is missing', () => {
    fx = makeFixture();
    unlinkSync(join(fx.dir, 'sources.json'));
    expect(loadError(fx).message).toMatch(/knowledge\/sources\.json: file not found/);
  });

  it('rejects an entity without nameVi, and a nameVi left as the English name, naming file and field', () => {
    const entries = (readJson('vocabulary.json') as Json).entities as Json[];
    const dropped = entries.findIndex((e) => e.kind === 'city');
    const copied = entries.findIndex((e) => e.kind === 'country' && e.nameVi !== e.name && hasVietnameseDiacritics(e.nameVi) && e.vi.some((t: string) => canonical(t) === canonical(e.nameVi)));
    fx = makeFixture(({ vocabulary }) => {
      delete vocabulary.entities[dropped].nameVi;
    });
    expect(loadError(fx).message).toMatch(new RegExp(`knowledge/vocabulary\\.json: entities\\.${dropped}\\.nameVi: missing`));
    fx.cleanup();
    fx = makeFixture(({ vocabulary }) => {
      vocabulary.entities[copied].nameVi = vocabulary.entities[copied].name;
    });
    const err = loadError(fx);
    expect(err.issues).toEqual([expect.objectContaining({ file: expect.stringMatching(/knowledge\/vocabulary\.json$/), field: `entities.${copied}.nameVi` })]);
    expect(err.message).toContain(`is the English name, but Vietnamese names it`);
  });

  it('validates vocabulary.json with the Vocabulary schema', () => {
    fx = makeFixture(({ vocabulary }) => {
      vocabulary.concepts = [];
    });
    expect(loadError(fx).message).toMatch(/knowledge\/vocabulary\.json: concepts: /);
  });
});
