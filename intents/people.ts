import { factsIntent } from '../src/answer/intent.js';

/** Who is who: named people and their roles (heads and deputy heads of the Steering Committee, ministers). */
export default factsIntent({
  id: 'people',
  title: { en: 'People and roles', vi: 'Nhân sự và vai trò' },
  description: {
    en: 'Who heads the National Steering Committee on International Integration, its deputy heads, ministers and officials named in the sources',
    vi: 'Ai đứng đầu Ban Chỉ đạo quốc gia về hội nhập quốc tế, các Phó Trưởng ban, các bộ trưởng và quan chức được nêu trong các nguồn',
  },
  examples: {
    en: ['who heads the National Steering Committee on International Integration?', 'deputy heads of the steering committee', 'who is Le Hoai Trung'],
    vi: ['ai là trưởng ban chỉ đạo'],
  },
  concepts: { person: 2, head: 2.5, deputy: 3, committee: 1.5 },
  topics: ['people'],
});
