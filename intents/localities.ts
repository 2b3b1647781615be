import { factsIntent } from '../src/answer/intent.js';

/** Figures and activities of a named province (the sources report on Nghe An). */
export default factsIntent({
  id: 'localities',
  title: { en: 'Localities', vi: 'Địa phương' },
  description: {
    en: 'Provincial figures: FDI, exports, ODA, workers abroad and delegations (Nghe An)',
    vi: 'Số liệu cấp tỉnh: FDI, xuất khẩu, ODA, lao động làm việc ở nước ngoài và các đoàn công tác (Nghệ An)',
  },
  examples: {
    en: ['nghe an exports', 'Nghe An FDI 2025', 'workers abroad from Nghe An'],
    vi: ['xuất khẩu Nghệ An'],
  },
  concepts: { province: 2 },
  topics: ['localities'],
});
