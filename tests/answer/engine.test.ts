import { beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../knowledge/schema.js';
import { createEngine, type Engine } from '../../src/answer/index.js';
import { INTENTS } from '../../intents/index.js';
import { valueText } from '../../src/answer/compose.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

let engine: Engine;
let facts: Fact[];
beforeAll(() => {
  const kb = loadKnowledge();
  engine = createEngine(kb, { intents: INTENTS });
  facts = kb.facts;
});

const text = (q: string) => {
  const a = engine.ask(q);
  return [a.headline, ...a.points.map((p) => p.text), ...a.notes].join('\n');
};
const find = (pred: (f: Fact) => boolean): Fact => {
  const f = facts.find(pred);
  if (!f) throw new Error('fixture fact not found in knowledge/facts.json');
  return f;
};
const num = (f: Fact) => String(f.value);

describe('answers with citations', () => {
  it('cites, for every point, sources whose quotes are verbatim in the seeds', () => {
    const kb = engine.kb;
    for (const q of ['fdi 2025', 'resolution 153', 'who heads the steering committee', 'apec']) {
      const a = engine.ask(q);
      expect(a.answered).toBe(true);
      expect(a.citations.length).toBeGreaterThan(0);
      for (const p of a.points) for (const n of p.cites) expect(a.citations.some((c) => c.n === n)).toBe(true);
      for (const c of a.citations) {
        for (const part of c.quote.split(' … ')) expect(kb.seeds.get(c.source)).toContain(part);
      }
    }
  });

  it('states the period and as-of date of each figure', () => {
    const a = engine.ask('How much FDI was disbursed in the first seven months of 2025?');
    const f = find((x) => x.subject === 'fdi.disbursed' && x.period?.end === '2025-07');
    expect(a.points[0].text).toContain(num(f));
    expect(a.points[0].text).toMatch(/Jan–Jul 2025/);
    expect(a.points[0].text).toMatch(/as of \d{1,2} \w{3} \d{4}/);
  });

  it('gives full-year figures first for a year and marks part-year ones as partial', () => {
    const full = find((x) => x.subject === 'fdi.registered' && x.period?.start === '2025-01' && x.period.end === '2025-12');
    const a = engine.ask('fdi 2025');
    expect(text('fdi 2025')).toContain(num(full));
    const partial = a.points.filter((p) => p.text.includes('Jan–Jul 2025'));
    for (const p of partial) expect(p.text).toContain('partial year'); // never passed off as full-year
    expect(a.points[0].text).toContain('full year 2025');
  });
});

describe('time and provenance', () => {
  it('says which periods it has and cites nothing when the year asked is not covered', () => {
    const a = engine.ask('fdi 2019');
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.headline).toContain('2019');
    expect(a.notes.join(' ')).toMatch(/2025/);
    expect(JSON.stringify(a)).not.toMatch(/24\.1|13\.6/);
  });

  it('shows a figure that grew between articles as a timeline citing both', () => {
    const subj = facts.filter((f) => f.subject === 'partners.comprehensive-or-above' && f.value !== null);
    const values = [...new Set(subj.map((f) => f.value))];
    expect(values.length).toBeGreaterThan(1);
    const a = engine.ask('How many comprehensive partners does Vietnam have?');
    const t = [...a.points.map((p) => p.text), ...a.notes].join(' ');
    for (const v of values) expect(t).toContain(String(v));
    expect(a.notes.join(' ')).toMatch(/Over time/);
  });

  it('says sources differ when two articles give conflicting counts', () => {
    const values = [...new Set(facts.filter((f) => f.subject === 'fta.count').map((f) => f.value))];
    expect(values.length).toBe(2);
    const a = engine.ask('how many FTAs does Vietnam have');
    const note = a.notes.find((n) => n.startsWith('Sources differ'));
    expect(note).toBeDefined();
    for (const v of values) expect(note).toContain(String(v));
    expect(new Set(a.citations.map((c) => c.source)).size).toBeGreaterThanOrEqual(2);
  });

  it('has no figures for a year when only facts of another topic, or remarks, were reported that year', () => {
    // facts without a period match a year by when they were reported (asOf)
    const reported2026 = facts.filter((f) => !f.period && f.asOf.startsWith('2026'));
    expect(reported2026.some((f) => f.topic !== 'fdi' && /investment/i.test(f.statement))).toBe(true);
    expect(reported2026.some((f) => f.topic === 'trade' && f.value === null && /export/i.test(f.statement))).toBe(true);
    for (const q of ['fdi 2026', 'exports 2026']) {
      const a = engine.ask(q);
      expect({ q, answered: a.answered, citations: a.citations }).toEqual({ q, answered: false, citations: [] });
      expect(a.headline).toContain('2026');
    }
  });

  it('shows a statement that sets a due date as its own point beside remarks on the same subject', () => {
    const subject = facts.filter((f) => f.subject === 'deadline.work-plan');
    expect(subject.filter((f) => f.due).length).toBeGreaterThan(0);
    expect(subject.filter((f) => !f.due).length).toBeGreaterThan(0);
    const a = engine.ask('work plan 2026-2030');
    const due = subject.find((f) => f.due)!;
    expect(a.points.some((p) => p.text.includes(due.statement.slice(0, 60)))).toBe(true);
  });

  it('says sources describe the same figure differently when their claims differ', () => {
    const a = engine.ask('fdi disbursement 2025');
    expect(a.notes.join(' ')).toMatch(/describe it differently/);
  });
});

