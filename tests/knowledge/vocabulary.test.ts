import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.js';
import { Vocabulary, type ConceptKind } from '../../knowledge/schema.js';
import { canonical, stem } from '../../src/answer/normalize.js';
import { PLACE_KINDS } from '../../src/answer/lexicon.js';
import { type Json, readJson } from './helpers.js';

/** What a question marker is: the kinds that say what answer is wanted, not what it is about. */
const ASK_KINDS: ReadonlySet<ConceptKind> = new Set(['ask-number', 'ask-person', 'ask-date', 'ask-place', 'ask-period', 'ask-list', 'ask-compare', 'ask-role']);
/** Letters and marks English does not write: a term with one of them is Vietnamese and must be NFC. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Every integrity problem of a vocabulary, as readable lines (empty when it is sound). Derived from
 * the data only: no counts, no particular term is required.
 */
function problems(v: Vocabulary): string[] {
  const out: string[] = [];
  const seenIds = new Set<string>();
  for (const c of v.concepts) {
    if (seenIds.has(c.id)) out.push(`concept id "${c.id}" is used twice`);
    seenIds.add(c.id);
  }

  const own = (owner: string, terms: string[]) => {
    const seen = new Set<string>();
    for (const t of terms) {
      const f = canonical(t);
      if (!f) out.push(`${owner}: term "${t}" is empty once folded`);
      else if (seen.has(f)) out.push(`${owner}: term "${t}" is listed twice (folded: "${f}")`);
      seen.add(f);
    }
  };
  for (const c of v.concepts) {
    own(`concept ${c.id}`, [...c.en, ...c.vi]);
    for (const t of c.en) if (t !== t.toLowerCase()) out.push(`concept ${c.id}: English term "${t}" is not lower-case`);
  }

  const seenNames = new Set<string>();
  const seenNamesVi = new Map<string, string>();
  for (const e of v.entities) {
    if (e.name.trim().length < 2) out.push(`an entity of kind ${e.kind} has no name`);
    if (seenNames.has(e.name)) out.push(`entity name "${e.name}" is used twice`);
    seenNames.add(e.name);
    // a Vietnamese reader tells entities apart by their Vietnamese names
    const other = seenNamesVi.get(e.nameVi);
    if (other !== undefined) out.push(`Vietnamese name "${e.nameVi}" is used twice: ${other} and ${e.name}`);
    seenNamesVi.set(e.nameVi, e.name);
    if (e.en.length + e.vi.length === 0) out.push(`entity ${e.name} has no term`);
    own(`entity ${e.name}`, [...e.en, ...e.vi]);
  }

  // a term that names two entities cannot tell them apart (terms are read by word stems: "Americas"
  // is "America")
  const read = (t: string) => canonical(t).split(' ').filter(Boolean).map(stem).join(' ');
  const entityOf = new Map<string, string>();
  for (const e of v.entities) {
    for (const t of new Set([...e.en, ...e.vi].map(read))) {
      const other = entityOf.get(t);
      if (other !== undefined && other !== e.name) out.push(`term "${t}" names two entities: ${other} and ${e.name}`);
      entityOf.set(t, e.name);
    }
  }

  // a stopword is dropped before matching, so it must not be a word that means something
  const meaningful = new Map<string, string>();
  for (const c of v.concepts) for (const t of [...c.en, ...c.vi]) meaningful.set(canonical(t), `concept ${c.id}`);
  for (const e of v.entities) for (const t of [...e.en, ...e.vi]) meaningful.set(canonical(t), `entity ${e.name}`);
  for (const w of [...v.stopwords.en, ...v.stopwords.vi]) {
    const owner = meaningful.get(canonical(w));
    if (owner) out.push(`stopword "${w}" is also a term of ${owner}`);
  }

  // Vietnamese text is compared after folding, but it is written (and shown) in NFC
  const vietnamese: [string, string][] = [
    ...v.concepts.flatMap((c) => c.vi.map((t): [string, string] => [`concept ${c.id}`, t])),
    ...v.entities.flatMap((e) => [e.name, e.nameVi, ...e.vi].map((t): [string, string] => [`entity ${e.name}`, t])),
    ...v.surnames.map((t): [string, string] => ['surnames', t]),
    ...v.stopwords.vi.map((t): [string, string] => ['stopwords.vi', t]),
  ];
  for (const [owner, t] of vietnamese) if (NON_ASCII.test(t) && t !== t.normalize('NFC')) out.push(`${owner}: "${t}" is not in NFC`);

  // question markers: only in ask-* concepts, and an ask-* concept holds nothing else
  const markers = new Map<string, string>();
  for (const c of v.concepts) if (ASK_KINDS.has(c.kind)) for (const t of [...c.en, ...c.vi]) markers.set(canonical(t), c.id);
  for (const c of v.concepts) {
    if (ASK_KINDS.has(c.kind)) continue;
    const terms = [...c.en, ...c.vi].map(canonical);
    for (const t of terms) if (markers.has(t)) out.push(`concept ${c.id} (${c.kind}) holds "${t}", a question marker of ${markers.get(t)}`);
  }
  // a phrase is read as every concept that lists it (by word stems: "states" is "state"), and
  // concepts of different kinds pull it different ways (a title outranks a term, an attribution or
  // a measure drops it): only question markers ("how long": a figure or a period) or an office and
  // its qualifier ("thứ trưởng": a deputy minister) may share one. An entity and an office may
  // ("foreign minister"): an entity is no concept.
  const kindsOf = new Map<string, Map<ConceptKind, string>>();
  for (const c of v.concepts) {
    for (const t of new Set([...c.en, ...c.vi].map(read))) {
      const byKind = kindsOf.get(t) ?? new Map<ConceptKind, string>();
      if (!byKind.has(c.kind)) byKind.set(c.kind, c.id);
      kindsOf.set(t, byKind);
    }
  }
  for (const [t, byKind] of kindsOf) {
    const kinds = [...byKind.keys()];
    if (kinds.length < 2 || kinds.every((k) => ASK_KINDS.has(k)) || kinds.every((k) => k === 'title' || k === 'qualifier')) continue;
    if (kinds.some((k) => ASK_KINDS.has(k)) && markers.has(t)) continue; // reported above
    out.push(`"${t}" is read as concepts of different kinds: ${[...byKind].map(([k, id]) => `${id} (${k})`).join(', ')}`);
  }

  const askIds = new Map<ConceptKind, string>();
  for (const c of v.concepts) {
    if (!ASK_KINDS.has(c.kind)) continue;
    const other = askIds.get(c.kind);
    if (other) out.push(`question marker kind ${c.kind} is split between ${other} and ${c.id}`);
    askIds.set(c.kind, c.id);
  }

  // distinct surnames may fold alike (Đoàn, Doãn): they are compared as written
  const surnames = new Set<string>();
  for (const s of v.surnames) {
    if (s !== s.trim() || /\s/.test(s)) out.push(`surname "${s}" is not one word`);
    if (s[0] !== s[0].toUpperCase()) out.push(`surname "${s}" is not capitalised`);
    if (surnames.has(s.normalize('NFC'))) out.push(`surname "${s}" is listed twice`);
    surnames.add(s.normalize('NFC'));
  }
  return out;
}

