/**
 * The rules facts.json keeps beyond the schema and `kb check` (README "Adding a source", step 4),
 * as functions of a knowledge base: tests/knowledge/facts.test.ts holds the project's own to them,
 * and tests/curate/adding-a-source.test.ts a source added the way README says.
 *
 * CONVENTIONS hold for every fact of any source. CONTENT pins what the first sources (000–004)
 * say (their subjects, figures, disagreements and deadlines), exactly: a source added later adds
 * facts of its own beside them, and changes none of it.
 */
import { expect } from 'vitest';
import type { Fact } from '../../knowledge/schema.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** The ways a number may be written in a statement: 2200 → "2200" or "2,200"; 3 → "3" or "three" (as the source words it). */
const spellings = (n: number) => [String(n), n.toLocaleString('en-US'), ...(WORDS[n] ? [WORDS[n]] : [])];
/** The ids of the facts that break a rule, so a failure says which. */
const offenders = (kb: KnowledgeBase, test: (f: Fact) => boolean) => kb.facts.filter((f) => !test(f)).map((f) => f.id);

/** How a statement words each qualifier. */
const QUALIFIER_WORDS: Record<string, RegExp> = {
  over: /\b(over|more than|exceed(ed|s)?)\b/i,
  about: /\b(about|approximately|around)\b/i,
  nearly: /\bnearly\b/i,
  under: /\b(under|less than)\b/i,
  'at least': /\bat least\b/i,
  'up to': /\bup to\b/i,
  exactly: /\bexactly\b/i,
};

export interface Convention {
  name: string;
  /** The ids of the facts that break it (several lists when the rule has several parts). */
  offenders(kb: KnowledgeBase): string[][];
}