describe('understanding', () => {
  it('never reads a common word of a request as a typo for a word of the sources', () => {
    for (const w of ['talk', 'change', 'cost', 'done', 'doing', 'cite', 'held']) {
      const a = engine.ask(`fdi 2025 ${w}`);
      expect({ w, notes: a.notes.filter((n) => n.startsWith('Read ')) }).toEqual({ w, notes: [] });
    }
  });

  it('reads the words of a request (numbers, happens, going on) as no part of its subject', () => {
    for (const [q, intent] of [
      ['Give me the latest FDI numbers', 'fdi'],
      ['what happens in October?', 'events'],
      ["what's going on in October 2025", 'events'],
      ['give me a brief overview of FDI in 2025', 'fdi'],
      ['what do the sources say about APEC', 'events'],
    ] as const) {
      const a = engine.ask(q);
      expect({ q, intent: a.intent, answered: a.answered }).toEqual({ q, intent, answered: true });
    }
  });

  it.each([
    ['vốn FDI năm 2025', 'fdi 2025'],
    ['von fdi nam 2025', 'fdi 2025'],
    ['nghị quyết 59', 'resolution 59'],
    ['nghi quyet 59', 'resolution 59'],
    ['xuất khẩu 7 tháng 2025', 'exports first 7 months 2025'],
    ['fdl 2025', 'fdi 2025'],
    ['foriegn investmnet 2025', 'foreign investment 2025'],
    ['cybercrme convention', 'cybercrime convention'],
    ['<@U0123> fdi 2025', 'fdi 2025'],
  ])('answers "%s" as it answers "%s"', (variant, english) => {
    const a = engine.ask(variant);
    const b = engine.ask(english);
    expect(a.answered).toBe(true);
    expect(a.intent).toBe(b.intent);
    expect(a.citations.map((c) => c.source).sort()).toEqual(b.citations.map((c) => c.source).sort());
  });

  it('says how it read a typo when it corrected one', () => {
    expect(engine.ask('expots 2025').notes[0]).toBe('Read “expots” as “exports”.');
    expect(engine.ask('exports 2025').notes.join(' ')).not.toMatch(/^Read/);
  });

  it('offers "Did you mean" questions that it can answer when a word is two edits from a known one', () => {
    const a = engine.ask('mrkeet');
    expect(a.intent).toBe('clarify');
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.suggestions.length).toBeLessThanOrEqual(3);
    for (const s of a.suggestions) expect(engine.ask(s.question).answered).toBe(true);
  });

  it('declines plainly, with example questions and no citations, when nothing fits', () => {
    for (const q of ["what's the weather in Hanoi today?", 'tell me a joke', 'asdf qwerty', 'who won the world cup', 'what is the capital of vietnam']) {
      const a = engine.ask(q);
      expect(a.answered).toBe(false);
      expect(a.citations).toEqual([]);
      expect(a.suggestions.length).toBeGreaterThanOrEqual(2);
      expect(a.suggestions.length).toBeLessThanOrEqual(3);
    }
  });

  it('answers help and empty questions with what it can do', () => {
    for (const q of ['', 'help', '   ']) {
      const a = engine.ask(q);
      expect(a.intent).toBe('help');
      expect(a.points.length).toBeGreaterThan(3);
    }
  });

  it('reuses the thread year and period in a follow-up', () => {
    const first = engine.ask('fdi first 7 months 2025');
    const follow = engine.ask('and exports?', { threadSlots: first.slots });
    const f = find((x) => x.subject === 'trade.exports' && x.period?.end === '2025-07');
    expect(follow.answered).toBe(true);
    expect(follow.intent).toBe('trade');
    expect(follow.points.map((p) => p.text).join(' ')).toContain(String(f.value));
  });

  it('answers a province only from that province', () => {
    const a = engine.ask('nghe an exports');
    const f = find((x) => x.place === 'Nghe An' && x.subject.includes('export'));
    expect(a.points[0].text).toContain(valueText(f).replace(/^over /, '').split(' ')[0].replace('US$', ''));
    expect(a.citations.every((c) => c.source === f.source)).toBe(true);
  });
});

describe('intents', () => {
  it('answers the subject, not with help, when a question asks for help with a subject', () => {
    for (const q of ['can you help me with fdi 2025', 'help: export turnover first 7 months 2025', 'giúp tôi vốn FDI năm 2025']) {
      expect({ q, intent: engine.ask(q).intent }).not.toEqual({ q, intent: 'help' });
      expect(engine.ask(q).answered).toBe(true);
    }
    for (const q of ['help', 'what can you do?', 'how to use']) expect(engine.ask(q).intent).toBe('help');
  });

  it('tells the Action Program task groups from its tasks when a question names one of them', () => {
    const groups = engine.ask('how many task groups in the action program');
    const tasks = engine.ask('how many tasks does the action program have');
    expect(groups.points[0].text).toMatch(/\bgroups of tasks\b|\btask groups\b/);
    expect(tasks.points[0].text).not.toMatch(/\bgroups of tasks\b|\btask groups\b/);
  });

  it('reads where and when an event is held as a question about the event, not as a typo for help', () => {
    for (const q of ['where will APEC 2027 be held', 'when will the cybercrime convention signing take place']) {
      const a = engine.ask(q);
      expect({ q, intent: a.intent, answered: a.answered }).toEqual({ q, intent: 'events', answered: true });
      expect(a.notes.join(' ')).not.toContain('“help”');
    }
  });

  it('answers every example of every intent with that intent', () => {
    for (const intent of engine.intents) {
      for (const ex of intent.examples) {
        const a = engine.ask(ex);
        expect({ ex, intent: a.intent, answered: a.answered }).toEqual({ ex, intent: intent.id, answered: true });
      }
    }
  });
});
