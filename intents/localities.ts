import { factsIntent } from '../src/answer/intent.js';

/** Figures and activities of a named province (the sources report on Nghe An). */
export default factsIntent({
  id: 'localities',
  title: 'Localities',
  description: 'Provincial figures: FDI, exports, ODA, workers abroad and delegations (Nghe An)',
  examples: ['nghe an exports', 'Nghe An FDI 2025', 'xuất khẩu Nghệ An', 'workers abroad from Nghe An'],
  concepts: { province: 2 },
  topics: ['localities'],
});
