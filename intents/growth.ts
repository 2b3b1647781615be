import { factsIntent } from '../src/answer/intent.js';

/** GDP growth, income per capita, the size and rank of the economy. */
export default factsIntent({
  id: 'growth',
  title: { en: 'Growth and the economy', vi: 'Tăng trưởng và kinh tế' },
  description: {
    en: 'GDP growth, income per capita, the size and rank of the economy',
    vi: 'Tăng trưởng GDP, thu nhập bình quân đầu người, quy mô và thứ hạng của nền kinh tế',
  },
  examples: {
    en: ['What was GDP growth in the first half of 2025?', 'per capita income', 'how big is the economy'],
    vi: ['tăng trưởng GDP 6 tháng đầu năm', 'thu nhập bình quân đầu người'],
  },
  concepts: { gdp: 3, growth: 2, income: 3, economy: 2.5 },
  topics: ['growth'],
});
