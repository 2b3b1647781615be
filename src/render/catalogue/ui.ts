/** The renderers' own words around an answer (labels, buttons, App Home), in English and Vietnamese. */
import type { FactTime } from '../../answer/messages.js';
import type { Bilingual, Figure, Named } from '../../answer/types.js';
import { factTimeEn, factTimeVi } from './answer.js';
import type { Entries } from './types.js';

/** A sentence's first letter in upper case ("over US$35 billion" → "Over US$35 billion"). */
const capital = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

export interface UiMessages {
  'ui.noAnswer': Record<string, never>;
  'ui.note': Record<string, never>;
  'ui.sources': Record<string, never>;
  'ui.morePoints': { n: number };
  'ui.moreSources': { n: number };
  'ui.moreBlocks': { n: number };
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
  /** A direct answer's lead: a curated fact's figure and when it holds ("Over US$35 billion (full year 2025)"). */
  'ui.directFigure': { figure: Figure; time: FactTime; partial: boolean };
  /** What follows it: the fact's statement, and its place when the statement does not name it. */
  'ui.directStatement': { statement: Bilingual; place: Named | null };
  /** The button that shows an answer's sources with their verbatim passages. */
  'ui.showSources': Record<string, never>;
  /** The button that shows every point of an answer whose points were cut. */
  'ui.showAllPoints': { n: number };
  /** What replaces 👍/👎 once clicked. */
  'ui.thanksNoted': Record<string, never>;
  /** The 👎 "what was wrong?" modal (title and buttons: at most 24 characters). */
  'ui.feedback.title': Record<string, never>;
  'ui.feedback.intro': Record<string, never>;
  'ui.feedback.label': Record<string, never>;
  'ui.feedback.hint': Record<string, never>;
  'ui.feedback.submit': Record<string, never>;
  'ui.feedback.close': Record<string, never>;
}

export const uiEn: Entries<UiMessages> = {
  'ui.noAnswer': () => '(no answer)',
  'ui.note': () => 'Note',
  'ui.sources': () => 'Sources',
  'ui.morePoints': (p) => `${p.n} more not shown`,
  'ui.moreSources': (p) => `${p.n} more sources not shown`,
  'ui.moreBlocks': (p) => `${p.n} more not shown`,
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
  'ui.directFigure': (p, f) => `${capital(f.figure(p.figure))} (${factTimeEn(p.time, f)}${p.partial ? ', partial year' : ''})`,
  'ui.directStatement': (p, f) => `${p.statement.en}${p.place ? ` (${f.named(p.place)})` : ''}`,
  'ui.showSources': () => 'Show sources',
  'ui.showAllPoints': (p) => `Show all ${p.n} points`,
  'ui.thanksNoted': () => 'Thanks — noted',
  'ui.feedback.title': () => 'What was wrong?',
  'ui.feedback.intro': () => 'Thanks — your 👎 is noted. If you like, tell the curators what was wrong with the answer to:',
  'ui.feedback.label': () => 'What was wrong?',
  'ui.feedback.hint': () => 'Optional. The curators who keep integ’s sources read it.',
  'ui.feedback.submit': () => 'Send',
  'ui.feedback.close': () => 'Skip',
};

export const uiVi: Entries<UiMessages> = {
  'ui.noAnswer': () => '(chưa có câu trả lời)',
  'ui.note': () => 'Lưu ý',
  'ui.sources': () => 'Nguồn',
  'ui.morePoints': (p) => `còn ${p.n} ý chưa hiển thị`,
  'ui.moreSources': (p) => `còn ${p.n} nguồn chưa hiển thị`,
  'ui.moreBlocks': (p) => `còn ${p.n} mục chưa hiển thị`,
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
  'ui.directFigure': (p, f) => `${capital(f.figure(p.figure))} (${factTimeVi(p.time, f)}${p.partial ? ', số liệu chưa trọn năm' : ''})`,
  'ui.directStatement': (p, f) => `${p.statement.vi}${p.place ? ` (${f.named(p.place)})` : ''}`,
  'ui.showSources': () => 'Xem nguồn',
  'ui.showAllPoints': (p) => `Xem đủ ${p.n} ý`,
  'ui.thanksNoted': () => 'Cảm ơn — đã ghi nhận',
  'ui.feedback.title': () => 'Điều gì chưa ổn?',
  'ui.feedback.intro': () => 'Cảm ơn — đã ghi nhận 👎 của bạn. Nếu muốn, hãy cho nhóm biên tập biết câu trả lời sau chưa ổn ở đâu:',
  'ui.feedback.label': () => 'Điều gì chưa ổn?',
  'ui.feedback.hint': () => 'Không bắt buộc. Nhóm biên tập nguồn của integ sẽ đọc góp ý này.',
  'ui.feedback.submit': () => 'Gửi',
  'ui.feedback.close': () => 'Bỏ qua',
};
