/**
 * Quality rules for knowledge/facts.json beyond the schema: statements carry their figures, dates
 * and documents; conventions hold; the key figures and disagreements of the seeds are all there.
 */
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../knowledge/schema.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const kb = loadKnowledge();
const facts = kb.facts;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** The ways a number may be written in a statement: 2200 → "2200" or "2,200"; 3 → "3" or "three" (as the source words it). */
const spellings = (n: number) => [String(n), n.toLocaleString('en-US'), ...(WORDS[n] ? [WORDS[n]] : [])];
const bySubject = (subject: string) => facts.filter((f) => f.subject === subject);
const values = (subject: string) => bySubject(subject).map((f) => [f.source.slice(0, 3), f.value]);
const fact = (id: string): Fact => {
  const f = kb.factById.get(id);
  if (!f) throw new Error(`no fact ${id}`);
  return f;
};
/** Lists offenders so a failure says which facts break the rule. */
const offenders = (test: (f: Fact) => boolean) => facts.filter((f) => !test(f)).map((f) => f.id);

describe('facts.json conventions', () => {
  it('writes the figure of every numeric fact in its statement', () => {
    expect(offenders((f) => f.value === null || spellings(f.value).some((s) => f.statement.includes(s)))).toEqual([]);
    expect(offenders((f) => f.valueMax === null || spellings(f.valueMax).some((s) => f.statement.includes(s)))).toEqual([]);
  });

  it('words the qualifier of every figure in its statement', () => {
    const words: Record<string, RegExp> = {
      over: /\b(over|more than|exceed(ed|s)?)\b/i,
      about: /\b(about|approximately|around)\b/i,
      nearly: /\bnearly\b/i,
      under: /\b(under|less than)\b/i,
      'at least': /\bat least\b/i,
      'up to': /\bup to\b/i,
      exactly: /\bexactly\b/i,
    };
    expect(offenders((f) => f.qualifier === null || words[f.qualifier].test(f.statement))).toEqual([]);
  });

  it('writes the date a fact is about in "May 31, 2025" style in its statement', () => {
    expect(offenders((f) => f.date === null || f.statement.includes(longDate(f.date)))).toEqual([]);
    expect(offenders((f) => !/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}/.test(f.statement))).toEqual([]);
  });

  it('says when a deadline falls, at its precision, in the statement', () => {
    const says = (f: Fact) => {
      if (f.due === null) return true;
      const [y, m] = f.due.date.split('-').map(Number);
      return f.statement.includes(String(y)) && (f.due.precision === 'year' || f.statement.includes(MONTHS[m - 1]));
    };
    expect(offenders(says)).toEqual([]);
  });

  it('names every document number and person of a fact in its statement', () => {
    expect(offenders((f) => f.docs.every((d) => new RegExp(`\\b${d}\\b`).test(f.statement)))).toEqual([]);
    expect(offenders((f) => f.people.every((p) => f.statement.includes(p)))).toEqual([]);
  });

  it('lists in people every known person its statement names', () => {
    const known = new Set(facts.flatMap((f) => f.people));
    expect(known.size).toBeGreaterThanOrEqual(7);
    expect(offenders((f) => [...known].every((p) => !f.statement.includes(p) || f.people.includes(p)))).toEqual([]);
  });

  it('keeps each statement to one sentence without the citation', () => {
    // a sentence break is ". X" not preceded by "No"
    expect(offenders((f) => !/(?<!\bNo)[.!?]["”]?\s+[A-Z]/.test(f.statement))).toEqual([]);
    expect(offenders((f) => /[.!?]["”]?$/.test(f.statement))).toEqual([]);
    expect(offenders((f) => !/according to|\(source|laichau|hanoi times|baochinhphu/i.test(f.statement))).toEqual([]);
  });

  it('ends every id with the number of its source and writes people and keywords without diacritics', () => {
    expect(offenders((f) => f.id.endsWith(`.${f.source.slice(0, 3)}`))).toEqual([]);
    expect(offenders((f) => [...f.people, ...f.keywords].every((w) => /^[\x20-\x7e]+$/.test(w)))).toEqual([]);
  });

  it('uses one unit per subject and one label per period span', () => {
    const units = new Map<string, Set<string>>();
    const labels = new Map<string, Set<string>>();
    for (const f of facts) {
      if (f.unit) units.set(f.subject, (units.get(f.subject) ?? new Set()).add(f.unit));
      if (f.period) {
        const span = `${f.period.start}..${f.period.end}`;
        labels.set(span, (labels.get(span) ?? new Set()).add(f.period.label));
      }
    }
    expect([...units].filter(([, u]) => u.size > 1).map(([s, u]) => `${s}: ${[...u]}`)).toEqual([]);
    expect([...labels].filter(([, l]) => l.size > 1).map(([s, l]) => `${s}: ${[...l]}`)).toEqual([]);
  });

  it('sets place only on the Nghe An facts of the Nghe An report', () => {
    expect(offenders((f) => (f.topic === 'localities') === (f.place === 'Nghe An') || f.id.startsWith('people.'))).toEqual([]);
    expect(offenders((f) => f.place === null || f.source === '003_97ce9960b432b94c')).toEqual([]);
  });
});

describe('facts.json content', () => {
  it('covers every subject the assistant relies on', () => {
    const subjects = new Set(facts.map((f) => f.subject));
    const required = [
      'fdi.registered', 'fdi.disbursed', 'fdi.disbursement-record', 'fdi.ranking', 'trade.exports', 'trade.turnover', 'trade.markets-new',
      'trade.goods-presence', 'trade.export-target', 'trade.partners', 'growth.gdp', 'economy.rank', 'economy.scale', 'income.per-capita',
      'partners.comprehensive-or-above', 'relations.upgraded', 'relations.diplomatic', 'organisations.membership', 'party.relations',
      'diplomacy.high-level-activities', 'fta.count', 'agreements.signed', 'program.targets', 'program.tasks', 'program.task-groups',
      'program.pillars', 'resolution.59', 'resolution.153', 'decision.1812', 'resolution.22', 'resolutions.four-pillars',
      'legal.directive-documents', 'committee.head', 'committee.deputy-heads', 'deadline.work-plan', 'event.cybercrime-convention-signing',
      'event.apec-2027', 'event.inaugural-meeting', 'event.conference-2026-01-14', 'policy.six-clear', 'policy.lessons', 'policy.viewpoints',
      'policy.goals-2026', 'people.pham-minh-chinh', 'people.bui-thanh-son', 'people.nguyen-hong-dien', 'people.to-lam', 'people.le-hoai-trung',
      'people.phung-thanh-vinh', 'nghe-an.fdi', 'nghe-an.koica', 'nghe-an.oda', 'nghe-an.exports', 'nghe-an.export-markets', 'nghe-an.workers-abroad',
    ];
    expect(required.filter((s) => !subjects.has(s))).toEqual([]);
  });

  it('keeps both sides where the sources disagree', () => {
    expect(values('partners.comprehensive-or-above')).toEqual(expect.arrayContaining([['000', 38], ['001', 38], ['003', 42], ['004', 38]]));
    expect(values('relations.upgraded')).toEqual(expect.arrayContaining([['000', 9], ['003', 17]]));
    expect(values('fta.count')).toEqual(expect.arrayContaining([['003', 17], ['004', 20]]));
    expect(values('agreements.signed')).toEqual(expect.arrayContaining([['001', 267], ['003', 330]]));
    expect(bySubject('fdi.disbursement-record').map((f) => f.claim).sort()).toEqual(['highest in the last 5 years', 'largest record ever']);
  });

  it('cites each shared figure from every source that gives it', () => {
    expect(values('relations.diplomatic').sort()).toEqual([['003', 194], ['004', 194]]);
    expect(values('program.tasks').sort()).toEqual([['000', 117], ['004', 117]]);
    expect(values('trade.exports').sort()).toEqual([['000', 514], ['001', 514]]);
    expect(values('fdi.registered').sort()).toEqual([['000', 24.1], ['001', 24.1], ['003', 35]]);
    expect(values('fdi.disbursed').sort()).toEqual([['000', 13.6], ['001', 13.6], ['002', 28]]);
  });

  it('records the key figures exactly, with qualifier, unit and period', () => {
    expect(fact('growth.gdp.h1-2025.000')).toMatchObject({ value: 7.52, unit: '%', period: { start: '2025-01', end: '2025-06' } });
    expect(fact('fdi.disbursed.2025.002')).toMatchObject({ value: 28, valueMax: 29, qualifier: 'about', unit: 'USD billion', period: { start: '2025-01', end: '2025-12' } });
    expect(fact('trade.exports.jan-jul-2025.000')).toMatchObject({ value: 514, qualifier: 'over', unit: 'USD billion', period: { label: 'Jan–Jul 2025' } });
    expect(fact('agreements.signed.jan-aug-2025.001')).toMatchObject({ value: 267, period: { start: '2025-01', end: '2025-08' } });
    expect(fact('income.per-capita.004')).toMatchObject({ value: 5000, qualifier: 'nearly', unit: 'USD' });
    expect(fact('nghe-an.oda.2025.003')).toMatchObject({ value: 2200, qualifier: 'about', unit: 'VND billion', place: 'Nghe An' });
    expect(fact('nghe-an.workers-abroad.003')).toMatchObject({ value: 20000, qualifier: 'about', unit: 'workers' });
    expect(fact('legal.directive-documents.000')).toMatchObject({ value: 600, qualifier: 'over' });
  });

  it('dates the documents and meetings', () => {
    expect(fact('resolution.59.004').date).toBe('2025-01-24');
    expect(fact('resolution.153.000').date).toBe('2025-05-31');
    expect(fact('resolution.153.004').date).toBe('2025-05-31');
    expect(fact('decision.1812.000').date).toBe('2025-08-25');
    expect(fact('event.inaugural-meeting.001').date).toBe('2025-08-26');
    expect(bySubject('event.conference-2026-01-14').map((f) => f.date)).toEqual(['2026-01-14', '2026-01-14']);
  });

  it('gives every deadline at the precision of its source', () => {
    const due = Object.fromEntries(facts.filter((f) => f.due).map((f) => [f.id, `${f.due!.date}/${f.due!.precision}`]));
    expect(due).toEqual({
      'deadline.work-plan.000': '2025-09/month',
      'event.cybercrime-convention-signing.000': '2025-10/month',
      'event.cybercrime-convention-signing.001': '2025-10/month',
      'event.apec-2027.000': '2027/year',
      'event.apec-2027.001': '2027/year',
      'trade.export-target.2025.003': '2025/year',
      'program.targets.2030.004': '2030/year',
    });
    expect(fact('deadline.work-plan.000').label).toBe('Steering Committee work plan (2025 and 2026–2030)');
    expect(fact('event.cybercrime-convention-signing.000').label).toMatch(/Hanoi/);
  });

  it('does not map the four resolutions to subjects by number', () => {
    const fourSubjects = fact('resolutions.four-pillars.001');
    expect(fourSubjects.docs).toEqual([]);
    expect(fourSubjects.statement).not.toMatch(/\b(57|66|68)\b/);
  });
});
