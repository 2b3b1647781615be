/**
 * What the Slack side says outside an answer (src/slack): the apology, the
 * `/integ lang` replies and the install pages, in English and Vietnamese. Commands shown in a
 * message are written in backticks (Slack shows them as code); what a user typed comes in as a
 * parameter and is escaped where it is shown, like every text.
 */
import type { Lang } from '../../answer/types.js';
import type { Entries } from './types.js';

export interface SlackMessages {
  /** The apology for a request that failed. */
  'slack.sorry': Record<string, never>;
  /** `/integ lang vi|en`: the user's choice, said in that language. */
  'slack.lang.user': { lang: Lang };
  /** `/integ lang auto`; channel: the default of the channel it was typed in, which then applies there. */
  'slack.lang.userAuto': { channel: Lang | null };
  /** `/integ lang channel vi|en`. */
  'slack.lang.channel': { lang: Lang };
  'slack.lang.channelAuto': Record<string, never>;
  /** After a channel change: the channel's weekly digest follows it. */
  'slack.lang.digestToo': { lang: Lang };
  /** After a channel change: the user's own choice, which still wins for them. */
  'slack.lang.yoursStill': { lang: Lang };
  /** `/integ lang`: the current settings (dm: a direct message, which has no channel default). */
  'slack.lang.show': { user: Lang | null; channel: Lang | null; dm: boolean };
  /** How to change it. */
  'slack.lang.how': { dm: boolean };
  /** `/integ lang fr`: what was typed is not a choice (shown in both languages, each followed by slack.lang.how). */
  'slack.lang.unknown': { typed: string };
  /** `/integ lang channel …` in a direct message. */
  'slack.lang.dmChannel': Record<string, never>;
  'slack.lang.notSaved': Record<string, never>;
  'slack.lang.notRead': Record<string, never>;
  /** The page after installing through OAuth (shown in both languages). */
  'slack.installed.title': Record<string, never>;
  'slack.installed.body': { workspace: string | null };
  'slack.installed.open': Record<string, never>;
  'slack.installed.next': Record<string, never>;
  'slack.installFailed.title': Record<string, never>;
  'slack.installFailed.body': { path: string; reason: string };
}

const nameEn = (lang: Lang) => (lang === 'vi' ? 'Vietnamese' : 'English');
const nameVi = (lang: Lang) => (lang === 'vi' ? 'tiếng Việt' : 'tiếng Anh');

export const slackEn: Entries<SlackMessages> = {
  'slack.sorry': () => 'Sorry, something went wrong while answering. Please try again in a moment.',
  'slack.lang.user': (p) => `From now on integ answers you in ${nameEn(p.lang)}, whatever language you ask in.`,
  'slack.lang.userAuto': (p) =>
    `From now on integ answers you in the language you ask in (English or Vietnamese).${p.channel ? ` In this channel, its default applies to you: ${nameEn(p.channel)}.` : ''}`,
  'slack.lang.channel': (p) => `From now on integ answers in ${nameEn(p.lang)} in this channel, to everyone who has not chosen a language of their own.`,
  'slack.lang.channelAuto': () => 'This channel no longer has a default language: integ answers each person in the language they chose, else in the language they ask in.',
  'slack.lang.digestToo': (p) => `The weekly deadline digest here is posted in ${nameEn(p.lang)} too.`,
  'slack.lang.yoursStill': (p) => `Your own choice, ${nameEn(p.lang)}, still applies to you (\`/integ lang auto\` clears it).`,
  'slack.lang.show': (p) => {
    const you = p.user ? `Your language: ${nameEn(p.user)} (your choice).` : 'Your language: automatic (integ answers in the language you ask in).';
    if (p.dm) return you;
    return `${you} ${p.channel ? `This channel's default: ${nameEn(p.channel)}.` : 'This channel has no default language.'}`;
  },
  'slack.lang.how': (p) =>
    `Type \`/integ lang vi\` for Vietnamese, \`/integ lang en\` for English, or \`/integ lang auto\` to follow the language you ask in${p.dm ? '.' : '; for everyone in this channel: `/integ lang channel vi`, `en` or `auto`.'}`,
  'slack.lang.unknown': (p) => `integ answers in English or Vietnamese: “${p.typed}” is not one of them.`,
  'slack.lang.dmChannel': () => 'A direct message has no channel default: the language here is your own. Type `/integ lang vi`, `/integ lang en` or `/integ lang auto`.',
  'slack.lang.notSaved': () => "Couldn't save the language: the data store is not accepting changes right now. Nothing was changed; please try again in a minute.",
  'slack.lang.notRead': () => "Couldn't read the language settings: the data store is not answering right now. Please try again in a minute.",
  'slack.installed.title': () => 'integ is installed',
  'slack.installed.body': (p) => `integ is now in ${p.workspace ?? 'your workspace'}.`,
  'slack.installed.open': () => 'Open Slack',
  'slack.installed.next': () => 'and type /integ help (or /integ lang vi for answers in Vietnamese).',
  'slack.installFailed.title': () => 'integ could not be installed',
  'slack.installFailed.body': (p) => `Please start again from ${p.path} (reason: ${p.reason}).`,
};

