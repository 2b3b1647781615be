import { factsIntent } from '../src/answer/intent.js';

/** Diplomatic relations, partnership levels and upgrades, party relations, organisations, high-level diplomacy. */
export default factsIntent({
  id: 'relations',
  title: { en: 'Foreign relations', vi: 'Quan hệ đối ngoại' },
  description: {
    en: 'Diplomatic relations, partnership levels and upgrades, party relations, membership of organisations, high-level diplomacy',
    vi: 'Quan hệ ngoại giao, cấp độ đối tác và nâng cấp quan hệ, quan hệ đảng, tư cách thành viên các tổ chức, đối ngoại cấp cao',
  },
  examples: {
    en: ['how many countries have diplomatic relations with Vietnam', 'How many comprehensive partners does Vietnam have?', 'relations upgraded in 2025', 'high-level diplomatic activities 2025'],
    vi: ['quan hệ ngoại giao với bao nhiêu nước', 'đối tác chiến lược toàn diện'],
  },
  concepts: { diplomatic: 2, partnership: 3, upgrade: 3, party: 3, organisation: 2.5, highlevel: 3 },
  topics: ['relations'],
});
