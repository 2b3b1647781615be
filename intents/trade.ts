import { factsIntent } from '../src/answer/intent.js';

/** Exports, imports, trade turnover and markets. */
export default factsIntent({
  id: 'trade',
  title: 'Trade',
  description: 'Exports, imports, total trade turnover, markets and export targets',
  examples: ['export turnover first 7 months 2025', 'total import export 2025', 'new markets', 'xuất khẩu 7 tháng', 'kim ngạch xuất nhập khẩu 2025'],
  concepts: { export: 3, import: 3, turnover: 3, trade: 2, market: 2.5 },
  topics: ['trade'],
});
