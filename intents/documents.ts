import type { IntentSpec } from '../src/answer/intent.js';

/**
 * Resolutions, decisions and the Action Program (targets, tasks, task groups, pillars).
 * With a document number ("59", "153/NQ-CP", "1812"), answers about that document, leading with
 * the fact that identifies it (its number, issuer and date).
 */
const documents: IntentSpec = {
  id: 'documents',
  title: 'Documents',
  description: 'Resolutions (22, 57, 59, 66, 68, 153), Decision 1812 and the Action Program: dates, issuers, targets, tasks and pillars',
  examples: ['resolution 153', 'Decision 1812', 'nghi quyet 59', 'how many tasks does the action program have', 'three pillars of international integration', 'chương trình hành động có bao nhiêu nhiệm vụ'],
  concepts: { resolution: 3, decision: 3, program: 3, target: 1.5, task: 2.5, task_group: 2.5, pillar: 2.5, legal: 1.5 },
  topics: ['documents'],
  handle(q, ctx) {
    const asked = q.slots.docs;
    if (!asked.length) return ctx.compose(q, documents, {}, { maxSubjects: 3 });
    const known = asked.filter((d) => ctx.index.facts.some((f) => f.docs.includes(d)));
    if (!known.length) return null;
    const about = (f: { docs: string[] }) => f.docs.some((d) => known.includes(d));
    // the identifying fact of a document: it is the first document it names, and it has a date
    const identifies = (f: { docs: string[]; date: string | null; topic: string }) => f.topic === 'documents' && f.date !== null && known.includes(f.docs[0]);
    return ctx.compose(
      q,
      documents,
      { filter: about, bonus: (f) => (identifies(f) ? 2 : 0), maxBonus: 2 },
      { maxSubjects: 2, minCoverage: 0, order: 'rank', headline: `Documents — No. ${known.join(', No. ')}` },
    );
  },
};
export default documents;
