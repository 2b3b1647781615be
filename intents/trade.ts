import { factsIntent } from '../src/answer/intent.js';

/** Exports, imports, trade turnover and markets. */
export default factsIntent({
  id: 'trade',
  title: { en: 'Trade', vi: 'Thương mại' },
  description: {
    en: 'Exports, imports, total trade turnover, markets and export targets',
    vi: 'Xuất khẩu, nhập khẩu, tổng kim ngạch thương mại, thị trường và mục tiêu xuất khẩu',
  },
  examples: {
    en: ['export turnover first 7 months 2025', 'total import export 2025', 'new markets'],
    vi: ['xuất khẩu 7 tháng', 'kim ngạch xuất nhập khẩu 2025'],
  },
  concepts: { export: 3, import: 3, turnover: 3, trade: 2, market: 2.5 },
  topics: ['trade'],
});
