import { factsIntent } from '../src/answer/intent.js';

/** Diplomatic relations, partnership levels and upgrades, party relations, organisations, high-level diplomacy. */
export default factsIntent({
  id: 'relations',
  title: 'Foreign relations',
  description: 'Diplomatic relations, partnership levels and upgrades, party relations, membership of organisations, high-level diplomacy',
  examples: ['how many countries have diplomatic relations with Vietnam', 'How many comprehensive partners does Vietnam have?', 'relations upgraded in 2025', 'high-level diplomatic activities 2025', 'quan hệ ngoại giao với bao nhiêu nước', 'đối tác chiến lược toàn diện'],
  concepts: { diplomatic: 2, partnership: 3, upgrade: 3, party: 3, organisation: 2.5, highlevel: 3 },
  topics: ['relations'],
});
