import type { IntentSpec } from '../src/answer/intent.js';

/**
 * Deadlines and events: when the work plan is due, the Cybercrime Convention signing, APEC 2027,
 * meetings and conferences. A general question about what is due ("what's due next month?",
 * "upcoming deadlines") lists deadlines relative to today, with the channel's own.
 */
const events: IntentSpec = {
  id: 'events',
  title: { en: 'Deadlines and events', vi: 'Hạn chót và sự kiện' },
  description: {
    en: 'Deadlines and events: the work plan, the UN Convention against Cybercrime signing, APEC 2027, meetings and conferences',
    vi: 'Hạn chót và sự kiện: kế hoạch công tác, lễ mở ký Công ước của Liên hợp quốc về chống tội phạm mạng, APEC 2027, các cuộc họp và hội nghị',
  },
  examples: {
    en: ['when is the work plan due', 'cybercrime convention', 'apec', "what's due next month?", 'when was the inaugural meeting of the steering committee'],
    vi: ['hạn chót kế hoạch', 'hội nghị APEC'],
  },
  concepts: { deadline: 3, upcoming: 2, plan: 2, event: 2.5, apec: 4, cybercrime: 4, convention: 2 },
  topics: ['events'],
  // nothing more specific than "deadlines", "what's due", "upcoming": the list
  takes: (q) => q.units.length > 0 && q.units.every((u) => u.terms.every((t) => t === 'c:deadline' || t === 'c:upcoming')) && !q.docs.length && !q.entities.length,
  answer: (q, ctx) => ctx.listDeadlines(q),
};
export default events;
