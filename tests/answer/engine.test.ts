/**
 * The answer engine, end to end over the real knowledge base. Expectations are derived from the
 * data (knowledge/*.json, seeds/), never pinned to its counts, so a curator adding a source keeps
 * them green.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../knowledge/schema.js';
import { INTENTS } from '../../intents/index.js';
import { createEngine, type Engine } from '../../src/answer/index.js';
import { formatterFor } from '../../src/render/format.js';
import { canonical } from '../../src/answer/normalize.js';
import { askContext } from '../../src/engine.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { shown } from '../helpers/text.js';

let engine: Engine;
let kb: KnowledgeBase;
let facts: Fact[];
beforeAll(() => {
  kb = loadKnowledge();
  engine = createEngine(kb, { intents: INTENTS });
  facts = kb.facts;
});

const ask = (q: string) => engine.ask(q, askContext(engine, { now: new Date('2026-12-07T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' }));
const body = (q: string) => {
  const a = ask(q);
  return [shown(a.headline), ...a.points.map((p) => shown(p.text)), ...a.notes.map((n) => shown(n))].join('\n');
};
const find = (pred: (f: Fact) => boolean): Fact => {
  const f = facts.find(pred);
  if (!f) throw new Error('fixture fact not found in knowledge/facts.json');
  return f;
};
/** A fact's number as an English answer writes it ("38.42", "28–29"). */
const figure = (f: Fact) => {
  const n = formatterFor('en').number;
  return f.valueMax !== null ? `${n(f.value!)}–${n(f.valueMax)}` : n(f.value!);
};
/** Every text of all the sources, folded: for words and names they never use. */
const allText = () => canonical([...kb.seeds.values(), ...kb.sources.map((s) => s.title), ...facts.map((f) => f.statement)].join(' '));

describe('answers with citations', () => {
  it('cites, for every point, sources whose quotes are verbatim in the seeds', () => {
    for (const q of ['fdi 2025', 'resolution 153', 'who heads the steering committee', 'apec', 'what did the prime minister say about credibility']) {
      const a = ask(q);
      expect({ q, answered: a.answered }).toEqual({ q, answered: true });
      expect(a.citations.length).toBeGreaterThan(0);
      for (const p of a.points) for (const n of p.cites) expect(a.citations.some((c) => c.n === n)).toBe(true);
      for (const c of a.citations) for (const part of c.quote.split(' … ')) expect(kb.seeds.get(c.source)).toContain(part);
    }
  });

  it('states the period and as-of date of each figure', () => {
    const f = find((x) => x.subject === 'fdi.disbursed' && x.period?.end === '2025-07');
    const a = ask('How much FDI was disbursed in the first seven months of 2025?');
    expect(shown(a.points[0].text)).toContain(figure(f));
    expect(shown(a.points[0].text)).toMatch(/Jan–Jul 2025/);
    expect(shown(a.points[0].text)).toMatch(/as of \d{1,2} \w{3} \d{4}/);
  });

  it('gives full-year figures first for a year and marks part-year ones as partial', () => {
    const full = find((x) => x.subject === 'fdi.registered' && x.period?.start === '2025-01' && x.period.end === '2025-12');
    const a = ask('fdi 2025');
    expect(body('fdi 2025')).toContain(figure(full));
    for (const p of a.points.filter((p) => shown(p.text).includes('Jan–Jul 2025'))) expect(shown(p.text)).toContain('partial year');
    expect(shown(a.points[0].text)).toContain('full year 2025');
  });
});

describe('one ranking over all the evidence', () => {
  it('answers with the curated fact where one fits as well as the sentence it quotes', () => {
    const a = ask('fdi 2025');
    expect(shown(a.points[0].text).startsWith('“')).toBe(false); // a statement with its period, not a quote
  });

  it('lets what a named person said win over facts about the person', () => {
    const a = ask('What did Chinh say about credibility with international partners?');
    expect(a.answered).toBe(true);
    expect(shown(a.points[0].text).toLowerCase()).toContain('credibility');
  });
});

