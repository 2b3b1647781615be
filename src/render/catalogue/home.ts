/**
 * What App Home, its modals (Ask, the weekly digest of a channel) and the "Ask integ about this"
 * message shortcut say, in English and Vietnamese. Mentions (`<@U…>`, `<#C…>`) and titles come in
 * already made safe by src/render/home.ts (mentions built from checked ids, titles escaped); a
 * schedule comes in as the digest catalogue wrote it.
 */
import type { Lang } from '../../answer/types.js';
import type { Entries } from './types.js';

type None = Record<string, never>;

/** Why the user's channels could not be told: integ lacks channels:read/groups:read, or Slack did not answer. */
export type ChannelsUnknown = 'scope' | 'error';

export interface HomeMessages {
  // -------------------------------------------------------------- App Home
  'home.button.ask': None;
  'home.button.addDeadline': None;
  'home.button.subscribe': None;
  /** The heading over the user's channels' own deadlines. */
  'home.channelDeadlines': None;
  'home.noChannelDeadlines': None;
  'home.channelsUnknown': { reason: ChannelsUnknown };
  /** One team deadline: title (escaped mrkdwn), due date (ISO), days left (negative: overdue), owner and creator as mentions (or null). */
  'home.deadline': { title: string; due: string; daysLeft: number; owner: string | null; addedBy: string | null };
  /** Deadlines of a channel not shown (channel: a `<#C…>` mention). */
  'home.moreInChannel': { n: number; channel: string };
  'home.moreChannels': { n: number };
  'home.digests': None;
  'home.noDigests': None;
  /** A channel that gets the digest: channel as `<#C…>`, schedule as the digest catalogue says it, its language (null: the channel's, else English). */
  'home.digest': { channel: string; schedule: string; lang: Lang | null; reminders: boolean };
  // -------------------------------------------------------------- the Ask modal
  'home.ask.title': None;
  'home.ask.label': None;
  'home.ask.placeholder': None;
  'home.ask.hint': None;
  'home.ask.submit': None;
  'home.ask.empty': None;
  /** After submitting: where the answer went. */
  'home.ask.sent': None;
  'home.ask.failed': None;
  'home.close': None;
  'home.cancel': None;
  // -------------------------------------------------------------- the digest modal
  'home.sub.title': None;
  'home.sub.intro': None;
  'home.sub.channel': None;
  'home.sub.channelPlaceholder': None;
  'home.sub.weekday': None;
  'home.sub.time': None;
  /** tz: the zone a new digest gets (the workspace's); a channel's existing digest keeps its own. */
  'home.sub.zone': { tz: string };
  'home.sub.submit': None;
  'home.sub.pickChannel': None;
  'home.sub.notAChannel': None;
  'home.sub.pickWeekday': None;
  'home.sub.pickTime': None;
  /** A private channel integ is not in: the digest could not be posted there. */
  'home.sub.inviteFirst': None;
  'home.sub.doneTitle': None;
  /** 1 = Monday … 7 = Sunday. */
  'home.weekday': { weekday: number };
  // -------------------------------------------------------------- the message shortcut
  'home.shortcut.noText': None;
}

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function dueInEn(daysLeft: number): string {
  if (daysLeft < 0) return `:warning: *overdue* by ${plural(-daysLeft, 'day', 'days')}`;
  if (daysLeft === 0) return ':alarm_clock: *due today*';
  if (daysLeft === 1) return ':alarm_clock: *due tomorrow*';
  if (daysLeft <= 7) return `:alarm_clock: *in ${daysLeft} days*`;
  return `in ${daysLeft} days`;
}

function dueInVi(daysLeft: number): string {
  if (daysLeft < 0) return `:warning: *quá hạn* ${-daysLeft} ngày`;
  if (daysLeft === 0) return ':alarm_clock: *hết hạn hôm nay*';
  if (daysLeft === 1) return ':alarm_clock: *hết hạn ngày mai*';
  if (daysLeft <= 7) return `:alarm_clock: *còn ${daysLeft} ngày*`;
  return `còn ${daysLeft} ngày`;
}

