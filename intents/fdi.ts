import { factsIntent } from '../src/answer/intent.js';

/** Foreign direct investment: registered and disbursed capital, rankings. */
export default factsIntent({
  id: 'fdi',
  title: { en: 'Foreign direct investment (FDI)', vi: 'Đầu tư trực tiếp nước ngoài (FDI)' },
  description: {
    en: 'FDI registered and disbursed, by period, and how Vietnam ranks',
    vi: 'Vốn FDI đăng ký và giải ngân theo từng giai đoạn, và thứ hạng của Việt Nam',
  },
  examples: {
    en: ['fdi 2025', 'How much FDI was disbursed in the first 7 months of 2025?', 'registered FDI capital 2025'],
    vi: ['vốn FDI năm 2025', 'giải ngân FDI 7 tháng'],
  },
  concepts: { fdi: 4, investment: 1.5, registered: 1, disbursed: 1.5 },
  topics: ['fdi'],
});