describe('the question’s constraints', () => {
  it('declines, naming it, a document number no source names', () => {
    const known = new Set(facts.flatMap((f) => f.docs).map(Number));
    const missing = Math.max(...known) + 1;
    for (const q of [`resolution ${missing}`, `What is Decision ${missing}/QD-TTg about?`, `nghị quyết ${missing}`]) {
      const a = ask(q);
      expect({ q, answered: a.answered, citations: a.citations }).toEqual({ q, answered: false, citations: [] });
      expect(shown(a.headline)).toContain(String(missing));
    }
  });

  it('declines, naming it, a province the sources never name, even for a measure they give for another', () => {
    const text = allText();
    const province = kb.vocabulary.entities.find((e) => e.kind === 'province' && e.en.every((t) => !text.includes(canonical(t))) && e.vi.every((t) => !text.includes(canonical(t))));
    expect(province).toBeDefined();
    const placeOf = facts.find((f) => f.place && f.subject.includes('export'))!;
    expect(placeOf).toBeDefined();
    const a = ask(`${province!.en[0]} exports 2025`);
    expect({ answered: a.answered, citations: a.citations }).toEqual({ answered: false, citations: [] });
    expect(shown(a.headline)).toContain(province!.name);
  });

  it('declines, naming them, a person the sources never name', () => {
    const text = allText();
    const surname = kb.vocabulary.surnames.find((s) => text.includes(` ${canonical(s)} `))!;
    const name = `${surname} Quang Xuyen`;
    expect(text).not.toContain(canonical(name));
    const a = ask(`What did Deputy Prime Minister ${name} say at the steering committee meeting?`);
    expect({ answered: a.answered, citations: a.citations }).toEqual({ answered: false, citations: [] });
    expect(shown(a.headline)).toContain(name);
  });

  it('declines, naming them, a person the sources never name, when asked only who they are', () => {
    const text = allText();
    const surname = kb.vocabulary.surnames.find((s) => text.includes(` ${canonical(s)} `))!;
    const name = `${surname} Quang Xuyen`;
    for (const [q, lang] of [[`who is ${name}`, 'en'], [`ông ${name} là ai`, 'vi']] as const) {
      const a = ask(q);
      expect({ q, answered: a.answered, lang: a.lang, citations: a.citations }).toEqual({ q, answered: false, lang, citations: [] });
      expect(shown(a.headline, lang)).toContain(name);
    }
  });

  it('offers the known name when a person’s name is misspelt', () => {
    const person = facts.flatMap((f) => f.people).find((p) => p.split(' ').length === 3 && p.length > 10)!;
    const typo = person.slice(0, -1);
    const a = ask(`who is ${typo}`);
    expect(a.intent).toBe('clarify');
    expect(a.suggestions.map((x) => x.question)).toContain(`who is ${person}`);
  });

  it('answers a national question only with national figures', () => {
    // a measure the sources give only for a province
    const local = facts.filter((f) => f.place && f.value !== null && !facts.some((g) => !g.place && g.subject.split('.').pop() === f.subject.split('.').pop()));
    const oda = local.find((f) => /\bODA\b/.test(f.statement));
    expect(oda).toBeDefined();
    const a = ask('How much ODA did Vietnam mobilize nationwide in 2025?');
    expect({ answered: a.answered, citations: a.citations }).toEqual({ answered: false, citations: [] });
    expect(ask(`${oda!.place} ODA 2025`).points.map((p) => shown(p.text)).join(' ')).toContain(figure(oda!));
  });

  it('gives the figure as it stood at the date asked, and the latest when asked for it', () => {
    const series = facts.filter((f) => f.subject === 'partners.comprehensive-or-above' && f.value !== null).sort((a, b) => a.asOf.localeCompare(b.asOf));
    const first = series[0];
    const last = series[series.length - 1];
    expect(first.value).not.toBe(last.value);
    const month = new Date(`${first.asOf}T00:00:00Z`).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    const then = ask(`By late ${month} ${first.asOf.slice(0, 4)}, how many countries had Comprehensive Partnership or higher ties with Vietnam?`);
    expect(shown(then.points[0].text)).toContain(String(first.value));
    expect(shown(ask('What is the latest number of comprehensive partners?').points[0].text)).toContain(String(last.value));
  });

  it('tells an office from its deputy', () => {
    const head = find((f) => f.subject === 'committee.head');
    const deputies = facts.filter((f) => f.subject.startsWith('people.') && /Deputy Head/.test(f.statement));
    expect(deputies.length).toBeGreaterThan(0);
    expect(shown(ask('who heads the steering committee?').points[0].text)).toContain(head.people[0]);
    const d = body('deputy heads of the steering committee');
    for (const f of deputies) expect(d).toContain(f.people[0]);
    expect(shown(ask('deputy heads of the steering committee').points[0].text)).not.toContain(head.people[0]);
  });

  it('declines an office the sources name only as the deputy one', () => {
    const vice = find((f) => /Vice Chairman/.test(f.statement) && !!f.place);
    expect(facts.some((f) => f.place === vice.place && /(?<!Vice )Chairman/.test(f.statement))).toBe(false);
    const a = ask(`Who is the Chairman of the ${vice.place} Provincial People's Committee?`);
    expect({ answered: a.answered, citations: a.citations }).toEqual({ answered: false, citations: [] });
  });

  it('says which periods it has and cites nothing when the year asked is not covered', () => {
    const a = ask('fdi 2019');
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(shown(a.headline)).toContain('2019');
    expect(a.notes.map((n) => shown(n)).join(' ')).toMatch(/2025/);
  });

  it('has no figures for a year when only remarks were reported that year', () => {
    for (const q of ['fdi 2026', 'exports 2026']) {
      const a = ask(q);
      expect({ q, answered: a.answered, citations: a.citations }).toEqual({ q, answered: false, citations: [] });
      expect(shown(a.headline)).toContain('2026');
    }
  });
});

