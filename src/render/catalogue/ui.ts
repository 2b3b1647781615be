/** The renderers' own words around an answer (labels, buttons, App Home), in English and Vietnamese. */
import type { Entries } from './types.js';

export interface UiMessages {
  'ui.noAnswer': Record<string, never>;
  'ui.note': Record<string, never>;
  'ui.sources': Record<string, never>;
  'ui.publisherNotStated': Record<string, never>;
  'ui.morePoints': { n: number };
  'ui.moreSources': { n: number };
  'ui.moreBlocks': { n: number };
  'ui.didYouMean': Record<string, never>;
  'ui.alsoAsk': Record<string, never>;
  'ui.tryAsking': Record<string, never>;
  'ui.sharedBy': { user: string };
  'ui.share': Record<string, never>;
  'ui.helpful': Record<string, never>;
  'ui.notHelpful': Record<string, never>;
  'ui.homeTitle': Record<string, never>;
  'ui.exampleQuestions': Record<string, never>;
  'ui.howToAsk': Record<string, never>;
  'ui.upcomingDeadlines': Record<string, never>;
  /** Vietnamese answers show each fact's source passage under it, labelled as the source's words. */
  'ui.sourceWords': Record<string, never>;
}

export const uiEn: Entries<UiMessages> = {
  'ui.noAnswer': () => '(no answer)',
  'ui.note': () => 'Note',
  'ui.sources': () => 'Sources',
  'ui.publisherNotStated': () => 'publisher not stated',
  'ui.morePoints': (p) => `${p.n} more not shown`,
  'ui.moreSources': (p) => `${p.n} more sources not shown`,
  'ui.moreBlocks': (p) => `${p.n} more not shown`,
  'ui.didYouMean': () => 'Did you mean',
  'ui.alsoAsk': () => 'You can also ask',
  'ui.tryAsking': () => 'Try asking',
  'ui.sharedBy': (p) => `Shared by ${p.user}`,
  'ui.share': () => 'Share in channel',
  'ui.helpful': () => '👍 Helpful',
  'ui.notHelpful': () => '👎 Not helpful',
  'ui.homeTitle': () => 'integ — Vietnam’s international integration',
  'ui.exampleQuestions': () => 'Example questions',
  'ui.howToAsk': () => 'Ask with `/integ your question`, by mentioning @integ in a channel, or in a direct message here.',
  'ui.upcomingDeadlines': () => 'Upcoming deadlines',
  'ui.sourceWords': () => 'Source (English)',
};

export const uiVi: Entries<UiMessages> = {
  'ui.noAnswer': () => '(chưa có câu trả lời)',
  'ui.note': () => 'Lưu ý',
  'ui.sources': () => 'Nguồn',
  'ui.publisherNotStated': () => 'không rõ cơ quan đăng',
  'ui.morePoints': (p) => `còn ${p.n} ý chưa hiển thị`,
  'ui.moreSources': (p) => `còn ${p.n} nguồn chưa hiển thị`,
  'ui.moreBlocks': (p) => `còn ${p.n} mục chưa hiển thị`,
  'ui.didYouMean': () => 'Có phải ý bạn là',
  'ui.alsoAsk': () => 'Bạn cũng có thể hỏi',
  'ui.tryAsking': () => 'Hãy thử hỏi',
  'ui.sharedBy': (p) => `Do ${p.user} chia sẻ`,
  'ui.share': () => 'Chia sẻ vào kênh',
  'ui.helpful': () => '👍 Hữu ích',
  'ui.notHelpful': () => '👎 Chưa hữu ích',
  'ui.homeTitle': () => 'integ — Hội nhập quốc tế của Việt Nam',
  'ui.exampleQuestions': () => 'Câu hỏi mẫu',
  'ui.howToAsk': () => 'Hỏi bằng `/integ câu hỏi của bạn`, nhắc @integ trong kênh, hoặc nhắn tin trực tiếp tại đây.',
  'ui.upcomingDeadlines': () => 'Hạn chót sắp tới',
  'ui.sourceWords': () => 'Nguyên văn nguồn (tiếng Anh)',
};
