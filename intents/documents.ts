import { factsIntent } from '../src/answer/intent.js';

/** Resolutions, decisions and the Action Program (targets, tasks, task groups, pillars). */
export default factsIntent({
  id: 'documents',
  title: 'Documents',
  description: 'Resolutions (22, 57, 59, 66, 68, 153), Decision 1812 and the Action Program: dates, issuers, targets, tasks and pillars',
  examples: ['resolution 153', 'Decision 1812', 'nghi quyet 59', 'how many tasks does the action program have', 'three pillars of international integration', 'chương trình hành động có bao nhiêu nhiệm vụ'],
  concepts: { resolution: 3, decision: 3, program: 3, target: 1.5, task: 2.5, task_group: 2.5, pillar: 2.5, legal: 1.5 },
  topics: ['documents'],
});