describe('lists, pairs and timelines', () => {
  it('gives every item of a list the source introduces with its count', () => {
    const m = [...kb.seeds.values()].join('\n').match(/(\d+) groups of tasks: ([^.]+)/);
    expect(m).not.toBeNull();
    const a = ask('list the groups of tasks of the Action Program');
    expect(a.points.length).toBe(Number(m![1]));
    expect(shown(a.points[0].text)).toContain(m![2].slice(0, 30));
  });

  it('answers both parts of a comparison, each with its own figure', () => {
    const registered = find((f) => f.subject === 'fdi.registered' && f.period?.end === '2025-12');
    const disbursed = find((f) => f.subject === 'fdi.disbursed' && f.period?.end === '2025-12' && f.value !== null);
    const t = body('How did registered and disbursed FDI compare for the whole of 2025?');
    expect(t).toContain(figure(registered));
    expect(t).toContain(figure(disbursed));
  });

  it('answers a comparison of two periods of one measure with both figures', () => {
    const series = facts.filter((f) => f.subject === 'fdi.disbursed' && f.value !== null && f.period);
    const t = body('How did full-year 2025 FDI disbursement compare with the January–July figure?');
    for (const f of series) expect(t).toContain(figure(f));
  });

  it('shows a figure that grew between articles as a timeline citing both', () => {
    const values = [...new Set(facts.filter((f) => f.subject === 'partners.comprehensive-or-above' && f.value !== null).map((f) => f.value))];
    expect(values.length).toBeGreaterThan(1);
    const a = ask('How many comprehensive partners does Vietnam have?');
    const t = [...a.points.map((p) => shown(p.text)), ...a.notes.map((n) => shown(n))].join(' ');
    for (const v of values) expect(t).toContain(String(v));
    expect(a.notes.map((n) => shown(n)).join(' ')).toMatch(/Over time/);
  });

  it('says sources differ when two articles give conflicting counts', () => {
    const values = [...new Set(facts.filter((f) => f.subject === 'fta.count').map((f) => f.value))];
    expect(values.length).toBeGreaterThan(1);
    const a = ask('how many FTAs does Vietnam have');
    const note = a.notes.find((n) => shown(n).startsWith('Sources differ'));
    expect(note).toBeDefined();
    for (const v of values) expect(shown(note!)).toContain(String(v));
  });

  it('never shows the same figure from the same source twice', () => {
    for (const q of ['fdi 2025', 'nghe an exports', 'resolution 59', 'how many partners', 'apec']) {
      const texts = ask(q).points.map((p) => shown(p.text));
      expect({ q, duplicates: texts.filter((t, i) => texts.indexOf(t) !== i) }).toEqual({ q, duplicates: [] });
    }
  });
});

