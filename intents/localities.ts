import type { IntentSpec } from '../src/answer/intent.js';

/** Figures and activities of a named province (the sources report on Nghe An). */
const localities: IntentSpec = {
  id: 'localities',
  title: 'Localities',
  description: 'Provincial figures: FDI, exports, ODA, workers abroad and delegations (Nghe An)',
  examples: ['nghe an exports', 'Nghe An FDI 2025', 'xuất khẩu Nghệ An', 'workers abroad from Nghe An'],
  concepts: { province: 2 },
  topics: ['localities'],
  handle(q, ctx) {
    const places = q.slots.places.filter((p) => ctx.index.facts.some((f) => f.place === p));
    if (!places.length) return null;
    return ctx.compose(q, localities, { filter: (f) => f.place !== null && places.includes(f.place) }, {
      maxSubjects: 3,
      headline: `${places.join(', ')}${q.slots.years.length ? ` — ${q.slots.years.join(', ')}` : ''}`,
      minCoverage: 0.34,
    });
  },
};
export default localities;
