import type { IntentSpec } from '../src/answer/intent.js';

/** Who is who: named people and their roles (heads and deputy heads of the Steering Committee, ministers). */
const people: IntentSpec = {
  id: 'people',
  title: 'People and roles',
  description: 'Who heads the National Steering Committee on International Integration, its deputy heads, ministers and officials named in the sources',
  examples: ['who heads the National Steering Committee on International Integration?', 'deputy heads of the steering committee', 'who is Le Hoai Trung', 'ai là trưởng ban chỉ đạo'],
  concepts: { person: 2, head: 2.5, deputy: 3, committee: 1.5 },
  topics: ['people'],
  handle(q, ctx) {
    const wantsDeputy = q.concepts.has('deputy');
    return ctx.compose(
      q,
      people,
      {
        // a deputy is not the head: ask for the head and deputies rank lower, and the other way round
        bonus: (_f, i) => {
          const cs = ctx.index.conceptsOf(i);
          if (cs.has('deputy') && !wantsDeputy && q.concepts.has('head')) return -0.6;
          if (wantsDeputy && !cs.has('deputy')) return -0.6;
          return 0;
        },
        maxBonus: 0,
      },
      { maxSubjects: 3 },
    );
  },
};
export default people;