export const CONVENTIONS: Convention[] = [
  {
    name: 'writes the figure of every numeric fact in its statement',
    offenders: (kb) => [
      offenders(kb, (f) => f.value === null || spellings(f.value).some((s) => f.statement.includes(s))),
      offenders(kb, (f) => f.valueMax === null || spellings(f.valueMax).some((s) => f.statement.includes(s))),
    ],
  },
  {
    name: 'words the qualifier of every figure in its statement',
    offenders: (kb) => [offenders(kb, (f) => f.qualifier === null || QUALIFIER_WORDS[f.qualifier].test(f.statement))],
  },
  {
    name: 'writes the date a fact is about in "May 31, 2025" style in its statement',
    offenders: (kb) => [
      offenders(kb, (f) => f.date === null || f.statement.includes(longDate(f.date))),
      offenders(kb, (f) => !/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}/.test(f.statement)),
    ],
  },
  {
    name: 'says when a deadline falls, at its precision, in the statement',
    offenders: (kb) => [
      offenders(kb, (f) => {
        if (f.due === null) return true;
        const [y, m] = f.due.date.split('-').map(Number);
        return f.statement.includes(String(y)) && (f.due.precision === 'year' || f.statement.includes(MONTHS[m - 1]));
      }),
    ],
  },
  {
    name: 'names every document number and person of a fact in its statement',
    offenders: (kb) => [
      offenders(kb, (f) => f.docs.every((d) => new RegExp(`\\b${d}\\b`).test(f.statement))),
      offenders(kb, (f) => f.people.every((p) => f.statement.includes(p))),
    ],
  },
  {
    name: 'lists in people every known person its statement names',
    offenders: (kb) => {
      const known = new Set(kb.facts.flatMap((f) => f.people));
      return [known.size >= 7 ? [] : ['(fewer than 7 people known)'], offenders(kb, (f) => [...known].every((p) => !f.statement.includes(p) || f.people.includes(p)))];
    },
  },
  {
    name: 'keeps each statement to one sentence without the citation',
    offenders: (kb) => [
      // a sentence break is ". X" not preceded by "No"
      offenders(kb, (f) => !/(?<!\bNo)[.!?]["”]?\s+[A-Z]/.test(f.statement)),
      offenders(kb, (f) => /[.!?]["”]?$/.test(f.statement)),
      offenders(kb, (f) => !/according to|\(source|laichau|hanoi times|baochinhphu/i.test(f.statement)),
    ],
  },
  {
    name: 'ends every id with the number of its source and writes people and keywords without diacritics',
    offenders: (kb) => [
      offenders(kb, (f) => f.id.endsWith(`.${f.source.slice(0, 3)}`)),
      offenders(kb, (f) => [...f.people, ...f.keywords].every((w) => /^[\x20-\x7e]+$/.test(w))),
    ],
  },
  {
    name: 'uses one unit per subject and one label per period span',
    offenders: (kb) => {
      const units = new Map<string, Set<string>>();
      const labels = new Map<string, Set<string>>();
      for (const f of kb.facts) {
        if (f.unit) units.set(f.subject, (units.get(f.subject) ?? new Set()).add(f.unit));
        if (f.period) {
          const span = `${f.period.start}..${f.period.end}`;
          labels.set(span, (labels.get(span) ?? new Set()).add(f.period.label));
        }
      }
      return [[...units].filter(([, u]) => u.size > 1).map(([s, u]) => `${s}: ${[...u]}`), [...labels].filter(([, l]) => l.size > 1).map(([s, l]) => `${s}: ${[...l]}`)];
    },
  },
  {
    name: "sets place only on the local facts of a provincial report, to its source's province, with topic localities",
    offenders: (kb) => [
      offenders(kb, (f) => (f.topic === 'localities') === (f.place !== null) || f.id.startsWith('people.')),
      offenders(kb, (f) => f.place === null || f.place === kb.sourceById.get(f.source)?.place),
    ],
  },
];

export interface ContentCheck {
  name: string;
  /** Fails (expect) when the knowledge base no longer says it. */
  check(kb: KnowledgeBase): void;
}

/** The sources CONTENT pins (000–004): what they say stays exactly as it is, whatever is added. */
const FIRST_SOURCES = new Set(['000', '001', '002', '003', '004']);
const first = (f: Fact) => FIRST_SOURCES.has(f.source.slice(0, 3));
const bySubject = (kb: KnowledgeBase, subject: string) => kb.facts.filter((f) => f.subject === subject && first(f));
const values = (kb: KnowledgeBase, subject: string) => bySubject(kb, subject).map((f) => [f.source.slice(0, 3), f.value]);
const fact = (kb: KnowledgeBase, id: string): Fact => {
  const f = kb.factById.get(id);
  if (!f) throw new Error(`no fact ${id}`);
  return f;
};

export const CONTENT: ContentCheck[] = [
  {
    name: 'covers every subject the assistant relies on',
    check: (kb) => {
      const subjects = new Set(kb.facts.map((f) => f.subject));
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
    },
  },
  {
    name: 'keeps both sides where the sources disagree',
    check: (kb) => {
      expect(values(kb, 'partners.comprehensive-or-above')).toEqual(expect.arrayContaining([['000', 38], ['001', 38], ['003', 42], ['004', 38]]));
      expect(values(kb, 'relations.upgraded')).toEqual(expect.arrayContaining([['000', 9], ['003', 17]]));
      expect(values(kb, 'fta.count')).toEqual(expect.arrayContaining([['003', 17], ['004', 20]]));
      expect(values(kb, 'agreements.signed')).toEqual(expect.arrayContaining([['001', 267], ['003', 330]]));
      expect(bySubject(kb, 'fdi.disbursement-record').map((f) => f.claim).sort()).toEqual(['highest in the last 5 years', 'largest record ever']);
    },
  },
  {
    name: 'cites each shared figure from every source that gives it',
    check: (kb) => {
      expect(values(kb, 'relations.diplomatic').sort()).toEqual([['003', 194], ['004', 194]]);
      expect(values(kb, 'program.tasks').sort()).toEqual([['000', 117], ['004', 117]]);
      expect(values(kb, 'trade.exports').sort()).toEqual([['000', 514], ['001', 514]]);
      expect(values(kb, 'fdi.registered').sort()).toEqual([['000', 24.1], ['001', 24.1], ['003', 35]]);
      expect(values(kb, 'fdi.disbursed').sort()).toEqual([['000', 13.6], ['001', 13.6], ['002', 28]]);
    },
  },
  {
    name: 'records the key figures exactly, with qualifier, unit and period',
    check: (kb) => {
      expect(fact(kb, 'growth.gdp.h1-2025.000')).toMatchObject({ value: 7.52, unit: '%', period: { start: '2025-01', end: '2025-06' } });
      expect(fact(kb, 'fdi.disbursed.2025.002')).toMatchObject({ value: 28, valueMax: 29, qualifier: 'about', unit: 'USD billion', period: { start: '2025-01', end: '2025-12' } });
      expect(fact(kb, 'trade.exports.jan-jul-2025.000')).toMatchObject({ value: 514, qualifier: 'over', unit: 'USD billion', period: { label: 'Jan–Jul 2025' } });
      expect(fact(kb, 'agreements.signed.jan-aug-2025.001')).toMatchObject({ value: 267, period: { start: '2025-01', end: '2025-08' } });
      expect(fact(kb, 'income.per-capita.004')).toMatchObject({ value: 5000, qualifier: 'nearly', unit: 'USD' });
      expect(fact(kb, 'nghe-an.oda.2025.003')).toMatchObject({ value: 2200, qualifier: 'about', unit: 'VND billion', place: 'Nghe An' });
      expect(fact(kb, 'nghe-an.workers-abroad.003')).toMatchObject({ value: 20000, qualifier: 'about', unit: 'workers' });
      expect(fact(kb, 'legal.directive-documents.000')).toMatchObject({ value: 600, qualifier: 'over' });
    },
  },
  {
    name: 'dates the documents and meetings',
    check: (kb) => {
      expect(fact(kb, 'resolution.59.004').date).toBe('2025-01-24');
      expect(fact(kb, 'resolution.153.000').date).toBe('2025-05-31');
      expect(fact(kb, 'resolution.153.004').date).toBe('2025-05-31');
      expect(fact(kb, 'decision.1812.000').date).toBe('2025-08-25');
      expect(fact(kb, 'event.inaugural-meeting.001').date).toBe('2025-08-26');
      expect(bySubject(kb, 'event.conference-2026-01-14').map((f) => f.date)).toEqual(['2026-01-14', '2026-01-14']);
    },
  },
  {
    name: 'gives every deadline at the precision of its source',
    check: (kb) => {
      const due = Object.fromEntries(kb.facts.filter((f) => f.due && first(f)).map((f) => [f.id, `${f.due!.date}/${f.due!.precision}`]));
      expect(due).toEqual({
        'deadline.work-plan.000': '2025-09/month',
        'event.cybercrime-convention-signing.000': '2025-10/month',
        'event.cybercrime-convention-signing.001': '2025-10/month',
        'event.apec-2027.000': '2027/year',
        'event.apec-2027.001': '2027/year',
        'trade.export-target.2025.003': '2025/year',
        'program.targets.2030.004': '2030/year',
      });
      expect(fact(kb, 'deadline.work-plan.000').label).toBe('Steering Committee work plan (2025 and 2026–2030)');
      expect(fact(kb, 'event.cybercrime-convention-signing.000').label).toMatch(/Hanoi/);
    },
  },
  {
    name: 'does not map the four resolutions to subjects by number',
    check: (kb) => {
      const fourSubjects = fact(kb, 'resolutions.four-pillars.001');
      expect(fourSubjects.docs).toEqual([]);
      expect(fourSubjects.statement).not.toMatch(/\b(57|66|68)\b/);
    },
  },
];