export const homeEn: Entries<HomeMessages> = {
  'home.button.ask': () => 'Ask',
  'home.button.addDeadline': () => 'Add deadline',
  'home.button.subscribe': () => 'Subscribe a channel…',
  'home.channelDeadlines': () => 'Deadlines in your channels',
  'home.noChannelDeadlines': () => 'No open deadlines in your channels. *Add deadline* adds one.',
  'home.channelsUnknown': (p) =>
    p.reason === 'scope'
      ? "integ cannot see which channels you are in, so their deadlines and digests are not shown here: it needs the channels:read and groups:read permissions (ask whoever manages integ's Slack app)."
      : "Couldn't load your channels' deadlines and digests right now. Open this tab again in a minute.",
  'home.deadline': (p, f) => {
    const parts = [`*${p.title}*`, f.date(p.due), dueInEn(p.daysLeft)];
    if (p.owner) parts.push(`owner ${p.owner}`);
    if (p.addedBy) parts.push(`added by ${p.addedBy}`);
    return parts.join(' · ');
  },
  'home.moreInChannel': (p) => `${plural(p.n, 'more deadline', 'more deadlines')}: type \`/integ deadlines\` in ${p.channel}.`,
  'home.moreChannels': (p) => `${plural(p.n, 'more channel has', 'more channels have')} deadlines.`,
  'home.digests': () => 'Weekly digests',
  'home.noDigests': () => 'None of your channels gets the weekly deadline digest. *Subscribe a channel…* turns it on.',
  'home.digest': (p) =>
    `• ${p.channel}: ${p.schedule} · ${p.lang === 'vi' ? 'in Vietnamese' : p.lang === 'en' ? 'in English' : "in the channel's language"}${p.reminders ? ' · reminders on the day' : ''}`,
  'home.ask.title': () => 'Ask integ',
  'home.ask.label': () => 'Your question',
  'home.ask.placeholder': () => 'e.g. How much FDI did Vietnam attract in 2025?',
  'home.ask.hint': () => 'integ answers from its sources, with citations. Only you see the answer: it comes in your messages with integ.',
  'home.ask.submit': () => 'Ask',
  'home.ask.empty': () => 'Type a question first.',
  'home.ask.sent': () => 'Your answer is in your messages with integ: open the *Messages* tab. Only you can see it, and you can ask a follow-up question there.',
  'home.ask.failed': () => 'Sorry, something went wrong while answering. Please try again in a moment.',
  'home.close': () => 'Close',
  'home.cancel': () => 'Cancel',
  'home.sub.title': () => 'Weekly digest',
  'home.sub.intro': () => 'Once a week, integ posts the deadlines coming up in the channel you pick.',
  'home.sub.channel': () => 'Channel',
  'home.sub.channelPlaceholder': () => 'Pick a channel',
  'home.sub.weekday': () => 'Day',
  'home.sub.time': () => 'Time',
  'home.sub.zone': (p) => `Times are in ${p.tz}; a channel that already gets the digest keeps its own time zone.`,
  'home.sub.submit': () => 'Subscribe',
  'home.sub.pickChannel': () => 'Pick the channel that should get the digest.',
  'home.sub.notAChannel': () => 'Pick a channel: a direct message cannot get the digest.',
  'home.sub.pickWeekday': () => 'Pick the day of the week.',
  'home.sub.pickTime': () => 'Pick the time of day.',
  'home.sub.inviteFirst': () => 'integ is not in that private channel, so it could not post the digest there. Type `/invite @integ` in the channel, then try again.',
  'home.sub.doneTitle': () => 'Weekly digest',
  'home.weekday': (p) => WEEKDAYS_EN[p.weekday - 1] ?? String(p.weekday),
  'home.shortcut.noText': () =>
    "That message has no text to ask about. Use *Ask integ about this* on a message with words in it, or ask with `/integ your question`.",
};

