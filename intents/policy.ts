import { factsIntent } from '../src/answer/intent.js';

/** Viewpoints, directions, lessons, mottos and goals (qualitative). */
export default factsIntent(
  {
    id: 'policy',
    title: 'Policy and directions',
    description: 'The "6 clear" spirit, guiding viewpoints, lessons, goals and directions for international integration',
    examples: ['6 clear', 'lessons for international integration', 'what does 6 clear mean', 'what are the guiding viewpoints on international integration', 'quan điểm chỉ đạo'],
    concepts: { clear: 4, viewpoint: 3, lesson: 3, integration: 0.5 },
    topics: ['policy'],
  });
