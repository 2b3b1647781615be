import { factsIntent } from '../src/answer/intent.js';

/** Who is who: named people and their roles (heads and deputy heads of the Steering Committee, ministers). */
export default factsIntent({
  id: 'people',
  title: 'People and roles',
  description: 'Who heads the National Steering Committee on International Integration, its deputy heads, ministers and officials named in the sources',
  examples: ['who heads the National Steering Committee on International Integration?', 'deputy heads of the steering committee', 'who is Le Hoai Trung', 'ai là trưởng ban chỉ đạo'],
  concepts: { person: 2, head: 2.5, deputy: 3, committee: 1.5 },
  topics: ['people'],
});
