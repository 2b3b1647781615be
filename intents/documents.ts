import { factsIntent } from '../src/answer/intent.js';

/** Resolutions, decisions and the Action Program (targets, tasks, task groups, pillars). */
export default factsIntent({
  id: 'documents',
  title: { en: 'Documents', vi: 'Văn bản' },
  description: {
    en: 'Resolutions (22, 57, 59, 66, 68, 153), Decision 1812 and the Action Program: dates, issuers, targets, tasks and pillars',
    vi: 'Các nghị quyết (22, 57, 59, 66, 68, 153), Quyết định 1812 và Chương trình hành động: ngày ban hành, người ký, chỉ tiêu, nhiệm vụ và trụ cột',
  },
  examples: {
    en: ['resolution 153', 'Decision 1812', 'how many tasks does the action program have', 'three pillars of international integration'],
    vi: ['nghi quyet 59', 'chương trình hành động có bao nhiêu nhiệm vụ'],
  },
  concepts: { resolution: 3, decision: 3, program: 3, target: 1.5, task: 2.5, task_group: 2.5, pillar: 2.5, legal: 1.5 },
  topics: ['documents'],
});
