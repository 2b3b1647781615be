import { factsIntent } from '../src/answer/intent.js';

/** International commitments and agreements, FTAs. */
export default factsIntent({
  id: 'agreements',
  title: 'Agreements and commitments',
  description: 'Free trade agreements, international commitments and agreements signed',
  examples: ['how many FTAs does Vietnam have', 'agreements signed 2025', 'commitments signed this year', 'hiệp định thương mại tự do', 'thỏa thuận ký kết 2025'],
  concepts: { fta: 4, agreement: 3, signed: 1.5 },
  topics: ['agreements'],
});