describe('English and Vietnamese', () => {
  it.each([
    ['vốn FDI năm 2025', 'fdi 2025'],
    ['von fdi nam 2025', 'fdi 2025'],
    ['nghị quyết 59', 'resolution 59'],
    ['nghi quyet 59', 'resolution 59'],
    ['xuất khẩu 7 tháng 2025', 'exports first 7 months 2025'],
    ['ai là trưởng ban chỉ đạo', 'who heads the steering committee'],
    ['ai la truong ban chi dao', 'who heads the steering committee'],
  ])('answers "%s" with the evidence it answers "%s" with', (variant, english) => {
    const a = ask(variant);
    const b = ask(english);
    expect(a.answered).toBe(true);
    expect(a.citations.map((c) => c.source).sort()).toEqual(b.citations.map((c) => c.source).sort());
    expect(a.points[0].text).toEqual(b.points[0].text);
    expect(a.lang).toBe('vi');
    expect(b.lang).toBe('en');
  });

  it('never "corrects" a valid Vietnamese word', () => {
    for (const q of ['hội nghị ngày nào', 'hoi nghi ngay nao', 'nam 2027 viet nam to chuc su kien gi']) {
      expect({ q, notes: ask(q).notes.filter((n) => shown(n).startsWith('Read ')) }).toEqual({ q, notes: [] });
    }
  });

  it('corrects a typo, says so, and answers', () => {
    expect(shown(ask('expots 2025').notes[0])).toBe('Read “expots” as “exports”.');
    expect(ask('exports 2025').notes.map((n) => shown(n)).join(' ')).not.toMatch(/^Read/);
    const a = ask('foriegn investmnet 2025');
    expect(a.answered).toBe(true);
  });

  it('never reads a correct English word as a typo of a word of the sources', () => {
    for (const w of ['cover', 'talk', 'change', 'cost', 'done', 'doing', 'cite', 'held', 'pursuing']) {
      expect({ w, notes: ask(`fdi 2025 ${w}`).notes.filter((n) => shown(n).startsWith('Read ')) }).toEqual({ w, notes: [] });
    }
  });
});

describe('what it does not know', () => {
  it('declines plainly, with example questions and no citations, when nothing fits', () => {
    for (const q of ["what's the weather in Hanoi today?", 'tell me a joke', 'asdf qwerty', 'who won the world cup', 'can you recommend a good pho place near the ministry?']) {
      const a = ask(q);
      expect({ q, answered: a.answered, citations: a.citations }).toEqual({ q, answered: false, citations: [] });
    }
  });

  it('offers "Did you mean" questions that it can answer when a word is two edits from a known one', () => {
    const a = ask('mrkeet');
    expect(a.intent).toBe('clarify');
    expect(a.citations).toEqual([]);
    expect(a.suggestions.length).toBeGreaterThan(0);
    for (const s of a.suggestions) expect(ask(s.question).answered).toBe(true);
  });

  it('describes its sources from the sources themselves', () => {
    const a = ask('asdf qwerty');
    expect(a.notes.map((n) => shown(n)).join(' ')).toContain(`${kb.sources.length} articles`);
  });
});

describe('help, deadlines and follow-ups', () => {
  it('answers help and empty questions with what it can do', () => {
    for (const q of ['', 'help', '   ', 'what can you do?']) expect(ask(q).intent).toBe('help');
  });

  it('answers the subject, not with help, when a question asks for help with a subject', () => {
    for (const q of ['can you help me with fdi 2025', 'giúp tôi vốn FDI năm 2025']) {
      const a = ask(q);
      expect({ q, intent: a.intent, answered: a.answered }).toMatchObject({ q, answered: true });
      expect(a.intent).not.toBe('help');
    }
  });

  it('lists deadlines relative to today for a general deadline question', () => {
    const a = ask("what's due next month?");
    expect(a.intent).toBe('events');
    expect(a.answered).toBe(true);
  });

  it('reuses the thread year and period in a follow-up', () => {
    const first = ask('fdi first 7 months 2025');
    const f = find((x) => x.subject === 'trade.exports' && x.period?.end === '2025-07');
    const follow = engine.ask('and exports?', { threadSlots: first.slots });
    expect(follow.answered).toBe(true);
    expect(follow.points.map((p) => shown(p.text)).join(' ')).toContain(figure(f));
  });

  it('answers every example of every intent', () => {
    for (const intent of engine.intents) {
      for (const ex of [...intent.examples.en, ...intent.examples.vi]) expect({ ex, answered: ask(ex).answered }).toEqual({ ex, answered: true });
    }
  });
});