export const homeVi: Entries<HomeMessages> = {
  'home.button.ask': () => 'Đặt câu hỏi',
  'home.button.addDeadline': () => 'Thêm hạn chót',
  'home.button.subscribe': () => 'Đăng ký bản tin cho kênh…',
  'home.channelDeadlines': () => 'Hạn chót trong các kênh của bạn',
  'home.noChannelDeadlines': () => 'Các kênh của bạn chưa có hạn chót nào đang mở. Bấm *Thêm hạn chót* để thêm.',
  'home.channelsUnknown': (p) =>
    p.reason === 'scope'
      ? 'integ chưa xem được bạn đang ở những kênh nào nên chưa hiển thị hạn chót và bản tin của các kênh đó: ứng dụng cần quyền channels:read và groups:read (hãy báo người quản lý ứng dụng integ trên Slack).'
      : 'Tạm thời chưa tải được hạn chót và bản tin của các kênh của bạn. Vui lòng mở lại thẻ này sau một phút.',
  'home.deadline': (p, f) => {
    const parts = [`*${p.title}*`, f.date(p.due), dueInVi(p.daysLeft)];
    if (p.owner) parts.push(`phụ trách: ${p.owner}`);
    if (p.addedBy) parts.push(`do ${p.addedBy} thêm`);
    return parts.join(' · ');
  },
  'home.moreInChannel': (p) => `Còn ${p.n} hạn chót khác: gõ \`/integ deadlines\` trong ${p.channel}.`,
  'home.moreChannels': (p) => `Còn ${p.n} kênh khác có hạn chót.`,
  'home.digests': () => 'Bản tin hằng tuần',
  'home.noDigests': () => 'Chưa kênh nào của bạn nhận bản tin hạn chót hằng tuần. Bấm *Đăng ký bản tin cho kênh…* để bật.',
  'home.digest': (p) =>
    `• ${p.channel}: ${p.schedule} · ${p.lang === 'vi' ? 'bằng tiếng Việt' : p.lang === 'en' ? 'bằng tiếng Anh' : 'theo ngôn ngữ của kênh'}${p.reminders ? ' · có nhắc vào ngày hết hạn' : ''}`,
  'home.ask.title': () => 'Hỏi integ',
  'home.ask.label': () => 'Câu hỏi của bạn',
  'home.ask.placeholder': () => 'Ví dụ: Năm 2025 Việt Nam thu hút bao nhiêu vốn FDI?',
  'home.ask.hint': () => 'integ trả lời dựa trên các nguồn, có trích dẫn. Chỉ mình bạn thấy câu trả lời: câu trả lời được gửi vào tin nhắn giữa bạn và integ.',
  'home.ask.submit': () => 'Hỏi',
  'home.ask.empty': () => 'Vui lòng nhập câu hỏi trước.',
  'home.ask.sent': () => 'Câu trả lời đã được gửi vào tin nhắn giữa bạn và integ: mở thẻ *Tin nhắn* (Messages). Chỉ mình bạn thấy, và bạn có thể hỏi tiếp ở đó.',
  'home.ask.failed': () => 'Xin lỗi, đã có lỗi xảy ra khi trả lời. Vui lòng thử lại sau ít phút.',
  'home.close': () => 'Đóng',
  'home.cancel': () => 'Hủy',
  'home.sub.title': () => 'Bản tin hằng tuần',
  'home.sub.intro': () => 'Mỗi tuần một lần, integ gửi các hạn chót sắp tới vào kênh bạn chọn.',
  'home.sub.channel': () => 'Kênh',
  'home.sub.channelPlaceholder': () => 'Chọn kênh',
  'home.sub.weekday': () => 'Thứ',
  'home.sub.time': () => 'Giờ',
  'home.sub.zone': (p) => `Giờ tính theo múi giờ ${p.tz}; kênh đã nhận bản tin thì giữ múi giờ của kênh.`,
  'home.sub.submit': () => 'Đăng ký',
  'home.sub.pickChannel': () => 'Vui lòng chọn kênh nhận bản tin.',
  'home.sub.notAChannel': () => 'Vui lòng chọn một kênh: tin nhắn trực tiếp không nhận được bản tin.',
  'home.sub.pickWeekday': () => 'Vui lòng chọn thứ trong tuần.',
  'home.sub.pickTime': () => 'Vui lòng chọn giờ.',
  'home.sub.inviteFirst': () => 'integ chưa ở trong kênh riêng tư đó nên không gửi bản tin vào đó được. Gõ `/invite @integ` trong kênh rồi thử lại.',
  'home.sub.doneTitle': () => 'Bản tin hằng tuần',
  'home.weekday': (p) => WEEKDAYS_VI[p.weekday - 1] ?? String(p.weekday),
  'home.shortcut.noText': () =>
    'Tin nhắn đó không có chữ nào để hỏi. Hãy dùng *Ask integ about this* trên một tin nhắn có nội dung, hoặc hỏi bằng `/integ câu hỏi của bạn`.',
};
