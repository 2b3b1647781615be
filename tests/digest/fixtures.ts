/** A small knowledge base with deadlines at each precision (validated against the real schema). */
import { Fact, Source, type FactInput } from '../../knowledge/schema.js';
import type { DeadlineKnowledge } from '../../src/digest/deadlines.js';
import type { TeamDeadline } from '../../src/store/types.js';

export const sources = [
  Source.parse({
    id: '000_751a3c526faebcab',
    title: 'Prime Minister: urgently submit special, breakthrough mechanisms and policies for international integration',
    publisher: 'Lai Chau Provincial Portal (laichau.gov.vn)',
    published: '2025-08-26',
    url: 'https://laichau.gov.vn/tin-tuc-su-kien/example.html',
  }),
  Source.parse({ id: '001_1d5cee450b0a6480', title: 'Prime Minister Chinh calls deeper global integration a national mission', publisher: 'The Hanoi Times', published: '2025-08-26', url: null }),
];

const fact = (f: Partial<FactInput> & Pick<FactInput, 'id' | 'due' | 'label' | 'quote' | 'source'>) =>
  Fact.parse({
    topic: 'events',
    subject: 'deadline.test',
    statement: `${f.label} is due (test fixture statement).`,
    statementVi: `${f.label}: hạn chót (câu thử nghiệm).`,
    labelVi: f.label ? `${f.label} (tiêu đề tiếng Việt)` : null,
    asOf: '2025-08-26',
    ...f,
  });

export const facts = [
  fact({
    id: 'work-plan.2026-2030',
    label: 'Steering Committee work plan 2026–2030',
    due: { date: '2025-09', precision: 'month' },
    source: '000_751a3c526faebcab',
    quote: 'to be completed in September with the spirit of "6 clear"',
  }),
  fact({
    id: 'cybercrime-convention.signing',
    label: 'Signing of the UN Convention against Cybercrime in Hanoi',
    due: { date: '2025-10', precision: 'month' },
    source: '001_1d5cee450b0a6480',
    quote: 'the signing ceremony of the United Nations (UN) Convention against Cybercrime in October',
  }),
  fact({
    id: 'apec-2027',
    label: 'APEC Year 2027',
    due: { date: '2027', precision: 'year' },
    source: '000_751a3c526faebcab',
    quote: 'urgently complete the organization of APEC Year 2027',
  }),
  fact({
    id: 'day.example',
    label: 'A day-precision source deadline',
    due: { date: '2025-10-25', precision: 'day' },
    source: '001_1d5cee450b0a6480',
    quote: 'major global forums',
  }),
  // not a deadline: ignored
  Fact.parse({ id: 'no-due', topic: 'fdi', subject: 'fdi.registered', statement: 'A fact without a due date at all.', statementVi: 'Một dữ kiện không có hạn chót.', asOf: '2025-08-26', source: '000_751a3c526faebcab', quote: 'major global forums' }),
];

export const kb: DeadlineKnowledge = { facts, sourceById: new Map(sources.map((s) => [s.id, s])) };

export const team = (over: Partial<TeamDeadline> & Pick<TeamDeadline, 'id' | 'due' | 'title'>): TeamDeadline => ({
  channel: 'C1',
  createdBy: 'U123',
  createdAt: '2025-09-20T03:00:00.000Z',
  done: false,
  doneAt: null,
  ...over,
});
