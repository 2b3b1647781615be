import { factsIntent } from '../src/answer/intent.js';

/** International commitments and agreements, FTAs. */
export default factsIntent({
  id: 'agreements',
  title: { en: 'Agreements and commitments', vi: 'Hiệp định và cam kết' },
  description: {
    en: 'Free trade agreements, international commitments and agreements signed',
    vi: 'Các hiệp định thương mại tự do, cam kết và thỏa thuận quốc tế đã ký kết',
  },
  examples: {
    en: ['how many FTAs does Vietnam have', 'agreements signed 2025', 'commitments signed this year'],
    vi: ['hiệp định thương mại tự do', 'thỏa thuận ký kết 2025'],
  },
  concepts: { fta: 4, agreement: 3, signed: 1.5 },
  topics: ['agreements'],
});