const vocabulary = Vocabulary.parse(readJson('vocabulary.json'));

describe('vocabulary.json', () => {
  it('has no integrity problem', () => {
    expect(problems(vocabulary)).toEqual([]);
  });

  it('has every concept an intent weighs', () => {
    const ids = new Set(vocabulary.concepts.map((c) => c.id));
    const missing = INTENTS.flatMap((i) => Object.keys(i.concepts).filter((c) => !ids.has(c)).map((c) => `${i.id}: ${c}`));
    expect(missing).toEqual([]);
  });

  it('names every place a fact is about as a province or city', () => {
    const places = new Set(vocabulary.entities.filter((e) => PLACE_KINDS.has(e.kind)).map((e) => e.name));
    const facts = readJson('facts.json') as Json[];
    const unknown = [...new Set(facts.map((f) => f.place as string | null | undefined).filter((p): p is string => typeof p === 'string' && !places.has(p)))];
    expect(unknown).toEqual([]);
  });

  it('has a concept for every kind of question marker', () => {
    const kinds = new Set(vocabulary.concepts.map((c) => c.kind));
    expect([...ASK_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
  });
});

describe('the integrity check', () => {
  const base = (): Vocabulary =>
    Vocabulary.parse({
      concepts: [
        { id: 'export', en: ['export', 'exports'], vi: ['xuất khẩu'] },
        { id: 'ask_person', kind: 'ask-person', en: ['who'], vi: ['ai'] },
      ],
      entities: [{ name: 'Nghe An', nameVi: 'Nghệ An', kind: 'province', en: ['nghe an province'], vi: ['Nghệ An'] }],
      surnames: ['Nguyễn'],
      stopwords: { en: ['the'], vi: ['của'] },
    });
  const broken = (edit: (v: Vocabulary) => void): string[] => {
    const v = base();
    edit(v);
    return problems(v);
  };

  it('finds nothing wrong in a sound vocabulary', () => {
    expect(problems(base())).toEqual([]);
  });

  it('reports a concept id used twice', () => {
    expect(broken((v) => v.concepts.push({ id: 'export', kind: 'term', en: ['shipment'], vi: [] }))).toEqual(['concept id "export" is used twice']);
  });

  it('reports a term listed twice in one concept when both fold to the same letters', () => {
    expect(broken((v) => v.concepts[0].vi.push('xuat khau'))).toEqual(['concept export: term "xuat khau" is listed twice (folded: "xuat khau")']);
  });

  it('reports a stopword that is also a concept or entity term', () => {
    expect(broken((v) => v.stopwords.vi.push('Xuất khẩu', 'nghe an province'))).toEqual([
      'stopword "Xuất khẩu" is also a term of concept export',
      'stopword "nghe an province" is also a term of entity Nghe An',
    ]);
  });

  it('reports a Vietnamese term that is not in NFC', () => {
    const nfd = 'nhập khẩu'.normalize('NFD');
    expect(broken((v) => v.concepts.push({ id: 'import', kind: 'term', en: ['import'], vi: [nfd] }))).toEqual([`concept import: "${nfd}" is not in NFC`]);
  });

  it('reports an entity without a name or a term, and a term naming two entities', () => {
    const out = broken((v) => {
      v.entities.push({ name: ' ', nameVi: ' ', kind: 'city', en: [], vi: [] });
      v.entities.push({ name: 'Nghe An (old)', nameVi: 'Nghệ An (cũ)', kind: 'province', en: ['nghe an province'], vi: [] });
    });
    expect(out).toEqual(['an entity of kind city has no name', 'entity   has no term', 'term "nghe an province" names two entities: Nghe An and Nghe An (old)']);
  });

  it('reports a Vietnamese display name given to two entities', () => {
    const out = broken((v) => {
      v.entities.push({ name: 'Nghe An (old)', nameVi: 'Nghệ An', kind: 'province', en: ['old nghe an'], vi: [] });
    });
    expect(out).toEqual(['Vietnamese name "Nghệ An" is used twice: Nghe An and Nghe An (old)']);
  });

  it('reports a term that names two entities once read by word stems', () => {
    const out = broken((v) => {
      v.entities.push({ name: 'Americas', nameVi: 'châu Mỹ', kind: 'region', en: ['americas'], vi: [] });
      v.entities.push({ name: 'United States', nameVi: 'Hoa Kỳ', kind: 'country', en: ['america'], vi: [] });
    });
    expect(out).toEqual(['term "america" names two entities: Americas and United States']);
  });

  it('reports a question marker in a concept of another kind, and a marker kind split in two', () => {
    const out = broken((v) => {
      v.concepts.push({ id: 'person', kind: 'term', en: ['person', 'who'], vi: [] });
      v.concepts.push({ id: 'asker', kind: 'ask-person', en: ['whom'], vi: [] });
    });
    expect(out).toEqual([
      'concept person (term) holds "who", a question marker of ask_person',
      'question marker kind ask-person is split between ask_person and asker',
    ]);
  });

  it('reports a phrase read as concepts of different kinds, but not two question markers or an office and its qualifier', () => {
    const out = broken((v) => {
      v.concepts.push({ id: 'said', kind: 'attribution', en: ['said', 'exports'], vi: [] });
      v.concepts.push({ id: 'ask_number', kind: 'ask-number', en: ['how long'], vi: [] });
      v.concepts.push({ id: 'ask_period', kind: 'ask-period', en: ['how long'], vi: [] });
      v.concepts.push({ id: 'minister', kind: 'title', en: ['minister'], vi: ['thứ trưởng'] });
      v.concepts.push({ id: 'deputy', kind: 'qualifier', en: ['deputy'], vi: ['thứ trưởng'] });
    });
    expect(out).toEqual(['"export" is read as concepts of different kinds: export (term), said (attribution)']);
  });

  it('allows a phrase that names both an entity and an office', () => {
    const out = broken((v) => {
      v.concepts.push({ id: 'minister', kind: 'title', en: ['minister', 'foreign minister'], vi: ['bộ trưởng'] });
      v.entities.push({ name: 'Ministry of Foreign Affairs', nameVi: 'Bộ Ngoại giao', kind: 'organisation', en: ['ministry of foreign affairs', 'foreign minister'], vi: ['Bộ Ngoại giao'] });
    });
    expect(out).toEqual([]);
  });

  it('reports an English term that is not lower-case and a surname that is not one capitalised word', () => {
    const out = broken((v) => {
      v.concepts[0].en.push('FDI Exports');
      v.surnames.push('trần', 'Phan Văn', 'Nguyễn');
    });
    expect(out).toEqual([
      'concept export: English term "FDI Exports" is not lower-case',
      'surname "trần" is not capitalised',
      'surname "Phan Văn" is not one word',
      'surname "Nguyễn" is listed twice',
    ]);
  });
});
