import { factsIntent } from '../src/answer/intent.js';

/** Viewpoints, directions, lessons, mottos and goals (qualitative). */
export default factsIntent(
  {
    id: 'policy',
    title: { en: 'Policy and directions', vi: 'Chính sách và định hướng' },
    description: {
      en: 'The "6 clear" spirit, guiding viewpoints, lessons, goals and directions for international integration',
      vi: 'Tinh thần “6 rõ”, các quan điểm chỉ đạo, bài học, mục tiêu và định hướng hội nhập quốc tế',
    },
    examples: {
      en: ['6 clear', 'lessons for international integration', 'what does 6 clear mean', 'what are the guiding viewpoints on international integration'],
      vi: ['quan điểm chỉ đạo'],
    },
    concepts: { clear: 4, viewpoint: 3, lesson: 3, integration: 0.5 },
    topics: ['policy'],
  });