export const slackVi: Entries<SlackMessages> = {
  'slack.sorry': () => 'Xin lỗi, đã có lỗi xảy ra khi trả lời. Vui lòng thử lại sau ít phút.',
  'slack.lang.user': (p) => `Từ giờ integ sẽ trả lời bạn bằng ${nameVi(p.lang)}, dù bạn hỏi bằng ngôn ngữ nào.`,
  'slack.lang.userAuto': (p) =>
    `Từ giờ integ sẽ trả lời bạn bằng ngôn ngữ bạn dùng để hỏi (tiếng Việt hoặc tiếng Anh).${p.channel ? ` Riêng trong kênh này, integ dùng ngôn ngữ mặc định của kênh: ${nameVi(p.channel)}.` : ''}`,
  'slack.lang.channel': (p) => `Từ giờ integ sẽ trả lời bằng ${nameVi(p.lang)} trong kênh này, với những người chưa tự chọn ngôn ngữ riêng.`,
  'slack.lang.channelAuto': () => 'Kênh này không còn ngôn ngữ mặc định: integ trả lời mỗi người bằng ngôn ngữ họ đã chọn, nếu chưa chọn thì bằng ngôn ngữ của câu hỏi.',
  'slack.lang.digestToo': (p) => `Bản tin hạn chót hằng tuần của kênh này cũng sẽ được gửi bằng ${nameVi(p.lang)}.`,
  'slack.lang.yoursStill': (p) => `Riêng bạn vẫn nhận câu trả lời bằng ${nameVi(p.lang)} theo lựa chọn của mình (gõ \`/integ lang auto\` để bỏ).`,
  'slack.lang.show': (p) => {
    const you = p.user ? `Ngôn ngữ của bạn: ${nameVi(p.user)} (bạn đã chọn).` : 'Ngôn ngữ của bạn: tự động (integ trả lời bằng ngôn ngữ của câu hỏi).';
    if (p.dm) return you;
    return `${you} ${p.channel ? `Ngôn ngữ mặc định của kênh này: ${nameVi(p.channel)}.` : 'Kênh này chưa có ngôn ngữ mặc định.'}`;
  },
  'slack.lang.how': (p) =>
    `Gõ \`/integ lang vi\` để dùng tiếng Việt, \`/integ lang en\` để dùng tiếng Anh, hoặc \`/integ lang auto\` để theo ngôn ngữ của câu hỏi${p.dm ? '.' : '; cho cả kênh: `/integ lang channel vi`, `en` hoặc `auto`.'}`,
  'slack.lang.unknown': (p) => `integ trả lời bằng tiếng Việt hoặc tiếng Anh: không có lựa chọn “${p.typed}”.`,
  'slack.lang.dmChannel': () =>
    'Tin nhắn trực tiếp không có ngôn ngữ mặc định của kênh: ở đây integ dùng ngôn ngữ bạn chọn. Gõ `/integ lang vi`, `/integ lang en` hoặc `/integ lang auto`.',
  'slack.lang.notSaved': () => 'Chưa lưu được lựa chọn ngôn ngữ: kho dữ liệu tạm thời không nhận thay đổi. Chưa có gì bị thay đổi; vui lòng thử lại sau một phút.',
  'slack.lang.notRead': () => 'Chưa đọc được thiết lập ngôn ngữ: kho dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau một phút.',
  'slack.installed.title': () => 'Đã cài đặt integ',
  'slack.installed.body': (p) => `integ đã được cài vào ${p.workspace ?? 'không gian làm việc của bạn'}.`,
  'slack.installed.open': () => 'Mở Slack',
  'slack.installed.next': () => 'rồi gõ /integ lang vi để nhận câu trả lời bằng tiếng Việt, hoặc /integ help để xem hướng dẫn.',
  'slack.installFailed.title': () => 'Chưa cài đặt được integ',
  'slack.installFailed.body': (p) => `Vui lòng bắt đầu lại từ ${p.path} (lý do: ${p.reason}).`,
};
