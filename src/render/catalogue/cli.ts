/**
 * What the local shell (`integ shell`, `npm start` without Slack tokens) says around the answers:
 * its banner, the `lang` command's replies, its apology, and (also `integ ask`) that unanswered
 * questions cannot be recorded for `integ kb gaps`. In English and Vietnamese. Operator
 * commands (serve, kb, digest run) and every command's --help stay in English.
 */
import type { Lang } from '../../answer/types.js';
import { formatterFor } from '../format.js';
import type { Entries, Entry } from './types.js';

export interface CliMessages {
  /** Shown when the shell starts at a terminal (two lines). */
  'cli.banner': Record<string, never>;
  /** `lang vi` / `lang en`: answers are in that language from now on. */
  'cli.langSet': { lang: Lang };
  /** `lang auto`: answers follow each question's language. */
  'cli.langAuto': Record<string, never>;
  /** `lang` alone: the current choice (null: auto). */
  'cli.langShow': { lang: Lang | null };
  /** `lang` with a value it does not take (as typed, shown inert by the shell). */
  'cli.langInvalid': { typed: string };
  /** A line could not be answered (the store failed, …). */
  'cli.failed': { reason: string };
  /** Unanswered questions cannot be recorded for `integ kb gaps` this session (said once, on stderr). */
  'cli.gapsNotRecorded': { reason: string };
}

const LANG_CHOICES_EN = '“lang vi” (Vietnamese), “lang en” (English) or “lang auto” (the language of each question)';
const LANG_CHOICES_VI = '“lang vi” (tiếng Việt), “lang en” (tiếng Anh) hoặc “lang auto” (theo ngôn ngữ của từng câu hỏi)';
const nameEn = (lang: Lang) => (lang === 'vi' ? 'Vietnamese' : 'English');
const nameVi = (lang: Lang) => (lang === 'vi' ? 'tiếng Việt' : 'tiếng Anh');

export const cliEn: Entries<CliMessages> = {
  'cli.banner': () =>
    'integ — answers about Vietnam’s international integration, with citations.\n' +
    'Ask a question (e.g. “fdi 2025”, “who chairs the steering committee?”), or “/integ help”; “lang vi”, “lang en” or “lang auto” chooses the language of the answers. Ctrl-D or “exit” quits.',
  'cli.langSet': (p) => `From now on I answer in ${nameEn(p.lang)}, whatever language you ask in.`,
  'cli.langAuto': () => 'From now on I answer in the language of each question (Vietnamese or English).',
  'cli.langShow': (p) =>
    `${p.lang ? `I answer in ${nameEn(p.lang)}` : 'I answer in the language of each question'}. To change it, type ${LANG_CHOICES_EN}.`,
  'cli.langInvalid': (p) => `“${p.typed}” is not a language I answer in. Type ${LANG_CHOICES_EN}.`,
  'cli.failed': (p) => `Sorry, that failed: ${p.reason}`,
  'cli.gapsNotRecorded': (p) => `Questions I cannot answer are not recorded for “integ kb gaps” this time: ${p.reason}`,
};

export const cliVi: Entries<CliMessages> = {
  'cli.banner': () =>
    'integ — trả lời các câu hỏi về hội nhập quốc tế của Việt Nam, kèm trích dẫn.\n' +
    'Hãy đặt câu hỏi (ví dụ: “vốn FDI năm 2025”, “ai là trưởng ban chỉ đạo?”) hoặc gõ “/integ help”; “lang vi”, “lang en” hoặc “lang auto” để chọn ngôn ngữ trả lời. Ctrl-D hoặc “exit” để thoát.',
  'cli.langSet': (p) => `Từ giờ tôi trả lời bằng ${nameVi(p.lang)}, dù bạn hỏi bằng ngôn ngữ nào.`,
  'cli.langAuto': () => 'Từ giờ tôi trả lời bằng ngôn ngữ của từng câu hỏi (tiếng Việt hoặc tiếng Anh).',
  'cli.langShow': (p) =>
    `${p.lang ? `Tôi đang trả lời bằng ${nameVi(p.lang)}` : 'Tôi đang trả lời theo ngôn ngữ của từng câu hỏi'}. Để đổi, hãy gõ ${LANG_CHOICES_VI}.`,
  'cli.langInvalid': (p) => `“${p.typed}” không phải là ngôn ngữ tôi trả lời. Hãy gõ ${LANG_CHOICES_VI}.`,
  'cli.failed': (p) => `Xin lỗi, không thực hiện được: ${p.reason}`,
  'cli.gapsNotRecorded': (p) => `Lần này các câu hỏi tôi chưa trả lời được sẽ không được ghi lại cho “integ kb gaps”: ${p.reason}`,
};

const CLI: Record<Lang, Entries<CliMessages>> = { en: cliEn, vi: cliVi };

/** The shell's own words in a language, typed by key (the entries above, as the catalogue holds them). */
export function cli<K extends keyof CliMessages>(lang: Lang, key: K, ...params: CliMessages[K] extends Record<string, never> ? [] : [CliMessages[K]]): string {
  return (CLI[lang][key] as Entry<CliMessages[K]>)((params[0] ?? {}) as CliMessages[K], formatterFor(lang));
}
